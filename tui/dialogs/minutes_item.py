"""Capture one item of the standup's minutes: a decision, a risk, or an action with its owner
and due date. Returns the item (checked by `store.meetings.standup.minutes_item`); the screen keeps
the items until the minutes are saved."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.suggester import SuggestFromList
from textual.widgets import Input

from store.core.i18n import tr
from store.people.members import list_members
from store.meetings.standup import minutes_item

from .form import FormDialog

TITLES = {"decision": "Minutes: add a decision", "risk": "Minutes: add a risk",
          "action": "Minutes: add an action"}


class MinutesItemDialog(FormDialog[dict]):
    """`MinutesItemDialog(kind, owner=login, due=date)`; kind is decision, risk or action."""

    def __init__(self, kind: str, *, owner: str = "", due: str = "") -> None:
        super().__init__()
        self.kind = kind
        self.owner = owner
        self.due = due

    def form_title(self) -> str:
        return tr(TITLES[self.kind])

    def compose_fields(self) -> ComposeResult:
        yield self.row("text", "Text", Input(compact=True))
        if self.kind == "action":
            logins = [m["login"] for m in list_members(self.ws)]
            yield self.row("owner", "Owner", Input(self.owner, placeholder=tr("login"),
                                                   suggester=SuggestFromList(logins),
                                                   compact=True),
                           "One person, never a department")
            yield self.row("due", "Due", Input(self.due, placeholder="YYYY-MM-DD", compact=True))

    def submit(self) -> dict:
        if self.kind == "action":
            return minutes_item(self.ws, "action", self.text("text"), owner=self.text("owner"),
                                due=self.text("due"))
        return minutes_item(self.ws, self.kind, self.text("text"))
