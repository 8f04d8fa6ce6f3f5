"""Today's standup read kept by the store (store/meetings/standup_day.py) and read ahead by
the app's warm-up (standup.ahead): the screen's first opening finds it, and a change made
after it (an update, a task, the schedule, the calendar, a new day) is seen."""

from __future__ import annotations

from datetime import date

import pytest

from store.meetings import standup, standup_read
from store.people.settings import update_settings
from store.projects import progress, publication, tasks
from store.reminders import schedules

from standup_helpers import local, update

MONDAY, TUESDAY = date(2024, 9, 2), date(2024, 9, 3)
ON_BOTH = pytest.mark.usefixtures("backend")  # on the folder and on PostgreSQL


def counted(monkeypatch) -> list[date]:
    """The days read_day computed (not found kept), from now on."""
    computed: list[date] = []
    real = standup_read._read_day
    monkeypatch.setattr(standup_read, "_read_day",
                        lambda ws, day, dl: computed.append(day) or real(ws, day, dl))
    return computed


def owners(read) -> dict[str, list[str]]:
    return {login: [t["id"] for t in owned] for login, owned in read.tasks.items()}


@ON_BOTH
def test_today_is_read_once_until_a_project_changes(workspace, team, clock, monkeypatch):
    t = team["tasks"]
    clock.set(local("2024-09-02 10:00"))
    first = standup.read_day(workspace, MONDAY)
    computed = counted(monkeypatch)
    clock.set(local("2024-09-02 10:05"))                     # the same day, later
    assert standup.read_day(workspace, MONDAY) is first and computed == []
    update(workspace, "chen", t["C1"], 40, done="首页设计")   # a commit to the project
    again = standup.read_day(workspace, MONDAY)
    assert computed == [MONDAY] and [e["task"] for e in again.of_day] == [t["C1"]]
    assert standup.gate(workspace, MONDAY, read=again)["updated"] == ["chen"]
    assert standup.read_day(workspace, MONDAY) is again and computed == [MONDAY]


@ON_BOTH
def test_a_change_made_after_the_read_ahead_is_seen(workspace, team, clock, monkeypatch):
    t = team["tasks"]
    clock.set(local("2024-09-02 10:00"))
    for step in standup.ahead(workspace):                    # as the app's warm-up does
        step()
    computed = counted(monkeypatch)
    reads: list[dict] = []
    real = progress.entries
    monkeypatch.setattr(progress, "entries", lambda *a, **k: reads.append(k) or real(*a, **k))
    kept = standup.read_day(workspace, MONDAY)               # the first opening finds it
    assert computed == [] and reads == []
    assert sorted(owners(kept)) == ["alice", "bob", "chen", "dave", "erin"]
    update(workspace, "dave", t["D1"], 100, done="pipeline green")  # D1 done: none to update
    fresh = standup.read_day(workspace, MONDAY)
    assert computed == [MONDAY] and "dave" not in owners(fresh)
    assert [e["task"] for e in fresh.of_day] == [t["D1"]]
    view = standup.members_view(workspace, ["dave"], MONDAY, read=fresh)[0]
    assert [row["id"] for row in view["tasks"]] == [t["D1"]]  # shown with its update


@ON_BOTH
def test_a_new_task_published_before_the_deadline_counts(workspace, team, clock, monkeypatch):
    clock.set(local("2024-09-02 10:00"))
    standup.read_day(workspace, MONDAY)
    computed = counted(monkeypatch)
    task = tasks.add_task(workspace, team["project"], "Load test", owner="erin",
                          due="2024-09-27", start="2024-08-26")
    publication.publish_tasks(workspace, team["project"])
    read = standup.read_day(workspace, MONDAY)
    assert computed == [MONDAY] and task["id"] in owners(read)["erin"]


@ON_BOTH
def test_a_change_of_the_schedule_counts(workspace, team, clock, monkeypatch):
    """A task published at 17:30 is first due the next working day, unless the deadline
    moves to 18:00: the schedules are not a project, the deadline is in the key."""
    clock.set(local("2024-09-02 17:30"))
    task = tasks.add_task(workspace, team["project"], "Late one", owner="erin",
                          due="2024-09-27", start="2024-08-26")
    publication.publish_tasks(workspace, team["project"])
    before = standup.read_day(workspace, MONDAY)
    assert task["id"] not in owners(before)["erin"]
    computed = counted(monkeypatch)
    schedules.set_schedule(workspace, "daily_update", "0 18 * * 1-5")
    after = standup.read_day(workspace, MONDAY)
    assert computed == [MONDAY] and task["id"] in owners(after)["erin"]


@ON_BOTH
def test_a_change_of_the_calendar_counts(workspace, team, clock, monkeypatch):
    clock.set(local("2024-09-02 10:00"))
    assert owners(standup.read_day(workspace, MONDAY))
    computed = counted(monkeypatch)
    update_settings(workspace, holidays=["2024-09-02"])      # the directory changes
    assert owners(standup.read_day(workspace, MONDAY)) == {} and computed == [MONDAY]


@ON_BOTH
def test_a_new_day_reads_afresh_and_a_past_day_is_not_kept(workspace, team, clock,
                                                           monkeypatch):
    t = team["tasks"]
    clock.set(local("2024-09-02 16:00"))
    update(workspace, "alice", t["A1"], 10, done="outline")
    monday = standup.read_day(workspace, MONDAY)
    computed = counted(monkeypatch)
    clock.set(local("2024-09-03 09:00"))                     # Tuesday
    tuesday = standup.read_day(workspace, TUESDAY)
    assert computed == [TUESDAY] and tuesday is not monday
    assert [e["task"] for e in tuesday.entries] == [t["A1"]] and tuesday.of_day == []
    standup.read_day(workspace, MONDAY)                      # yesterday: its history, each time
    standup.read_day(workspace, MONDAY)
    assert computed == [TUESDAY, MONDAY, MONDAY]
    assert standup.read_day(workspace, TUESDAY) is tuesday   # today's still kept


def test_nothing_is_kept_while_a_damaged_project_is_skipped(workspace, team, clock,
                                                            monkeypatch):
    clock.set(local("2024-09-02 10:00"))
    path = workspace.folder / f"project-{team['project']}.json"
    good = path.read_bytes()
    path.write_bytes(b"{not json")
    computed = counted(monkeypatch)
    assert owners(standup.read_day(workspace, MONDAY)) == {}  # left out, noted
    assert str(path) in workspace.damage.found()
    standup.read_day(workspace, MONDAY)
    assert computed == [MONDAY, MONDAY]                       # read (and noted) each time
    path.write_bytes(good)                                    # restored
    workspace.damage.recheck(workspace.shard)
    assert not workspace.damage
    repaired = standup.read_day(workspace, MONDAY)
    assert sorted(owners(repaired)) == ["alice", "bob", "chen", "dave", "erin"]
    assert standup.read_day(workspace, MONDAY) is repaired and len(computed) == 3


@ON_BOTH
def test_the_answers_are_kept_on_the_read_until_the_time_changes_them(workspace, team,
                                                                     clock, monkeypatch):
    """team, members_view and gate keep their answers on a kept read: `now` changes them
    only when the deadline passes or an update of the day falls before or after it
    (Read.at), and then they are those of a fresh reading, at exact instants."""
    t = team["tasks"]
    clock.set(local("2024-09-02 16:00"))
    update(workspace, "chen", t["C1"], 40, done="首页设计")
    clock.set(local("2024-09-02 16:58"))
    read = standup.read_day(workspace, MONDAY)
    logins = standup.team(workspace, MONDAY, read=read)
    views = standup.members_view(workspace, logins, MONDAY, read=read)
    gate = standup.gate(workspace, MONDAY, read=read)
    made: list[str] = []
    for name in ("_team", "_members_view", "_gate"):
        real = getattr(standup, name)
        monkeypatch.setattr(standup, name, lambda *a, _n=name, _r=real: made.append(_n) or _r(*a))

    def fresh() -> tuple:  # each function reading its own, no read kept
        return (standup.team(workspace, MONDAY), standup.members_view(workspace, logins, MONDAY),
                standup.gate(workspace, MONDAY))

    def kept() -> tuple:
        return (standup.team(workspace, MONDAY, read=read),
                standup.members_view(workspace, logins, MONDAY, read=read),
                standup.gate(workspace, MONDAY, read=read))

    clock.set(local("2024-09-02 16:59"))                     # a minute on: nothing to redo
    assert kept() == (logins, views, gate) and made == []
    assert standup.gate(workspace, MONDAY, read=read) is gate
    assert {v["login"]: v["status"] for v in views}["alice"] == "pending"
    made.clear()
    clock.set(local("2024-09-02 17:00"))                     # the deadline passes
    after = kept()
    assert made == ["_members_view", "_gate"]                # the team is the same
    assert after == fresh() and after[2]["passed"] and after[2]["missing"]
    assert {v["login"]: v["status"] for v in after[1]}["alice"] == "missing"
    clock.set(local("2024-09-02 15:00"))                     # before chen's update (a
    made.clear()                                             # clock set back): not counted
    before = kept()
    assert made == ["_members_view", "_gate"] and before == fresh()
    assert {v["login"]: v["status"] for v in before[1]}["chen"] == "pending"
