from datetime import timedelta

import pytest

from store.projects import progress, tasks
from store.core.errors import InvalidValue, PermissionDenied

from .conftest import local, start_project


def test_owner_records_progress_and_task_follows(ws, running, clock):
    _, made = running
    task = made[0]
    clock.set(local("2026-11-17 16:30"))
    entry = progress.record_progress(ws.acting_as("zhao"), task["id"], 80, done="初稿 80%",
                                     problems="图标待定", next_step="明日交付", help_from="li")
    assert entry["id"] == f"{task['project']}-u1"
    assert entry["task"] == task["id"] and entry["project"] == task["project"]
    assert entry["owner"] == "zhao" and entry["by"] == "zhao" and entry["real"] == "admin"
    assert entry["at"] == "2026-11-17T08:30:00+00:00" and entry["day"] == "2026-11-17"
    assert (entry["percent"], entry["help_from"]) == (80, "li")
    assert tasks.get_task(ws, task["id"])["progress"] == 80
    clock.advance(hours=1)
    progress.record_progress(ws.acting_as("zhao"), task["id"], "100%")
    done = tasks.get_task(ws, task["id"])
    assert (done["progress"], done["state"]) == (100, "done")
    clock.advance(hours=1)
    progress.record_progress(ws.acting_as("zhao"), task["id"], 90, problems="返工")
    assert tasks.get_task(ws, task["id"])["state"] == "open"
    assert [e["percent"] for e in progress.entries(ws, task=task["id"])] == [80, 100, 90]
    assert progress.latest(ws, task["id"])["percent"] == 90
    assert progress.latest(ws, made[1]["id"]) is None


def test_local_day_is_the_workspace_day(ws, running, clock):
    _, made = running
    clock.set(local("2026-11-18 00:30"))  # 2026-11-17 16:30 UTC
    entry = progress.record_progress(ws.acting_as("zhao"), made[0]["id"], 10)
    assert entry["day"] == "2026-11-18"


def test_only_the_owner_records(ws, running):
    _, made = running
    for login in ("wang", "qian"):
        with pytest.raises(PermissionDenied, match="zhao"):
            progress.record_progress(ws.acting_as(login), made[0]["id"], 10)


@pytest.mark.parametrize("bad", [-1, 101, "abc", 1.5])
def test_percent_is_checked(ws, running, bad):
    _, made = running
    with pytest.raises(InvalidValue):
        progress.record_progress(ws.acting_as("zhao"), made[0]["id"], bad)


def test_help_from_must_be_a_member(ws, running):
    _, made = running
    with pytest.raises(InvalidValue, match="nobody"):
        progress.record_progress(ws.acting_as("zhao"), made[0]["id"], 10, help_from="nobody")


def test_entries_filters(ws, running, clock):
    _, made = running
    z, q = ws.acting_as("zhao"), ws.acting_as("qian")
    progress.record_progress(z, made[0]["id"], 10)
    clock.advance(days=1)
    progress.record_progress(q, made[1]["id"], 20, help_from="li")
    mid = clock.now()
    clock.advance(days=1)
    progress.record_progress(z, made[2]["id"], 30)
    assert [e["percent"] for e in progress.entries(ws, owner="zhao")] == [10, 30]
    assert [e["percent"] for e in progress.entries(ws, since=mid)] == [20, 30]
    assert [e["percent"] for e in progress.entries(ws, until=mid)] == [10]
    assert [e["percent"] for e in progress.entries(ws, project=made[0]["project"])] == [10, 20, 30]
    assert [e["task"] for e in progress.help_requests(ws, login="li")] == [made[1]["id"]]


def test_missing_updates_on_a_working_day(ws, running, clock):
    _, made = running
    clock.set(local("2026-11-23 10:00"))  # Monday: tasks 0 (overdue-open), 1, 2 started
    day = clock.now().astimezone(ws.tz).date()
    missing = {m["task"]["id"] for m in progress.missing_updates(ws, day)}
    assert missing == {made[0]["id"], made[1]["id"], made[2]["id"]}
    progress.record_progress(ws.acting_as("qian"), made[1]["id"], 5)
    missing = {m["task"]["id"] for m in progress.missing_updates(ws, day)}
    assert made[1]["id"] not in missing
    assert progress.update_deadline(ws, day) == local("2026-11-23 17:00")
    assert progress.missing_updates(ws, day + timedelta(days=5)) == []  # Saturday


def test_no_update_is_owed_for_a_task_its_owner_was_not_told_of_by_17_00(ws, project, clock):
    """Owed from the list's publication on: not before it, and on the day it is published
    only if that is before the day's deadline (17:00; exactly 17:00 is too late)."""
    from store.meetings import standup
    from store.projects import my_work, publication
    clock.set(local("2026-11-23 10:00"))  # Monday: tasks 0, 1, 2 have started
    made = start_project(ws, project, publish=False)
    day = clock.now().astimezone(ws.tz).date()
    assert progress.missing_updates(ws, day) == []
    assert my_work.my_work(ws, "zhao")["updates_due"] == []
    assert standup.covered_projects(ws, day) == []
    clock.set(local("2026-11-23 17:00"))
    publication.publish_tasks(ws.acting_as(project["pm"]), project["id"])
    assert progress.missing_updates(ws, day) == []          # told at the deadline: not today
    assert my_work.my_work(ws, "zhao")["updates_due"] == []
    clock.set(local("2026-11-24 09:00"))                    # the next working day: owed
    tomorrow = day + timedelta(days=1)
    assert {m["task"]["id"] for m in progress.missing_updates(ws, tomorrow)} == \
        {made[0]["id"], made[1]["id"], made[2]["id"]}
    assert {t["id"] for t in my_work.my_work(ws, "zhao")["updates_due"]} == \
        {made[0]["id"], made[2]["id"]}
    assert standup.covered_projects(ws, tomorrow) == [project["id"]]
    assert standup.covered_projects(ws, day) == []          # the day before, as it was


def test_an_update_is_owed_the_day_a_task_is_published_before_17_00(ws, project, clock):
    clock.set(local("2026-11-23 16:59"))
    made = start_project(ws, project)
    day = clock.now().astimezone(ws.tz).date()
    assert {m["task"]["id"] for m in progress.missing_updates(ws, day)} == \
        {made[0]["id"], made[1]["id"], made[2]["id"]}


def test_latest_update_from_the_heads_recent_updates(ws, running, clock, monkeypatch):
    """A task's newest update (the Tasks tab's detail) comes from the recent updates the
    head keeps; the project's year of updates is read only for an older one."""
    from store.projects.tasks import sorted_tasks
    _, made = running
    z = ws.acting_as("zhao")
    progress.record_progress(z, made[0]["id"], 10)
    clock.advance(minutes=5)
    progress.record_progress(z, made[0]["id"], 20)
    whole: list[int] = []
    real = progress.project_entries
    monkeypatch.setattr(progress, "project_entries",
                        lambda ws, pid: whole.append(pid) or real(ws, pid))
    task = next(t for t in sorted_tasks(ws, made[0]["project"]) if t["id"] == made[0]["id"])
    assert progress.latest_update(ws, task)["percent"] == 20 and whole == []
    never = next(t for t in sorted_tasks(ws, made[0]["project"]) if t["id"] == made[1]["id"])
    assert progress.latest_update(ws, never) is None
    clock.advance(days=60)  # a later update of another task: the first one's is old now
    progress.record_progress(ws.acting_as("qian"), made[1]["id"], 5)
    task = next(t for t in sorted_tasks(ws, made[0]["project"]) if t["id"] == made[0]["id"])
    assert progress.latest_update(ws, task)["percent"] == 20


def test_the_standup_and_its_history_ask_for_tasks_published_before_17_00(ws, project, clock):
    """The standup of a day (and that day looked back on) counts a task published at 16:59,
    not one published at 17:00 exactly."""
    from store.meetings import standup
    from store.meetings.standup_history import tasks_as_of
    from store.projects import publication
    clock.set(local("2026-11-23 16:59"))
    start_project(ws, project, publish=False)
    day = clock.now().astimezone(ws.tz).date()
    publication.publish_tasks(ws.acting_as(project["pm"]), project["id"])
    assert standup.covered_projects(ws, day) == [project["id"]]
    clock.set(local("2026-11-24 09:00"))
    assert {t["owner"] for t in tasks_as_of(ws, day)} == {"zhao", "qian"}


def test_a_task_published_at_17_00_is_not_in_that_days_standup(ws, project, clock):
    from store.meetings import standup
    from store.meetings.standup_history import tasks_as_of
    from store.projects import publication
    clock.set(local("2026-11-23 17:00"))
    start_project(ws, project, publish=False)
    day = clock.now().astimezone(ws.tz).date()
    publication.publish_tasks(ws.acting_as(project["pm"]), project["id"])
    assert standup.covered_projects(ws, day) == []
    clock.set(local("2026-11-24 09:00"))
    assert tasks_as_of(ws, day) == []
