"""The war room's modal forms. Each calls one store function in `submit()`; the store
checks rules and permissions and its messages land next to the field (FormDialog)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.suggester import SuggestFromList
from textual.widgets import Checkbox, Input, Select, TextArea

from store.warroom import reports
from store.warroom import incidents
from store.core.i18n import tr
from store.people.members import list_members

from .form import FormDialog


def _logins(ws) -> SuggestFromList:
    return SuggestFromList([m["login"] for m in list_members(ws)])


def _area(text: str = "") -> TextArea:
    return TextArea(text, soft_wrap=True, tab_behavior="focus")


class DeclareForm(FormDialog[dict]):
    """The initial information form (紧急事务初始信息表). Returns the new incident."""

    TITLE = "Declare an incident"
    AUTO_FOCUS = "#field-title"
    FIELD_ALIASES = {"severity_level": "severity"}

    def compose_fields(self) -> ComposeResult:
        yield self.row("title", "Title", Input(placeholder=tr("e.g. the website is down")))
        yield self.row("impact", "Impact", Input(placeholder=tr("all users, 1000+ visits/min")))
        yield self.row("measures", "Measures taken", Input(
            placeholder=tr("e.g. restarting the server did not help")))
        yield self.row("severity", "Severity", Select(
            [(s, s) for s in incidents.SEVERITIES], value=incidents.DEFAULT_SEVERITY,
            allow_blank=False), "S1 is the most severe")
        yield self.row("began", "Began at", Input(placeholder="YYYY-MM-DD HH:MM"),
                       "Empty: now")
        yield self.row("lead", "Incident lead", Input(placeholder=tr("login (optional)"),
                                                      suggester=_logins(self.ws)))

    def submit(self) -> dict:
        return incidents.declare(self.ws, self.text("title"), impact=self.text("impact"),
                                 measures=self.text("measures"),
                                 severity_level=self.text("severity"),
                                 began_at=self.text("began") or None,
                                 lead=self.text("lead") or None)


class RoleForm(FormDialog[dict]):
    """Assign a role (a handoff when someone holds it). Returns the assignment."""

    TITLE = "Assign a role"
    AUTO_FOCUS = "#field-role"

    def __init__(self, inc: dict) -> None:
        super().__init__()
        self.inc = inc

    def form_title(self) -> str:
        return tr("Assign a role in {id}", id=self.inc["id"])

    def compose_fields(self) -> ComposeResult:
        role = "" if self.inc.get("lead") else incidents.LEAD
        yield self.row("role", "Role", Input(role, suggester=SuggestFromList(
            incidents.ROLE_SUGGESTIONS)), "lead, logs, vendor, wording, scribe, ops, rnd, qa …")
        yield self.row("login", "Member", Input(placeholder=tr("login"),
                                                suggester=_logins(self.ws)))

    def submit(self) -> dict:
        return incidents.assign_role(self.ws, self.inc["number"], self.text("role"),
                                     self.text("login"))


class _TextForm(FormDialog[dict]):
    """One text field, one store call."""

    FIELD = "text"
    LABEL = "Text"
    HINT = ""
    AUTO_FOCUS = "#field-text"

    def __init__(self, inc: dict) -> None:
        super().__init__()
        self.inc = inc

    def form_title(self) -> str:
        return f"{tr(self.TITLE)} · {self.inc['id']}"

    def compose_fields(self) -> ComposeResult:
        yield self.row(self.FIELD, self.LABEL, Input(), self.HINT)


class UpdateForm(_TextForm):
    TITLE = "Status update for management"
    HINT = "e.g. database connection pool overflow suspected, scaling up"

    def submit(self) -> dict:
        return incidents.post_update(self.ws, self.inc["number"], self.text("text"))


class ReadyForm(_TextForm):
    TITLE = "Confirm ready"
    FIELD, LABEL, HINT = "note", "Note", "e.g. rollback plan ready (optional)"
    AUTO_FOCUS = "#field-note"

    def submit(self) -> dict:
        return incidents.confirm_ready(self.ws, self.inc["number"], self.text("note"))


class MitigateForm(_TextForm):
    TITLE = "Mark mitigated"
    LABEL, HINT = "Mitigation", "What contains the impact now"

    def submit(self) -> dict:
        return incidents.mark_mitigated(self.ws, self.inc["number"], self.text("text"))


class NoteForm(_TextForm):
    TITLE = "Log a note"
    FIELD_ALIASES = {"kind": "decision"}

    def compose_fields(self) -> ComposeResult:
        yield self.row("text", "Note", Input())
        yield self.row("decision", "Decision", Checkbox(tr("This is a decision"), False))

    def submit(self) -> dict:
        kind = "decision" if self.value("decision") else "note"
        return incidents.log_note(self.ws, self.inc["number"], self.text("text"), kind)


class ResolveForm(_TextForm):
    TITLE = "Resolve"
    AUTO_FOCUS = "#field-cause"

    def compose_fields(self) -> ComposeResult:
        yield self.row("cause", "Cause", Input(), "What caused it (问题原因)")
        yield self.row("measures", "Measures", Input(), "What solved it (解决措施)")

    def submit(self) -> dict:
        return incidents.resolve(self.ws, self.inc["number"], cause=self.text("cause"),
                                 measures=self.text("measures"))


class NoticeForm(_TextForm):
    """The customer notice (用户告知函): apology, compensation, or the whole text."""

    TITLE = "Customer notice"
    AUTO_FOCUS = "#field-apology"

    def compose_fields(self) -> ComposeResult:
        saved = self.inc.get("notice") or {}
        yield self.row("apology", "Apology", Input(saved.get("apology") or "",
                                                   placeholder=tr("default apology")))
        yield self.row("compensation", "Compensation", Input(
            saved.get("compensation") or "", placeholder=tr("e.g. one month of membership free")))
        yield self.row("body", "Full text", _area(saved.get("body") or ""),
                       "Empty: drafted from the resolution report")

    def submit(self) -> dict:
        return reports.set_notice(self.ws, self.inc["number"], apology=self.text("apology"),
                                  compensation=self.text("compensation"), body=self.text("body"))


class PostmortemForm(_TextForm):
    TITLE = "Postmortem"
    AUTO_FOCUS = "#field-summary"
    FIELD_ALIASES = {"owner": "actions", "due": "actions"}

    def compose_fields(self) -> ComposeResult:
        yield self.row("summary", "Summary", _area())
        yield self.row("factors", "Contributing factors", _area(), "One per line")
        yield self.row("actions", "Actions", _area(),
                       "One per line: what | owner login | YYYY-MM-DD")
        yield self.row("process_change", "Process change", _area())

    def submit(self) -> dict:
        actions = [line for line in self.text("actions").splitlines() if line.strip()]
        return reports.write_postmortem(self.ws, self.inc["number"],
                                        factors=self.text("factors"), actions=actions,
                                        summary=self.text("summary"),
                                        process_change=self.text("process_change"))
