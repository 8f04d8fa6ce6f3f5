"""A whole incident by keyboard, from declaration to postmortem (Pilot, headless):
every step is a key press in the app; the store and the screen are checked."""

from __future__ import annotations

from store.warroom import reports
from store.warroom import incidents
from store.kb import entries as kb
from tui.app import make_app
from tui.screens.incident import IncidentScreen
from tui.screens.warroom import WarRoomScreen

from incident_helpers import ADMIN, SIZE, open_war_room, summary, timeline_text, type_text


async def test_a_whole_incident_by_keyboard(workspace, clock):
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await open_war_room(pilot)
        # n: the initial information form
        await pilot.press("n")
        await type_text(pilot, "Pay")
        await pilot.press("tab")
        await type_text(pilot, "all")
        await pilot.press("tab", "tab", "tab", "tab")      # measures, severity (S2), began (now)
        await type_text(pilot, ADMIN)                        # I lead it
        await pilot.press("ctrl+s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, IncidentScreen) and screen.number == 1
        inc = incidents.get_incident(workspace, 1)
        assert (inc["title"], inc["severity"], inc["lead"]) == ("Pay", "S2", ADMIN)
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
        await type_text(pilot, "ok")
        await pilot.press("enter")
        await pilot.press("l")
        await type_text(pilot, "rb")
        await pilot.press("enter")
        await pilot.pause()
        assert screen.timeline.texts()[-1].endswith("[note] rb")
        await pilot.press("p")
        await pilot.pause()
        note = incidents.timeline(workspace, 1)[-1]
        assert note["text"] == "rb" and note["pinned"] is True
        assert screen.timeline.texts()[-1].startswith("📌")
        # m: mitigated; x: resolve
        clock.advance(minutes=10)
        await pilot.press("m")
        await type_text(pilot, "fx")
        await pilot.press("enter")
        clock.advance(minutes=30)
        await pilot.press("x")
        await type_text(pilot, "db")
        await pilot.press("tab")
        await type_text(pilot, "up")
        await pilot.press("ctrl+s")
        await pilot.pause()
        inc = incidents.get_incident(workspace, 1)
        assert inc["state"] == "resolved" and inc["resolution"]["cause"] == "db"
        assert app.screen is screen and "resolved" in summary(screen)
        # n: the customer notice gets its compensation
        await pilot.press("n")
        await pilot.press("tab")
        await type_text(pilot, "1m")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "1m" in reports.notice_text(workspace, 1)
        # w: the postmortem, archived to the knowledge base
        await pilot.press("w")
        await pilot.press("tab")                           # no summary
        await type_text(pilot, "x")                        # one contributing factor
        await pilot.press("tab")
        await type_text(pilot, "a|bob|2024-09-10")         # one action: owner and due date
        await pilot.press("ctrl+s")
        await pilot.pause()
        inc = incidents.get_incident(workspace, 1)
        assert inc["state"] == "postmortem_done"
        assert inc["postmortem"]["actions"] == [
            {"text": "a", "owner": "bob", "due": "2024-09-10"}]
        kinds = sorted(e["kind"] for e in kb.list_entries(workspace))
        assert kinds == ["postmortem", "resolution"]
        assert "postmortem done" in summary(screen)
        text = timeline_text(screen)
        for expected in ("Declared S2: Pay", "assumed the role logs",
                         "Status update: ok", "mitigating → resolved",
                         "resolved → postmortem done", "Customer notice edited"):
            assert expected in text
        # keys that no longer apply are greyed out
        assert screen.check_action("form", ("resolve",)) is None   # greyed out, says why
        assert screen.check_action("form", ("update",)) is None
        await pilot.press("x")                                   # pressed anyway: says why
        await pilot.pause()
        note = screen.query_one("#key-note")
        assert note.display and "not from the state “postmortem done”" in note.content.plain
        # e: the postmortem in Markdown
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.query_one("#export-text").text.startswith("# Postmortem · INC-1")
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, WarRoomScreen)
        assert app.screen.table.get_cell("INC-1", "state").plain == "postmortem done"
