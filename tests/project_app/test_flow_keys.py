"""Flow (issue 15, point 6): j/k beside the arrows in lists, `/` filters every list, a
greyed-out key says why in the line above the Footer."""

from __future__ import annotations

import pytest
from project_app_helpers import SIZE, start_project

from tui.app import make_app
from tui.screens.mywork import MyWorkScreen
from tui.widgets.keyed_table import KeyedTable


def note(app) -> str:
    found = app.screen.query("#key-note")  # mounted the first time a note is shown
    return found.first().content.plain if found and found.first().display else ""


async def test_j_and_k_move_in_a_list(flow_ws):
    start_project(flow_ws, name="第二个项目")
    app = make_app(flow_ws)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#projects", KeyedTable)
        assert table.has_focus and table.selected_key == "1"
        await pilot.press("j")
        assert table.selected_key == "2"
        await pilot.press("k")
        assert table.selected_key == "1"


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_slash_filters_a_list_that_had_no_filter(flow_ws, lang):
    start_project(flow_ws, name="官网改版")
    app = make_app(flow_ws, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3")                         # My work: a list without a filter
        await pilot.pause()
        table = app.screen.query_one("#mywork-tasks", KeyedTable)
        table.focus()
        before = table.row_count
        await pilot.press("slash")
        await pilot.pause()
        assert app.focused.__class__.__name__ == "Input"
        for char in "zzz":
            await pilot.press(char)
        await pilot.pause()
        assert table.row_count == 0
        await pilot.press("escape")                     # clears and goes back to the list
        await pilot.pause()
        assert table.row_count == before and table.has_focus


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_key_that_does_not_apply_says_why(flow_ws, lang):
    app = make_app(flow_ws, lang=lang)                  # the admin: nothing to decide
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(app.screen, MyWorkScreen)
        assert note(app) == ""
        await pilot.press("y")
        await pilot.pause()
        expected = ("没有待您审批的事项" if lang == "zh" else "nothing waits for your decision")
        assert expected in note(app)


async def test_an_area_key_opens_the_list_and_again_the_last_record(flow_ws):
    from tui.screens.project_detail import ProjectDetailScreen
    from tui.screens.projects import ProjectsScreen
    app = make_app(flow_ws)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")                      # project 1
        await pilot.pause()
        detail = app.screen
        assert isinstance(detail, ProjectDetailScreen)
        await pilot.press("f3")                         # another area …
        await pilot.pause()
        await pilot.press("f2")                         # … then Projects: the list
        await pilot.pause()
        assert isinstance(app.screen, ProjectsScreen)
        await pilot.press("f2")                         # again: back to project 1, as it was
        await pilot.pause()
        assert app.screen is detail
        await pilot.press("f2")                         # on the record: the list
        await pilot.pause()
        assert isinstance(app.screen, ProjectsScreen)
        await pilot.press("f2")
        await pilot.pause()
        assert app.screen is detail
        await pilot.press("escape")                     # left with Escape: nothing to return to
        await pilot.pause()
        assert isinstance(app.screen, ProjectsScreen)
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, ProjectsScreen)
        assert not detail.is_attached                   # removed, not kept for good


async def test_k_on_a_project_after_its_kickoff_says_why(flow_ws):
    from project_app_helpers import open_project
    app = make_app(flow_ws, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_project(pilot, 1, "tasks")
        screen.query_one(KeyedTable).focus()
        await pilot.pause()
        await pilot.press("k")                          # kickoff: done already
        await pilot.pause()
        assert "不允许此操作" in note(app)


async def test_a_long_reminder_is_read_whole_on_the_reminders_screen(flow_ws):
    from store.projects import delays
    delays.request_delay(flow_ws.acting_as("chen"), "1-2", "2024-09-25",
                         "范围扩大：新增支付回调重试、订单状态补偿和客服工单联动三项需求")
    app = make_app(flow_ws.acting_as("alice"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f8")
        await pilot.pause()
        table = app.screen.query_one("#reminders-mine", KeyedTable)
        key = next(k for k in table._rows if "d1" in k or "delay" in k)
        table.select_key(key)
        await pilot.pause()
        whole = table.get_cell(key, "reminder").plain
        assert "waits for your approval" in whole
        assert table._detail is not None and whole in table._detail.text


async def test_slash_on_the_standups_team_list(flow_ws):
    app = make_app(flow_ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        members = app.screen.query_one("#standup-members", KeyedTable)
        members.focus()
        await pilot.press("slash")
        await pilot.pause()
        line = app.screen.query_one("TableFilter")
        assert line.region.width > 40 and line.region.bottom <= members.region.y
        await pilot.press("z", "z", "z")
        await pilot.pause()
        assert members.row_count == 0
