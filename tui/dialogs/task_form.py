"""Add or edit a task (SPEC §1.5, template 2) in a modal.

A start before a predecessor finishes is refused next to the Start (or Depends on)
field, naming the predecessor, unless the Overlap box is ticked; a due date running
into a dependent's start is refused next to Due. Editing shows the task's due-date
history (delays and the moves they made) under the fields."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.suggester import SuggestFromList
from rich.text import Text
from textual.widgets import Checkbox, Input, Label, Select, TextArea

from store.core.i18n import tr
from store.people.members import list_members
from store.projects.plan import history_text
from store.projects.tasks import PRIORITIES, add_task, edit_task

from ..widgets.labels import priority_label
from .form import FormDialog, split_list


class TaskForm(FormDialog[dict]):
    """`TaskForm(project_id)` adds a task; `TaskForm(project_id, task)` edits it. Returns the task."""

    FIELD_ALIASES = {"task": "depends"}

    def __init__(self, project_id: int, task: dict | None = None) -> None:
        super().__init__()
        self.project_id = project_id
        self.original = task

    def form_title(self) -> str:
        if self.original is None:
            return tr("New task in project {id}", id=self.project_id)
        return tr("Edit task {id}", id=self.original["id"])

    def compose_fields(self) -> ComposeResult:
        t = self.original or {}
        logins = [m["login"] for m in list_members(self.ws)]
        start = t.get("start", "")  # blank: today, or the working day after its predecessors
        example = f"{self.project_id}-1, {self.project_id}-2"
        yield self.row("title", "Title", Input(t.get("title", ""), compact=True))
        yield self.row("owner", "Owner",
                       Input(t.get("owner", ""), placeholder=tr("login"),
                             suggester=SuggestFromList(logins), compact=True),
                       "One person, never a department")
        yield self.row("start", "Start",
                       Input(start, placeholder=tr("YYYY-MM-DD (blank: as early as allowed)"),
                             compact=True))
        yield self.row("due", "Due", Input(t.get("due", ""), placeholder="YYYY-MM-DD",
                                           compact=True))
        yield self.row("priority", "Priority",
                       Select([(priority_label(p), p) for p in PRIORITIES],
                              value=t.get("priority", "medium"), allow_blank=False,
                              compact=True))
        yield self.row("depends", "Depends on",
                       Input(", ".join(t.get("depends", [])), placeholder=example, compact=True))
        yield self.row("milestone", "Milestone",
                       Checkbox("", t.get("milestone", False), compact=True))
        yield self.row("overlap", "Overlap",
                       Checkbox(tr("may start before the tasks it depends on finish"),
                                t.get("overlap", False), compact=True),
                       "Only on purpose: the plan shows the overlap")
        yield self.row("standard", "Delivery standard",
                       TextArea(t.get("standard", ""), soft_wrap=True, compact=True),
                       "Quantified, e.g. “p95 latency < 200 ms”")
        if t.get("due_history"):  # read-only: every move of the due date, delays included
            history = Text("\n".join(history_text(h, self.ws.tz) for h in t["due_history"]))
            yield self.row("history", "Due-date history", Label(history))

    def values(self) -> dict:
        return {"title": self.text("title"), "owner": self.text("owner"),
                "start": self.text("start"), "due": self.text("due"),
                "priority": self.text("priority") or "medium",
                "depends": split_list(self.text("depends")),
                "milestone": bool(self.value("milestone")), "standard": self.text("standard"),
                "overlap": bool(self.value("overlap"))}

    def submit(self) -> dict:
        data = self.values()
        if self.original is None:
            title = data.pop("title")
            data["start"] = data["start"] or None
            return add_task(self.ws, self.project_id, title, **data)  # type: ignore[arg-type]
        changes = {k: v for k, v in data.items() if v != self.original.get(k, False if k in (
            "milestone", "overlap") else None)}
        if not changes:
            return self.original
        return edit_task(self.ws, self.original["id"], **changes)
