"""Delays & approvals: what waits for a decision in this project (the request, delay
requests, resource requests), the delay requests with both approvals (PM and the
requesting head), the highlighted one in full with the slip it causes, and the
resource requests (资源需求)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import DataTable, Static

from store.core.i18n import tr
from store.core.punctuation import colon, labelled
from store.people.members import display_name

from store.labels import RESOURCE_KIND_LABELS
from ...widgets.keyed_table import Col, KeyedTable
from ...widgets.labels import text, themed
from .base import ProjectTab, ink, one_line, waiting_line, when
from store.projects.outlook import ProjectView, Waiting

RECORD_STATES = {"pending": "Pending", "approved": "Approved", "rejected": "Rejected",
                 "withdrawn": "Withdrawn"}

DELAY_COLUMNS = (
    Col("id", "ID", 6),
    Col("task", "Task", 6),
    Col("by", "Requested by", 12),
    Col("dates", "Due → new", 23),
    Col("state", "State", 9),
    Col("pm", "PM", 8),      # wide enough for the heading in Chinese (项目经理)
    Col("head", "Head", 10),  # (部门负责人)
    Col("reason", "Reason", None, min_flex=10),
)
RESOURCE_COLUMNS = (
    Col("id", "ID", 6),
    Col("kind", "Kind", 9),
    Col("what", "What", None, min_flex=12),
    Col("amount", "Amount", 10, min_width=90),
    Col("approver", "Approver", 12),
    Col("decide_by", "Decide by", 10),
    Col("state", "State", 9),
)


class ApprovalsTab(ProjectTab):
    NAME = "approvals"
    LABEL = "Delays & approvals"
    SHORT = "Delays"

    def compose(self) -> ComposeResult:
        yield Static(id="approvals-info", classes="tab-info")
        yield KeyedTable(DELAY_COLUMNS, id="delays")
        yield Static(id="delay-detail", classes="tab-detail")
        yield Static(Text(tr("Resource requests")), classes="section-title")
        yield KeyedTable(RESOURCE_COLUMNS, id="resources")

    @property
    def delays(self) -> KeyedTable:
        return self.query_one("#delays", KeyedTable)

    @property
    def resources(self) -> KeyedTable:
        return self.query_one("#resources", KeyedTable)

    def focus_target(self) -> Widget | None:
        return self.delays if self.delays.row_count or not self.resources.row_count \
            else self.resources

    def selected_task_id(self) -> str | None:
        delay = self.selected_delay()
        return delay["task"] if delay else None

    def selected_delay(self) -> dict | None:
        key, view = self.delays.selected_key, self.view
        return next((d for d in view.delays if d["id"] == key), None) if key and view else None

    def selected_decision(self, view: ProjectView) -> Waiting | None:
        table = self.resources if self.resources.has_focus else self.delays
        key = table.selected_key
        mine = [w for w in view.my_waiting if w.id == key]
        return mine[0] if mine else None

    def show(self, view: ProjectView) -> None:
        super().show(view)
        ws = self.app.ws  # type: ignore[attr-defined]
        info = Text()
        mine = view.my_waiting
        if mine:
            info.append(tr("Waiting for you: {n} — press y to decide", n=len(mine)),
                        style=ink(self, "text-accent", bold=True))
            for item in mine[:2]:
                info.append("\n ▶ ")
                info.append_text(waiting_line(self, ws, item, names=False))
        else:
            info.append(tr("Nothing waits for your decision."), style=ink(self, "text-muted"))
        approval = view.project.get("approval")
        if approval:
            decision = RECORD_STATES.get(approval["decision"], approval["decision"])
            info.append("\n" + tr("Request: {decision} by {who} {at}", decision=tr(decision),
                                  who=display_name(ws, approval["by"]),
                                  at=when(ws, approval["at"])))
            if approval.get("comment"):
                info.append(colon())
                info.append(one_line(approval["comment"]))
        self.query_one("#approvals-info", Static).update(info)
        self.delays.show([(d["id"], self.delay_cells(view, d)) for d in reversed(view.delays)])
        self.resources.show([(r["id"], self.resource_cells(view, r))
                             for r in reversed(view.resources)])
        self.show_detail()

    def mark(self, view: ProjectView, record: dict, role: str) -> Text:
        given = record["approvals"].get(role)
        if given:
            return themed(self.app, "✓", "text-success", bold=True)
        if record["state"] != "pending":
            return text("–")
        waiting = any(w.id == record["id"] and w.mine for w in view.waiting)
        return themed(self.app, "…", "text-accent", bold=True) if waiting else text("…")

    def delay_cells(self, view: ProjectView, d: dict) -> dict:
        ws = self.app.ws  # type: ignore[attr-defined]
        state = tr(RECORD_STATES.get(d["state"], d["state"]))
        mine = any(w.id == d["id"] and w.mine for w in view.waiting)
        return {
            "id": text(d["id"]), "task": text(d["task"]),
            "by": text(display_name(ws, d["requested_by"])),
            "dates": text(f"{d['old_due']} → {d['new_due']}"),
            "state": themed(self.app, state, "text-accent", bold=True) if mine else text(state),
            "pm": self.mark(view, d, "pm"), "head": self.mark(view, d, "head"),
            "reason": text(one_line(d["reason"])),
        }

    def resource_cells(self, view: ProjectView, r: dict) -> dict:
        ws = self.app.ws  # type: ignore[attr-defined]
        state = tr(RECORD_STATES.get(r["state"], r["state"]))
        mine = r["state"] == "pending" and r["approver"] == view.me
        return {
            "id": text(r["id"]), "kind": text(tr(RESOURCE_KIND_LABELS.get(r["kind"], r["kind"]))),
            "what": text(r["what"]), "amount": text(r.get("amount", "")),
            "approver": text(display_name(ws, r["approver"])), "decide_by": text(r["decide_by"]),
            "state": themed(self.app, state, "text-accent", bold=True) if mine else text(state),
        }

    @on(DataTable.RowHighlighted, "#delays")
    def highlighted(self) -> None:
        self.show_detail()

    def show_detail(self) -> None:
        delay = self.selected_delay()
        ws = self.app.ws  # type: ignore[attr-defined]
        out = Text()
        if delay is not None and delay["state"] == "pending":
            # lazy: the delay forms are imported when first needed (project_forms_index.FORMS)
            from ...dialogs.delay_forms import impact_text
            out = impact_text(ws, delay)
        elif delay is not None:
            out.append(f"{delay['id']}  {delay['task']}  {delay['old_due']} → {delay['new_due']}"
                       f"  ·  {tr(RECORD_STATES.get(delay['state'], delay['state']))}",
                       style="bold")
            out.append("\n" + labelled(tr('Reason')))
            out.append(one_line(delay["reason"]))
            rejection = delay.get("rejection")
            if rejection:
                out.append("\n" + labelled(tr("Rejected by {who}",
                                                  who=display_name(ws, rejection["by"]))))
                out.append(one_line(rejection["comment"]))
        self.query_one("#delay-detail", Static).update(out)
