"""Deliverables (成果交付说明) and their acceptance (验收): every version, newest first,
with its acceptance due within 24 hours; the highlighted one in full."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import DataTable, Static

from store.core.i18n import tr, trn
from store.core.punctuation import aside, labelled
from store.people.members import display_name

from ...widgets.keyed_table import Col, KeyedTable
from ...widgets.labels import text, themed
from .base import ProjectTab, ink, one_line, when
from store.projects.outlook import ProjectView, Waiting

STATES = {"pending": "Awaiting acceptance", "passed": "Passed", "changes": "Changes needed"}
COLUMNS = (
    Col("id", "ID", 6),
    Col("version", "Version", None, min_flex=8),
    Col("by", "Submitted by", 12),
    Col("at", "Submitted at", 16),
    Col("due", "Acceptance due", 16, min_width=90),
    Col("state", "State", 14),
    Col("reviewer", "Reviewed by", 12, min_width=100),
)


class DeliverablesTab(ProjectTab):
    NAME = "deliverables"
    LABEL = "Deliverables"
    SHORT = "Delivery"

    def compose(self) -> ComposeResult:
        yield Static(id="deliverables-info", classes="tab-info")
        yield KeyedTable(COLUMNS, id="deliverables")
        yield Static(id="deliverable-detail", classes="tab-detail")

    @property
    def table(self) -> KeyedTable:
        return self.query_one("#deliverables", KeyedTable)

    def focus_target(self) -> Widget | None:
        return self.table

    def selected(self) -> dict | None:
        key, view = self.table.selected_key, self.view
        return next((d for d in view.deliverables if d["id"] == key), None) if key and view \
            else None

    def selected_decision(self, view: ProjectView) -> Waiting | None:
        key = self.table.selected_key
        return next((w for w in view.my_waiting if w.id == key), None)

    def show(self, view: ProjectView) -> None:
        super().show(view)
        info = Text()
        pending = [w for w in view.waiting if w.kind == "acceptance"]
        if any(w.mine for w in pending):
            info.append(tr("A deliverable waits for your acceptance — press y"),
                        style=ink(self, "text-accent", bold=True))
        elif pending:
            info.append(tr("Awaiting acceptance"), style=ink(self, "text-warning"))
        elif not view.deliverables:
            info.append(tr("Nothing delivered yet."), style=ink(self, "text-muted"))
        else:
            info.append(trn("{n} version",
                            "{n} versions", len(view.deliverables), n=len(view.deliverables)))
        self.query_one("#deliverables-info", Static).update(info)
        self.table.show([(d["id"], self.cells(view, d)) for d in reversed(view.deliverables)])
        self.show_detail()

    def cells(self, view: ProjectView, d: dict) -> dict:
        ws = self.app.ws  # type: ignore[attr-defined]
        review = d.get("review") or {}
        state = tr(STATES.get(d["state"], d["state"]))
        if review.get("late"):
            state = aside(state, tr("(late)"))
        late = d["state"] == "pending" and view.now.isoformat() >= d["due_at"]
        return {
            "id": text(d["id"]), "version": text(d["version"]),
            "by": text(display_name(ws, d["submitted_by"])),
            "at": text(when(ws, d["submitted_at"])),
            "due": themed(self.app, when(ws, d["due_at"]), "text-error", bold=True) if late
            else text(when(ws, d["due_at"])),
            "state": themed(self.app, state, "text-success") if d["state"] == "passed"
            else themed(self.app, state, "text-warning") if d["state"] == "changes" else
            text(state),
            "reviewer": text(display_name(ws, review.get("by")) if review else ""),
        }

    @on(DataTable.RowHighlighted, "#deliverables")
    def highlighted(self) -> None:
        self.show_detail()

    def show_detail(self) -> None:
        d = self.selected()
        out = Text()
        if d is not None:
            out.append(f"{tr('Version {version}', version=d['version'])}  ", style="bold")
            for key, label in (("features", "Feature list"), ("test_report", "Test report"),
                               ("notes", "Notes")):
                if d.get(key):
                    out.append("\n" + labelled(tr(label)), style="bold")
                    out.append(one_line(d[key]))
            review = d.get("review") or {}
            if review.get("comment"):
                out.append("\n" + labelled(tr('Comments')), style="bold")
                out.append(one_line(review["comment"]))
        self.query_one("#deliverable-detail", Static).update(out)
