"""Helpers for the project screen's Pilot tests (tests/project_app is on sys.path)."""

from __future__ import annotations

from rich.text import Text

SIZE = (120, 36)


def lines(widget) -> list[str]:
    """A Line-API widget (DataTable, GanttView) as it is drawn now, one string per line."""
    return [widget.render_line(y).text for y in range(widget.size.height)]


def static_text(screen, selector: str) -> str:
    content = screen.query_one(selector).content
    return content.plain if isinstance(content, Text) else str(content)


async def open_project(pilot, project_id: int = 1, tab: str = "overview"):
    """Push the project screen (as Enter on the Projects list does) and wait for it."""
    from tui.screens.project_detail import ProjectDetailScreen
    await pilot.pause()
    pilot.app.push_screen(ProjectDetailScreen(project_id, tab))
    await pilot.pause()
    await pilot.pause()
    return pilot.app.screen
