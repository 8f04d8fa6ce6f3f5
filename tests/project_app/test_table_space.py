"""Space goes where the text is (issue 15, point 4): the flexible column's spare width goes
to a column whose text is cut; headers are cut with "…"; the highlighted row's cut text is
shown whole in a line under the list; the Plan tab's status line wraps instead of cutting."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from project_app_helpers import start_project

from store.people.members import add_member
from store.projects.project import create_project
from tui.app import make_app
from tui.widgets.keyed_table import KeyedTable

LONG_NAME = "第三季度官网改版与支付回调超时问题复盘及后续改进计划（含客服培训与补偿方案）"


def detail_text(table) -> str:
    detail = table._detail
    return detail.text if detail is not None and detail.display else ""


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_cut_pm_gets_the_spare_width(flow_ws, lang):
    add_member(flow_ws, "zhangweiwei", "欧阳娜娜丽莎·王", "Engineering")
    create_project(flow_ws.acting_as("chen"), "短名", pm="zhangweiwei", initiator_dept="Product",
                   lead_dept="Engineering", goal="x", due="2024-10-31")
    app = make_app(flow_ws, lang=lang)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#projects", KeyedTable)
        widths = dict(table._layout)
        pm = table.get_cell("2", "pm").plain
        assert cell_len(pm) > 10 and widths["pm"] >= cell_len(pm)   # not cut: it got the room
        assert detail_text(table) == ""                     # nothing cut, no line


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_highlighted_rows_cut_text_shows_whole_under_the_list(flow_ws, lang):
    start_project(flow_ws, name=LONG_NAME)
    app = make_app(flow_ws, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#projects", KeyedTable)
        assert detail_text(table) == ""                     # row 1 fits
        await pilot.press("down")
        await pilot.pause()
        label = "名称：" if lang == "zh" else "Name: "   # a full-width colon in Chinese
        assert f"{label}{LONG_NAME}" in detail_text(table)
        await pilot.press("up")
        await pilot.pause()
        assert detail_text(table) == ""


async def test_headers_are_cut_with_an_ellipsis(flow_ws):
    app = make_app(flow_ws, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#projects", KeyedTable)
        header = table.render_line(0).text
        for column in table.columns.values():
            assert column.label.overflow == "ellipsis"
        assert "…" in header or all(
            len(column.label.plain) * 2 <= column.width for column in table.columns.values())


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_plan_tabs_status_line_is_read_whole(flow_ws, lang):
    from project_app_helpers import open_project
    app = make_app(flow_ws, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_project(pilot, 1, "plan")
        await pilot.pause()
        status = screen.query_one("#plan-status")
        whole = status.content.plain
        drawn = "".join(status.render_line(y).text.strip() for y in range(status.size.height))
        assert "…" not in drawn and drawn.replace(" ", "") == whole.replace(" ", "")
