"""Pilot: the keys of the project rules on the project screen — minutes (m), the
department head's sign-off (o), the answer to a major issue (v), naming the acceptor (n)."""

from __future__ import annotations

from project_app_helpers import SIZE, open_project, static_text

from store.kb import entries as kb
from store.projects import kickoff, issues as project_issues, signoff
from store.projects.project import get_project
from tui.app import make_app
from tui.dialogs.project_rules_forms import (AcceptorForm, IssueResponseForm, MinutesForm,
                                             SignoffForm)


def footer_keys(app) -> set[str]:
    return {key for key, active in app.screen.active_bindings.items() if active.enabled}


async def test_pm_files_kickoff_minutes_with_decisions_and_actions(flow_ws, clock):
    clock.advance(hours=1)
    app = make_app(flow_ws.acting_as("bob"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_project(pilot)
        await pilot.press("m")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, MinutesForm) and form.text("meeting") == "kickoff:"
        await pilot.press("tab", "tab", *"需求逐项说明", "tab", *"联调风险", "tab", "tab",
                          *"MVP 9月底", "tab", *"补测试 | chen | 2024-09-04")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen, static_text(form, "#form-error")
    status = kickoff.kickoff_status(flow_ws, 1)
    assert status["minutes"] is not None and not status["late"]
    entry = next(e for e in kb.list_entries(flow_ws) if e["kind"] == "minutes")
    assert "MVP 9月底" in kb.get_entry(flow_ws, entry["id"])["body"]


async def test_head_signs_off_the_task_allocation(flow_ws):
    app = make_app(flow_ws.acting_as("chen"))
    async with app.run_test(size=SIZE) as pilot:
        await open_project(pilot)
        assert "o" not in footer_keys(app)          # chen heads no department
    app = make_app(flow_ws.acting_as("alice"))      # head of Product: chen's and her tasks
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_project(pilot)
        assert "o" in footer_keys(app)
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, SignoffForm)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert "o" not in footer_keys(app)          # signed: nothing left to sign
    assert [(r["dept"], r["current"]) for r in signoff.signoff_status(flow_ws, 1)] == \
        [("Product", True)]


async def test_lead_head_answers_a_major_issue(flow_ws):
    issue = project_issues.file_issue(flow_ws.acting_as("chen"), 1, "物料不符合规范",
                                      level="major")
    app = make_app(flow_ws.acting_as("bob"))        # PM and head of the lead department
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_project(pilot, tab="issues")
        await pilot.press("v")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, IssueResponseForm)
        assert "物料不符合规范" in static_text(form, "#issue-summary")
        await pilot.press("ctrl+s")                  # empty: refused next to the field
        await pilot.pause()
        assert "required" in static_text(form, "#error-measure")
        await pilot.press(*"重做物料")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
    assert project_issues.get_issue(flow_ws, issue["id"])["response"]["measure"] == "重做物料"


async def test_requesting_head_names_the_acceptor(flow_ws):
    app = make_app(flow_ws.acting_as("alice"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_project(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, AcceptorForm)
        await pilot.press(*"bob", "enter")
        await pilot.pause()
        assert app.screen is screen
    assert get_project(flow_ws, 1)["acceptor"] == "bob"


async def test_requirements_document_typed_in_the_request_form(flow_ws):
    from textual.widgets import TextArea

    from tui.dialogs.project_form import ProjectForm
    from tui.screens.projects import ProjectsScreen
    app = make_app(flow_ws.acting_as("chen"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ProjectsScreen)
        await pilot.press("e")                              # edit the selected project
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ProjectForm)
        area = form.query_one("#field-requirements_doc", TextArea)
        area.focus()
        await pilot.press(*"# 功能清单", "enter", *"- 登录", "enter", *"bad ")
        area.insert("\x07")                                 # a pasted BEL: refused, kept
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "control character" in static_text(form, "#error-requirements_doc")
        await pilot.press("backspace")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ProjectsScreen)
    assert get_project(flow_ws, 1)["requirements_doc"] == "# 功能清单\n- 登录\nbad"


async def test_updates_tab_marks_a_late_update(flow_ws, clock):
    from store.projects import progress
    clock.set(clock.now().replace(hour=9, minute=30))           # 17:30 in Shanghai
    progress.record_progress(flow_ws.acting_as("chen"), "1-1", 30, done="初稿")
    app = make_app(flow_ws.acting_as("bob"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_project(pilot, tab="updates")
        await pilot.pause()
        assert "Late update (due 2024-09-02 17:00)" in static_text(screen, "#update-detail")


async def test_my_work_shows_a_standing_help_flag_from_yesterday(flow_ws, clock):
    from store.projects import progress
    from tui.screens.mywork import MyWorkScreen
    progress.record_progress(flow_ws.acting_as("chen"), "1-1", 10, problems="缺设计稿",
                             help_from="bob")
    clock.advance(days=1)                                       # Tuesday: still standing
    app = make_app(flow_ws.acting_as("bob"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(app.screen, MyWorkScreen)
        assert "陈静 asks you for help with 1-1: 缺设计稿" in static_text(app.screen,
                                                                    "#mywork-help")


async def test_a_cancelled_project_is_quiet_on_my_work(flow_ws, clock):
    from store.projects import flow as project_flow
    from tui.screens.mywork import MyWorkScreen
    clock.set(clock.now().replace(month=10))                    # every task past its due day
    project_flow.cancel_project(flow_ws.acting_as("chen"), 1, "预算取消")
    app = make_app(flow_ws.acting_as("chen"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f3")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MyWorkScreen)
        assert screen.task_table.row_count == 0
        assert "Task due" not in static_text(screen, "#mywork-summary")


async def test_the_named_acceptor_accepts_with_y(flow_ws):
    from store.projects import deliverables, project as projects
    from tui.dialogs.deliverable_forms import AcceptanceForm
    projects.name_acceptor(flow_ws.acting_as("alice"), 1, "bob")
    v1 = deliverables.submit_deliverable(flow_ws.acting_as("chen"), 1, "1.0", "登录", "通过")
    app = make_app(flow_ws.acting_as("bob"))               # the PM, named acceptor
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_project(pilot, tab="deliverables")
        assert "y" in footer_keys(app)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, AcceptanceForm)
        await pilot.press("ctrl+s")                        # passed
        await pilot.pause()
        assert app.screen is screen
    assert deliverables.get_deliverable(flow_ws, v1["id"])["state"] == "passed"
