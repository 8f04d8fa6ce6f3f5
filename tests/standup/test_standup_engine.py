"""The reminder engine: ring once per occurrence per person, across processes; ack; snooze."""

from __future__ import annotations

import multiprocessing

import pytest

from store.reminders import engine as reminder_engine
from store.core.clock import FixedClock
from store.core.errors import InvalidValue, NotFound
from store.core.identity import Actor
from store.core.workspace import Workspace

from standup_helpers import local, update


def as_member(workspace, login: str) -> Workspace:
    """The workspace as `login`'s own OS account would open it."""
    return Workspace(workspace.folder, workspace.clock, Actor(login, login))


def ring(ws, login: str) -> list[str]:
    """Claim for `login`; the occurrences won of the standup's own kinds (other areas'
    providers, e.g. task receipts, may ring too and are left out)."""
    return [i.occurrence for i in reminder_engine.claim(ws, [login])
            if i.reminder.kind.startswith(("update.", "standup."))]


def daily_key(login: str) -> str:
    return f"update.daily:{login}:2024-09-02T09:00:00+00:00"


def test_warning_then_overdue_each_ring_once(workspace, team, clock):
    ws = workspace
    clock.set(local("2024-09-02 16:29"))
    assert ring(ws, "alice") == []                             # before the warning
    clock.set(local("2024-09-02 16:30"))
    first = [i for i in reminder_engine.claim(ws, ["alice"]) if i.reminder.kind == "update.daily"]
    assert [(i.login, i.occurrence) for i in first] == [("alice", daily_key("alice") + "#due")]
    assert first[0].reminder.title == "Update 1-1, 1-2 before 17:00"
    assert ring(ws, "alice") == []                             # rung already
    clock.set(local("2024-09-02 17:00"))
    assert ring(ws, "alice") == [daily_key("alice") + "#overdue",
                                 "update.gate:2024-09-02:2024-09-02T09:00:00+00:00#overdue"]
    assert ring(ws, "alice") == []
    # A restart (a new Workspace object, empty caches) does not ring again.
    again = Workspace.open(ws.folder, clock=FixedClock(local("2024-09-02 17:05")))
    assert ring(again, "alice") == []


def test_acknowledge_removes_from_the_banner_for_good(workspace, team, clock):
    clock.set(local("2024-09-02 17:01"))
    alice = as_member(workspace, "alice")
    reminder_engine.claim(workspace, ["alice"])
    pending = reminder_engine.pending(workspace, "alice")
    kinds = {i.reminder.kind for i in pending}
    assert {"update.daily", "update.gate"} <= kinds             # alice heads Product: chen
    item = reminder_engine.acknowledge(alice, daily_key("alice"))  # by key: the current phase
    assert item.state(clock.now()) == "acknowledged"
    assert daily_key("alice") + "#overdue" not in {
        i.occurrence for i in reminder_engine.pending(workspace, "alice")}
    clock.advance(hours=2)
    assert daily_key("alice") + "#overdue" not in ring(workspace, "alice")
    rows = reminder_engine.items(workspace, ["alice"])
    assert [i.state(clock.now()) for i in rows if i.reminder.kind == "update.daily"] == \
        ["acknowledged"]


def test_snooze_15_30_60_rings_again_when_it_ends(workspace, team, clock):
    clock.set(local("2024-09-02 17:01"))
    bob = as_member(workspace, "bob")
    occ = daily_key("bob") + "#overdue"
    assert occ in ring(workspace, "bob")
    for bad in (10, "45", "soon"):
        with pytest.raises(InvalidValue, match="snooze for 15, 30, 60 minutes"):
            reminder_engine.snooze(bob, occ, bad)
    item = reminder_engine.snooze(bob, occ, 30)
    assert item.snoozed_until == "2024-09-02T09:31:00+00:00"
    assert occ not in {i.occurrence for i in reminder_engine.pending(workspace, "bob")}
    clock.set(local("2024-09-02 17:30"))
    assert ring(workspace, "bob") == []
    clock.set(local("2024-09-02 17:31"))
    assert ring(workspace, "bob") == [occ]
    assert occ in {i.occurrence for i in reminder_engine.pending(workspace, "bob")}
    assert ring(workspace, "bob") == []       # once per snooze
    reminder_engine.snooze(bob, occ, "60")
    clock.advance(minutes=59)
    assert ring(workspace, "bob") == []
    clock.advance(minutes=1)
    assert len(ring(workspace, "bob")) == 1
    reminder_engine.snooze(bob, occ, 15)
    reminder_engine.acknowledge(bob, occ)
    clock.advance(minutes=20)
    assert ring(workspace, "bob") == []       # acknowledged wins


def test_one_cannot_acknowledge_for_someone_else(workspace, team, clock):
    clock.set(local("2024-09-02 17:01"))
    with pytest.raises(NotFound, match="Nothing due for chen"):
        reminder_engine.acknowledge(as_member(workspace, "chen"), daily_key("alice"))


def test_updating_in_time_silences_the_gate(workspace, team, clock):
    clock.set(local("2024-09-02 16:45"))
    update(workspace, "chen", team["tasks"]["C1"], 40, done="首页设计")
    clock.set(local("2024-09-02 17:01"))
    due = reminder_engine.due(workspace)
    assert not [r for r in due if r.kind == "update.daily" and r.subject == "chen"]
    gate = {r.who[0]: r.title for r in due if r.kind == "update.gate"}
    assert "alice" not in gate                                  # chen was alice's only report
    assert gate["bob"] == "Not updated by 17:00: Dave Zhou, Erin 鄂"


def test_people_of_heads_and_pms(workspace, team):
    assert reminder_engine.people_of(workspace, "alice") == {"chen"}
    assert reminder_engine.people_of(workspace, "bob") == {"dave", "erin"}
    assert reminder_engine.people_of(workspace, workspace.actor.login) == \
        {"alice", "bob", "chen", "dave", "erin"}                 # the PM
    assert reminder_engine.people_of(workspace, "dave") == set()


# -- two processes -------------------------------------------------------------------
def _ring(folder: str, at: str, login: str, barrier, results) -> None:
    ws = Workspace(folder, FixedClock(at), Actor(login, login))
    barrier.wait()
    results.put(ring(ws, login))


def test_two_processes_ring_one_reminder_once(workspace, team, clock):
    """Two apps of dave's (two processes) check at the same instant: one rings the warning,
    one rings the overdue flag, and a later check rings nothing."""
    ctx = multiprocessing.get_context("fork")
    expected = {"16:35": [daily_key("dave") + "#due"],
                "17:02": [daily_key("dave") + "#overdue"],
                "17:10": []}
    for at, want in expected.items():
        barrier = ctx.Barrier(2)
        results = ctx.Queue()
        procs = [ctx.Process(target=_ring, args=(str(workspace.folder),
                                                 local(f"2024-09-02 {at}").isoformat(),
                                                 "dave", barrier, results))
                 for _ in range(2)]
        for proc in procs:
            proc.start()
        got = [results.get(timeout=20) for _ in procs]
        for proc in procs:
            proc.join(timeout=20)
            assert proc.exitcode == 0
        assert [occ for one in got for occ in one] == want, at   # exactly one of the two
        assert sorted(len(one) for one in got) == [0, len(want)]
    rows = [r for r in workspace.rows("reminder_state", "state")
            if r["login"] == "dave" and r["occ"].startswith("update.")]
    assert sorted((r["occ"], r["rings"]) for r in rows) == [
        (daily_key("dave") + "#due", 1), (daily_key("dave") + "#overdue", 1)]
