"""`huddle init`, `huddle demo` and `huddle` itself (which opens the app)."""

from __future__ import annotations

import os
import sys
import types
from pathlib import Path

import orjson
import pytest
from cli_helpers import assert_user_error

import store.core.workspace
from store.people import members as people
from store.projects import project as projects, tasks
from store.core.identity import os_login
from store.core.workspace import Workspace

ME = os_login()


@pytest.fixture
def fresh(tmp_path: Path) -> Path:
    """A group-writable folder that does not exist yet."""
    parent = tmp_path / "shared"
    parent.mkdir(mode=0o770)
    os.chmod(parent, 0o770)
    return parent / "team" / "ws"


@pytest.fixture
def launched(monkeypatch):
    """Stands in for tui.launch: records the sessions `run_app` was called with."""
    calls: list = []
    fake = types.ModuleType("tui.launch")
    fake.run_app = lambda session: calls.append(session.folder)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tui.launch", fake)
    return calls


def open_ws(folder: Path, clock) -> Workspace:
    return Workspace.open(folder, clock=clock)


# -- init ----------------------------------------------------------------------
def test_init_creates_the_folder_with_me_as_admin(fresh, run, clock):
    result = run("init", "--name", "林思远", ws=fresh, env={"HUDDLE_NOW": None})
    assert result.exit_code == 0, result.stderr
    assert str(fresh) in result.stdout and ME in result.stdout
    ws = open_ws(fresh, clock)
    me = people.get_member(ws, ME)
    assert (me["name"], me["admin"]) == ("林思远", True)


def test_init_twice_is_refused(fresh, run):
    assert run("init", "--pinned-clock", ws=fresh).exit_code == 0
    assert_user_error(run("init", "--pinned-clock", ws=fresh), "already holds a workspace")


def test_init_refuses_a_world_writable_folder(tmp_path, run):
    folder = tmp_path / "open"
    folder.mkdir()
    os.chmod(folder, 0o777)
    assert_user_error(run("init", "--pinned-clock", ws=folder), "world-writable")
    assert list(folder.iterdir()) == []


def test_init_as_someone_else_is_refused(fresh, run):
    assert_user_error(run("init", "--pinned-clock", "--as", "alice", ws=fresh),
                      "Only a workspace admin")


# -- demo ------------------------------------------------------------------------
def test_demo_numbers(fresh, run, clock):
    result = run("demo", ws=fresh)
    assert result.exit_code == 0, result.stderr
    assert "Demo workspace ready" in result.stdout
    ws = open_ws(fresh, clock)
    today = ws.today().isoformat()

    depts = people.list_departments(ws)
    assert len(depts) >= 5 and all(d["head"] for d in depts)
    assert {"产品部", "研发部", "市场部", "销售部", "设计部"} <= {d["name"] for d in depts}
    members = people.list_members(ws)
    assert len(members) >= 20
    assert any(m["name"].isascii() and " " in m["name"] for m in members)  # "Alice Chen"
    assert any(not m["name"].isascii() for m in members)                   # "张伟"
    assert all(m["dept"] and m["title"] for m in members)

    all_projects = projects.list_projects(ws)
    assert len(all_projects) == 6
    assert {"requested", "approved", "kicked_off", "in_progress", "delivered",
            "retrospective_done"} == \
        {p["state"] for p in all_projects}
    assert all(p["goal"] and p["background"] and p["support"] for p in all_projects)

    all_tasks = tasks.list_tasks(ws)
    assert len(all_tasks) >= 60
    assert sum(1 for t in all_tasks if t["depends"]) >= 30
    assert sum(1 for t in all_tasks if t["milestone"]) >= 6
    overdue = [t for t in all_tasks if tasks.is_overdue(t, ws.today())]
    assert len(overdue) >= 3 and all(t["due"] < today for t in overdue)
    assert all(any(ch.isdigit() for ch in t["standard"]) for t in all_tasks)
    assert {"high", "medium", "low"} == {t["priority"] for t in all_tasks}

    # the caller has a name and something to do
    me = people.get_member(ws, ME)
    assert me["admin"] and me["name"] != ME
    assert sum(1 for p in all_projects if p["pm"] == ME) >= 1
    assert sum(1 for t in all_tasks if t["owner"] == ME and t["state"] == "open") >= 3


def test_demo_dependencies_are_chains_without_cycles(fresh, run, clock):
    assert run("demo", ws=fresh).exit_code == 0
    ws = open_ws(fresh, clock)
    for pid in projects.project_ids(ws):
        by_id = {t["id"]: t for t in tasks.project_tasks(ws, pid)}
        graph = {tasks.parse_task_id(t)[1]: [tasks.parse_task_id(d)[1] for d in v["depends"]]
                 for t, v in by_id.items()}
        for task in by_id.values():
            assert task["start"] <= task["due"]
            for dep in task["depends"]:
                assert by_id[dep]["due"] <= task["start"], (dep, task["id"])
            assert tasks.find_cycle(graph, tasks.parse_task_id(task["id"])[1]) is None
    longest = max(_chain_length(ws, pid) for pid in projects.project_ids(ws))
    assert longest >= 5


def _chain_length(ws, pid) -> int:
    by_id = {t["id"]: t for t in tasks.project_tasks(ws, pid)}
    memo: dict = {}

    def depth(tid: str) -> int:
        if tid not in memo:
            memo[tid] = 1 + max((depth(d) for d in by_id[tid]["depends"]), default=0)
        return memo[tid]
    return max((depth(t) for t in by_id), default=0)


def test_demo_is_deterministic_and_follows_today(tmp_path, run, run_json, clock):
    one, two, later = tmp_path / "one", tmp_path / "two", tmp_path / "later"
    assert run("demo", ws=one).exit_code == 0
    assert run("demo", ws=two).exit_code == 0
    assert run_json("task", "list", ws=one) == run_json("task", "list", ws=two)
    assert run_json("project", "show", "1", ws=one) == run_json("project", "show", "1", ws=two)
    env = {"HUDDLE_NOW": "2025-03-03T02:00:00+00:00"}
    assert run("demo", ws=later, env=env).exit_code == 0
    moved = run_json("task", "list", ws=later, env=env)
    assert any(t["overdue"] for t in moved)
    assert min(t["due"] for t in moved) > "2024-10-01"  # 2024-09-02 + months: relative dates


def test_demo_refuses_a_non_empty_workspace(workspace, workspace_dir, run, clock):
    def held():  # snapshots and journals
        return {p.name: p.read_bytes() for p in workspace_dir.iterdir()
                if p.suffix in (".json", ".journal")}
    before = held()
    assert_user_error(run("demo"), "not empty", "--force")
    assert held() == before


def test_demo_force_replaces_the_data(workspace, workspace_dir, run, clock):
    projects.create_project(workspace, "Old project", pm="alice", initiator_dept="Product",
                            lead_dept="Engineering", goal="g", due="2024-10-01")
    result = run("demo", "--force")
    assert result.exit_code == 0, result.stderr
    ws = open_ws(workspace_dir, clock)
    names = [p["name"] for p in projects.list_projects(ws)]
    assert "Old project" not in names and len(names) == 6
    assert people.find_member(ws, "alice") is None  # the old members went too
    assert people.is_admin(ws, ME)


def test_demo_force_is_for_admins_only(workspace, workspace_dir, run, clock):
    people.edit_member(workspace, "alice", admin=True)
    people.edit_member(workspace, ME, admin=False)
    assert_user_error(run("demo", "--force"), "Only a workspace admin")
    assert people.find_member(open_ws(workspace_dir, clock), "alice") is not None


def test_demo_never_touches_files_that_are_not_huddles(tmp_path, run):
    folder = tmp_path / "home"
    folder.mkdir()
    (folder / "notes.json").write_text('{"mine": true}')
    (folder / "thesis.txt").write_text("precious")
    for args in (("demo",), ("demo", "--force")):
        assert_user_error(run(*args, ws=folder), "not Huddle's", "notes.json")
    assert sorted(p.name for p in folder.iterdir()) == ["notes.json", "thesis.txt"]
    assert (folder / "notes.json").read_text() == '{"mine": true}'


def test_demo_open_opens_the_app(fresh, run, launched):
    result = run("demo", "--open", ws=fresh)
    assert result.exit_code == 0, result.stderr
    assert launched == [fresh]
    assert f"Demo workspace ready in {fresh}:" in result.stdout  # where it is…
    assert result.stdout.endswith(f"open it again with: huddle --workspace {fresh}\n")  # …and how


def test_demo_open_on_a_non_empty_workspace_keeps_the_data(workspace, workspace_dir, run,
                                                           launched, clock):
    result = run("demo", "--open")
    assert result.exit_code == 0, result.stderr
    assert "existing data was kept" in result.stderr
    assert launched == [workspace_dir]
    assert projects.list_projects(open_ws(workspace_dir, clock)) == []
    assert f"open it again with: huddle --workspace {workspace_dir}" in result.stdout


def test_demo_default_folder_is_the_user_data_dir(tmp_path, run, monkeypatch, clock):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    result = run("demo", ws=None, env={"XDG_DATA_HOME": str(tmp_path / "data")})
    assert result.exit_code == 0, result.stderr
    folder = tmp_path / "data" / "huddle" / "demo"
    assert (folder / "directory.json").exists()
    assert f"huddle --workspace {folder}" in result.stdout


def test_no_workspace_says_where_the_demo_is(tmp_path, run):
    env = {"XDG_DATA_HOME": str(tmp_path / "data")}
    before = run("mywork", ws=None, env=env)
    assert before.exit_code == 1 and "No workspace at" in before.stderr
    assert "demo workspace is in" not in before.stderr  # there is none yet
    assert run("demo", ws=None, env=env).exit_code == 0
    after = run("mywork", ws=None, env=env)
    demo = tmp_path / "data" / "huddle" / "demo"
    assert after.exit_code == 1 and "No workspace at" in after.stderr
    assert f"The demo workspace is in {demo}: open it with huddle --workspace {demo}" \
        in after.stderr


def test_demo_honours_huddle_workspace(tmp_path, run):
    folder = tmp_path / "from-env"
    result = run("demo", ws=None, env={"HUDDLE_WORKSPACE": str(folder)})
    assert result.exit_code == 0, result.stderr
    assert (folder / "directory.json").exists()


def test_huddle_without_a_subcommand_opens_the_app(workspace_dir, run, launched):
    result = run(ws=None, group=("--workspace", str(workspace_dir)))
    assert result.exit_code == 0, result.stderr
    assert launched == [workspace_dir]


def test_demo_json_files_are_readable_utf8(fresh, run):
    assert run("demo", ws=fresh).exit_code == 0
    raw = (fresh / "directory.json").read_bytes()
    journal = fresh / "directory.journal"  # the commits since the snapshot, UTF-8 JSON too
    assert "研发部".encode() in raw + (journal.read_bytes() if journal.exists() else b"")
    assert orjson.loads(raw)["_rev"] >= 1


def test_demo_when_my_login_is_one_of_the_demo_people(fresh, run, monkeypatch, clock):
    monkeypatch.setattr(store.core.workspace, "os_login", lambda: "zhangwei")
    assert run("demo", ws=fresh).exit_code == 0
    ws = open_ws(fresh, clock)
    assert people.get_member(ws, "zhangwei")["name"] == "林思远"
    assert people.is_admin(ws, "zhangwei")
    assert people.get_member(ws, "zhangwei2")["name"] == "张伟"
    assert people.department_head(ws, "研发部") == "zhangwei2"
    assert people.department_head(ws, "产品部") == "zhangwei"
