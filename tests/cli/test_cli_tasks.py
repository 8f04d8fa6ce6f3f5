"""`huddle task …`: add, list, show, edit."""

from __future__ import annotations

import pytest
from cli_helpers import HOSTILE_IDS, HOSTILE_TITLES, assert_user_error, task_ids

from store.projects.project import create_project
from store.projects.tasks import get_task, list_tasks

pytestmark = pytest.mark.usefixtures("backend")  # on the folder and on PostgreSQL

TASK_KEYS = {"id", "project", "title", "owner", "start", "due", "priority", "progress", "state",
             "depends", "milestone", "standard", "overlap", "overdue", "due_history",
             "created_at", "created_by"}
SHOW_KEYS = TASK_KEYS | {"project_name", "dependents"}


@pytest.fixture
def project(workspace):
    """Project 1, PM alice; today is 2024-09-02."""
    return create_project(workspace, "2024年Q3产品迭代项目组", pm="alice",
                          initiator_dept="Product", lead_dept="Engineering",
                          goal="上线 MVP", due="2024-09-30")


def add(run, title, *extra, owner="bob", due="2024-09-10", project="1"):
    result = run("task", "add", project, title, "--owner", owner, "--due", due, *extra)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_task_add_prints_just_the_id(project, run):
    assert add(run, "UI设计初稿") == "1-1\n"
    assert add(run, "前端开发核心模块", "--depends", "1-1", due="2024-09-20") == "1-2\n"


def test_task_add_every_option(workspace, project, run, run_json):
    add(run, "需求评审")
    add(run, "UI设计初稿", "--start", "2024-09-11", "--priority", "HIGH", "--depends", "1",
        "--milestone", "--standard", "输出 3 套方案，评审通过率 ≥ 90%", owner="chen",
        due="2024-09-15")
    data = run_json("task", "show", "1-2")
    assert set(data) == SHOW_KEYS
    assert {k: data[k] for k in ("id", "project", "title", "owner", "start", "due", "priority",
                                 "progress", "state", "depends", "milestone", "standard",
                                 "overdue", "project_name", "dependents")} == {
        "id": "1-2", "project": 1, "title": "UI设计初稿", "owner": "chen",
        "start": "2024-09-11", "due": "2024-09-15", "priority": "high", "progress": 0,
        "state": "open", "depends": ["1-1"], "milestone": True,
        "standard": "输出 3 套方案，评审通过率 ≥ 90%", "overdue": False,
        "project_name": "2024年Q3产品迭代项目组", "dependents": []}
    assert run_json("task", "show", "1-1")["dependents"] == ["1-2"]


def test_task_list_filters_and_json_shape(workspace, project, run, run_json):
    create_project(workspace, "Other", pm="bob", initiator_dept="Product",
                   lead_dept="Engineering", goal="g", due="2024-12-31")
    add(run, "late one", due="2024-08-30", owner="chen")
    add(run, "soon", due="2024-09-05")
    add(run, "elsewhere", project="2", due="2024-09-20")
    everything = run_json("task", "list")
    assert all(set(t) == TASK_KEYS for t in everything)
    assert [t["id"] for t in everything] == ["1-1", "1-2", "2-1"]  # by due date
    assert [t["id"] for t in run_json("task", "list", "--project", "2")] == ["2-1"]
    assert [t["id"] for t in run_json("task", "list", "--owner", "bob")] == ["1-2", "2-1"]
    assert [t["id"] for t in run_json("task", "list", "--overdue")] == ["1-1"]
    assert [t["id"] for t in run_json("task", "list", "--mine", "--as", "chen")] == ["1-1"]
    assert run_json("task", "list", "--state", "done") == []
    assert_user_error(run("task", "list", "--owner", "ghost"), "ghost")
    assert_user_error(run("task", "list", "--project", "9"), "No project with id 9")
    assert_user_error(run("task", "list", "--owner", "bob", "--mine"), code=2)


def test_task_list_human_table(project, run):
    add(run, "UI设计初稿", "--milestone", owner="chen", due="2024-08-30")
    lines = run("task", "list").stdout.splitlines()
    assert lines[0].split()[:3] == ["ID", "Title", "Owner"]
    assert "UI设计初稿" in lines[1] and "陈静" in lines[1]
    assert "milestone, overdue" in lines[1]


def test_task_show_human(project, run):
    add(run, "需求评审")
    add(run, "UI设计初稿", "--depends", "1-1", "--standard", "第一行\n第二行", due="2024-09-20")
    out = run("task", "show", "1-2").stdout
    assert "Title:" in out and "UI设计初稿" in out and "Bob Li (bob)" in out
    assert "1-1  需求评审" in out
    assert "第一行\n" in out and "第二行" in out


def test_task_edit(workspace, project, run):
    add(run, "A")
    add(run, "B")
    result = run("task", "edit", "1-2", "--title", "B2", "--owner", "chen", "--due", "2024-09-20",
                 "--start", "2024-09-11", "--priority", "low", "--depends", "1-1", "--milestone",
                 "--standard", "≥ 3 个", "--state", "done")
    assert result.exit_code == 0, result.stderr
    task = get_task(workspace, "1-2")
    assert {k: task[k] for k in ("title", "owner", "due", "start", "priority", "depends",
                                 "milestone", "standard", "state")} == {
        "title": "B2", "owner": "chen", "due": "2024-09-20", "start": "2024-09-11",
        "priority": "low", "depends": ["1-1"], "milestone": True, "standard": "≥ 3 个",
        "state": "done"}
    assert run("task", "edit", "1-2", "--no-depends", "--no-milestone").exit_code == 0
    task = get_task(workspace, "1-2")
    assert (task["depends"], task["milestone"]) == ([], False)


def test_task_edit_refuses_a_dependency_cycle(workspace, project, run):
    add(run, "A")
    add(run, "B", "--depends", "1-1", due="2024-09-20")   # starts after A: 09-11
    add(run, "C", "--depends", "1-2", due="2024-09-30")
    assert_user_error(run("task", "edit", "1-1", "--depends", "1-3"), "cycle")
    assert get_task(workspace, "1-1")["depends"] == []
    assert_user_error(run("task", "edit", "1-1", "--depends", "1-1"), "cycle")


def test_task_edit_usage_errors(project, run):
    add(run, "A")
    assert_user_error(run("task", "edit", "1-1"), "Nothing to change", code=2)
    assert_user_error(run("task", "edit", "1-1", "--depends", "1-1", "--no-depends"), code=2)
    assert_user_error(run("task", "edit", "1-1", "--priority", "urgent"), code=2)
    assert_user_error(run("task", "edit", "1-1", "--state", "finished"), code=2)


@pytest.mark.parametrize("extra, fragment", [
    (("--due", "2024-02-30"), "not a date"),
    (("--start", "2024-09-20"), "after the due date"),
    (("--owner", "ghost"), "ghost"),
    (("--owner", "Product"), "not a valid login"),
    (("--depends", "1-9"), "no task 1-9"),
    (("--depends", "2-1"), "another project"),
    (("--depends", "x"), "not a task id"),
    (("--standard", "a\x1b[2Jb"), "control character"),
])
def test_task_add_invalid_values_exit_1_and_write_nothing(workspace, project, run, extra,
                                                          fragment):
    args = {"--owner": "bob", "--due": "2024-09-10"}
    for key, value in zip(extra[::2], extra[1::2]):
        args[key] = value
    argv = [x for kv in args.items() for x in kv]
    assert_user_error(run("task", "add", "1", "Title", *argv), fragment)
    assert list_tasks(workspace) == []


def test_task_add_usage_errors_exit_2(project, run):
    assert_user_error(run("task", "add", "1", "T", "--due", "2024-09-10"), "--owner", code=2)
    assert_user_error(run("task", "add", "1", "T", "--owner", "bob"), "--due", code=2)
    assert_user_error(run("task", "add", "1", "T", "--owner", "bob", "--due", "2024-09-10",
                          "--priority", "urgent"), code=2)
    assert_user_error(run("task", "add", "1"), code=2)


@pytest.mark.parametrize("title", ["a\x1bb", "bell\x07", "nul\x00x", "c1\x9bx", "del\x7f",
                                   "two\nlines"])
def test_control_characters_in_a_title_are_refused(workspace, project, run, title):
    result = run("task", "add", "1", title, "--owner", "bob", "--due", "2024-09-10")
    if "\x00" in title:  # click itself refuses a NUL in an argument, as a usage error
        assert result.exit_code == 2 and "NUL" in result.stderr
    else:
        assert_user_error(result, "title")
    assert list_tasks(workspace) == []


@pytest.mark.parametrize("title", HOSTILE_TITLES, ids=HOSTILE_IDS)
def test_hostile_titles_are_stored_and_printed_literally(workspace, project, run, run_json,
                                                         title):
    add(run, title)
    assert get_task(workspace, "1-1")["title"] == title
    assert run_json("task", "show", "1-1")["title"] == title
    assert run_json("task", "list")[0]["title"] == title
    assert f"Title:{' ' * 12}  {title}\n" in run("task", "show", "1-1").stdout
    assert title[:20] in run("task", "list").stdout


def test_task_commands_by_someone_without_rights(workspace, project, run):
    add(run, "A")
    assert_user_error(run("task", "add", "1", "T", "--owner", "bob", "--due", "2024-09-10",
                          "--as", "chen"), "Only the project manager")
    assert_user_error(run("task", "edit", "1-1", "--title", "x", "--as", "chen"),
                      "Only the project manager")
    assert run("task", "edit", "1-1", "--title", "by the PM", "--as", "alice").exit_code == 0


def test_unknown_and_malformed_task_ids(project, run):
    assert_user_error(run("task", "show", "1-7"), "No task with id 1-7")
    assert_user_error(run("task", "show", "7-1"), "No task with id 7-1")
    assert_user_error(run("task", "show", "abc"), "not a task id")
    assert_user_error(run("task", "edit", "1-7", "--title", "x"), "No task with id 1-7")


def test_task_ids_helper_matches_list(project, run):
    add(run, "A")
    assert task_ids(run("task", "list", "--json")) == ["1-1"]
