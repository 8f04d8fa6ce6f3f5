"""The war room in the app (Pilot, headless): confirming ready and refusals shown,
the countdown colours and the bell, live refresh, markup safety, Chinese and a
small terminal. The whole incident by keyboard is in test_warroom_flow.py."""

from __future__ import annotations

import time

from store.warroom import incidents
from store.core.clock import FixedClock
from store.core.workspace import Workspace
from tui.app import make_app
from tui.widgets.sla_countdown import SlaCountdown

from incident_helpers import (ADMIN, SIZE, declare, mobilised, open_incident, open_war_room,
                              summary, timeline_text, type_text)

async def test_confirm_ready_and_refusals_are_shown(workspace, clock, as_):
    declare(workspace)
    incidents.assign_role(as_("bob"), 1, "lead", "bob")
    incidents.assign_role(as_("bob"), 1, "scribe", ADMIN)       # I am mobilised
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_incident(pilot)
        await pilot.press("c")
        await type_text(pilot, "ok")
        await pilot.press("enter")
        await pilot.pause()
        rec = incidents.member_record(incidents.get_incident(workspace, 1), ADMIN)
        assert rec["ready_at"] and rec["ready_note"] == "ok"
        assert screen.check_action("form", ("ready",)) is True   # state allows; store decides
        # only the lead posts updates: the store's refusal is shown in the form
        await pilot.press("u")
        await type_text(pilot, "hi")
        await pilot.press("enter")
        await pilot.pause()
        error = app.screen.query_one("#form-error")
        assert error.display and "Only the incident lead (bob)" in str(error.content)
        await pilot.press("escape")
        assert [e["kind"] for e in incidents.timeline(workspace, 1)].count("update") == 0


async def test_countdowns_change_colour_and_the_bell_rings_once(workspace, clock):
    mobilised(workspace, clock)                       # roles met; bob ready due 10:33
    app = make_app(workspace)
    bells = []
    app.bell = lambda: bells.append(1)                # headless apps do not ring
    notified = []
    real_notify = app.notify

    def notify(message, **kw):
        notified.append(message)
        real_notify(message, **kw)
    app.notify = notify
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_incident(pilot)

        def shown():
            return {w.query_one(".sla-label").content.plain.split("  ")[0]: (w.status, w.value)
                    for w in screen.query(SlaCountdown) if w.display}
        assert shown() == {"Status update": ("pending", "27:00"),
                           "Bob Li ready": ("pending", "30:00")}  # the name, not the login
        assert screen.query_one("#sla-0").has_class("-ok")
        clock.set("2024-09-02T02:26:00+00:00")            # 4 minutes before the update
        screen.tick()
        assert shown()["Status update"] == ("warning", "04:00")
        assert screen.query_one("#sla-0").has_class("-warning")
        clock.set("2024-09-02T02:30:00+00:00")            # the due instant: not yet passed
        screen.tick()
        assert bells == []
        clock.set("2024-09-02T02:30:01+00:00")
        screen.tick()
        assert shown()["Status update"] == ("overdue", "-00:01")
        assert screen.query_one("#sla-0").has_class("-overdue")
        assert len(bells) == 1
        screen.tick()
        clock.advance(seconds=5)
        screen.tick()
        assert len(bells) == 1                             # once per deadline
        assert sum("status update" in m for m in notified) == 1
        clock.set("2024-09-02T02:33:01+00:00")            # bob's ready deadline passes
        screen.tick()
        assert len(bells) == 2
        assert "Bob Li must confirm ready" in notified[-1]  # people read names, not logins


async def test_new_events_show_without_a_key_press(workspace, clock, as_):
    mobilised(workspace, clock)
    other = Workspace.open(workspace.folder, clock=FixedClock("2024-09-02T02:05:00+00:00"))
    app = make_app(workspace, poll_interval=0.2)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_incident(pilot)
        before = len(screen.timeline.texts())
        incidents.log_note(other.acting_as("bob"), 1, "[red]db logs[/] show pool exhaustion")
        start = time.monotonic()
        while "[red]db logs[/] show pool exhaustion" not in timeline_text(screen):
            assert time.monotonic() - start < 1.0
            await pilot.pause(0.05)
        assert len(screen.timeline.texts()) == before + 1
        assert screen.timeline.highlighted == before      # follows the newest


async def test_user_text_is_never_markup(workspace, clock):
    declare(workspace, "[bold]x[/] [link=file:///etc/passwd]y[/link]", impact="[/]")
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        room = await open_war_room(pilot)
        assert room.table.get_cell("INC-1", "title").plain == \
            "[bold]x[/] [link=file:///etc/passwd]y[/link]"
        await pilot.press("enter")
        await pilot.pause()
        assert "[bold]x[/] [link=file:///etc/passwd]y[/link]" in summary(app.screen)
        assert "Impact: [/]" in summary(app.screen)


async def test_chinese_and_a_small_terminal(workspace, clock):
    declare(workspace)
    clock.advance(minutes=12)
    app = make_app(workspace, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        room = await open_war_room(pilot)
        assert room.table.get_cell("INC-1", "state").plain == "已上报"
        assert room.table.get_cell("INC-1", "next").plain.startswith("明确分工")
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert "12分钟前" in summary(screen)             # store/core/relative_time.py
        assert screen.query_one("#countdowns").has_class("-compact")
        assert not screen.query_one("#sla-0 Digits").display    # one line each, no big digits
        assert "逾期" in screen.query_one("#sla-0").query_one(".sla-label").content.plain
