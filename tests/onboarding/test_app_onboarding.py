"""Pilot tests: the Onboarding list, a hire's checklist ticked by keyboard, the hire's
own view, live refresh."""

from __future__ import annotations

import pytest
from ob_helpers import FakeHost

from store.onboarding import checklists as ob
from tui.app import make_app
from tui.screens.hire import HireChecklist, HireScreen

SIZE = (120, 36)


@pytest.fixture(autouse=True)
def fake_host(monkeypatch):
    """The checklist's host checks run against a pretend host where lin has an account."""
    host = FakeHost(accounts={"lin": (1001, 1001, "/home/lin")}, groups={"dev": (2000, [])})
    monkeypatch.setattr(HireChecklist, "CHECK_RUNNER", staticmethod(host.run))
    monkeypatch.setattr(HireChecklist, "CHECK_READER", staticmethod(host.read))
    return host


@pytest.fixture
def hire(ws):
    return ob.start_onboarding(ws, "lin", template="engineer", start="2024-09-13",
                               buddy="chen", manager="bob")


def plain(table, key, column):
    return table.get_cell(key, column).plain


async def settle(pilot):
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_ticking_steps_by_keyboard(ws, hire):
    app = make_app(ws, poll_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6")
        hires = app.screen.query_one("#hires")
        assert plain(hires, f"H{hire['id']}", "hire") == "林新 (lin)"
        assert plain(hires, f"H{hire['id']}", "progress") == "0%"
        await pilot.press("enter")
        assert isinstance(app.screen, HireScreen)
        await settle(pilot)
        steps = app.screen.query_one("#steps")
        # the host verified the account (step 1) and ticked it; not the group (step 2)
        assert plain(steps, "1", "status") == "✓ done"
        assert plain(steps, "1", "check") == "✓ verified"
        assert plain(steps, "2", "check") == "✗ not verified"
        assert ob.get_hire(ws, hire["id"])["steps"][0]["done_by"] == ob.HOST

        await pilot.press("down", "down", "space")  # step 3: 签署入职材料
        stored = ob.get_hire(ws, hire["id"])["steps"][2]
        assert stored["done_at"] and stored["done_by"] == ws.actor.login
        assert plain(steps, "3", "status") == "✓ done"
        await pilot.press("space")
        assert not ob.get_hire(ws, hire["id"])["steps"][2]["done_at"]
        assert plain(steps, "3", "status") == "open"

        await pilot.press("n")
        await pilot.press(*"call HR", "ctrl+s")
        await pilot.pause()
        assert ob.get_hire(ws, hire["id"])["steps"][2]["notes"][0]["text"] == "call HR"
        assert plain(steps, "3", "notes") == "1"
        detail = app.screen.query_one("#step-text").render()
        assert "call HR" in str(detail)

        await pilot.press("escape")
        await pilot.pause()
        hires = app.screen.query_one("#hires")
        assert plain(hires, f"H{hire['id']}", "progress") == "14%"  # 1 of 7 required


async def test_overdue_steps_are_counted_and_flagged(ws, hire, clock):
    clock.set("2024-09-18T01:00:00+00:00")  # Wednesday after the holiday
    app = make_app(ws, poll_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6")
        hires = app.screen.query_one("#hires")
        assert plain(hires, f"H{hire['id']}", "overdue") == "5"
        await pilot.press("enter")
        await settle(pilot)
        steps = app.screen.query_one("#steps")
        assert plain(steps, "3", "status") == "! overdue"
        assert plain(steps, "7", "status") == "optional"


async def test_a_hire_sees_their_own_view_and_ticks_only_their_steps(ws, hire):
    app = make_app(ws.acting_as("lin"), poll_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6")
        await settle(pilot)
        intro = str(app.screen.query_one("#own-intro").render())
        assert "Welcome, 林新!" in intro
        assert "陈静 (chen)" in intro and "Bob Li (bob)" in intro
        assert "负责核心模块开发" in intro
        assert not app.screen.query("#hires")
        steps = app.screen.query_one("#steps")
        steps.move_cursor(row=4)  # step 5: 上传 SSH 公钥, the hire's own
        await pilot.press("space")
        assert ob.get_hire(ws, hire["id"])["steps"][4]["done_by"] == "lin"
        steps.move_cursor(row=2)  # step 3: HR's
        await pilot.press("space")
        await pilot.pause()
        assert not ob.get_hire(ws, hire["id"])["steps"][2]["done_at"]
        assert any("only their own steps" in str(n.message) for n in app._notifications)


async def test_another_users_change_shows_at_the_next_poll(ws, hire):
    app = make_app(ws, poll_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6", "enter")
        await settle(pilot)
        steps = app.screen.query_one("#steps")
        assert plain(steps, "4", "status") == "open"
        ob.set_step_done(ws.acting_as("chen"), hire["id"], 4)  # the buddy, elsewhere
        app.poll_now()
        await pilot.pause()
        assert plain(steps, "4", "status") == "✓ done"


async def test_the_hire_view_turns_into_the_list_when_the_onboarding_ends(ws, hire):
    lin = ws.acting_as("lin")
    app = make_app(lin, poll_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6")
        await settle(pilot)
        assert app.screen.query("#own-view")
        ob.cancel_onboarding(ws, hire["id"])
        app.poll_now()
        await pilot.pause()
        await pilot.pause()
        assert not app.screen.query("#own-view")
        hires = app.screen.query_one("#hires")
        assert plain(hires, f"H{hire['id']}", "state") == "Cancelled"
