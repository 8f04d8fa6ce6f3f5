"""The war room in the app (Pilot, headless): a whole incident by keyboard from
declaration to postmortem, the countdown colours and the bell, live refresh,
permissions shown, markup safety, Chinese, and a small terminal."""

from __future__ import annotations

import time

from store import incident_reports as reports
from store import incidents, kb
from store.clock import FixedClock
from store.workspace import Workspace
from tui.app import make_app
from tui.screens.incident import IncidentScreen
from tui.screens.warroom import WarRoomScreen
from tui.widgets.sla_countdown import SlaCountdown

from incident_helpers import ADMIN, declare, mobilised

SIZE = (120, 36)


async def type_text(pilot, text: str) -> None:
    await pilot.press(*[{" ": "space"}.get(c, c) for c in text])


async def open_war_room(pilot):
    await pilot.press("f5")
    await pilot.pause()
    assert isinstance(pilot.app.screen, WarRoomScreen)
    return pilot.app.screen


async def open_incident(pilot) -> IncidentScreen:
    await open_war_room(pilot)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, IncidentScreen)
    return pilot.app.screen


def timeline_text(screen: IncidentScreen) -> str:
    return "\n".join(screen.timeline.texts())


def summary(screen: IncidentScreen) -> str:
    return screen.query_one("#incident-summary").content.plain


async def test_a_whole_incident_by_keyboard(workspace, clock):
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await open_war_room(pilot)
        # n: the initial information form
        await pilot.press("n")
        await type_text(pilot, "Pay down")
        await pilot.press("tab")
        await type_text(pilot, "all")
        await pilot.press("tab")
        await type_text(pilot, "restart")
        await pilot.press("tab", "tab", "tab")             # severity (S2), began (now)
        await type_text(pilot, ADMIN)                        # I lead it
        await pilot.press("ctrl+s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, IncidentScreen) and screen.number == 1
        inc = incidents.get_incident(workspace, 1)
        assert (inc["title"], inc["severity"], inc["lead"]) == ("Pay down", "S2", ADMIN)
        # r: give bob the logs role → mobilising
        await pilot.press("r")
        await type_text(pilot, "logs")
        await pilot.press("tab")
        await type_text(pilot, "bob")
        await pilot.press("enter")
        await pilot.pause()
        assert incidents.get_incident(workspace, 1)["state"] == "mobilising"
        assert "mobilising" in summary(screen)
        clock.advance(minutes=20)
        # u: status update; l: a note, then p pins it (the newest event is highlighted)
        await pilot.press("u")
        await type_text(pilot, "pool full")
        await pilot.press("enter")
        await pilot.press("l")
        await type_text(pilot, "rollback")
        await pilot.press("enter")
        await pilot.pause()
        assert "rollback" in screen.timeline.texts()[-1]
        await pilot.press("p")
        await pilot.pause()
        note = incidents.timeline(workspace, 1)[-1]
        assert note["text"] == "rollback" and note["pinned"] is True
        assert screen.timeline.texts()[-1].startswith("📌")
        # m: mitigated; x: resolve
        clock.advance(minutes=10)
        await pilot.press("m")
        await type_text(pilot, "standby")
        await pilot.press("enter")
        clock.advance(minutes=30)
        await pilot.press("x")
        await type_text(pilot, "small pool")
        await pilot.press("tab")
        await type_text(pilot, "raised")
        await pilot.press("ctrl+s")
        await pilot.pause()
        inc = incidents.get_incident(workspace, 1)
        assert inc["state"] == "resolved" and inc["resolution"]["cause"] == "small pool"
        assert app.screen is screen and "resolved" in summary(screen)
        # n: the customer notice gets its compensation
        await pilot.press("n")
        await pilot.press("tab")
        await type_text(pilot, "1 month")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "1 month" in reports.notice_text(workspace, 1)
        # w: the postmortem, archived to the knowledge base
        await pilot.press("w")
        await type_text(pilot, "peak")
        await pilot.press("tab")
        await type_text(pilot, "no alert")
        await pilot.press("tab")
        await type_text(pilot, "alert|bob|2024-09-10")
        await pilot.press("tab")
        await type_text(pilot, "load test")
        await pilot.press("ctrl+s")
        await pilot.pause()
        inc = incidents.get_incident(workspace, 1)
        assert inc["state"] == "postmortem_done"
        assert inc["postmortem"]["actions"] == [
            {"text": "alert", "owner": "bob", "due": "2024-09-10"}]
        kinds = sorted(e["kind"] for e in kb.list_entries(workspace))
        assert kinds == ["postmortem", "resolution"]
        assert "postmortem done" in summary(screen)
        text = timeline_text(screen)
        for expected in ("Declared S2: Pay down", "assumed the role logs",
                         "Status update: pool full", "mitigating → resolved",
                         "resolved → postmortem done", "Customer notice edited"):
            assert expected in text
        # keys that no longer apply are greyed out
        assert screen.check_action("form", ("resolve",)) is False
        assert screen.check_action("form", ("update",)) is False
        # e: the postmortem in Markdown
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.query_one("#export-text").text.startswith("# Postmortem · INC-1")
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, WarRoomScreen)
        assert app.screen.table.get_cell("INC-1", "state").plain == "postmortem done"


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
                           "bob ready": ("pending", "30:00")}
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
        assert "12分之前" in summary(screen)             # humanize zh_CN
        assert screen.query_one("#countdowns").has_class("-compact")
        assert "逾期" in screen.query_one("#sla-0").query_one(".sla-label").content.plain
