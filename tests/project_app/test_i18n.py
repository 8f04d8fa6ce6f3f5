"""Chinese: every message of the project screens has a translation, and the screens work
in zh (CJK labels keep the Gantt aligned)."""

from __future__ import annotations

import ast
from pathlib import Path

from project_app_helpers import SIZE, lines, open_project, static_text
from rich.cells import cell_len

from store.core.i18n import catalogue, set_language
from tui.app import make_app

REPO = Path(__file__).resolve().parents[2]
FILES = ["tui/screens/project_detail.py", "tui/screens/mywork.py", "tui/widgets/gantt.py",
         *(str(p.relative_to(REPO)) for p in (REPO / "tui/screens/project_tabs").glob("*.py")),
         "tui/dialogs/project_forms.py", "tui/dialogs/delay_forms.py",
         "tui/dialogs/deliverable_forms.py", "tui/dialogs/issue_form.py",
         "tui/dialogs/retro_form.py", "tui/dialogs/project_decisions.py"]


def messages(path: Path) -> set[str]:
    """tr("…") literals, binding descriptions, column and field labels, label tables."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            index = {"tr": 0, "Binding": 2, "Col": 1, "row": 1}.get(name)
            if index is not None and len(node.args) > index:
                arg = node.args[index]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.add(arg.value)
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict):
            target = getattr(node.targets[0], "id", "")
            if target.endswith(("LABELS", "STATES", "KINDS")):
                found.update(v.value for v in node.value.values
                             if isinstance(v, ast.Constant) and isinstance(v.value, str))
    return {m for m in found if m.strip(" %")}


def test_every_message_has_a_chinese_translation():
    zh = catalogue("zh")
    missing = {m: f for f in FILES for m in messages(REPO / f) if m not in zh}
    assert not missing


async def test_project_screen_in_chinese(flow_ws):
    app = make_app(flow_ws.acting_as("bob"), lang="zh")
    try:
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_project(pilot, tab="plan")
            bar = screen.query_one("#project-tabs").render().plain
            assert [title.strip() for title in bar.split("  ")][:5] == [
                "1 概览", "2 任务清单", "3 进度计划", "4 进度跟踪", "5 延期与审批"]
            assert "关键路径" in static_text(screen, "#plan-status")
            drawn = lines(screen.query_one("#gantt"))
            assert "●关键路径 ◆里程碑" in drawn[0]
            assert {cell_len(line.split("│", 1)[0]) for line in drawn if "│" in line} == \
                {screen.query_one("#gantt").name_width}
            assert any("需求评审" in line for line in drawn)
    finally:
        set_language("en")


def test_every_binding_has_a_description_and_an_id():
    from tui.dialogs.project_forms import StepForm
    from tui.screens.mywork import MyWorkScreen
    from tui.screens.project_detail import ProjectDetailScreen
    from tui.widgets.gantt import GanttView
    for cls in (ProjectDetailScreen, MyWorkScreen, GanttView, StepForm):
        for binding in cls.BINDINGS:
            assert binding.description and binding.id, (cls.__name__, binding)
