"""The palette's jumps (open a project, a task, an incident, a hire, a knowledge-base
entry, a person's card) and the person card; `plain` makes user text one safe line
for the palette and the card.
"""

from __future__ import annotations

import re

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

from store.core.errors import StoreError
from store.core.i18n import tr

MAX_TITLE = 100
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def plain(value: object, limit: int = MAX_TITLE) -> str:
    """User text for one line of the palette: control characters replaced, length bounded."""
    text = _CONTROL.sub(" ", "" if value is None else str(value)).strip()
    return text if len(text) <= limit else text[:limit - 1] + "…"



# -- jumps --------------------------------------------------------------------------------
async def _area(app: App, mode: str) -> None:
    if mode in app.MODES and app.current_mode != mode:
        await app.switch_mode(mode)


def project_screen(project_id: int, task: str | None = None) -> Screen:
    """The screen the Projects list opens for a project: the tabbed project detail when it
    is there (on its Tasks tab for a task), else the plain project screen."""
    try:
        from .screens.project_detail import ProjectDetailScreen
    except ImportError:
        from .screens.project import ProjectScreen
        return ProjectScreen(project_id)
    return ProjectDetailScreen(project_id, tab="tasks" if task else "overview")


async def open_project_screen(app: App, project_id: int, task: str | None = None) -> None:
    from store.projects.project import get_project
    get_project(app.ws, project_id)  # type: ignore[attr-defined]
    await _area(app, "projects")
    wanted = project_screen(int(project_id), task)
    screen = app.screen
    if type(screen) is type(wanted) and getattr(screen, "project_id", None) == int(project_id):
        if task is not None and hasattr(screen, "action_tab"):
            screen.action_tab("tasks")  # type: ignore[attr-defined]
    else:
        screen = wanted
        await app.push_screen(screen)
    if task is not None:
        target = screen
        app.call_after_refresh(lambda: target.tasks.select_key(task))  # type: ignore[attr-defined]


async def open_incident(app: App, incident_id: str) -> None:
    from store.warroom.incidents import get_incident, parse_incident_id

    from .screens.incident import IncidentScreen
    number = parse_incident_id(incident_id)
    get_incident(app.ws, number)  # type: ignore[attr-defined]
    await _area(app, "warroom")
    if not (isinstance(app.screen, IncidentScreen) and app.screen.number == number):
        await app.push_screen(IncidentScreen(number))


async def open_hire(app: App, hire_id: int) -> None:
    from store.onboarding.checklists import get_hire

    from .screens.hire import HireScreen
    get_hire(app.ws, hire_id)  # type: ignore[attr-defined]
    await _area(app, "onboarding")
    if not (isinstance(app.screen, HireScreen) and app.screen.hire_id == hire_id):
        await app.push_screen(HireScreen(hire_id))


async def open_kb_entry(app: App, entry_id: int) -> None:
    from store.kb.entries import get_entry

    from .screens.kb import KnowledgeScreen
    get_entry(app.ws, entry_id)  # type: ignore[attr-defined]
    await _area(app, "kb")
    screen = app.screen
    if not isinstance(screen, KnowledgeScreen):
        screen = KnowledgeScreen()
        await app.push_screen(screen)
    target = screen
    app.call_after_refresh(lambda: target.show_entry(entry_id))


async def open_person(app: App, login: str) -> None:
    from store.people.members import get_member
    await app.push_screen(PersonCard(get_member(app.ws, login)))  # type: ignore[attr-defined]


# -- the person card ----------------------------------------------------------------------
class PersonCard(ModalScreen[None]):
    """Who someone is and what they have on: department, title, projects they run, open tasks."""

    BINDINGS = [Binding("escape,q", "close", "Close", id="person.close")]
    MAX_TASKS = 8

    def __init__(self, member: dict) -> None:
        super().__init__()
        self.member = member

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="person-card"):
            yield Label(Text(plain(f"{self.member['name']} ({self.member['login']})")),
                        classes="dialog-title")
            yield Static(self.card(), id="person-details")
            yield Label(Text(tr("Escape closes this card.")), classes="dialog-hint")

    def card(self) -> Text:
        from store.people.members import heads_of
        from store.projects.project import CLOSED_STATES, list_projects
        from store.projects.tasks import list_tasks
        ws = self.app.ws  # type: ignore[attr-defined]
        login = self.member["login"]
        out = Text()
        for label, value in ((tr("Department"), self.member.get("dept", "")),
                             (tr("Job title"), self.member.get("title", "")),
                             (tr("Heads"), ", ".join(heads_of(ws, login))),
                             (tr("Admin"), tr("yes") if self.member.get("admin") else "")):
            if value:
                out.append(f"{label}: ", style="bold")
                out.append(plain(value, 200) + "\n")
        try:
            runs = [p for p in list_projects(ws)
                    if p.get("pm") == login and p["state"] not in CLOSED_STATES]
            tasks = [t for t in list_tasks(ws, owner=login) if t["state"] == "open"]
        except StoreError:
            runs, tasks = [], []
        if runs:
            out.append(f"{tr('Projects')}: ", style="bold")
            out.append(plain(", ".join(f"{p['id']} {p['name']}" for p in runs), 300) + "\n")
        out.append(tr("Open tasks: {n}", n=len(tasks)) + "\n", style="bold")
        for t in tasks[:self.MAX_TASKS]:
            out.append(plain(f"  {t['id']}  {t['due']}  {t['title']}", 90) + "\n")
        if len(tasks) > self.MAX_TASKS:
            out.append(tr("  … and {n} more", n=len(tasks) - self.MAX_TASKS) + "\n")
        return out

    def action_close(self) -> None:
        self.dismiss(None)
