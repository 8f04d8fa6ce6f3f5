"""Helpers shared by the war-room tests (imported as a plain module)."""

from __future__ import annotations

from store.warroom import incidents
from store.core.identity import os_login
from tui.screens.incident import IncidentScreen
from tui.screens.warroom import WarRoomScreen

ADMIN = os_login()


def declare(ws, title="官网无法访问", **extra) -> dict:
    """alice declares an S1 incident; the clock decides when."""
    fields = dict(impact="全国用户，预计影响1000+访问/分钟", measures="重启服务器无效",
                  severity_level="S1")
    fields.update(extra)
    return incidents.declare(ws.acting_as("alice"), title, **fields)


def mobilised(ws, clock, *, lead="alice") -> dict:
    """Declared at 10:00 (02:00 UTC); at 10:03 alice takes the lead, gives bob `logs`."""
    inc = declare(ws)
    clock.advance(minutes=3)
    lead_ws = ws.acting_as(lead)
    incidents.assign_role(lead_ws, inc["id"], "lead", lead)
    incidents.assign_role(lead_ws, inc["id"], "logs", "bob")
    return incidents.get_incident(ws, inc["id"])


# -- app helpers -----------------------------------------------------------------
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
