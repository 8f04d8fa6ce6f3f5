import pytest
from markdown_it import MarkdownIt

from store.projects import (deliverables, delays, progress, flow as project_flow,
                            issues as project_issues, resources, retro)
from store.core.errors import InvalidValue, NotFound
from store.exports import FORMS, export_project
from store.core.markdown import cell

from store.core.clock import FixedClock
from store.core.identity import Actor
from store.core.workspace import Workspace

from .conftest import local, make_org, new_project, start_project

NASTY = "a|b \\| c\nnext line"


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    """One workspace with every form filled in, shared by the read-only export tests."""
    clock = FixedClock(local("2026-11-16 09:00"))
    ws = make_org(Workspace(tmp_path_factory.mktemp("exports"), clock, Actor("admin", "admin")))
    project = new_project(ws)
    made = start_project(ws, project)
    pid = project["id"]
    progress.record_progress(ws.acting_as("zhao"), made[0]["id"], 30, done=NASTY,
                             problems="图标|色值", next_step="明日交付", help_from="li")
    delays.request_delay(ws.acting_as("qian"), made[1]["id"], "2026-12-07", "需求|变更",
                         plan="分两期")
    project_issues.file_issue(ws.acting_as("zhou"), pid, "物料 | 不符合规范", level="urgent",
                              impact="延期3天", discovered_at=local("2026-11-14 09:00"))
    resources.request_resource(ws.acting_as("wang"), pid, "people", "+2 开发|测试", approver="hr")
    first = deliverables.submit_deliverable(ws.acting_as("zhao"), pid, "v1.0", "登录|注册",
                                            "压测 1000 次")
    deliverables.review_deliverable(ws.acting_as("chen"), first["id"], passed=False,
                                    comment="注册页 | 需修改")
    second = deliverables.submit_deliverable(ws.acting_as("zhao"), pid, "v1.1", "登录", "通过")
    deliverables.review_deliverable(ws.acting_as("chen"), second["id"], passed=True)
    project_flow.launch_project(ws.acting_as("wang"), pid)
    retro.save_retrospective(ws.acting_as("wang"), pid, went_well="协作顺畅",
                             lessons="需求变更流程需优化",
                             actions=[{"text": "变更评审|周会", "owner": "pat", "due": None}])
    return ws, pid


@pytest.fixture
def ws(shared):
    return shared[0]


@pytest.fixture
def full(shared):
    return shared[1]


def tables(markdown: str) -> list[list[list[str]]]:
    """Every table as rows of cell texts, as a GFM renderer sees them."""
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    found, rows, row = [], None, None
    for tok in tokens:
        if tok.type == "table_open":
            rows = []
        elif tok.type == "tr_open":
            row = []
        elif tok.type == "inline" and row is not None:
            row.append(tok.content)
        elif tok.type == "tr_close":
            rows.append(row)
            row = None
        elif tok.type == "table_close":
            found.append(rows)
    return found


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("form", FORMS)
def test_every_form_renders_with_whole_rows(ws, full, form, lang):
    text = export_project(ws, full, form, lang)
    assert text.startswith("# ") and text.endswith("\n")
    for table in tables(text):
        assert len({len(r) for r in table}) == 1, table  # no cell ever splits a row


HEADINGS = {
    "request": ("Template 1 Cross-department collaboration request form", "模板1 跨部门协作需求申请表"),
    "tasks": ("Template 2 Cross-department task assignment form", "模板2 跨部门协作任务分配表"),
    "plan": ("Template 3 Cross-department schedule plan", "模板3 跨部门协作进度计划表"),
    "tracking": ("Template 4 Cross-department progress tracking form", "模板4 跨部门协作进度跟踪表"),
    "issues": ("Template 5 Cross-department issue feedback form", "模板5 跨部门协作问题反馈表"),
    "delivery": ("Deliverable description", "成果交付说明"),
    "retro": ("Project retrospective report", "项目复盘报告"),
}


@pytest.mark.parametrize("form", FORMS)
def test_headings_in_both_languages(ws, full, form):
    en, zh = HEADINGS[form]
    assert export_project(ws, full, form, "en").splitlines()[0] == f"# {en}"
    assert export_project(ws, full, form, "zh").splitlines()[0] == f"# {zh}"


def test_pipes_in_user_text_are_escaped(ws, full):
    tracking = export_project(ws, full, "tracking", "zh")
    assert "a\\|b \\\\\\| c<br>next line" in tracking
    row = [r for r in tables(tracking)[0] if r[0] == "2026-11-16"][0]
    # the renderer sees one cell holding the text as typed: a|b \| c
    assert row[4] == "a|b \\\\| c<br>next line" and row[7] == "【需协助】李立"
    assert "| 1-i1 | 物料 \\| 不符合规范 | 紧急 |" in export_project(ws, full, "issues", "zh")
    assert cell("x|y") == "x\\|y" and cell(None) == "" and cell("a\nb") == "a<br>b"


def test_form_contents(ws, full):
    issues = export_project(ws, full, "issues", "en")
    assert "| Urgent |" in issues and "| Yes |" in issues  # filed > 24 h after discovery
    delivery = export_project(ws, full, "delivery", "zh")
    assert delivery.index("版本 v1.1") < delivery.index("版本 v1.0")  # newest first, all kept
    assert "注册页 \\| 需修改" in delivery and "需修改" in delivery
    plan = export_project(ws, full, "plan", "zh")
    assert "关键路径" in plan and "```text" in plan and "缓冲期" in plan
    assert "+2 开发\\|测试" in plan and "| 人员 |" in plan
    tracking = export_project(ws, full, "tracking", "en")
    assert "需求\\|变更" in tracking and "| Awaiting approval |" in tracking
    retro_md = export_project(ws, full, "retro", "zh")
    assert "## 做得好的" in retro_md and "变更评审\\|周会" in retro_md
    request = export_project(ws, full, "request", "zh")
    assert "| 牵头部门 | 研发部 |" in request and "Pat 潘" in request


def test_bad_form_and_missing_retro(tmp_path):
    ws = make_org(Workspace(tmp_path, FixedClock(local("2026-11-16 09:00")),
                            Actor("admin", "admin")))
    project = new_project(ws)
    with pytest.raises(InvalidValue, match="form"):
        export_project(ws, project["id"], "gantt")
    with pytest.raises(NotFound, match="retrospective"):
        export_project(ws, project["id"], "retro", "en")


def test_plan_export_shows_float_conflicts_overlaps_and_late(ws):
    from store.projects import tasks
    project = new_project(ws, due="2026-12-17")
    made = start_project(ws, project)
    p = project["id"]
    extra = tasks.add_task(ws.acting_as("wang"), p, "预热物料", owner="zhou", start="2026-12-02",
                           due="2026-12-11", depends=[made[1]["id"]], overlap=True)
    with ws.transaction(f"project-{p}") as tx:   # data from before the rule
        tx.table("tasks").update({"start": "2026-11-20"}, doc_ids=[3])
        tx.audit("test", f"{p}-3")
    text = export_project(ws, p, "plan", "en")
    assert f"Late: {p}-5 finishes after the project's due date 2026-12-17 (last finish " \
           "2026-12-18, 1 working days over) ⚠" in text
    assert f"⚠ {p}-3 starts 2026-11-20, before {p}-1 finishes (2026-11-20)" in text
    assert f"⇄ {extra['id']} overlaps {p}-2 on purpose (starts 2026-12-02, {p}-2 finishes " \
           "2026-12-04)" in text
    assert "| Earliest start | Latest finish | Float |" in text
    assert f"| {p}-3 | 测试用例编写 | 赵工 | 2026-11-20 | 2026-11-27 | 6 | 2026-11-23 | " \
           f"2026-12-04 | 5 | {p}-1 ⚠ |" in text
    gantt = text.split("```text")[1].split("```")[0]
    row_5 = next(line for line in gantt.splitlines() if line.startswith(f"{p}-5"))
    assert row_5.rstrip().endswith("#x")                 # 12-18 is past the due date 12-17
    row_3 = next(line for line in gantt.splitlines() if line.startswith(f"{p}-3"))
    assert row_3.split()[1:] == ["========.......", "|"]  # 11-20…11-27, float to 12-04
