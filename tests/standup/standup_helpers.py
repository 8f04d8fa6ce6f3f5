"""Builders shared by the standup tests (imported by name: the test folder is on sys.path).

The team (on top of tests/conftest.py's workspace, Asia/Shanghai):

    login  name        department   task(s) in project "Q3 迭代"
    alice  Alice Wang  Product      A1, A2   (alice heads Product)
    bob    Bob Li      Engineering  B1       (bob heads Engineering)
    chen   陈静         Product      C1
    dave   Dave Zhou   Engineering  D1
    erin   Erin 鄂      Engineering  E1

The OS user (ADMIN, a workspace admin) is the project's PM.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from store.projects import kickoff, flow as project_flow, project as projects, publication, tasks
from store.people import members as people
from store.core.workspace import Workspace

TZ = ZoneInfo("Asia/Shanghai")
TEAM = ("alice", "bob", "chen", "dave", "erin")


def local(text: str) -> datetime:
    """A wall-clock time in Shanghai, e.g. local("2024-09-02 17:00")."""
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


def build_team(ws: Workspace) -> dict:
    """Add dave and erin, a project in progress managed by the admin, one or two tasks each."""
    people.add_member(ws, "dave", "Dave Zhou", "Engineering")
    people.add_member(ws, "erin", "Erin 鄂", "Engineering")
    project = projects.create_project(
        ws, "Q3 迭代", pm=ws.actor.login, initiator_dept="Product", lead_dept="Engineering",
        goal="MVP before 2024-09-30", due="2024-09-30",
        members=[{"login": login, "role": "dev"} for login in TEAM])
    pid = project["id"]
    project_flow.approve_request(ws.acting_as("alice"), pid)
    kickoff.record_kickoff(ws, pid)
    ids = {}
    for label, owner, title in [("A1", "alice", "Requirements 需求说明书"),
                                ("A2", "alice", "Personas"),
                                ("B1", "bob", "API skeleton"), ("C1", "chen", "设计稿"),
                                ("D1", "dave", "CI pipeline"), ("E1", "erin", "Test plan")]:
        task = tasks.add_task(ws, pid, title, owner=owner, due="2024-09-27", start="2024-08-26")
        ids[label] = task["id"]
    publication.publish_tasks(ws, pid)
    return {"project": pid, "tasks": ids}


def update(ws: Workspace, login: str, task_id: str, percent: int, **fields) -> dict:
    from store.projects import progress
    return progress.record_progress(ws.acting_as(login), task_id, percent, **fields)


# -- Pilot helpers of the standup screens' tests --------------------------------------
SIZE = (120, 36)
GATE_KEY = "update.gate:2024-09-02:2024-09-02T09:00:00+00:00"


def plain(widget) -> str:
    from rich.text import Text
    content = widget.content if hasattr(widget, "content") else widget.renderable
    return content.plain if isinstance(content, Text) else str(content)


def banner_text(screen) -> str:
    """The reminder banner's text once it is drawn ("" while there is none: it is mounted,
    then filled)."""
    from tui.widgets.reminder_banner import ReminderBanner
    banners = screen.query(ReminderBanner)
    return plain(banners.first()) if banners else ""


async def until(pilot, condition, timeout: float = 5.0) -> None:
    """Let the app run until `condition()` holds (workers and timers included)."""
    for _ in range(int(timeout / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    assert condition(), "timed out"


async def open_standup(pilot):
    from tui.screens.standup import StandupScreen
    await pilot.press("f4")
    await until(pilot, lambda: isinstance(pilot.app.screen, StandupScreen))
    return pilot.app.screen


async def fill(pilot, text: str) -> None:
    await pilot.press(*text)
