"""Pilot: a progress update with a help flag, and a delay asked by the owner and approved by
the PM and the requesting department's head — each identity an app of its own, built on
`ws.acting_as(login)` (an admin acting for the member)."""

from __future__ import annotations

from project_app_helpers import SIZE, lines, open_project, static_text
from textual.widgets import Input

from store.projects import delays, progress
from store.projects.tasks import get_task
from tui.app import make_app
from tui.dialogs.delay_forms import DelayDecisionForm, DelayRequestForm
from tui.dialogs.progress_entry import ProgressEntryDialog


async def test_progress_update_with_help_flag(flow_ws):
    app = make_app(flow_ws.acting_as("chen"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_project(pilot)
        await pilot.press("u")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ProgressEntryDialog)
        await pilot.press("tab", "end", "backspace", *"40")            # percent
        await pilot.press("tab", *"评审完成一半")                       # done
        await pilot.press("tab", *"等待设计稿")                         # problems
        await pilot.press("tab", *"明天继续")                           # next step
        await pilot.press("tab", *"alice")                              # needs help from
        assert form.query_one("#field-help_from", Input).value == "alice"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        entry = progress.latest(flow_ws, "1-1")
        assert (entry["percent"], entry["help_from"], entry["problems"], entry["by"]) == \
            (40, "alice", "等待设计稿", "chen")
        assert get_task(flow_ws, "1-1")["progress"] == 40
        overview = static_text(screen, "#overview-text")
        assert "【需协助】 1-1: 陈静 asks Alice Wang for help — 等待设计稿" in overview
        await pilot.press("4")                                          # Updates tab
        await pilot.pause()
        table = screen.query_one("#updates")
        drawn = "\n".join(lines(table))
        assert "【需协助】Alice Wang" in drawn and "评审完成一半" in drawn
        assert table.get_cell(entry["id"], "help").spans                # highlighted
        assert "【需协助】 1" in static_text(screen, "#updates-info")
        assert "等待设计稿" in static_text(screen, "#update-detail")


async def test_delay_requested_by_owner_approved_by_pm_and_head(flow_ws):
    # chen, the owner of 1-2, asks from the Tasks tab
    app = make_app(flow_ws.acting_as("chen"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_project(pilot)
        await pilot.press("2", "down", "d")                             # task 1-2
        await pilot.pause()
        form = app.screen
        assert isinstance(form, DelayRequestForm)
        assert form.text("task") == "1-2"
        assert "File by: 2024-09-19 00:00" in static_text(form, "#delay-rule")
        await pilot.press("tab", *"2024-09-19")                         # not after the due date
        await pilot.press("tab", *"范围扩大", "tab", *"拆分为两期")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "2024-09-19" in static_text(form, "#error-new_due")
        form.query_one("#field-new_due", Input).value = "2024-09-25"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert screen.check_action("decide", ()) is None                # nothing for chen
    [delay] = delays.list_delays(flow_ws, 1)
    assert (delay["id"], delay["state"], delay["new_due"]) == ("1-d1", "pending", "2024-09-25")

    # bob, the PM, sees it waiting, sees the slip, approves
    app = make_app(flow_ws.acting_as("bob"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_project(pilot)
        assert "Waiting for you (1)" in static_text(screen, "#overview-text")
        await pilot.press("5")                                          # Delays & approvals
        await pilot.pause()
        assert "1-d1" in "\n".join(lines(screen.query_one("#delays")))
        detail = static_text(screen, "#delay-detail")
        assert "slips 3 working days" in detail and "1-3" in detail
        await pilot.press("y")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, DelayDecisionForm)
        summary = static_text(form, "#decision-summary")
        # 1-3 starts the working day after 1-2's new due date, keeping its 5 working days
        assert "◆ 1-3 Test  2024-09-23…2024-09-27 → 2024-09-26…2024-10-02 (+3 working days)" \
            in summary
        assert "Milestones that move: 1-3" in summary
        await pilot.press("ctrl+s")                                     # Approve is the default
        await pilot.pause()
        assert app.screen is screen
        assert screen.check_action("decide", ()) is None                # done with it
    delay = delays.get_delay(flow_ws, "1-d1")
    assert delay["state"] == "pending" and delay["approvals"]["pm"]["by"] == "bob"
    assert get_task(flow_ws, "1-2")["due"] == "2024-09-20"

    # alice, head of the requesting department, approves: the deadline moves
    app = make_app(flow_ws.acting_as("alice"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_project(pilot)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, DelayDecisionForm)
        await pilot.press("tab", *"同意")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("5")
        await pilot.pause()
        table = screen.query_one("#delays")
        assert table.get_cell("1-d1", "state").plain == "Approved"
        assert [table.get_cell("1-d1", c).plain for c in ("pm", "head")] == ["✓", "✓"]
    task = get_task(flow_ws, "1-2")
    assert task["due"] == "2024-09-25"
    assert task["due_history"][0]["due"] == "2024-09-20"
    moved = get_task(flow_ws, "1-3")                    # the dependent moved, with its history
    assert (moved["start"], moved["due"]) == ("2024-09-26", "2024-10-02")
    assert moved["due_history"][0]["after"] == "1-2"
    assert delays.get_delay(flow_ws, "1-d1")["approvals"]["head"]["comment"] == "同意"


async def test_tasks_tab_shows_an_old_latest_update_once_the_table_is_drawn(flow_ws, clock):
    """The highlighted task's latest update comes from the head's recent updates, or, when it
    is older than those, from the project's whole history once the task table is on the
    screen: the line is there either way, and stays when the cursor comes back."""
    progress.record_progress(flow_ws.acting_as("chen"), "1-1", 30, done="初稿")
    clock.advance(days=60)  # a later update of another task: 1-1's is old now
    progress.record_progress(flow_ws.acting_as("chen"), "1-2", 10, done="开工")
    app = make_app(flow_ws.acting_as("chen"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_project(pilot)
        await pilot.press("2")                                          # Tasks tab, 1-1
        await pilot.pause()
        await pilot.pause()
        assert screen.tasks.selected_key == "1-1"
        assert "Latest update" in static_text(screen, "#task-detail")
        assert "30 %  初稿" in static_text(screen, "#task-detail")
        await pilot.press("down")                                       # 1-2: a recent one
        await pilot.pause()
        assert "10 %  开工" in static_text(screen, "#task-detail")
        await pilot.press("up")
        await pilot.pause()
        assert "30 %  初稿" in static_text(screen, "#task-detail")
