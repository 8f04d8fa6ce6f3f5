"""Projects: every project with state, PM, due date, progress and overdue tasks.

Type in the filter (`/` focuses it) to narrow the list by name, PM, state or
department; Enter opens the project; `a` files a new request, `e` edits the
selected project. The list refreshes by diffing rows keyed by project id.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Label

from store.core.i18n import tr
from store.people.members import display_name
from store.projects.summary import listed_projects
from store import topics

from ..widgets.keyed_table import Col, KeyedTable
from ..widgets.labels import state_label, text, themed
from .base import HuddleScreen, touches

COLUMNS = (
    Col("id", "ID", 4),
    Col("name", "Name", None, min_flex=16),
    Col("state", "State", 11),
    Col("pm", "PM", 10),
    Col("due", "Due", 10),
    Col("progress", "Done", 4),
    Col("overdue", "Overdue", 7),
)


def compact_input(**kwargs) -> Input:
    """`Input(compact=True, …)` without what that costs before the first paint: setting
    `compact` adds its class with a restyle of the Input, not yet mounted (and the stylesheet
    parsed for it then, and again when the screen's widgets are registered)."""
    field = Input(**kwargs)
    field.set_reactive(Input.compact, True)  # what `compact=True` sets: the value (no watcher)
    field.add_class("-textual-compact", update=False)  # and its class, styled when mounted
    return field


class ProjectTable(KeyedTable):
    BINDINGS = [Binding("enter", "select_cursor", "Open", id="projects.open")]


def search_text(project: dict) -> str:
    """Everything the filter matches against, lower-cased."""
    parts = [str(project["id"]), project["name"], project["state"], project["state_label"],
             project.get("pm", ""), project["pm_name"], project.get("initiator_dept", ""),
             project.get("lead_dept", ""), *project.get("collab_depts", [])]
    return "\n".join(parts).casefold()


def matches(project: dict, query: str) -> bool:
    words = query.casefold().split()
    if not words:  # no filter (the first showing): nothing to build
        return True
    haystack = search_text(project)
    return all(word in haystack for word in words)


class ProjectsScreen(HuddleScreen):
    TITLE = "Projects"
    AUTO_FOCUS = "#projects"
    BINDINGS = [
        Binding("slash", "focus_filter", "Filter", id="projects.filter"),
        Binding("a", "add", "Add project", id="projects.add"),
        Binding("e", "edit", "Edit project", id="projects.edit"),
        Binding("down", "focus_table", "To the list", show=False, id="projects.to_list"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="projects.clear"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.projects: dict[str, dict] = {}

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="filter-bar"):
            yield Label(Text(tr("Filter")), id="filter-label")
            yield compact_input(placeholder=tr("name, PM, state, department"), id="filter")
        yield ProjectTable(COLUMNS, id="projects")

    @property
    def table(self) -> ProjectTable:
        return self.query_one("#projects", ProjectTable)

    def on_mount(self) -> None:
        self.safely(self.reload)

    # -- data ------------------------------------------------------------
    def refresh_data(self, changed: set[str]) -> None:
        if touches(changed, topics.PROJECTS):
            self.reload()

    def refresh_styles(self) -> None:
        self.show_rows()

    def reload(self) -> None:
        ws = self.ws
        today = ws.today()
        found: dict[str, dict] = {}
        for project in listed_projects(ws, today):  # each with its summary (progress, overdue)
            found[str(project["id"])] = {
                **project,
                "state_label": state_label(project["state"]),
                "pm_name": display_name(ws, project.get("pm")),
            }
        self.projects = found
        self.show_rows()

    def show_rows(self) -> None:
        query = self.query_one("#filter", Input).value
        rows = [(key, self.cells(p)) for key, p in self.projects.items() if matches(p, query)]
        self.table.show(rows)
        self.refresh_bindings()

    def cells(self, p: dict) -> dict:
        overdue = p.get("overdue", 0)
        return {
            "id": text(p["id"]),
            "name": text(p["name"]),
            "state": text(p["state_label"]),
            "pm": text(p["pm_name"]),
            "due": text(p.get("due", "")),
            "progress": text(f"{p.get('progress', 0)}%"),
            "overdue": themed(self.app, overdue, "text-error", bold=True) if overdue else text(""),
        }

    def selected_project(self) -> dict | None:
        key = self.table.selected_key
        return self.projects.get(key) if key else None

    def likely_project(self) -> int | None:
        """The project Enter would open: the app's warm-up reads it ahead (tui/warm_up.py)."""
        key = self.table.selected_key
        return int(key) if key and key.isdigit() else None

    @on(DataTable.RowHighlighted, "#projects")
    def row_highlighted(self) -> None:
        warm = getattr(self.app, "warm_up", None)  # None until the first paint
        if warm is not None:
            warm.prefer_project(self.likely_project())

    # -- filter ----------------------------------------------------------
    @on(Input.Changed, "#filter")
    def filter_changed(self) -> None:
        self.show_rows()

    @on(Input.Submitted, "#filter")
    def filter_submitted(self) -> None:
        self.table.focus()
        self.action_open()

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_focus_table(self) -> None:
        self.table.focus()

    def action_clear_filter(self) -> None:
        self.query_one("#filter", Input).value = ""
        self.table.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.is_mounted:
            return True
        filter_input = self.query_one("#filter", Input)
        if action == "focus_table":
            return self.focused is filter_input
        if action == "clear_filter":
            return bool(filter_input.value) or self.focused is filter_input
        if action == "edit":
            return self.table.row_count > 0 or None  # greyed out: says why (why_not)
        return True

    def why_not(self, action: str, parameters: tuple[object, ...]) -> str | None:
        if action == "edit":
            return tr("no project is listed: clear the filter or add one (a)")
        return None

    # -- actions ---------------------------------------------------------
    @on(DataTable.RowSelected, "#projects")
    def row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        project = self.selected_project()
        if project is not None:
            from .project_detail import ProjectDetailScreen  # lazy: start-up time
            self.app.push_screen(ProjectDetailScreen(int(project["id"])))

    def action_add(self) -> None:
        from ..dialogs.project_form import ProjectForm  # lazy: start-up time (its widgets)
        self.app.push_screen(ProjectForm(), self._saved)

    def action_edit(self) -> None:
        project = self.selected_project()
        if project is not None:
            from ..dialogs.project_form import ProjectForm
            self.app.push_screen(ProjectForm(project), self._saved)

    def _saved(self, project: dict | None) -> None:
        if project is None:
            return
        self.safely(self.reload)
        self.table.select_key(str(project["id"]))
        self.notify(tr("Saved project {id}", id=project["id"]), markup=False)
