"""Modal forms for the steps of a cross-department project (SPEC §1).

Each form calls one store function and returns its record; the store checks the
rule and the permission, and its refusal shows next to the field it names (or
on the form's error line). Escape cancels.

    DecisionForm           base of every approve/reject decision (a summary, the decision,
                           a comment); RequestDecisionForm decides a request (template 1)
    KickoffForm            record the kickoff meeting (启动会)
    StepForm               a step without fields (publish the task list, launch): what it does,
                           its button (Publish, Launch) does it
    ConfirmReceiptForm     confirm receipt of a published task (24 h, then 默认接受)
    ResourceRequestForm / ResourceDecisionForm   resource requests (资源需求)
    LagCauseForm           why a task lags, and the measure (SPEC §1.9)
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.suggester import SuggestFromList
from textual.widgets import Input, Select, Static, TextArea

from store.projects import kickoff, lagging, flow as project_flow, publication, resources
from store.core.clock import local_text
from store.core import punctuation
from store.core.errors import InvalidValue
from store.core.i18n import tr
from store.people.members import display_name, list_members

from .form import FormDialog, split_list


class FormNote(Static):
    """Read-only context inside a form (what is being decided); plain Text, never markup."""

    DEFAULT_CSS = """
    FormNote { height: auto; margin: 0 0 1 0; padding: 0 1; border-left: thick $accent;
               background: $boost; }
    """


def logins(ws) -> SuggestFromList:
    return SuggestFromList([m["login"] for m in list_members(ws)])


def area(value: str = "") -> TextArea:
    return TextArea(value, soft_wrap=True, compact=True)


def local_time(ws, field: str, raw: str) -> datetime:
    """"YYYY-MM-DD HH:MM" in the workspace's timezone (full-width digits from an IME too)."""
    value = unicodedata.normalize("NFKC", raw).strip().replace("T", " ")
    try:
        return datetime.strptime(value, "%Y-%m-%d %H:%M").replace(tzinfo=ws.tz)
    except ValueError:
        raise InvalidValue(field, tr("{field}: {value!r} is not a time; use YYYY-MM-DD HH:MM",
                                     field=tr(field), value=value)) from None


def now_text(ws) -> str:
    return local_text(ws.now(), ws.tz)


def task_options(tasks: list[dict]) -> list[tuple[Text, str]]:
    return [(Text(f"{t['id']}  {' '.join(str(t['title']).split())}"), t["id"]) for t in tasks]


# -- decisions ---------------------------------------------------------------
class DecisionForm(FormDialog[dict]):
    """Subclasses give `summary()` and `decide(choice, comment)`; CHOICES[0] is the default."""

    CHOICES: tuple[tuple[str, str], ...] = (("approve", "Approve"), ("reject", "Reject"))
    COMMENT_HINT = "Required when you reject"

    def summary(self) -> Text:
        return Text()

    def decide(self, choice: str, comment: str) -> dict:
        raise NotImplementedError

    def compose_fields(self) -> ComposeResult:
        yield FormNote(self.summary(), id="decision-summary")
        yield self.row("decision", "Decision",
                       Select([(tr(label), value) for value, label in self.CHOICES],
                              value=self.CHOICES[0][0], allow_blank=False, compact=True))
        yield self.row("comment", "Comment", area(), self.COMMENT_HINT)

    def submit(self) -> dict:
        return self.decide(self.text("decision") or self.CHOICES[0][0], self.text("comment"))


def labelled(out: Text, label: str, value: object) -> None:
    """Append "Label: value" on its own line (value is user data: plain text)."""
    if value in (None, ""):
        return
    if out.plain:
        out.append("\n")
    out.append(punctuation.labelled(tr(label)), style="bold")  # "：" in Chinese
    out.append(str(value))


class RequestDecisionForm(DecisionForm):
    """The requesting department's head approves or rejects a request (template 1)."""

    def __init__(self, project: dict) -> None:
        super().__init__()
        self.project = project

    def form_title(self) -> str:
        return tr("Request of project {id}: approve or reject", id=self.project["id"])

    def summary(self) -> Text:
        p, out = self.project, Text()
        labelled(out, "Name", p["name"])
        labelled(out, "Requested by", display_name(self.ws, p.get("initiator")))
        labelled(out, "Departments", f"{p.get('initiator_dept', '')} → {p.get('lead_dept', '')}"
                 + (f" + {', '.join(p['collab_depts'])}" if p.get("collab_depts") else ""))
        for key, label in (("background", "Background"), ("goal", "Core goal"),
                           ("outcome", "Expected outcome"), ("time_nodes", "Time nodes"),
                           ("support", "Support needed"), ("due", "Due")):
            labelled(out, label, p.get(key))
        return out

    def decide(self, choice: str, comment: str) -> dict:
        if choice == "approve":
            return project_flow.approve_request(self.ws, self.project["id"], comment)
        return project_flow.reject_request(self.ws, self.project["id"], comment)


class ResourceDecisionForm(DecisionForm):
    def __init__(self, record: dict) -> None:
        super().__init__()
        self.record = record

    def form_title(self) -> str:
        return tr("Resource request {id}: approve or reject", id=self.record["id"])

    def summary(self) -> Text:
        r, out = self.record, Text()
        labelled(out, "Kind", tr(RESOURCE_KINDS.get(r["kind"], r["kind"])))
        labelled(out, "What", r["what"])
        labelled(out, "Amount", r.get("amount"))
        labelled(out, "Reason", r.get("reason"))
        labelled(out, "Requested by", display_name(self.ws, r["requested_by"]))
        labelled(out, "Decide by", r["decide_by"])
        return out

    def decide(self, choice: str, comment: str) -> dict:
        if choice == "approve":
            return resources.approve_resource(self.ws, self.record["id"], comment)
        return resources.reject_resource(self.ws, self.record["id"], comment)


# -- steps -------------------------------------------------------------------
class KickoffForm(FormDialog[dict]):
    """A project manager records the kickoff meeting; its minutes are due within 2 hours."""

    def __init__(self, project: dict) -> None:
        super().__init__()
        self.project = project

    def form_title(self) -> str:
        return tr("Kickoff meeting of project {id}", id=self.project["id"])

    def compose_fields(self) -> ComposeResult:
        yield FormNote(Text(tr("The minutes are due within 2 hours of the meeting.")))
        yield self.row("held_at", "Held at", Input(now_text(self.ws),
                                                   placeholder="YYYY-MM-DD HH:MM", compact=True))
        members = [m.get("login", "") for m in self.project.get("members", [])]
        yield self.row("attendees", "Attendees",
                       Input(", ".join(members), suggester=logins(self.ws), compact=True),
                       "Logins, separated by commas")
        yield self.row("place", "Place", Input(compact=True))

    def submit(self) -> dict:
        held = local_time(self.ws, "held_at", self.text("held_at"))
        return kickoff.record_kickoff(self.ws, self.project["id"], held,
                                      attendees=split_list(self.text("attendees")),
                                      place=self.text("place"))


class StepForm(FormDialog[dict]):
    """A step with nothing to fill in: says what it does; Save (or Enter) does it."""

    AUTO_FOCUS = "#form-save"

    def __init__(self, title: str, description: str, action: Callable[[], dict],
                 button: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.description = description
        self.action = action
        self.button = button  # translated: what the step does ("发布"), else "Save"

    def form_title(self) -> str:
        return self.title_text

    def save_label(self) -> str:
        return self.button or super().save_label()

    def compose_fields(self) -> ComposeResult:
        yield FormNote(Text(self.description), id="step-description")

    def submit(self) -> dict:
        return self.action()


class TaskChoiceForm(FormDialog[dict]):
    """A form about one of `tasks`: a Select of them (`selected` first) and, below it, a
    note on the chosen task (`note(task)`, with id NOTE_ID) that follows the choice."""

    NOTE_ID = ""

    def __init__(self, tasks: list[dict], selected: str | None = None) -> None:
        super().__init__()
        self.tasks = tasks
        self.selected = selected if any(t["id"] == selected for t in tasks) else (
            tasks[0]["id"] if tasks else None)

    def task_fields(self) -> ComposeResult:
        yield self.row("task", "Task", Select(task_options(self.tasks),
                                              value=self.selected or Select.BLANK,
                                              allow_blank=not self.tasks, compact=True))
        yield FormNote(self._note(self.selected), id=self.NOTE_ID)

    def note(self, task: dict) -> Text:
        raise NotImplementedError

    def _note(self, task_id: str | None) -> Text:
        task = next((t for t in self.tasks if t["id"] == task_id), None)
        return self.note(task) if task is not None else Text()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "field-task":
            value = None if event.value is Select.BLANK else str(event.value)
            self.query_one(f"#{self.NOTE_ID}", FormNote).update(self._note(value))

    def chosen_task(self) -> str:
        task = self.text("task")
        if not task:
            raise InvalidValue("task", tr("task: choose a task"))
        return task


class ConfirmReceiptForm(TaskChoiceForm):
    """The owner confirms receiving a published task (accepted by default after 24 hours)."""

    NOTE_ID = "receipt-detail"

    def form_title(self) -> str:
        return tr("Confirm receipt of a task")

    def compose_fields(self) -> ComposeResult:
        yield from self.task_fields()

    def note(self, task: dict) -> Text:
        out = Text()
        state = publication.receipt(task, self.ws.now())
        labelled(out, "Delivery standard", task.get("standard") or "-")
        labelled(out, "Dates", f"{task['start']} → {task['due']}")
        if state.get("due_at"):
            labelled(out, "Confirm by", local_text(state["due_at"], self.ws.tz))
        return out

    def submit(self) -> dict:
        return publication.confirm_receipt(self.ws, self.chosen_task())


# -- resources and lagging tasks ----------------------------------------------
RESOURCE_KINDS = {"people": "People", "budget": "Budget", "equipment": "Equipment",
                  "other": "Other"}


class ResourceRequestForm(FormDialog[dict]):
    """People, budget or equipment, the approver, and the day they decide by."""

    def __init__(self, project: dict) -> None:
        super().__init__()
        self.project = project

    def form_title(self) -> str:
        return tr("Resource request for project {id}", id=self.project["id"])

    def compose_fields(self) -> ComposeResult:
        yield self.row("kind", "Kind", Select([(tr(label), kind) for kind, label in
                                               RESOURCE_KINDS.items()],
                                              value="people", allow_blank=False, compact=True))
        yield self.row("what", "What", Input(placeholder=tr("e.g. 2 backend engineers"),
                                             compact=True))
        yield self.row("amount", "Amount", Input(compact=True))
        yield self.row("approver", "Approver", Input(placeholder=tr("login"),
                                                     suggester=logins(self.ws), compact=True))
        yield self.row("decide_by", "Decide by", Input(placeholder="YYYY-MM-DD", compact=True),
                       "Empty: 3 working days from today")
        yield self.row("reason", "Reason", area())

    def submit(self) -> dict:
        return resources.request_resource(
            self.ws, self.project["id"], self.text("kind"), self.text("what"),
            approver=self.text("approver"), decide_by=self.text("decide_by") or None,
            amount=self.text("amount"), reason=self.text("reason"))


class LagCauseForm(FormDialog[dict]):
    """The lead department's head or the PM records why a task lags, and the measure."""

    def __init__(self, rows: list[dict], selected: str | None = None) -> None:
        super().__init__()
        self.rows = rows
        ids = [r["task"]["id"] for r in rows]
        self.selected = selected if selected in ids else (ids[0] if ids else None)

    def form_title(self) -> str:
        return tr("Why a task lags the plan")

    def compose_fields(self) -> ComposeResult:
        options = [(Text(f"{r['task']['id']}  {r['task']['title']}  "
                         f"({r['progress']} % / {r['expected']} %)"), r["task"]["id"])
                   for r in self.rows]
        yield self.row("task", "Task", Select(options, value=self.selected or Select.BLANK,
                                              allow_blank=not options, compact=True))
        yield self.row("cause", "Cause", Select([(tr(lagging.CAUSE_LABELS[c]), c)
                                                 for c in lagging.CAUSES],
                                                value="resources", allow_blank=False,
                                                compact=True))
        yield self.row("measure", "Measure", area())
        yield self.row("note", "Note", area())

    def submit(self) -> dict:
        task = self.text("task")
        if not task:
            raise InvalidValue("task", tr("task: choose a task"))
        return lagging.record_cause(self.ws, task, self.text("cause"), self.text("measure"),
                                    self.text("note"))
