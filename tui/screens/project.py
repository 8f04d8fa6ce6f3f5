"""One project: a summary line (name, state, PM, departments, goal) and its tasks.

`a` adds a task, `e` (or Enter) edits the selected one, Escape goes back.
The task table is its own widget (`tui.widgets.task_table.TaskTable`) so it
can move into a tab when this screen grows Overview/Tasks/Plan/… tabs.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from store.core.errors import NotFound
from store.core.counts import listing
from store.core.i18n import tr
from store.core.punctuation import labelled
from store.people.members import display_name
from store.projects.project import get_project
from store import topics

from ..widgets.labels import state_label
from ..widgets.task_table import TaskTable
from .base import HuddleScreen, touches


def project_summary_text(ws, project: dict) -> Text:
    """The header of a project as plain Text (user data is never markup)."""
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(f"#{project['id']} ", style="bold")
    line.append(project["name"], style="bold")
    line.append(f"  ·  {state_label(project['state'])}")
    line.append("  ·  " + labelled(tr("PM"), display_name(ws, project.get("pm"))))
    depts = Text(no_wrap=True, overflow="ellipsis")
    depts.append(labelled(tr("Departments")))
    depts.append(f"{project.get('initiator_dept', '')} → {project.get('lead_dept', '')}")
    if project.get("collab_depts"):
        depts.append("  +  " + listing(project["collab_depts"]))
    if project.get("due"):
        depts.append("  ·  " + labelled(tr("Due"), project["due"]))
    goal = Text(no_wrap=True, overflow="ellipsis")
    goal.append(labelled(tr("Goal")))
    goal.append(" ".join(str(project.get("goal", "")).split()))
    return Text("\n").join([line, depts, goal])


class ProjectScreen(HuddleScreen):
    TITLE = "Project"
    AUTO_FOCUS = "#tasks"
    BINDINGS = [
        Binding("a", "add_task", "Add task", id="project.add_task"),
        Binding("e", "edit_task", "Edit task", id="project.edit_task"),
        Binding("escape", "back", "Back", id="project.back"),
    ]

    def __init__(self, project_id: int) -> None:
        super().__init__()
        self.project_id = project_id
        self.project: dict = {}

    def compose_body(self) -> ComposeResult:
        yield Static(id="project-info")
        yield TaskTable(id="tasks")

    def header_title(self) -> str:
        return f"{tr(self.TITLE)} #{self.project_id}"

    @property
    def tasks(self) -> TaskTable:
        return self.query_one("#tasks", TaskTable)

    def on_mount(self) -> None:
        self.safely(self.reload)

    def refresh_data(self, changed: set[str]) -> None:
        if touches(changed, topics.PEOPLE, topics.project(self.project_id)):
            self.reload()

    def reload(self) -> None:
        try:
            self.project = get_project(self.ws, self.project_id)
        except NotFound as exc:
            self.notify(str(exc), severity="error", markup=False)
            self.app.pop_screen()
            return
        self.query_one("#project-info", Static).update(project_summary_text(self.ws, self.project))
        self.tasks.load(self.ws, self.project_id)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "edit_task" and self.is_mounted:
            return self.tasks.row_count > 0
        return True

    @on(DataTable.RowSelected, "#tasks")
    def row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit_task()

    def action_add_task(self) -> None:
        from ..dialogs.task_form import TaskForm  # lazy: opening the project does not need it
        self.app.push_screen(TaskForm(self.project_id), self._saved)

    def action_edit_task(self) -> None:
        task = self.tasks.selected_task()
        if task is not None:
            from ..dialogs.task_form import TaskForm
            self.app.push_screen(TaskForm(self.project_id, task), self._saved)

    def action_back(self) -> None:
        self.app.pop_screen()

    def _saved(self, task: dict | None) -> None:
        if task is None:
            return
        self.safely(self.reload)
        self.tasks.select_key(task["id"])
        self.notify(tr("Saved task {id}", id=task["id"]), markup=False)
