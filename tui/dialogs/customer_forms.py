"""Forms for customer requests (客户需求对接) and routine-sync minutes (例行信息同步)."""

from __future__ import annotations

import unicodedata
from datetime import datetime

from textual.app import ComposeResult
from textual.suggester import SuggestFromList
from textual.widgets import Input, Select, TextArea

from store.customers import requests as cr
from store.meetings import routines
from store.core.errors import InvalidValue
from store.core.i18n import tr
from store.meetings.minutes import KIND_LABELS
from store.people.members import list_members

from .form import FormDialog, split_list


def _logins(ws) -> SuggestFromList:
    return SuggestFromList([m["login"] for m in list_members(ws)])


class CustomerRequestForm(FormDialog[dict]):
    """Log a customer request as received. Returns the request."""

    AUTO_FOCUS = "#field-customer"

    TITLE = "New customer request"

    def compose_fields(self) -> ComposeResult:
        yield self.row("customer", "Customer", Input(compact=True))
        yield self.row("contact", "Contact", Input(compact=True), "Who at the customer")
        yield self.row("title", "Request", Input(compact=True))
        yield self.row("detail", "Detail", TextArea(soft_wrap=True, compact=True))
        yield self.row("owner", "Owner", Input(self.ws.actor.login, compact=True,
                                               suggester=_logins(self.ws)),
                       "Who follows it to closure")
        yield self.row("due", "Due", Input(placeholder="YYYY-MM-DD", compact=True),
                       "The day promised to the customer")
        yield self.row("confirm_by", "Confirm by", Input(placeholder="YYYY-MM-DD", compact=True),
                       "Default: the next working day")

    def submit(self) -> dict:
        return cr.add_request(self.ws, self.text("customer"), self.text("title"),
                              owner=self.text("owner"), due=self.text("due"),
                              contact=self.text("contact"), detail=self.text("detail"),
                              confirm_by=self.text("confirm_by").strip() or None)


class CustomerCloseForm(FormDialog[dict]):
    AUTO_FOCUS = "#field-resolution"
    TITLE = "Close the request"

    def __init__(self, request: dict) -> None:
        super().__init__()
        self.request = request

    def form_title(self) -> str:
        return tr("Close C{id} “{title}”", id=self.request["id"], title=self.request["title"])

    def compose_fields(self) -> ComposeResult:
        yield self.row("resolution", "Resolution", TextArea(soft_wrap=True, compact=True),
                       "How it ended, e.g. delivered and accepted by the customer")

    def submit(self) -> dict:
        return cr.close(self.ws, self.request["id"], self.text("resolution"))


class CustomerChangeForm(FormDialog[dict]):
    """Record a change the customer asked for (需求变更), pending until confirmed."""

    AUTO_FOCUS = "#field-change"

    TITLE = "Change request"

    def __init__(self, request: dict) -> None:
        super().__init__()
        self.request = request

    def form_title(self) -> str:
        return tr("Change to C{id} “{title}”", id=self.request["id"], title=self.request["title"])

    def compose_fields(self) -> ComposeResult:
        yield self.row("change", "Change", TextArea(soft_wrap=True, compact=True))
        yield self.row("due", "New due date", Input(placeholder="YYYY-MM-DD", compact=True),
                       "Leave empty when the date stays")

    def submit(self) -> dict:
        return cr.request_change(self.ws, self.request["id"], self.text("change"),
                                 due=self.text("due").strip() or None)


class CustomerAnswerForm(FormDialog[dict]):
    """The customer's answer to a pending change."""

    AUTO_FOCUS = "#field-number"

    TITLE = "Customer's answer"

    def __init__(self, request: dict) -> None:
        super().__init__()
        self.request = request

    def compose_fields(self) -> ComposeResult:
        pending = [(f"{c['n']}. {c['text'][:60]}", c["n"]) for c in self.request["changes"]
                   if c["state"] == "pending"]
        yield self.row("number", "Change", Select(pending, value=pending[0][1] if pending
                                                  else Select.BLANK, compact=True))
        yield self.row("answer", "Answer",
                       Select([(tr("Confirmed"), "yes"), (tr("Rejected"), "no")], value="yes",
                              allow_blank=False, compact=True))
        yield self.row("confirmed_by", "Answered by", Input(self.request.get("contact", ""),
                                                            compact=True),
                       "Who at the customer")
        yield self.row("note", "Note", Input(compact=True))

    def submit(self) -> dict:
        number = self.value("number")
        if not number:
            raise InvalidValue("number", tr("No change is waiting for an answer"))
        return cr.confirm_change(self.ws, self.request["id"], int(number),  # type: ignore[arg-type]
                                 confirmed_by=self.text("confirmed_by"),
                                 accept=self.text("answer") == "yes", note=self.text("note"))


class RoutineMinutesForm(FormDialog[dict]):
    """Minutes of a weekly, phase-review or monthly meeting; filed into the knowledge base."""

    AUTO_FOCUS = "#field-kind"

    TITLE = "Routine-sync minutes"

    def compose_fields(self) -> ComposeResult:
        kinds = [(tr(KIND_LABELS[k]), k) for k in routines.ROUTINE_KINDS]
        now = self.ws.local_now().strftime("%Y-%m-%d %H:%M")
        yield self.row("kind", "Meeting", Select(kinds, value="weekly", allow_blank=False,
                                                 compact=True))
        yield self.row("title", "Title", Input(compact=True))
        yield self.row("held_at", "Held at", Input(now, placeholder="YYYY-MM-DD HH:MM",
                                                   compact=True))
        yield self.row("scope", "Scope", Input(compact=True), "Department or team (optional)")
        yield self.row("attendees", "Attendees", Input(compact=True, suggester=_logins(self.ws)),
                       "Logins, separated by commas")
        yield self.row("decisions", "Decisions", TextArea(soft_wrap=True, compact=True),
                       "One decision per line")
        yield self.row("actions", "Actions", TextArea(soft_wrap=True, compact=True),
                       "One per line: what | owner login | due date (YYYY-MM-DD)")
        yield self.row("body", "Notes", TextArea(soft_wrap=True, compact=True))

    def held_at(self) -> datetime:
        raw = unicodedata.normalize("NFKC", self.text("held_at")).strip()
        try:
            return datetime.strptime(raw, "%Y-%m-%d %H:%M").replace(tzinfo=self.ws.tz)
        except ValueError:
            raise InvalidValue("held_at", tr("Held at: {value!r} is not a time; use "
                                             "YYYY-MM-DD HH:MM", value=raw)) from None

    def submit(self) -> dict:
        decisions = [line.strip() for line in self.text("decisions").splitlines() if line.strip()]
        actions = [routines.parse_action(line) for line in self.text("actions").splitlines()
                   if line.strip()]
        return routines.file_routine(
            self.ws, self.text("kind"), self.text("title"), held_at=self.held_at(),
            scope=self.text("scope"), attendees=split_list(self.text("attendees")),
            decisions=decisions, actions=actions, body=self.text("body"))
