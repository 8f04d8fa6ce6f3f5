"""Reads shared by every caller until the shard changes (docs/architecture.md, "Start-up and
first times"): the same values as the copying reads, the same objects on a second call,
new ones once the shard is written."""

from __future__ import annotations

from store.meetings import minutes
from store.projects import progress, tasks


def _two_tasks(ws):
    pm = ws.acting_as("bob")
    tasks.add_task(pm, 1, "Build", owner="carol", start="2024-09-02", due="2024-09-20")
    tasks.add_task(pm, 1, "Design", owner="carol", start="2024-09-02", due="2024-09-10",
                   depends=[])
    return pm


def test_sorted_tasks_are_project_tasks_shared_until_the_shard_changes(ws):
    pm = _two_tasks(ws)
    shared = tasks.sorted_tasks(ws, 1)
    assert shared == tasks.project_tasks(ws, 1)
    assert [t["title"] for t in shared] == ["Design", "Build"]       # due order
    assert tasks.sorted_tasks(ws, 1) is shared                       # no copy per caller
    copies = tasks.project_tasks(ws, 1)
    assert copies[0] is not shared[0] and copies[0]["depends"] is not shared[0]["depends"]
    mine = tasks.copy_task(shared[0])
    mine["depends"].append("1-9")
    assert shared[0]["depends"] == []                                # a copy is the caller's
    tasks.edit_task(pm, "1-2", title="Design v2")
    assert tasks.sorted_tasks(ws, 1) is not shared
    assert tasks.sorted_tasks(ws, 1)[0]["title"] == "Design v2"


def test_project_entries_are_the_projects_updates_shared(ws, clock):
    _two_tasks(ws)
    carol = ws.acting_as("carol")
    progress.record_progress(carol, "1-1", 20, done="a")
    progress.record_progress(carol, "1-2", 40, done="b")
    shared = progress.project_entries(ws, 1)
    assert shared == progress.entries(ws, project=1)
    assert progress.project_entries(ws, 1) is shared
    assert progress.entries(ws, project=1)[0] is not shared[0]      # entries() still copies
    progress.record_progress(carol, "1-1", 30, done="c")
    assert len(progress.project_entries(ws, 1)) == 3


def test_standup_minutes_of_a_day_as_list_minutes_gives_them(ws):
    alice = ws.acting_as("alice")
    held = [("standup:2024-09-02", "2024-09-02T01:00:00+00:00"),
            ("standup:2024-09-02:2", "2024-09-02T03:00:00+00:00"),
            ("standup:2024-09-03", "2024-09-03T01:00:00+00:00")]
    for meeting, at in held:
        minutes.file_minutes(alice, "standup", meeting, meeting=meeting, held_at=at,
                             projects=[1])
    minutes.file_minutes(alice, "kickoff", "Kickoff", meeting="kickoff:1",
                         held_at="2024-09-02T02:00:00+00:00", project=1)
    day = minutes.standup_minutes_of(ws, "2024-09-02")
    expected = [m for m in minutes.list_minutes(ws, kind="standup")
                if m["meeting"].split(":")[1] == "2024-09-02"]
    assert day == expected and [m["meeting"] for m in day] == \
        ["standup:2024-09-02:2", "standup:2024-09-02"]              # newest first
    assert minutes.standup_minutes_of(ws, "2024-09-04") == []
