"""The command-line paths of the second round of project rules (sign-off, acceptor,
requirements document, major issue response, minutes with actions, late updates)."""

from store.projects import deliverables, project as projects
from store.kb import entries as kb

from .conftest import local, new_project, start_project
from .test_cli import clock, fails, folder, js, ok, run, ws  # noqa: F401  (fixtures)


def test_requirements_document_from_a_markdown_file(ws, run, tmp_path):
    good = tmp_path / "需求说明书.md"
    good.write_text("# 功能清单\n- 登录\n\n# 用户画像\n- 新用户\n\n# 预期成果\n转化率 25%\n",
                    encoding="utf-8")
    base = ["project", "add", "官网改版", "--pm", "wang", "--initiator-dept", "产品部",
            "--lead-dept", "研发部", "--goal", "上线", "--due", "2026-12-31"]
    pid = ok(run(*base, "--requirements", good, who="chen")).stdout.strip()
    assert projects.get_project(ws, pid)["requirements_doc"].startswith("# 功能清单\n- 登录")
    bad = tmp_path / "latin1.md"
    bad.write_bytes("需求".encode("gbk"))
    result = run("project", "edit", pid, "--requirements", bad, who="wang")
    assert result.exit_code == 1 and "latin1.md is not valid UTF-8" in result.stderr
    ctrl = tmp_path / "ctrl.md"
    ctrl.write_text("ok\nbad \x1b[31m line\n", encoding="utf-8")
    result = run("project", "edit", pid, "--requirements", ctrl, who="wang")
    assert result.exit_code == 1 and "ctrl.md contains a control character (U+001B) on line 2" \
        in result.stderr
    assert "Traceback" not in result.stderr
    out = ok(run("export", "project", pid, "--form", "request")).stdout
    assert "## Requirements document" in out and "### 功能清单" in out


def test_acceptor_named_by_the_head_on_the_command_line(ws, run, clock):
    project = new_project(ws)
    start_project(ws, project)
    pid = project["id"]
    fails(run("project", "edit", pid, "--acceptor", "zhou", who="wang"), "head of 产品部")
    assert "accepted by 周专员" in ok(run("project", "edit", pid, "--acceptor", "zhou",
                                          who="pat")).stdout
    v1 = deliverables.submit_deliverable(ws.acting_as("zhao"), pid, "v1", "登录", "通过")
    fails(run("accept", v1["id"], "--pass", who="wang"), "zhou")
    assert js(run("accept", v1["id"], "--pass", "--json", who="zhou"))["state"] == "passed"


def test_signoff_and_major_issue_response(ws, run, clock):
    project = new_project(ws)
    start_project(ws, project)
    pid = project["id"]
    fails(run("task", "signoff", pid, "--dept", "研发部", who="wang"), "li")
    ok(run("task", "signoff", pid, "--dept", "研发部", who="li"))
    rows = js(run("task", "signoffs", pid, "--json"))
    assert [(r["dept"], r["current"]) for r in rows] == [("市场部", False), ("研发部", True)]
    issue = js(run("issue", "file", pid, "物料不符合品牌规范", "--level", "major", "--json",
                   who="zhou"))
    assert issue["respond_by"] == "2026-11-17T01:00:00+00:00"
    fails(run("issue", "respond", issue["id"], "--measure", "x", who="zhou"), "head of 研发部")
    answered = js(run("issue", "respond", issue["id"], "--measure", "重做物料", "--json",
                      who="li"))
    assert answered["response"]["measure"] == "重做物料" and not answered["response"]["late"]


def test_weekly_minutes_with_actions_land_in_the_knowledge_base(ws, run, clock):
    project = new_project(ws)
    start_project(ws, project)
    clock.set(local("2026-11-19 18:00"))
    out = js(run("project", "minutes", project["id"], "--weekly", "2026-11-18", "--risks", "联调",
                 "--decision", "周五复查", "--action", "补测试用例|zhao|2026-11-20", "--json",
                 who="wang"))
    assert out["actions"] == [{"text": "补测试用例", "owner": "zhao", "due": "2026-11-20"}]
    assert not out["late"] and out["due_at"] == "2026-11-19T16:00:00+00:00"
    assert [e["kind"] for e in kb.list_entries(ws)] == ["minutes"]


def test_late_update_and_quiet_project_on_the_command_line(ws, run, clock):
    import orjson
    project = new_project(ws)
    made = start_project(ws, project)
    clock.set(local("2026-11-16 17:30"))
    out = ok(run("task", "update", made[0]["id"], "--progress", "30", who="zhao")).stdout
    assert "(late: due 2026-11-16 17:00)" in out
    assert "Late" in ok(run("task", "updates", made[0]["id"])).stdout
    tracking = ok(run("export", "project", project["id"], "--form", "tracking")).stdout
    assert "Late (due 2026-11-16 17:00)" in tracking
    clock.set(local("2027-01-05 10:00"))
    due = orjson.loads(ok(run("remind", "--json")).stdout)["due"]
    assert any(r["kind"] == "task.due" for r in due)
    ok(run("project", "cancel", project["id"], "--reason", "预算取消", who="chen"))
    assert orjson.loads(ok(run("remind", "--json")).stdout)["due"] == []


def test_signoffs_in_the_task_allocation_export(ws, run, clock):
    project = new_project(ws)
    start_project(ws, project)
    ok(run("task", "signoff", project["id"], "--dept", "研发部", who="li"))
    out = ok(run("export", "project", project["id"], "--form", "tasks", "--lang", "zh")).stdout
    assert "## 各部门负责人签字确认" in out
    assert "| 研发部 | 李立 | 李立 于 2026-11-16 09:00 签字 |" in out
    assert "| 市场部 | 马主管 | 尚未签字 |" in out
