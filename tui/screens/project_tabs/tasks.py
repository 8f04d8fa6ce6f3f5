"""Tasks (template 2 任务分配表): the shell's task table, and under it the highlighted
task's delivery standard, receipt (confirmed / pending / 默认接受), latest update,
deadline history and lag causes."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import DataTable, Static

from store.core.i18n import tr
from store.core.punctuation import labelled
from store.labels import RECEIPT_LABELS
from store.projects import progress
from store.projects.lagging import CAUSE_LABELS
from store.people.members import display_name

from ...widgets.task_table import TaskTable
from .base import ProjectTab, ink, one_line, when
from store.projects.outlook import ProjectView



class TasksTab(ProjectTab):
    NAME = "tasks"
    LABEL = "Task list"

    def compose(self) -> ComposeResult:
        yield TaskTable(id="tasks")
        yield Static(id="task-detail", classes="tab-detail")

    @property
    def table(self) -> TaskTable:
        return self.query_one("#tasks", TaskTable)

    def focus_target(self) -> Widget | None:
        return self.table

    def selected_task_id(self) -> str | None:
        return self.table.selected_key

    def show(self, view: ProjectView) -> None:
        super().show(view)
        self.table.load(self.app.ws, view.project["id"])  # type: ignore[attr-defined]
        self.show_detail()

    @on(DataTable.RowHighlighted, "#tasks")
    def highlighted(self) -> None:
        self.show_detail()

    _read_all: ProjectView | None = None  # the view for which the whole history was read
    _shown: str | None = None               # the task whose whole detail is shown

    def show_detail(self) -> None:
        view, key = self.view, self.table.selected_key
        task = view.task(key) if view and key else None
        detail = self.query_one("#task-detail", Static)
        if task is None or view is None:
            detail.update(Text())
            self._shown = None
            return
        ws = self.app.ws  # type: ignore[attr-defined]
        known, latest = progress.recent_latest_update(ws, task)
        if not known and self._read_all is not view:
            # An older update means reading the project's year of updates (~30 ms and more
            # for a thousand tasks): the table first, that line once it is on the screen
            # (the task's detail as it was meanwhile, if it is the one shown).
            if self._shown != key:
                detail.update(self.detail(view, task, None))
                self._shown = None
            self.call_after_refresh(self._detail_from_history, view, key)
            return
        if not known:
            latest = progress.history_latest_update(ws, task)
        detail.update(self.detail(view, task, latest))
        self._shown = key

    def _detail_from_history(self, view: ProjectView, key: str) -> None:
        self._read_all = view
        if self.view is view and self.table.selected_key == key:
            self.show_detail()

    def detail(self, view: ProjectView, task: dict, latest: dict | None) -> Text:
        ws = self.app.ws  # type: ignore[attr-defined]
        out = Text()
        out.append(f"{task['id']} ", style="bold")
        out.append(one_line(task["title"]), style="bold")
        out.append(f"  ·  {display_name(ws, task['owner'])}  ·  {task['start']} → {task['due']}")
        receipt = view.receipts.get(task["id"], {})
        status = receipt.get("status", "unpublished")
        out.append(f"  ·  {tr(RECEIPT_LABELS[status])}",
                   style=ink(self, "text-warning") if status == "pending" else "")
        if status == "pending" and receipt.get("due_at"):
            out.append(" " + tr("by {at}", at=when(ws, receipt["due_at"])))
        if task.get("standard"):
            out.append("\n" + labelled(tr('Delivery standard')), style="bold")
            out.append(one_line(task["standard"]))
        if latest:
            out.append("\n" + labelled(f"{tr('Latest update')} {when(ws, latest['at'])}"),
                       style="bold")
            out.append(f"{latest['percent']} %  ")
            out.append(one_line(latest.get("done")))
            if latest.get("help_from"):
                out.append(f"  【需协助】 {display_name(ws, latest['help_from'])}",
                           style=ink(self, "text-warning", bold=True))
        if task.get("due_history"):
            moves = ", ".join(f"{h['due']} → {h['until']}" for h in task["due_history"])
            out.append("\n" + labelled(tr('Deadline history')), style="bold")
            out.append(moves)
        row = next((r for r in view.lagging if r["task"]["id"] == task["id"]), None)
        if row:
            out.append("\n" + tr("Lagging: {progress} % of {expected} % planned",
                                 progress=row["progress"], expected=row["expected"]),
                       style=ink(self, "text-warning", bold=True))
            for cause in row["causes"]:
                out.append("\n  " + labelled(tr(CAUSE_LABELS.get(cause['cause'], cause['cause']))))
                out.append(one_line(cause["measure"]))
        return out
