"""Pilot: a deliverable accepted after one round of changes; every version is kept."""

from __future__ import annotations

from project_app_helpers import SIZE, lines, open_project, static_text
from textual.widgets import Input, Select

from store.projects import deliverables
from store.projects.project import get_project
from tui.app import make_app
from tui.dialogs.deliverable_forms import AcceptanceForm, DeliverableForm, next_version


def test_next_version():
    assert [next_version(v) for v in (None, "1.0", "v2", "2.9-rc1", "final")] == \
        ["1.0", "1.1", "v3", "2.9-rc2", ""]


async def deliver(ws, features: str, report: str, check=None) -> None:
    """bob, the PM, submits a deliverable (`check(form)` looks at the form first)."""
    app = make_app(ws.acting_as("bob"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_project(pilot, tab="deliverables")
        await pilot.press("s")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, DeliverableForm)
        if check is not None:
            check(form)
        await pilot.press("tab", *features, "tab", *report)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen, static_text(form, "#form-error")


async def test_deliverable_accepted_after_one_round_of_changes(flow_ws):
    await deliver(flow_ws, "登录, 注册", "120 用例通过")
    assert get_project(flow_ws, 1)["state"] == "delivered"

    # chen, the initiator, asks for changes (keyboard: open the decision list, pick the 2nd)
    app = make_app(flow_ws.acting_as("chen"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_project(pilot, tab="deliverables")
        assert "waits for your acceptance" in static_text(screen, "#deliverables-info")
        await pilot.press("y")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, AcceptanceForm)
        assert "120 用例通过" in static_text(form, "#decision-summary")
        assert "Still open: " in static_text(form, "#decision-summary")  # said, not refused
        assert app.focused is form.query_one("#field-decision", Select)
        await pilot.press("enter", "down", "enter")           # Changes needed
        await pilot.pause()
        assert form.text("decision") == "changes"
        await pilot.press("ctrl+s")                            # no comment: refused
        await pilot.pause()
        assert "say what needs to change" in static_text(form, "#error-comment")
        await pilot.press(*"注册页缺少校验")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert screen.query_one("#deliverables").get_cell("1-v1", "state").plain == \
            "Changes needed"
    assert get_project(flow_ws, 1)["state"] == "in_progress"

    # bob resubmits: the next version number and the comments are offered
    def offers_next_version(form) -> None:
        assert form.query_one("#field-version", Input).value == "1.1"
        assert "注册页缺少校验" in static_text(form, "#previous-version")

    await deliver(flow_ws, "登录, 注册+校验", "125 通过", offers_next_version)

    # chen accepts version 1.1
    app = make_app(flow_ws.acting_as("chen"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_project(pilot, tab="deliverables")
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, AcceptanceForm)
        assert app.screen.deliverable["version"] == "1.1"
        await pilot.press("ctrl+s")                            # Passed is the default
        await pilot.pause()
        assert app.screen is screen
        drawn = "\n".join(lines(screen.query_one("#deliverables")))
        assert "1.1" in drawn and "1.0" in drawn and "Passed" in drawn
        assert screen.check_action("decide", ()) is None
        assert "State: Accepted" in static_text(screen, "#overview-text")
    versions = deliverables.list_deliverables(flow_ws, 1)
    assert [(v["version"], v["state"]) for v in versions] == [("1.0", "changes"),
                                                              ("1.1", "passed")]
    assert versions[1]["previous"] == "1-v1"
    assert get_project(flow_ws, 1)["state"] == "accepted"
