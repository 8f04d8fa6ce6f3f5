"""Helpers for the project screen's Pilot tests (tests/project_app is on sys.path):
rendered lines, Static text, opening the project screen, and `start_project`."""

from __future__ import annotations

from rich.text import Text

from store.projects import kickoff, flow as project_flow, publication
from store.projects.project import create_project
from store.projects.tasks import add_task

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


def start_project(ws, name="Q3 迭代", due="2024-10-31", tasks=None) -> dict:
    chen, bob = ws.acting_as("chen"), ws.acting_as("bob")
    project = create_project(chen, name, pm="bob", initiator_dept="Product",
                             lead_dept="Engineering", goal="留存率提升 5%", due=due)
    pid = project["id"]
    project_flow.approve_request(ws.acting_as("alice"), pid, "OK")
    kickoff.record_kickoff(bob, pid)
    made = []
    for title, owner, start, end, deps, milestone in tasks or [
            ("需求评审", "chen", "2024-09-02", "2024-09-06", (), False),
            ("Build", "chen", "2024-09-09", "2024-09-20", (0,), False),
            ("Test", "alice", "2024-09-23", "2024-09-27", (1,), True)]:
        made.append(add_task(bob, pid, title, owner=owner, start=start, due=end,
                             depends=[made[i]["id"] for i in deps], milestone=milestone,
                             standard="评审通过"))
    publication.publish_tasks(bob, pid)
    return project
