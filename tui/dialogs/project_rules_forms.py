"""Forms of the project rules on the project screen (SPEC §1.4, §1.5, §1.8, §1.11, §1.12):

    MinutesForm        kickoff or weekly meeting minutes: progress, risks, measures,
                       decisions, action items (owner and due); archived in the knowledge base
    SignoffForm        a department head signs the published task allocation (模板2)
    IssueResponseForm  the lead department's answer to a major issue (within 24 hours)
    AcceptorForm       the requesting department's head names who accepts deliverables

Each calls one store function; the store checks the rule and the permission.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input, Select

from store.projects import kickoff, issues as project_issues, project as projects, signoff
from store.meetings import routines
from store.core.clock import local_text
from store.core.i18n import tr

from .form import FormDialog
from .project_forms import FormNote, area, logins


class MinutesForm(FormDialog[dict]):
    """The minutes of the kickoff (due 2 hours after it) or of a weekly meeting (due by the
    end of the next working day); the first meeting still owing minutes comes first."""

    def __init__(self, project: dict, pending: list[dict]) -> None:
        super().__init__()
        self.project = project
        self.pending = pending

    def form_title(self) -> str:
        return tr("Meeting minutes of project {id}", id=self.project["id"])

    def choices(self) -> list[tuple[str, str]]:
        found = []
        for item in self.pending:
            due = local_text(item["due_at"], self.ws.tz)
            label = (tr("Kickoff meeting (due {at})", at=due) if item["kind"] == "kickoff"
                     else tr("Weekly meeting {day} (due {at})", day=item["day"], at=due))
            found.append((label, f"{item['kind']}:{item['day'] or ''}"))
        if not any(item["kind"] == "weekly" for item in self.pending):
            found.append((tr("Weekly meeting (give its day)"), "weekly:"))
        return found

    def compose_fields(self) -> ComposeResult:
        options = self.choices()
        yield FormNote(Text(tr("Saved minutes are archived in the knowledge base; minutes "
                               "saved after their deadline are marked late.")))
        yield self.row("meeting", "Meeting",
                       Select([(Text(label), value) for label, value in options],
                              value=options[0][1], allow_blank=False, compact=True))
        yield self.row("day", "Meeting day", Input(self.ws.today().isoformat(),
                                                   placeholder="YYYY-MM-DD", compact=True),
                       "Weekly meetings only, when not listed above")
        yield self.row("progress", "Progress", area())
        yield self.row("risks", "Risks", area())
        yield self.row("measures", "Measures", area())
        yield self.row("decisions", "Decisions", area(), "One per line")
        yield self.row("actions", "Actions", area(),
                       "One per line: what | owner login | due date (YYYY-MM-DD)")

    def submit(self) -> dict:
        kind, _, day = self.text("meeting").partition(":")
        fields = dict(progress=self.text("progress"), risks=self.text("risks"),
                      measures=self.text("measures"),
                      decisions=[d for d in self.text("decisions").splitlines() if d.strip()],
                      actions=[routines.parse_action(line)
                               for line in self.text("actions").splitlines() if line.strip()])
        if kind == "kickoff":
            return kickoff.file_kickoff_minutes(self.ws, self.project["id"], **fields)
        return kickoff.file_weekly_minutes(self.ws, self.project["id"], day or self.text("day"),
                                           **fields)


class SignoffForm(FormDialog[dict]):
    """The head of a department owning tasks signs the task allocation as published."""

    def __init__(self, project: dict, depts: list[str]) -> None:
        super().__init__()
        self.project = project
        self.depts = depts

    def form_title(self) -> str:
        return tr("Sign off the task allocation of project {id}", id=self.project["id"])

    def compose_fields(self) -> ComposeResult:
        yield FormNote(Text(tr("You confirm, as head of the department, the tasks, owners, "
                               "delivery standards and dates published for it (模板2 "
                               "各部门负责人签字确认版).")))
        yield self.row("dept", "Department",
                       Select([(Text(d), d) for d in self.depts], value=self.depts[0],
                              allow_blank=False, compact=True))

    def submit(self) -> dict:
        return signoff.sign_off(self.ws, self.project["id"], self.text("dept"))


class IssueResponseForm(FormDialog[dict]):
    """The PM or the lead department's head answers a major issue: the cause and measure."""

    def __init__(self, issue: dict) -> None:
        super().__init__()
        self.issue = issue

    def form_title(self) -> str:
        return tr("Answer major issue {id}", id=self.issue["id"])

    def compose_fields(self) -> ComposeResult:
        due = local_text(self.issue["respond_by"], self.ws.tz)
        note = Text(self.issue["description"])
        note.append("\n" + tr("Due by {at} (24 hours after filing)", at=due))
        yield FormNote(note, id="issue-summary")
        yield self.row("measure", "Measure", area(), "The cause analysed and the measure decided")

    def submit(self) -> dict:
        return project_issues.respond_issue(self.ws, self.issue["id"], self.text("measure"))


class AcceptorForm(FormDialog[dict]):
    """The requesting department's head names who accepts deliverables (empty: the head)."""

    def __init__(self, project: dict) -> None:
        super().__init__()
        self.project = project

    def form_title(self) -> str:
        return tr("Who accepts the deliverables of project {id}", id=self.project["id"])

    def compose_fields(self) -> ComposeResult:
        yield FormNote(Text(tr("The initiating department organises acceptance (发起部门组织"
                               "验收): you, as its head, or the member you name here.")))
        yield self.row("acceptor", "Acceptor",
                       Input(self.project.get("acceptor") or "", suggester=logins(self.ws),
                             compact=True), "A login; empty: you accept yourself")

    def submit(self) -> dict:
        return projects.name_acceptor(self.ws, self.project["id"], self.text("acceptor") or None)
