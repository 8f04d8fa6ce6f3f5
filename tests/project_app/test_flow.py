"""Pilot: the steps of a project by keyboard through modal forms, each by the member whose
step it is; keys that do not apply are greyed out (check_action → None)."""

from __future__ import annotations

from project_app_helpers import SIZE, lines, open_project, start_project, static_text
from textual.widgets import Input

from store.projects import deliverables, issues as project_issues, resources, retro
from store.warroom import incidents
from store.kb import entries as kb
from store.projects.project import create_project, get_project
from store.projects.tasks import add_task, get_task
from tui.app import make_app
from tui.dialogs.issue_form import IssueForm
from tui.dialogs.project_forms import KickoffForm, RequestDecisionForm, StepForm
from tui.screens.incident import IncidentScreen
from tui.screens.project_detail import ProjectDetailScreen

GREY = None


async def test_request_to_published_tasks_by_keyboard(workspace):
    project = create_project(workspace.acting_as("chen"), "新品发布 [b]x[/b]", pm="bob",
                             initiator_dept="Product", lead_dept="Engineering",
                             goal="上线", due="2024-10-31", background="客户需求")
    pid = project["id"]
    # chen filed it: nothing for chen to decide, no kickoff
    app = make_app(workspace.acting_as("chen"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_project(pilot, pid)
        assert [screen.check_action(a, ()) for a in ("decide", "kickoff", "publish", "launch")] \
            == [GREY, GREY, GREY, GREY]
        overview = static_text(screen, "#overview-text")
        assert "next: the requesting department's head approves the request" in overview
        assert "waits for Alice Wang" in overview
        assert "新品发布 [b]x[/b]" in static_text(screen, "#project-info")  # literal text
    # alice, head of Product, approves
    app = make_app(workspace.acting_as("alice"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_project(pilot, pid)
        assert screen.check_action("decide", ()) is True
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, RequestDecisionForm)
        assert "客户需求" in static_text(app.screen, "#decision-summary")
        await pilot.press("tab", *"同意", "ctrl+s")
        await pilot.pause()
        assert app.screen is screen
    assert get_project(workspace, pid)["approval"]["comment"] == "同意"
    # bob, the PM: kickoff, a task, publish
    app = make_app(workspace.acting_as("bob"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_project(pilot, pid)
        assert screen.check_action("publish", ()) is GREY
        await pilot.press("k")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, KickoffForm)
        form.query_one("#field-held_at", Input).value = "2024-09-02 11:00"   # future
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "in the future" in static_text(form, "#error-held_at")
        form.query_one("#field-held_at", Input).value = "2024-09-02 09:30"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert "minutes due 2024-09-02 11:30" in static_text(screen, "#overview-text")
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"设计")
        form = app.screen
        form.query_one("#field-owner", Input).value = "chen"
        form.query_one("#field-due", Input).value = "2024-09-06"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert screen.check_action("publish", ()) is True
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, StepForm)
        assert "Publish 1 task." in static_text(app.screen, "#step-description")
        await pilot.press("enter")                       # Save has the focus
        await pilot.pause()
        assert app.screen is screen
        assert screen.check_action("publish", ()) is GREY
    assert get_project(workspace, pid)["state"] == "in_progress"
    # chen confirms receipt and reports an urgent issue
    app = make_app(workspace.acting_as("chen"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_project(pilot, pid)
        assert "Confirm receipt (1)" in static_text(screen, "#overview-text")
        await pilot.press("c", "ctrl+s")
        await pilot.pause()
        assert get_task(workspace, f"{pid}-1")["confirmed_by"] == "chen"
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, IssueForm)
        await pilot.press(*"支付接口超时", "tab", "enter", "down", "enter")   # level: urgent
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        [issue] = project_issues.list_issues(workspace, pid)
        assert (issue["level"], issue["description"]) == ("urgent", "支付接口超时")
        assert "Urgent issue" in static_text(screen, "#overview-text")
        await pilot.press("7")
        await pilot.pause()
        drawn = "\n".join(lines(screen.query_one("#issues")))
        assert "Urgent" in drawn and "by 09-02 12:00" in drawn
        # one keystroke turns the urgent issue into an incident, linked both ways (§1.11)
        assert screen.check_action("escalate", ()) is True
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, IncidentScreen)
        [incident] = incidents.list_incidents(workspace)
        assert project_issues.get_issue(workspace, issue["id"])["incident"] == \
            incidents.label(incident["number"])
        assert incident["source"]["id"] == issue["id"]
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert screen.check_action("escalate", ()) is GREY  # already linked
        assert incidents.label(incident["number"]) in "\n".join(lines(screen.query_one("#issues")))


async def test_resources_launch_and_retrospective(workspace):
    start_project(workspace)
    bob = workspace.acting_as("bob")
    deliverables.submit_deliverable(bob, 1, "1.0", "全部功能", "通过")
    deliverables.review_deliverable(workspace.acting_as("chen"), "1-v1", passed=True)
    app = make_app(bob)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_project(pilot)
        await pilot.press("g")
        await pilot.pause()
        form = app.screen
        await pilot.press("tab", *"2 名工程师", "tab", *"2", "tab", *"nobody")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "nobody" in static_text(form, "#error-approver")
        form.query_one("#field-approver", Input).value = "alice"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert resources.get_resource(workspace, "1-r1")["decide_by"] == "2024-09-05"
        assert screen.check_action("retro", ()) is GREY
        await pilot.press("l")                           # launch: says what is not done
        await pilot.pause()
        note = static_text(app.screen, "#step-description")
        assert "Still open: 3 tasks are not done" in note, note
        await pilot.press("enter")
        await pilot.pause()
        assert get_project(workspace, 1)["state"] == "launched"
        await pilot.press("8")
        await pilot.pause()
        assert "due by 2024-09-06 00:00" in static_text(screen, "#retro-text")
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("tab", *"每日更新及时", "tab", *"需求变更需评审")
        await pilot.press("tab", *"建立变更评审 | alice | 2024-09-30")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        text = static_text(screen, "#retro-text")
        assert "每日更新及时" in text and "建立变更评审  —  Alice Wang, 2024-09-30" in text
    saved = retro.get_retrospective(workspace, 1)
    assert saved["actions"] == [{"text": "建立变更评审", "owner": "alice", "due": "2024-09-30"}]
    assert kb.get_entry(workspace, saved["kb"])["kind"] == "retrospective"
    assert get_project(workspace, 1)["state"] == "retrospective_done"


async def test_live_refresh_and_80x24(flow_ws):
    app = make_app(flow_ws.acting_as("bob"), poll_interval=0.05)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_project(pilot)
        assert isinstance(screen, ProjectDetailScreen)
        # another member's change shows without a key press
        add_task(flow_ws.acting_as("bob"), 1, "热修复 [red]x", owner="chen", due="2024-09-10")
        await pilot.pause(0.3)
        assert "4 tasks" in static_text(screen, "#overview-text")
        bar = screen.query_one("#project-tabs")
        for key in "12345678":
            await pilot.press(key)
            await pilot.pause()
            assert screen.tab_name == list(bar.titles)[int(key) - 1] == bar.active
            shown = [pane.NAME for pane in screen.query("ProjectTab") if pane.display]
            assert shown == [screen.tab_name]
            for widget in screen.query("KeyedTable, GanttView"):
                if widget.display and widget.size.height:
                    assert all(len(line) <= 80 for line in lines(widget))
        # a click on a tab's title opens it (the bar fits all eight titles at 80 columns)
        start, _end, name = bar._spans[1]
        assert name == "tasks" and bar._spans[-1][1] <= bar.size.width
        await pilot.click(bar, offset=(start + 1, 0))
        await pilot.pause()
        assert screen.tab_name == "tasks"
        assert "热修复 [red]x" in "\n".join(lines(screen.tasks))
