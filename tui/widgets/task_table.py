"""The task table of one project (template 2): sorted by due date, overdue highlighted.

A widget of its own so it can move into a tab of a richer project screen.
`load(ws, project_id)` reads the store and diffs the rows; `selected_task()`
is the task under the cursor.
"""

from __future__ import annotations

from functools import partial

from textual.binding import Binding

from store.people.members import display_name
from store.projects.tasks import copy_task, is_overdue, sorted_tasks
from store.core.workspace import Workspace

from .keyed_table import Col, KeyedTable
from .labels import priority_label, text, themed

COLUMNS = (
    Col("id", "ID", 5),
    Col("title", "Title", None, min_flex=14),
    Col("owner", "Owner", 10),
    Col("priority", "Prio", 6),
    Col("start", "Start", 10, min_width=100),
    Col("due", "Due", 10),
    Col("progress", "Done", 4),
    Col("depends", "Depends", 7),
    Col("milestone", "◆", 1),
)


class TaskTable(KeyedTable):
    BINDINGS = [Binding("enter", "select_cursor", "Edit task", show=False, id="tasks.open")]

    def __init__(self, *, id: str | None = "tasks", classes: str | None = None) -> None:
        super().__init__(COLUMNS, id=id, classes=classes)
        self.tasks: dict[str, dict] = {}

    def load(self, ws: Workspace, project_id: int) -> None:
        today = ws.today()
        tasks = sorted_tasks(ws, project_id)  # shared: read only (selected_task copies)
        self.tasks = {t["id"]: t for t in tasks}
        # each owner's name once, not once per task (a thousand tasks, a few dozen owners)
        names = {login: display_name(ws, login) for login in {t.get("owner") for t in tasks}}
        # cells built when a row is added (a thousand tasks: a screenful first)
        self.show([(t["id"], partial(self.cells, names, t, is_overdue(t, today)))
                   for t in tasks])

    def cells(self, names: dict[str | None, str], task: dict, overdue: bool) -> dict:
        style = "dim" if task.get("state") == "done" else \
            "strike dim" if task.get("state") == "cancelled" else ""
        if overdue:
            title = themed(self.app, task["title"], "text-error", bold=True)
            due = themed(self.app, task["due"], "text-error", bold=True)
        else:
            title, due = text(task["title"], style), text(task["due"], style)
        return {
            "id": text(task["id"]),
            "title": title,
            "owner": text(names[task.get("owner")]),
            "priority": text(priority_label(task.get("priority", "")), style),
            "start": text(task.get("start", ""), style),
            "due": due,
            "progress": text(f"{task.get('progress', 0)}%", style),
            "depends": text(", ".join(task.get("depends", [])), style),
            "milestone": text("◆" if task.get("milestone") else ""),
        }

    def selected_task(self) -> dict | None:
        """The task under the cursor (the caller's copy)."""
        key = self.selected_key
        task = self.tasks.get(key) if key else None
        return copy_task(task) if task is not None else None
