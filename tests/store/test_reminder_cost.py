"""What the reminder check costs (issue 16): the app asks every few seconds, so a check on an
unchanged workspace parses no shard, a change in one project recomputes that project's part
only, and the kept candidates give exactly what the rules give, at every instant
(store/projects/reminder_rules.py, store/reminders/model.py `Candidate`)."""

from __future__ import annotations

import random
from collections import Counter
from datetime import datetime, time, timedelta

import pytest

from huddle_scenes import LOGIN, build_demo, copy_demo, open_demo
from store.core import storage
from store.projects import progress, reminder_rules
from store.reminders import engine
from store.reminders.registry import collect


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    folder = tmp_path_factory.mktemp("remcost") / "demo"
    build_demo(folder)
    return folder


@pytest.fixture
def ws(template, tmp_path):
    return copy_demo(template, tmp_path / "ws")


@pytest.fixture
def parses(monkeypatch) -> Counter:
    """Shard name -> how many times its file was parsed."""
    counted: Counter = Counter()
    real = storage.Shard._parse

    def parse(self, raw):
        counted[self.name] += 1
        return real(self, raw)

    monkeypatch.setattr(storage.Shard, "_parse", parse)
    return counted


def calls(monkeypatch, module, name: str, arg: int) -> list:
    """Records the argument `arg` of each call of module.name (a project or its id)."""
    seen: list = []
    real = getattr(module, name)

    def spy(*args):
        seen.append(args[arg]["id"] if isinstance(args[arg], dict) else args[arg])
        return real(*args)

    monkeypatch.setattr(module, name, spy)
    return seen


def rename_task(ws, pid: int, number: int, title: str) -> None:
    """A write to one project's shard, as any edit makes."""
    with ws.transaction(f"project-{pid}") as tx:
        tx.table("tasks").update({"title": title}, doc_ids=[number])
        tx.audit("task.edit", f"{pid}-{number}", title=title)


def busiest(ws) -> str:
    return Counter(login for r in collect(ws) for login in r.who).most_common(1)[0][0]


def test_a_second_check_on_an_unchanged_workspace_parses_no_shard(ws, parses, monkeypatch):
    login = busiest(ws)
    first = engine.pending(ws, login)
    assert first
    parses.clear()
    computed = calls(monkeypatch, reminder_rules, "_compute", 1)
    assert engine.pending(ws, login) == first
    later = ws.now() + timedelta(minutes=5)  # the next checks: the instant moves, the day not
    engine.pending(ws, login, later)
    assert parses == Counter() and computed == []


def test_a_change_in_one_project_recomputes_only_that_project(ws, parses, monkeypatch):
    before = collect(ws)
    [lagging] = [r for r in before if r.kind == "task.lagging"][:1]
    pid, number = map(int, lagging.subject.split("-"))
    rename_task(ws, pid, number, "改过的标题")
    parses.clear()
    computed = calls(monkeypatch, reminder_rules, "_compute", 1)
    timelines = calls(monkeypatch, progress, "_help_timeline", 1)
    after = collect(ws)
    assert computed == [pid] and timelines == [pid]
    assert set(parses) <= {f"project-{pid}"}
    [renamed] = [r for r in after if r.kind == "task.lagging" and r.subject == lagging.subject]
    assert "改过的标题" in renamed.title
    assert [r for r in after if r.subject != lagging.subject] == \
        [r for r in before if r.subject != lagging.subject]


def no_memo(self, key, compute, *, tables=True):
    """Shard.memo that keeps nothing: every derived value computed afresh."""
    return compute(self.load()) if tables else compute()


def instants(ws, seed: int) -> list[datetime]:
    """Every due instant of the next days, a microsecond either side, the day's boundaries and
    random instants, in a random order (the kept values must not depend on the order)."""
    base = ws.now()
    found = {base}
    for days in (0, 1, 2, 7):
        at = base + timedelta(days=days)
        for r in collect(ws, at):
            found |= {r.due_at - timedelta(microseconds=1), r.due_at,
                      r.due_at + timedelta(microseconds=1)}
        midnight = datetime.combine(at.astimezone(ws.tz).date(), time.min, tzinfo=ws.tz)
        found |= {midnight - timedelta(microseconds=1), midnight}
    rng = random.Random(seed)
    found |= {base + timedelta(seconds=rng.randrange(0, 10 * 86400)) for _ in range(10)}
    ordered = sorted(found)
    rng.shuffle(ordered)
    return ordered[:80]


def without_memo(monkeypatch, ws, at: list[datetime]) -> list:
    """What the rules give at each instant with nothing kept (a workspace of its own)."""
    with monkeypatch.context() as patch:
        patch.setattr(storage.Shard, "memo", no_memo)
        fresh = open_demo(ws.folder)
        return [collect(fresh, t) for t in at]


@pytest.mark.parametrize("seed", [16, 2026])
def test_kept_candidates_equal_the_rules_at_exact_instants(ws, monkeypatch, seed):
    at = instants(ws, seed)
    warm = [collect(ws, t) for t in at]  # one workspace: values kept across instants
    assert warm == without_memo(monkeypatch, ws, at)
    assert sum(map(len, warm)) > len(at)
    rename_task(ws, 1, 1, "另一个标题")  # a write in between: what was kept for it goes
    warm = [collect(ws, t) for t in at[::2]]
    assert warm == without_memo(monkeypatch, ws, at[::2])


def test_standing_help_flags_equal_the_updates_read_whole(ws):
    """The 【需协助】 flags from the kept timelines equal those read from the updates."""
    updates = progress.entries(ws, since=ws.now() - timedelta(days=20))
    assert any(e["help_from"] for e in updates)
    at = {ws.now() - timedelta(days=d) for d in (0, 1, 3)} | set(instants(ws, 7)[:20])
    for e in updates:
        moment = datetime.fromisoformat(e["at"])
        at |= {moment - timedelta(microseconds=1), moment, moment + progress.HELP_LOOKBACK}
    for t in sorted(at):
        read_whole = [e for pid in progress.project_ids(ws)
                      for e in progress._open_help_in(ws, pid, t, t - progress.HELP_LOOKBACK, None)]
        assert progress.open_help(ws, t) == sorted(read_whole, key=lambda e: (e["at"], e["id"]))


def test_a_first_check_reads_no_closed_incident_and_no_whole_project(ws, parses):
    """The heads say which incidents are closed and hold what the project rules need: the
    timelines of closed incidents and the projects' year of updates are not parsed."""
    from store.warroom.records import list_incidents
    closed = {f"incident-{i['number']}" for i in list_incidents(open_demo(ws.folder))
              if i["state"] not in ("reported", "mobilising", "mitigating")}
    assert closed
    parses.clear()
    assert collect(open_demo(ws.folder))
    assert not closed & set(parses)
    assert not [name for name in parses if name.startswith("project-")]


def test_a_damaged_file_is_noted_at_every_check_not_kept_away(ws):
    """What a damaged file costs is not kept: each check leaves out its reminders and notes
    it again (the app's damaged-file banner reads the notes), and once repaired they are back."""
    before = collect(ws)
    path = ws.folder / "minutes.json"
    good = path.read_bytes()
    path.write_bytes(b"garbage")
    for _ in range(2):
        ws.damage.clear()
        damaged = collect(ws)
        assert list(ws.damage.found()) == [str(path)]
        assert not [r for r in damaged if r.kind in ("minutes.action", "weekly.minutes")]
    path.write_bytes(good)
    ws.damage.clear()
    assert collect(ws) == before and ws.damage.found() == {}


def test_heads_written_before_their_new_parts_give_the_same_reminders(ws, monkeypatch):
    """A workspace written before the heads held a project's publications or an incident's
    state: the files are read instead, with the same reminders."""
    from store.projects import signoff
    from store.warroom import records
    with_heads = collect(ws)
    assert any(r.kind == "task.signoff" for r in with_heads)
    monkeypatch.setattr(signoff, "read_more", lambda ws, pid: None)
    monkeypatch.setattr(records, "STATE_HEADS", ())  # every incident head reads as old
    assert collect(open_demo(ws.folder)) == with_heads
