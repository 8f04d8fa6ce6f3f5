"""Tasks (SPEC §1.5): one owner who is a member, start <= due, priority, dependencies without
cycles, milestone flag; the project summary at an exact date."""

from __future__ import annotations

from datetime import date

import pytest
from stkit import fresh

from store.projects import tasks
from store.core.errors import InvalidValue, NotFound, PermissionDenied
from store.projects.project import create_project, list_projects, shard_name
from store.projects.summary import listed_projects
from store.projects.tasks import add_task, edit_task, get_task, list_tasks, project_summary

pytestmark = pytest.mark.usefixtures("backend")  # on the folder and on PostgreSQL


@pytest.fixture
def pm(ws):
    return ws.acting_as("bob")


def test_add_task(pm, clock):
    t = add_task(pm, 1, "设计登录页", owner="carol", start="2024-09-02", due="２０２４－０９－１３",
                 priority="HIGH", milestone=True, standard="通过评审，缺陷 < 3")
    assert t == {**t, "id": "1-1", "project": 1, "title": "设计登录页", "owner": "carol",
                 "start": "2024-09-02", "due": "2024-09-13", "priority": "high", "milestone": True,
                 "standard": "通过评审，缺陷 < 3", "depends": [], "progress": 0, "state": "open",
                 "created_by": "bob", "created_at": "2024-09-02T02:00:00+00:00"}
    assert get_task(pm, "1-1") == t and get_task(pm, "T1-1") == t


def test_start_defaults_to_today_or_the_due_day(pm):
    assert add_task(pm, 1, "a", owner="carol", due="2024-09-20")["start"] == "2024-09-02"
    assert add_task(pm, 1, "b", owner="carol", due="2024-08-20")["start"] == "2024-08-20"


@pytest.mark.parametrize("kwargs, field", [
    (dict(owner="ghost"), "owner"),               # not a member
    (dict(owner="Engineering"), "owner"),         # a department is not a person
    (dict(owner=""), "owner"),
    (dict(start="2024-09-20", due="2024-09-10"), "start"),
    (dict(due="2024-09-31"), "due"),
    (dict(priority="urgent"), "priority"),
    (dict(title=""), "title"),
    (dict(title="x\x1b]8;;http://evil\x07"), "title"),
    (dict(depends=["1-99"]), "depends"),
    (dict(depends=["2-1"]), "depends"),           # another project
    (dict(standard="a\x00b"), "standard"),
])
def test_add_task_validation(pm, kwargs, field):
    form = {"title": "t", "owner": "carol", "due": "2024-09-30", **kwargs}
    with pytest.raises(InvalidValue) as err:
        add_task(pm, 1, form.pop("title"), **form)
    assert err.value.field == field
    assert tasks.project_tasks(pm, 1) == []


def test_only_managers_add_or_edit_tasks(ws, pm):
    add_task(pm, 1, "t", owner="carol", due="2024-09-30")
    with pytest.raises(PermissionDenied):
        add_task(ws.acting_as("carol"), 1, "mine", owner="carol", due="2024-09-30")
    with pytest.raises(PermissionDenied):
        edit_task(ws.acting_as("dave"), "1-1", title="x")
    assert get_task(ws, "1-1")["title"] == "t"


def test_edit_task(pm):
    add_task(pm, 1, "t", owner="carol", start="2024-09-02", due="2024-09-30")
    t = edit_task(pm, "1-1", title="新标题", owner="dave", priority="low", due="2024-10-08",
                  state="done", milestone=True)
    assert (t["title"], t["owner"], t["priority"], t["due"], t["state"], t["milestone"]) == \
        ("新标题", "dave", "low", "2024-10-08", "done", True)
    with pytest.raises(InvalidValue) as err:
        edit_task(pm, "1-1", start="2024-10-09")           # after the due date
    assert err.value.field == "start"
    with pytest.raises(InvalidValue) as err:
        edit_task(pm, "1-1", due="2024-09-01")             # before the start
    assert err.value.field == "due"
    with pytest.raises(InvalidValue) as err:
        edit_task(pm, "1-1", owner="ghost")
    assert err.value.field == "owner"
    with pytest.raises(InvalidValue):
        edit_task(pm, "1-1", progress=50)                  # progress is reported, not edited
    with pytest.raises(NotFound, match="1-9"):
        edit_task(pm, "1-9", title="x")
    with pytest.raises(InvalidValue):
        get_task(pm, "1/1")


def test_dates_are_checked_again_under_the_lock(pm, monkeypatch):
    """Regression: the start <= due check used the task as read before the lock, so an edit
    that moved the due date in between let a start after the due date through."""
    add_task(pm, 1, "t", owner="carol", start="2024-09-02", due="2024-09-30")
    other = fresh(pm)   # another process
    real_clean = tasks._clean

    def clean_then_someone_else_edits(ws, pid, raw):
        result = real_clean(ws, pid, raw)
        if "start" in raw:
            edit_task(other, "1-1", due="2024-09-05")
        return result

    monkeypatch.setattr(tasks, "_clean", clean_then_someone_else_edits)
    with pytest.raises(InvalidValue) as err:
        edit_task(pm, "1-1", start="2024-09-20")
    assert err.value.field == "start"
    task = get_task(pm, "1-1")
    assert (task["start"], task["due"]) == ("2024-09-02", "2024-09-05")


def _chain(pm, n):
    """Task i runs Monday…Friday of week i from 2024-09-02, after task i − 1."""
    from datetime import date, timedelta
    for i in range(1, n + 1):
        monday = date(2024, 9, 2) + timedelta(weeks=i - 1)
        add_task(pm, 1, f"t{i}", owner="carol", start=monday.isoformat(),
                 due=(monday + timedelta(days=4)).isoformat(),
                 depends=[f"1-{i - 1}"] if i > 1 else [])


def test_dependencies(pm):
    _chain(pm, 3)   # 1 <- 2 <- 3
    assert get_task(pm, "1-3")["depends"] == ["1-2"]
    t = edit_task(pm, "1-3", depends=["1-1", "2", "1-1"])  # bare numbers, duplicates dropped
    assert t["depends"] == ["1-1", "1-2"]
    assert edit_task(pm, "1-3", depends=[])["depends"] == []


@pytest.mark.parametrize("n", [2, 3, 5, 12])
def test_cycles_are_refused_whatever_their_length(pm, n):
    _chain(pm, n)   # 1 <- 2 <- … <- n
    with pytest.raises(InvalidValue, match="cycle") as err:
        edit_task(pm, "1-1", depends=[f"1-{n}"])
    assert err.value.field == "depends"
    expected = " → ".join(["1-1", *(f"1-{i}" for i in range(n, 0, -1))])
    assert expected in err.value.message
    assert get_task(pm, "1-1")["depends"] == []


def test_self_dependency_and_diamonds(pm):
    _chain(pm, 2)
    with pytest.raises(InvalidValue, match="cycle"):
        edit_task(pm, "1-2", depends=["1-2"])
    add_task(pm, 1, "t3", owner="carol", due="2024-09-30", depends=["1-1"])
    add_task(pm, 1, "t4", owner="carol", due="2024-10-11", depends=["1-2", "1-3"])  # a diamond
    assert edit_task(pm, "1-4", depends=["1-1", "1-2", "1-3"])["depends"] == ["1-1", "1-2", "1-3"]
    with pytest.raises(InvalidValue, match="no task 1-7"):
        edit_task(pm, "1-4", depends=["1-7"])


def _set(ws, tid, **fields):
    pid, number = tasks.parse_task_id(tid)
    with ws.transaction(shard_name(pid)) as tx:
        tx.table(tasks.TASKS).update(fields, doc_ids=[number])
        tx.audit("test.set", tid, **fields)


def test_summary_progress_and_overdue_at_an_exact_date(pm):
    add_task(pm, 1, "late", owner="carol", start="2024-08-20", due="2024-09-01")
    add_task(pm, 1, "due today", owner="carol", start="2024-08-20", due="2024-09-02")
    add_task(pm, 1, "late but done", owner="carol", start="2024-08-20", due="2024-08-30")
    add_task(pm, 1, "cancelled", owner="carol", start="2024-07-20", due="2024-08-01")
    _set(pm, "1-1", progress=40)
    _set(pm, "1-2", progress=70)
    _set(pm, "1-3", progress=100, state="done")
    _set(pm, "1-4", progress=0, state="cancelled")
    assert project_summary(pm, 1, date(2024, 9, 2)) == {"progress": 70, "tasks": 3, "overdue": 1}
    assert project_summary(pm, 1, date(2024, 9, 3)) == {"progress": 70, "tasks": 3, "overdue": 2}
    assert project_summary(pm, 1, date(2024, 9, 1)) == {"progress": 70, "tasks": 3, "overdue": 0}
    _set(pm, "1-2", state="done", progress=100)   # the cached summary follows the change
    assert project_summary(pm, 1, date(2024, 9, 3)) == {"progress": 80, "tasks": 3, "overdue": 1}
    assert project_summary(pm, 99, date(2024, 9, 3)) == {"progress": 0, "tasks": 0, "overdue": 0}


def test_the_list_s_summaries_are_those_of_project_summary(ws, pm):
    """The Projects screen's list (listed_projects: one read of each head) gives what
    list_projects and project_summary give, project by project."""
    create_project(ws.acting_as("alice"), "P2", pm="bob", initiator_dept="Product",
                   lead_dept="Engineering", goal="g", due="2024-12-31")
    add_task(pm, 1, "a", owner="carol", start="2024-08-01", due="2024-09-02")
    add_task(pm, 1, "b", owner="carol", start="2024-08-01", due="2024-09-20")
    _set(pm, "1-1", progress=40)
    for day in (date(2024, 9, 1), date(2024, 9, 3), date(2024, 9, 30)):
        assert listed_projects(ws, day) == [{**p, **project_summary(ws, p["id"], day)}
                                            for p in list_projects(ws)]


def test_list_tasks_sorted_and_filtered(ws, pm):
    create_project(ws.acting_as("alice"), "P2", pm="bob", initiator_dept="Product",
                   lead_dept="Engineering", goal="g", due="2024-12-31")
    add_task(pm, 1, "b", owner="carol", due="2024-09-20")
    add_task(pm, 1, "a", owner="dave", due="2024-09-10")
    add_task(pm, 2, "c", owner="carol", due="2024-09-15")
    assert [t["id"] for t in list_tasks(ws)] == ["1-2", "2-1", "1-1"]
    assert [t["id"] for t in list_tasks(ws, owner="carol")] == ["2-1", "1-1"]
    assert [t["id"] for t in list_tasks(ws, project=1)] == ["1-2", "1-1"]
    with pytest.raises(NotFound):
        list_tasks(ws, project=7)
