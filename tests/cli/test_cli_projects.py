"""`huddle project …`: add, list, show, edit."""

from __future__ import annotations

import pytest
from cli_helpers import HOSTILE_IDS, HOSTILE_TITLES, assert_user_error

from store.projects.project import get_project, list_projects

pytestmark = pytest.mark.usefixtures("backend")  # on the folder and on PostgreSQL

LIST_KEYS = {"id", "name", "state", "pm", "pm_name", "initiator", "initiator_dept", "lead_dept",
             "collab_depts", "goal", "due", "progress", "tasks", "overdue"}
SHOW_KEYS = LIST_KEYS | {"background", "outcome", "time_nodes", "support", "members",
                         "requirements", "requirements_doc", "acceptor", "created_at",
                         "outlook"}


def add_project(run, name="2024年Q3产品迭代项目组", *extra: str) -> str:
    result = run("project", "add", name, "--pm", "alice", "--initiator-dept", "Product",
                 "--lead-dept", "Engineering", "--goal", "首单转化率提升到 25%",
                 "--due", "2024-09-30", *extra)
    assert result.exit_code == 0, result.stderr
    return result.stdout.strip()


def test_project_add_prints_only_the_id(workspace, run):
    assert add_project(run) == "1"
    assert add_project(run, "Second") == "2"
    assert [p["name"] for p in list_projects(workspace)] == ["2024年Q3产品迭代项目组", "Second"]


def test_project_add_every_request_field(workspace, run, run_json):
    pid = add_project(run, "官网改版", "--collab-dept", "Product", "--collab-dept", "Engineering",
                      "--background", "旧官网移动端体验差", "--outcome", "新版官网上线",
                      "--time-nodes", "设计 9-10；上线 9-30", "--support", "前端 2 人",
                      "--member", "bob:研发负责人", "--member", "alice:项目经理")
    data = run_json("project", "show", pid)
    assert set(data) == SHOW_KEYS
    assert data["collab_depts"] == ["Product", "Engineering"]
    assert (data["background"], data["outcome"], data["time_nodes"], data["support"]) == \
        ("旧官网移动端体验差", "新版官网上线", "设计 9-10；上线 9-30", "前端 2 人")
    assert data["members"] == [{"login": "bob", "name": "Bob Li", "role": "研发负责人"},
                               {"login": "alice", "name": "Alice Wang", "role": "项目经理"}]
    assert set(data["requirements"]) == {"background", "goals", "features", "personas",
                                         "expected", "target_date"}


def test_project_list_json_shape(workspace, run, run_json):
    add_project(run)
    run("task", "add", "1", "UI设计初稿", "--owner", "chen", "--start", "2024-08-20",
        "--due", "2024-08-30")
    run("task", "add", "1", "前端开发", "--owner", "bob", "--due", "2024-09-20")
    [data] = run_json("project", "list")
    assert set(data) == LIST_KEYS
    assert data == {
        "id": 1, "name": "2024年Q3产品迭代项目组", "state": "requested", "pm": "alice",
        "pm_name": "Alice Wang", "initiator": data["initiator"], "initiator_dept": "Product",
        "lead_dept": "Engineering", "collab_depts": [], "goal": "首单转化率提升到 25%",
        "due": "2024-09-30", "progress": 0, "tasks": 2, "overdue": 1}


def test_project_list_filters_by_state_and_prints_a_table(workspace, run, run_json):
    add_project(run)
    assert run_json("project", "list", "--state", "approved") == []
    table = run("project", "list").stdout.splitlines()
    assert table[0].split()[:3] == ["ID", "Name", "State"]
    assert "2024年Q3产品迭代项目组" in table[1] and "Alice Wang" in table[1]
    assert_user_error(run("project", "list", "--state", "nonsense"), code=2)


def test_project_show_human(workspace, run):
    add_project(run, "官网改版", "--background", "第一行\n第二行")
    run("task", "add", "1", "视觉设计", "--owner", "chen", "--due", "2024-09-10", "--milestone")
    out = run("project", "show", "1").stdout
    assert "官网改版" in out and "Alice Wang (alice)" in out
    assert "第一行\n" in out and "第二行" in out
    assert "1-1" in out and "视觉设计" in out and "milestone" in out


def test_project_edit(workspace, run):
    add_project(run)
    result = run("project", "edit", "1", "--name", "Renamed", "--goal", "新目标",
                 "--collab-dept", "Product", "--due", "2024-10-31")
    assert result.exit_code == 0, result.stderr
    project = get_project(workspace, 1)
    assert (project["name"], project["goal"], project["collab_depts"], project["due"]) == \
        ("Renamed", "新目标", ["Product"], "2024-10-31")
    assert run("project", "edit", "1", "--no-collab-depts").exit_code == 0
    assert get_project(workspace, 1)["collab_depts"] == []
    assert_user_error(run("project", "edit", "1"), "Nothing to change", code=2)
    assert_user_error(run("project", "edit", "1", "--collab-dept", "Product",
                          "--no-collab-depts"), code=2)


def test_project_edit_by_an_outsider_is_refused(workspace, run):
    add_project(run)
    assert_user_error(run("project", "edit", "1", "--goal", "x", "--as", "chen"),
                      "Only the project manager")
    assert run("project", "edit", "1", "--goal", "y", "--as", "alice").exit_code == 0


@pytest.mark.parametrize("args, fragment", [
    (("--pm", "ghost"), "ghost"),
    (("--initiator-dept", "Nowhere"), "Nowhere"),
    (("--due", "2024-13-01"), "not a date"),
    (("--due", "tomorrow"), "not a date"),
    (("--goal", "   "), "required"),
    (("--goal", "bad\x07bell"), "control character"),
])
def test_project_add_invalid_values_exit_1(workspace, run, args, fragment):
    base = {"--pm": "alice", "--initiator-dept": "Product", "--lead-dept": "Engineering",
            "--goal": "g", "--due": "2024-09-30"}
    base[args[0]] = args[1]
    argv = [x for kv in base.items() for x in kv]
    assert_user_error(run("project", "add", "P", *argv), fragment)
    assert list_projects(workspace) == []


def test_project_usage_errors_exit_2(workspace, run):
    assert_user_error(run("project", "add", "P", "--initiator-dept", "Product"), code=2)
    assert_user_error(run("project", "show"), code=2)
    assert_user_error(run("project", "frobnicate"), code=2)


def test_project_show_unknown_or_malformed_id(workspace, run):
    assert_user_error(run("project", "show", "42"), "No project with id 42")
    assert_user_error(run("project", "show", "abc"), "not a project id")


@pytest.mark.parametrize("title", HOSTILE_TITLES, ids=HOSTILE_IDS)
def test_hostile_project_names_are_stored_and_printed_literally(workspace, run, run_json, title):
    add_project(run, title)
    assert get_project(workspace, 1)["name"] == title
    assert run_json("project", "show", "1")["name"] == title
    assert f"1  {title}" in run("project", "show", "1").stdout
    listed = run("project", "list").stdout
    assert title[:15] in listed  # a long name is clipped to its column
