"""Delay requests (延期申请, SPEC §1.10): the owner asks, the PM and the head decide.

`DelayRequestForm(tasks, selected)` — the task (the acting member's open tasks),
the new due date, the reason and the adjusted plan; the last moment a request
may be filed (48 hours before the deadline) is shown for the chosen task.

`DelayDecisionForm(delay)` — before approving, the approver sees the slip it
causes (`store.projects.delays.delay_impact`): the tasks and milestones that move and
by how much, the new end against the project's due date, the buffer before and
after; then approve or reject with a comment.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input

from store.projects import delays
from store.core.clock import local_text
from store.core.counts import listing
from store.core.errors import StoreError
from store.core.i18n import tr, trn
from store.labels import APPROVER_LABELS
from store.people.members import display_name

from .project_forms import DecisionForm, TaskChoiceForm, area, labelled


class DelayRequestForm(TaskChoiceForm):
    NOTE_ID = "delay-rule"

    def form_title(self) -> str:
        return tr("Request a delay")

    def compose_fields(self) -> ComposeResult:
        yield from self.task_fields()
        yield self.row("new_due", "New due date", Input(placeholder="YYYY-MM-DD", compact=True))
        yield self.row("reason", "Reason", area())
        yield self.row("plan", "Adjusted plan", area())

    def note(self, task: dict) -> Text:
        """The last moment a request may be filed for `task`."""
        out = Text()
        labelled(out, "Due", task["due"])
        labelled(out, "File by", local_text(delays.filing_deadline(self.ws, task), self.ws.tz))
        out.append("\n" + tr("A delay is asked at least 2 days before the deadline and needs "
                             "the PM's and the requesting head's approval."), style="dim")
        return out

    def submit(self) -> dict:
        return delays.request_delay(self.ws, self.chosen_task(), self.text("new_due"),
                                    self.text("reason"), self.text("plan"))


def impact_text(ws, delay: dict, impact: dict | None = None) -> Text:
    """The slip a delay causes, for the approver (plain Text: titles are user data):
    each dependent that moves with its dates old → new, the milestones, the new end and
    the buffer before and after (store.projects.plan.slip_preview)."""
    out = Text()
    labelled(out, "Task", delay["task"])
    labelled(out, "Requested by", display_name(ws, delay["requested_by"]))
    labelled(out, "Due", f"{delay['old_due']} → {delay['new_due']}")
    labelled(out, "Reason", delay["reason"])
    labelled(out, "Adjusted plan", delay.get("plan"))
    given = [tr(APPROVER_LABELS.get(role, role)) for role, v in delay["approvals"].items() if v]
    labelled(out, "Approved by", listing(given))
    try:
        impact = impact or delays.delay_impact(ws, delay["id"])
    except StoreError as exc:
        out.append("\n" + str(exc))
        return out
    out.append("\n\n" + trn("Impact: the task slips {n} working day",
                            "Impact: the task slips {n} working days", impact["slip_wd"]),
               style="bold")
    for move in impact["moves"]:
        out.append("\n  " + ("◆ " if move["milestone"] else "• "))
        out.append(f"{move['id']} ")
        out.append(" ".join(str(move["title"]).split()))
        out.append(f"  {move['old_start']}…{move['old_due']} → {move['new_start']}…"
                   f"{move['new_due']} ("
                   + trn("+{n} working day", "+{n} working days", move["shift_wd"]) + ")")
    if not impact["moves"]:
        out.append("\n  " + tr("No other task moves."))
    if impact["milestones"]:
        names = listing([m["id"] for m in impact["milestones"]])
        out.append("\n" + tr("Milestones that move: {ids}", ids=names), style="bold")
    end = tr("New end {end}; project due {due}", end=impact["new_end"], due=impact["project_due"])
    out.append("\n" + end, style="bold" if impact["past_project_due"] else "")
    if impact["past_project_due"]:
        out.append("  " + tr("past the project's due date!"), style="bold reverse")
    out.append("\n" + tr("Buffer before: {message}", message=impact["buffer_before"]["message"]))
    out.append("\n" + tr("Buffer after: {message}", message=impact["buffer_after"]["message"]),
               style="" if impact["buffer_after"]["ok"] else "bold")
    return out


class DelayDecisionForm(DecisionForm):
    def __init__(self, delay: dict) -> None:
        super().__init__()
        self.delay = delay

    def form_title(self) -> str:
        return tr("Delay request {id}: approve or reject", id=self.delay["id"])

    def summary(self) -> Text:
        try:
            self.impact = delays.delay_impact(self.ws, self.delay["id"])
        except StoreError:
            self.impact = None
        return impact_text(self.ws, self.delay, self.impact)

    def decide(self, choice: str, comment: str) -> dict:
        if choice == "approve":
            seen = self.impact["moves"] if getattr(self, "impact", None) else None
            done = delays.approve_delay(self.ws, self.delay["id"], comment, seen=seen)
            if done.get("changed_since_preview"):  # applied what the plan asks now
                moved = ", ".join(f"{m['id']} → {m['new_start']}…{m['new_due']}"
                                  for m in done["moved"]) or tr("none")
                self.app.notify(tr("The plan changed since the preview; moved: {moves}",
                                   moves=moved), severity="warning", timeout=10)
            return done
        return delays.reject_delay(self.ws, self.delay["id"], comment)
