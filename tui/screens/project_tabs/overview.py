"""Overview: the goal, state and next step, PM and departments, progress, what waits
for whom (what waits for the acting member first), and the risks and flags: overdue
and lagging tasks, the buffer check, missing daily updates, help flags (【需协助】),
urgent issues without an incident, pending receipts, late minutes and acceptance."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from store.core.i18n import tr, trn
from store.core.counts import listing
from store.core.punctuation import aside, labelled
from store.projects.lagging import CAUSE_LABELS
from store.people.members import display_name
from store.projects.flow import NEXT_STEP

from ...widgets.labels import state_label
from .base import ProjectTab, ink, one_line, section, waiting_line, when
from store.projects.outlook import ProjectView, Risk, Waiting, risks


def progress_bar(percent: int, width: int = 20) -> str:
    filled = max(0, min(width, round(width * percent / 100)))
    return "█" * filled + "░" * (width - filled)


class OverviewTab(ProjectTab):
    NAME = "overview"
    LABEL = "Overview"

    def compose(self) -> ComposeResult:
        scroll = VerticalScroll(id="overview-scroll")
        scroll.can_focus = True
        with scroll:
            yield Static(id="overview-text")

    def focus_target(self) -> Widget | None:
        return self.query_one("#overview-scroll")

    def selected_decision(self, view: ProjectView) -> Waiting | None:
        return view.my_waiting[0] if view.my_waiting else None

    def show(self, view: ProjectView) -> None:
        super().show(view)
        out = Text()
        self.facts(out, view)
        self.waiting(out, view)
        self.flags(out, view)
        self.query_one("#overview-text", Static).update(out)

    # -- sections ----------------------------------------------------------
    def facts(self, out: Text, view: ProjectView) -> None:
        ws, p = self.app.ws, view.project  # type: ignore[attr-defined]
        out.append(labelled(tr('State')), style="bold")
        out.append(state_label(p["state"]), style=ink(self, "text-primary", bold=True))
        if p["state"] in NEXT_STEP:
            out.append("  —  " + tr("next: {step}", step=tr(NEXT_STEP[p["state"]])))
        out.append("\n" + labelled(tr('Progress')), style="bold")
        out.append(progress_bar(view.summary["progress"]), style=ink(self, "text-success"))
        out.append(f" {view.summary['progress']} %  ·  "
                   + trn("{n} task", "{n} tasks", view.summary["tasks"], n=view.summary["tasks"]))
        if view.summary["overdue"]:
            out.append("  ·  ")
            out.append(tr("{n} overdue", n=view.summary["overdue"]),
                       style=ink(self, "text-error", bold=True))
        out.append("  ·  " + labelled(tr("Due"), p.get("due", "")))
        for key, label in (("goal", "Goal"), ("outcome", "Expected outcome")):
            if p.get(key):
                out.append("\n" + labelled(tr(label)), style="bold")
                out.append(one_line(p[key]))
        out.append("\n" + labelled(tr('PM')), style="bold")
        out.append(display_name(ws, p.get("pm")))
        out.append("  ·  " + labelled(tr('Initiator')))
        out.append(display_name(ws, p.get("initiator")))
        out.append("  ·  " + labelled(tr('Departments')))
        out.append(f"{p.get('initiator_dept', '')} → {p.get('lead_dept', '')}")
        if p.get("collab_depts"):
            out.append(" + " + listing(p["collab_depts"]))
        if view.kickoff:
            k = view.kickoff
            out.append("\n" + labelled(tr('Kickoff')), style="bold")
            out.append(tr("held {at}", at=when(ws, k["held_at"])) + "  ·  ")
            if k["minutes"]:
                out.append(tr("minutes filed {at}", at=when(ws, k["filed_at"])))
                if k["late"]:
                    out.append("  " + tr("Late (due {at})", at=when(ws, k["due_at"])),
                               style=ink(self, "text-warning", bold=True))
            else:
                out.append(tr("minutes due {at}", at=when(ws, k["due_at"])),
                           style=ink(self, "text-error", bold=True) if k["overdue"] else "")
        if p.get("published_at") and view.signoffs:
            out.append("\n" + labelled(tr('Sign-offs')), style="bold")
            # "✓ 产品部、市场部  ·  待签 客服部": grouped, so eight departments fit one line
            signed = [row["dept"] for row in view.signoffs if row["current"]]
            waiting = [row["dept"] for row in view.signoffs if not row["current"]]
            if signed:
                out.append("✓ ", style=ink(self, "text-success", bold=True))
                out.append(listing(signed))
            if waiting:
                out.append("  ·  " if signed else "")
                out.append(tr("pending: {depts}", depts=listing(waiting)),
                           style=ink(self, "text-warning", bold=True))
        if p.get("acceptor"):
            out.append("\n" + labelled(tr('Acceptor')), style="bold")
            out.append(display_name(ws, p["acceptor"]))
        buffer = view.plan_summary["buffer"]
        out.append("\n" + labelled(tr('Plan')), style="bold")
        if view.plan_summary["critical_path"]:
            out.append(trn("critical path {n} working day",
                           "critical path {n} working days",
                           view.plan_summary["critical_days"],
                           n=view.plan_summary["critical_days"])
                       + "  ·  ")
        out.append(labelled(tr("Buffer")))
        out.append(buffer["message"], style="" if buffer["ok"] or buffer["flag"] == "empty"
                   else ink(self, "text-warning", bold=True))

    def waiting(self, out: Text, view: ProjectView) -> None:
        ws = self.app.ws  # type: ignore[attr-defined]
        mine, others = view.my_waiting, [w for w in view.waiting if not w.mine]
        if mine:
            section(out, tr("Waiting for you ({n}) — press y to decide", n=len(mine)),
                    ink(self, "text-accent", bold=True))
            for item in mine:
                out.append("\n ▶ ", style=ink(self, "text-accent", bold=True))
                out.append_text(waiting_line(self, ws, item, names=False))
        if view.my_confirmations:
            section(out, tr("Confirm receipt ({n}) — press c", n=len(view.my_confirmations)),
                    ink(self, "text-accent", bold=True))
            for task in view.my_confirmations:
                out.append("\n ▶ ", style=ink(self, "text-accent", bold=True))
                out.append(f"{task['id']} ")
                out.append(one_line(task["title"]))
                due = view.receipts[task["id"]].get("due_at")
                out.append("  ·  " + tr("by {at}", at=when(ws, due)))
        if others:
            section(out, tr("Waiting for others ({n})", n=len(others)))
            for item in others:
                out.append("\n   ")
                out.append_text(waiting_line(self, ws, item, names=True))

    def flags(self, out: Text, view: ProjectView) -> None:
        """Draws the store's `risks(view)`: the store decides, this only words and colours."""
        ws = self.app.ws  # type: ignore[attr-defined]
        lines: list[tuple[Text, str]] = []
        for risk in risks(view):
            lines.append((self.risk_line(ws, view, risk), f"text-{risk.level}"))
        section(out, tr("Risks and flags ({n})", n=len(lines)))
        if not lines:
            out.append("\n   " + tr("None."), style=ink(self, "text-success"))
        for line, level in lines:
            out.append("\n ! ", style=ink(self, level, bold=True))
            line.stylize(ink(self, level))
            out.append_text(line)

    def risk_line(self, ws, view: ProjectView, risk: Risk) -> Text:
        record = risk.record
        if risk.kind == "overdue":
            line = Text(labelled(tr("Overdue")))
            line.append(f"{record['id']} ")
            line.append(one_line(record["title"]))
            owner = display_name(ws, record["owner"])
            line.append(aside("", tr("({owner}, due {due})", owner=owner, due=record["due"])))
        elif risk.kind == "lagging":
            task = record["task"]
            line = Text(labelled(tr("Lagging")))
            line.append(f"{task['id']} ")
            line.append(one_line(task["title"]))
            line.append("  " + tr("{progress} % of {expected} % planned",
                                  progress=record["progress"], expected=record["expected"]))
            if record["causes"]:
                cause = record["causes"][-1]
                line.append("  ·  " + labelled(tr(CAUSE_LABELS.get(cause["cause"], cause["cause"]))))
                line.append(one_line(cause["measure"]))
            else:
                line.append("  ·  " + tr("no cause recorded yet"))
        elif risk.kind in ("buffer", "forecast"):
            line = Text(record["message"])
        elif risk.kind == "updates":
            names = sorted({display_name(ws, m["owner"]) for m in record})
            values = {"time": when(ws, risk.at.isoformat()), "names": listing(names)}
            line = Text(tr("Not updated by {time}: {names}", **values) if risk.level == "error"
                        else tr("Updates due by {time}: {names}", **values))
        elif risk.kind == "help":
            line = Text("【需协助】 ")
            line.append(labelled(record["task"]))
            line.append(tr("{who} asks {helper} for help", who=display_name(ws, record["owner"]),
                           helper=display_name(ws, record["help_from"])))
            if record.get("problems"):
                line.append(" — ")
                line.append(one_line(record["problems"]))
        elif risk.kind == "escalation":
            line = Text(labelled(tr("Urgent issue {id} needs an incident by {at}", id=record["id"],
                           at=when(ws, record["escalate_by"]))))
            line.append(one_line(record["description"])[:80])
        elif risk.kind == "major":
            line = Text(labelled(tr("Major issue {id}", id=record["id"])))
            line.append(one_line(record["description"])[:80])
        elif risk.kind == "decision":
            line = Text(labelled(tr("Overdue decision")))
            line.append_text(waiting_line(self, ws, record, names=True))
        else:  # retro
            line = Text(tr("Retrospective due {at}", at=when(ws, risk.at.isoformat())))
        return line
