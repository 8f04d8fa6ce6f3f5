"""The command-line paths of the second round of project rules (sign-off, acceptor,
requirements document, major issue response, minutes with actions, late updates)."""

from store import deliverables, kb, projects

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
