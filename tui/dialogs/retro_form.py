"""The retrospective (复盘, SPEC §1.13): due within 3 working days after launch.

What went well, lessons, and actions with owners ("what | owner | due", one per
line); saving archives the report in the knowledge base.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input

from store.projects import retro
from store.meetings import routines
from store.core.clock import local_text
from store.core.i18n import tr

from .form import FormDialog
from .project_forms import FormNote, area


class RetroForm(FormDialog[dict]):
    def __init__(self, project: dict) -> None:
        super().__init__()
        self.project = project

    def form_title(self) -> str:
        return tr("Retrospective of project {id}", id=self.project["id"])

    def compose_fields(self) -> ComposeResult:
        due = retro.retro_due_at(self.ws, self.project)
        if due is not None:
            yield FormNote(Text(tr("Due by {at} (3 working days after launch); saved, it is "
                                   "archived in the knowledge base.",
                                   at=local_text(due, self.ws.tz))))
        yield self.row("title", "Title",
                       Input(tr("Project retrospective: {name}", name=self.project["name"]),
                             compact=True))
        yield self.row("went_well", "What went well", area())
        yield self.row("lessons", "Lessons learned", area())
        yield self.row("actions", "Actions", area(),
                       "One per line: what | owner login | due date (YYYY-MM-DD)")
        yield self.row("summary", "Summary", area())

    def submit(self) -> dict:
        actions = [routines.parse_action(line) for line in self.text("actions").splitlines()
                   if line.strip()]
        return retro.save_retrospective(self.ws, self.project["id"],
                                        went_well=self.text("went_well"),
                                        lessons=self.text("lessons"), actions=actions,
                                        summary=self.text("summary"), title=self.text("title"))
