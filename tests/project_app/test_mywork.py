"""Pilot: My work (F3) lists what waits for the member — decisions (a delay, a resource
request), receipts to confirm, updates due today, help asked of them — and acts on it."""

from __future__ import annotations

from project_app_helpers import SIZE, static_text

from store.projects import delays, progress, resources
from tui.app import make_app
from tui.dialogs.delay_forms import DelayDecisionForm
from tui.dialogs.project_forms import ConfirmReceiptForm
from tui.screens.mywork import MyWorkScreen
from tui.screens.project_detail import ProjectDetailScreen


def cells(table, column: str) -> list[str]:
    return [table.get_cell(row.key, column).plain for row in table.ordered_rows]


async def test_my_work_lists_pending_approvals(flow_ws):
    delays.request_delay(flow_ws.acting_as("chen"), "1-2", "2024-09-25", "范围扩大")
    resources.request_resource(flow_ws.acting_as("bob"), 1, "people", "2 名测试工程师",
                               approver="alice", decide_by="2024-09-04")
    progress.record_progress(flow_ws.acting_as("chen"), "1-1", 10, problems="缺设计稿",
                             help_from="alice")
    app = make_app(flow_ws.acting_as("alice"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f3")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MyWorkScreen)
        waiting = screen.waiting
        assert cells(waiting, "key") == ["1-d1", "1-r1", "1-3"]
        assert cells(waiting, "kind") == ["Delay request", "Resource request", "Confirm receipt"]
        assert cells(waiting, "title") == ["1-2: 2024-09-20 → 2024-09-25", "2 名测试工程师",
                                           "Test"]
        assert cells(waiting, "due")[1] == "2024-09-05 00:00"
        summary = static_text(screen, "#mywork-summary")
        assert "Waiting for your decision: 2" in summary and "To confirm: 1" in summary
        assert "陈静 asks you for help with 1-1: 缺设计稿" in static_text(screen, "#mywork-help")
        assert cells(screen.task_table, "id") == ["1-3"]
        # y decides the selected item: the delay, with the slip it causes
        assert app.focused is waiting
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, DelayDecisionForm)
        assert "Impact: the task slips 3 working days" in static_text(app.screen, "#decision-summary")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert delays.get_delay(flow_ws, "1-d1")["approvals"]["head"]["by"] == "alice"
        assert cells(waiting, "key") == ["1-r1", "1-3"]       # no longer waits for alice
        # c confirms the receipt
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmReceiptForm)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert cells(waiting, "key") == ["1-r1"]
        # Enter opens the project on the tab of the selected item
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ProjectDetailScreen)
        assert app.screen.tab_name == "approvals"
        assert "1-r1" in str(app.screen.query_one("#resources").get_row("1-r1")[0])


async def test_my_work_shows_updates_due_today(flow_ws):
    app = make_app(flow_ws.acting_as("chen"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        screen = app.screen
        assert "Updates due today by 17:00: 1" in static_text(screen, "#mywork-summary")
        assert cells(screen.task_table, "id") == ["1-1", "1-2"]
        assert cells(screen.task_table, "today") == ["update due", ""]
        assert screen.check_action("decide", ()) is None       # nothing to decide: greyed
        screen.task_table.focus()
        await pilot.press("u")
        await pilot.pause()
        await pilot.press("tab", "end", "backspace", *"30", "ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert cells(screen.task_table, "today") == ["updated", ""]
        assert "Updates due today by 17:00: 0" in static_text(screen, "#mywork-summary")
