"""Quick entry of a daily progress update (template 4) for the member shown in the standup.

The member records their own update; a workspace admin may record it for them
(`ws.acting_as(member)`, audit-logged as "admin X for member Y"). Anyone else
is refused by the store, and the refusal shows in the form.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.suggester import SuggestFromList
from textual.widgets import Input, Select, TextArea

from store.core.i18n import tr
from store.people.members import display_name, list_members
from store.projects.progress import record_progress
from store.core.errors import InvalidValue

from .form import FormDialog


class ProgressEntryDialog(FormDialog[dict]):
    """`ProgressEntryDialog(member, tasks, selected)`; returns the new progress entry."""

    FIELD_ALIASES = {"task": "task", "percent": "percent", "help_from": "help_from",
                     "next_step": "next_step"}

    def __init__(self, member: str, tasks: list[dict], selected: str | None = None) -> None:
        super().__init__()
        self.member = member
        self.tasks = tasks
        self.selected = selected or (tasks[0]["id"] if tasks else None)

    def form_title(self) -> str:
        ws = self.ws
        name = display_name(ws, self.member)
        if self.member != ws.actor.login:
            return tr("Progress update for {name} (recorded by {admin})", name=name,
                      admin=display_name(ws, ws.actor.real))  # the name, as elsewhere
        return tr("Progress update for {name}", name=name)

    def _task_of(self, task_id: str | None) -> dict:
        return next((t for t in self.tasks if t["id"] == task_id), self.tasks[0] if self.tasks
                    else {})

    def compose_fields(self) -> ComposeResult:
        task = self._task_of(self.selected)
        logins = [m["login"] for m in list_members(self.ws)]
        options = [(Text(f"{t['id']}  {t['title']}".replace("\n", " ")), t["id"])
                   for t in self.tasks]
        yield self.row("task", "Task", Select(options, value=self.selected or Select.BLANK,
                                              allow_blank=not options, compact=True))
        yield self.row("percent", "Percent done",
                       Input(str(task.get("progress", 0)), placeholder="0–100", compact=True))
        yield self.row("done", "Done", TextArea(soft_wrap=True, compact=True))
        yield self.row("problems", "Problems", TextArea(soft_wrap=True, compact=True))
        yield self.row("next_step", "Next step", TextArea(soft_wrap=True, compact=True))
        yield self.row("help_from", "Needs help from",
                       Input(placeholder=tr("login (leave empty if no help is needed)"),
                             suggester=SuggestFromList(logins), compact=True),
                       "【需协助】 names who should help")

    def submit(self) -> dict:
        ws = self.ws
        acting = ws if self.member == ws.actor.login else ws.acting_as(self.member)
        task = self.text("task")
        if not task:
            raise InvalidValue("task", tr("task: {name} has no open task to update",
                                          name=display_name(ws, self.member)))
        return record_progress(acting, task, self.text("percent"), done=self.text("done"),
                               problems=self.text("problems"),
                               next_step=self.text("next_step"),
                               help_from=self.text("help_from").strip() or None)
