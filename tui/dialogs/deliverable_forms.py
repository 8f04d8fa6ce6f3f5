"""Deliverables and acceptance (成果交付说明 / 验收, SPEC §1.12).

`DeliverableForm(project)` submits a version with its feature list and test
report (the initiator and the PM are reminded; acceptance is due in 24 hours).
`AcceptanceForm(deliverable)` answers it: passed, or changes needed with
comments (the project goes back to in progress; the next version is a new
record and every version is kept).
"""

from __future__ import annotations

import re

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input

from store.projects import deliverables
from store.projects.readiness import still_open
from store.core.clock import local_text
from store.core.i18n import tr
from store.people.members import display_name

from .form import FormDialog
from .project_forms import DecisionForm, FormNote, area, labelled


def next_version(previous: str | None) -> str:
    """"1.0" → "1.1", "v2" → "v3"; "" when there is no number to bump."""
    if not previous:
        return "1.0"
    match = re.search(r"(\d+)(?!.*\d)", previous)
    if not match:
        return ""
    return previous[:match.start()] + str(int(match.group(1)) + 1) + previous[match.end():]


class DeliverableForm(FormDialog[dict]):
    def __init__(self, project: dict, previous: dict | None = None) -> None:
        super().__init__()
        self.project = project
        self.previous = previous

    def form_title(self) -> str:
        return tr("Deliver project {id}", id=self.project["id"])

    def compose_fields(self) -> ComposeResult:
        if self.previous is not None:
            note = Text()
            labelled(note, "Previous version", self.previous["version"])
            review = self.previous.get("review") or {}
            labelled(note, "Comments", review.get("comment"))
            yield FormNote(note, id="previous-version")
        yield self.row("version", "Version",
                       Input(next_version(self.previous["version"] if self.previous else None),
                             compact=True))
        yield self.row("features", "Feature list", area())
        yield self.row("test_report", "Test report", area())
        yield self.row("notes", "Notes", area())

    def submit(self) -> dict:
        return deliverables.submit_deliverable(self.ws, self.project["id"], self.text("version"),
                                               self.text("features"), self.text("test_report"),
                                               self.text("notes"))


class AcceptanceForm(DecisionForm):
    CHOICES = (("passed", "Passed"), ("changes", "Changes needed"))
    COMMENT_HINT = "Required when changes are needed"

    def __init__(self, deliverable: dict) -> None:
        super().__init__()
        self.deliverable = deliverable

    def form_title(self) -> str:
        return tr("Acceptance of {version} ({id})", version=self.deliverable["version"],
                  id=self.deliverable["id"])

    def summary(self) -> Text:
        d, out = self.deliverable, Text()
        labelled(out, "Submitted by", display_name(self.ws, d["submitted_by"]))
        labelled(out, "Acceptance due", local_text(d["due_at"], self.ws.tz))
        labelled(out, "Feature list", d["features"])
        labelled(out, "Test report", d["test_report"])
        labelled(out, "Notes", d.get("notes"))
        still = still_open(self.ws, d["project"])
        if still:
            out.append("\n" + still, style="bold")
        return out

    def decide(self, choice: str, comment: str) -> dict:
        return deliverables.review_deliverable(self.ws, self.deliverable["id"],
                                               passed=choice == "passed", comment=comment)
