"""Retrospective (复盘): due within 3 working days after launch; once saved, what went
well, the lessons, the actions with owners, and the knowledge-base entry it was
archived as."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from store.core.i18n import tr
from store.people.members import display_name

from .base import ProjectTab, ink, section, when
from store.projects.outlook import ProjectView


class RetroTab(ProjectTab):
    NAME = "retro"
    LABEL = "Retrospective"
    SHORT = "Retro"

    def compose(self) -> ComposeResult:
        scroll = VerticalScroll(id="retro-scroll")
        scroll.can_focus = True
        with scroll:
            yield Static(id="retro-text")

    def focus_target(self) -> Widget | None:
        return self.query_one("#retro-scroll")

    def show(self, view: ProjectView) -> None:
        super().show(view)
        ws = self.app.ws  # type: ignore[attr-defined]
        out = Text()
        r = view.retro
        if r is None:
            if view.retro_due is None:
                out.append(tr("The retrospective is due within 3 working days after launch; "
                              "the project has not been launched yet."),
                           style=ink(self, "text-muted"))
            else:
                late = view.now >= view.retro_due
                out.append(tr("The retrospective is due by {at}",
                              at=when(ws, view.retro_due.isoformat())),
                           style=ink(self, "text-error" if late else "text-warning", bold=True))
                if view.allowed.get("retro"):
                    out.append("  —  " + tr("press r to write it"))
        else:
            out.append(r["title"], style="bold")
            out.append("\n" + tr("Saved by {who} {at}", who=display_name(ws, r["saved_by"]),
                                 at=when(ws, r["saved_at"])))
            if r.get("late"):
                out.append("  " + tr("(late)"), style=ink(self, "text-error", bold=True))
            if r.get("kb"):
                out.append("  ·  " + tr("archived in the knowledge base as K{id}", id=r["kb"]))
            for key, label in (("summary", "Summary"), ("went_well", "What went well"),
                               ("lessons", "Lessons learned")):
                if r.get(key):
                    section(out, tr(label))
                    out.append("\n")
                    out.append(r[key])
            if r.get("actions"):
                section(out, tr("Actions"))
                for a in r["actions"]:
                    out.append("\n • ")
                    out.append(a["text"])
                    out.append(f"  —  {display_name(ws, a['owner'])}"
                               + (f", {a['due']}" if a.get("due") else ""))
        self.query_one("#retro-text", Static).update(out)
