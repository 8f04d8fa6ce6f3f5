"""Issue feedback (问题反馈表, template 5): description, level, impact, when it was found.

Filed more than 24 hours after discovery, the store flags it late; an urgent
issue must start the emergency flow within 2 hours (the war room links it).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input, Select

from store.projects import issues as project_issues
from store.core.i18n import tr
from store.labels import LEVEL_LABELS

from .form import FormDialog
from .project_forms import area, local_time, now_text



class IssueForm(FormDialog[dict]):
    def __init__(self, project: dict) -> None:
        super().__init__()
        self.project = project

    def form_title(self) -> str:
        return tr("Report an issue in project {id}", id=self.project["id"])

    def compose_fields(self) -> ComposeResult:
        yield self.row("description", "Description", area())
        yield self.row("level", "Level",
                       Select([(tr(LEVEL_LABELS[x]), x) for x in project_issues.LEVELS],
                              value="general", allow_blank=False, compact=True),
                       "Urgent: start the emergency flow within 2 hours")
        yield self.row("impact", "Impact", area())
        yield self.row("discovered_at", "Discovered at",
                       Input(now_text(self.ws), placeholder="YYYY-MM-DD HH:MM", compact=True),
                       "File within 24 hours of discovery")

    def submit(self) -> dict:
        found = local_time(self.ws, "discovered_at", self.text("discovered_at"))
        return project_issues.file_issue(self.ws, self.project["id"], self.text("description"),
                                         level=self.text("level") or "general",
                                         impact=self.text("impact"), discovered_at=found)
