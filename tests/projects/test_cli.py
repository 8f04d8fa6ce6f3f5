"""The project-flow commands, run in-process as the OS user (a workspace admin) acting
for members with --as, at a pinned clock (HUDDLE_NOW)."""

import os

import orjson
import pytest
from click.testing import CliRunner

from store.kb import entries as kb
from store.projects import project as projects, tasks
from store.core.clock import FixedClock, to_iso
from store.core.i18n import set_language
from store.core.workspace import Workspace
from tui.cli import cli

from .conftest import local, make_org, new_project, start_project


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "ws"
    path.mkdir()
    os.chmod(path, 0o770)
    return path


@pytest.fixture
def clock():
    return FixedClock(local("2026-11-16 09:00"))


@pytest.fixture
def ws(folder, clock):
    return make_org(Workspace.open(folder, clock=clock))


@pytest.fixture
def run(folder, clock):
    set_language("en")
    runner = CliRunner()

    def invoke(*args, who=None):
        argv = [str(a) for a in args] + ["--workspace", str(folder)]
        if who:
            argv += ["--as", who]
        return runner.invoke(cli, argv, env={"LC_ALL": "C.UTF-8", "HUDDLE_WORKSPACE": None,
                                             "HUDDLE_DEBUG": None,
                                             "HUDDLE_NOW": to_iso(clock.now())})
    yield invoke
    set_language("en")


def ok(result):
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result


def js(result):
    return orjson.loads(ok(result).stdout)


def fails(result, *fragments):
    assert result.exit_code == 1, (result.exit_code, result.stdout, result.stderr)
    assert result.stderr.startswith("huddle: ") and "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr


def test_project_flow_from_request_to_in_progress(ws, run):
    pid = new_project(ws)["id"]
    fails(run("project", "approve", pid, who="li"), "产品部")
    assert js(run("project", "approve", pid, "--comment", "同意", "--json", who="pat"))[
        "state"] == "approved"
    out = ok(run("project", "kickoff", pid, "--at", "2026-11-16T08:30", who="wang")).stdout
    assert "minutes due by 2026-11-16 10:30" in out
    from .conftest import add_tasks
    made = add_tasks(ws, pid, [("A", "zhao", "2026-11-16", "2026-11-20", (), False)])
    published = js(run("project", "publish", pid, "--json", who="wang"))
    assert published["tasks"] == [made[0]["id"]] and published["project"]["state"] == "in_progress"
    fails(run("task", "confirm", made[0]["id"], who="qian"), "zhao")
    assert js(run("task", "confirm", made[0]["id"], "--json", who="zhao"))["confirmed_by"] == "zhao"
    fails(run("project", "cancel", pid, who="wang"), "initiator")
    assert js(run("project", "cancel", pid, "--json", who="chen"))["state"] == "cancelled"


def test_reject_needs_a_comment_option(ws, run):
    pid = new_project(ws)["id"]
    assert run("project", "reject", pid, who="pat").exit_code == 2
    assert js(run("project", "reject", pid, "--comment", "预算不足", "--json", who="pat"))[
        "state"] == "rejected"


def test_task_update_with_help_flag(ws, run):
    made = start_project(ws, new_project(ws))
    entry = js(run("task", "update", made[0]["id"], "--progress", "80", "--done", "初稿",
                   "--problem", "图标待定", "--next", "明日交付", "--help-from", "li", "--json",
                   who="zhao"))
    assert (entry["percent"], entry["help_from"], entry["by"]) == (80, "li", "zhao")
    assert tasks.get_task(ws, made[0]["id"])["progress"] == 80
    assert "Recorded 50%" in ok(run("task", "update", made[0]["id"], "--progress", "50",
                                    who="zhao")).stdout
    fails(run("task", "update", made[0]["id"], "--progress", "120", who="zhao"), "0 to 100")
    fails(run("task", "update", made[0]["id"], "--progress", "10", who="qian"), "zhao")
    history = js(run("task", "updates", made[0]["id"], "--json"))
    assert [e["percent"] for e in history] == [80, 50]


def test_delay_requested_then_approved_by_pm_and_head(ws, run, clock):
    made = start_project(ws, new_project(ws))
    d = js(run("delay", "request", made[0]["id"], "--to", "2026-11-24", "--reason", "需求变更",
               "--plan", "周二交付", "--json", who="zhao"))
    assert d["state"] == "pending" and d["id"].endswith("-d1")
    impact = js(run("delay", "impact", d["id"], "--json"))
    assert {m["id"] for m in impact["moves"]} == {t["id"] for t in made[1:]}
    assert [x["id"] for x in js(run("delay", "list", "--mine", "--json", who="pat"))] == [d["id"]]
    fails(run("delay", "approve", d["id"], who="zhao"), "wang")
    assert "waits for the other approver" in ok(run("delay", "approve", d["id"], who="wang")).stdout
    done = js(run("delay", "approve", d["id"], "--comment", "同意", "--json", who="pat"))
    assert done["state"] == "approved"
    assert tasks.get_task(ws, made[0]["id"])["due"] == "2026-11-24"
    clock.set(local("2026-11-30 09:00"))  # too late for task 3 (moved: due 2026-12-01)
    fails(run("delay", "request", made[2]["id"], "--to", "2026-12-03", "--reason", "x",
              who="zhao"), "at least 2 days")


def test_delay_reject_and_list(ws, run):
    made = start_project(ws, new_project(ws))
    d = js(run("delay", "request", made[0]["id"], "--to", "2026-11-24", "--reason", "x", "--json",
               who="zhao"))
    assert js(run("delay", "reject", d["id"], "--comment", "不同意", "--json", who="pat"))[
        "state"] == "rejected"
    assert "Rejected" in ok(run("delay", "list")).stdout


def test_deliver_accept_after_one_round_of_changes(ws, run):
    project = new_project(ws)
    start_project(ws, project)
    pid = project["id"]
    v1 = js(run("deliver", pid, "--version", "v1.0", "--features", "登录", "--test-report",
                "通过", "--json", who="zhao"))
    assert run("accept", v1["id"], who="chen").exit_code == 2  # neither --pass nor --changes
    fails(run("accept", v1["id"], "--pass", who="wang"), "chen")
    changed = js(run("accept", v1["id"], "--changes", "注册页需修改", "--json", who="chen"))
    assert changed["state"] == "changes"
    v2 = js(run("deliver", pid, "--version", "v1.1", "--features", "登录, 注册",
                "--test-report", "通过", "--json", who="zhao"))
    assert v2["previous"] == v1["id"]
    accepted = ok(run("accept", str(pid), "--pass", who="pat"))
    assert "accepted" in accepted.stdout
    assert projects.get_project(ws, pid)["state"] == "accepted"
    # taken, but not blind: what is not done is said on stderr (stdout stays the record)
    assert accepted.stderr == "huddle: warning: Still open: 5 tasks are not done\n"
    launched = js(run("project", "launch", pid, "--json", who="wang"))
    assert launched["state"] == "launched"
    r = js(run("retro", pid, "--went-well", "协作顺畅", "--lessons", "需求变更流程需优化",
               "--action", "建立变更评审@pat@2026-12-15", "--json", who="wang"))
    assert r["actions"] == [{"text": "建立变更评审", "owner": "pat", "due": "2026-12-15"}]
    assert kb.get_entry(ws, r["kb"])["kind"] == "retrospective"
    assert run("retro", pid, "--went-well", "x", "--lessons", "y", "--action", "no owner",
               who="wang").exit_code == 2


def test_issue_resource_and_mywork(ws, run, clock):
    project = new_project(ws)
    made = start_project(ws, project)
    pid = project["id"]
    issue = js(run("issue", "file", pid, "系统崩溃 | 无法下单", "--level", "urgent", "--impact",
                   "全部客户", "--discovered-at", "2026-11-15T08:00", "--json", who="zhou"))
    assert issue["late"] is True and issue["escalate_by"]
    assert "late" in ok(run("issue", "file", pid, "x", "--level", "general",
                            "--discovered-at", "2026-11-14T08:00", who="zhou")).stdout
    assert js(run("issue", "link", issue["id"], "INC-3", "--json"))["incident"] == "INC-3"
    assert [i["level"] for i in js(run("issue", "list", "--project", pid, "--json"))] == \
        ["urgent", "general"]
    res = js(run("resource", "request", pid, "--kind", "people", "--what", "+2 engineers",
                 "--approver", "hr", "--json", who="wang"))
    assert res["decide_by"] == "2026-11-19"
    fails(run("resource", "approve", res["id"], who="wang"), "hr")
    assert js(run("resource", "approve", res["id"], "--json", who="hr"))["state"] == "approved"
    work = js(run("mywork", "--json", who="zhao"))
    assert [t["id"] for t in work["confirmations"]] == [made[0]["id"], made[2]["id"]]
    assert all(r["kind"] for r in work["reminders"])
    assert "Confirm receipt (2)" in ok(run("mywork", who="zhao")).stdout


def test_export_project_to_stdout_and_file(ws, run, folder):
    project = new_project(ws)
    start_project(ws, project)
    out = ok(run("export", "project", project["id"], "--form", "tasks", "--lang", "zh")).stdout
    assert out.startswith("# 模板2 跨部门协作任务分配表")
    target = folder.parent / "plan.md"
    ok(run("export", "project", project["id"], "--form", "plan", "-o", target))
    assert target.read_text(encoding="utf-8").startswith("# Template 3")
    assert run("export", "project", project["id"], "--form", "gantt").exit_code == 2
    fails(run("export", "project", project["id"], "--form", "retro"), "no retrospective")


def test_plan_and_lagging_commands(ws, run, clock):
    project = new_project(ws, due="2026-12-23")
    made = start_project(ws, project)
    view = js(run("project", "plan", project["id"], "--json"))
    assert view["buffer"]["ok"] is True and view["critical_days"] == 25
    assert "Critical path" in ok(run("project", "plan", project["id"])).stdout
    clock.set(local("2026-11-19 10:00"))
    lag = js(run("project", "lagging", project["id"], "--json"))
    assert [f["task"]["id"] for f in lag] == [made[0]["id"]]
    js(run("task", "lag", made[0]["id"], "--cause", "resources", "--measure", "加人", "--json",
           who="li"))
    assert js(run("project", "lagging", "--json"))[0]["causes"][0]["measure"] == "加人"


def test_project_show_prints_what_the_store_decides(ws, run, clock):
    """The outlook (store/projects/outlook.py): what waits, what may be done, the risks."""
    pid = new_project(ws)["id"]
    waiting = js(run("project", "show", pid, "--json", who="pat"))["outlook"]["waiting"]
    assert [(w["kind"], w["mine"]) for w in waiting] == [("request", True)]
    start_project(ws, projects.get_project(ws, pid))
    clock.set(local("2026-11-16 17:00"))
    outlook = js(run("project", "show", pid, "--json", who="wang"))["outlook"]
    assert ("updates", "error") in [(r["kind"], r["level"]) for r in outlook["risks"]]
    assert "add_task" in outlook["allowed"]
    out = ok(run("project", "show", pid, who="wang")).stdout
    assert "Risks and flags" in out and "! Daily updates" in out
