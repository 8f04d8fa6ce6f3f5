"""Plan (template 3 进度计划表): the critical path (parallel critical tasks grouped), the
buffer check and, with tasks overdue, the forecast (store.projects.forecast) on one line, the
Gantt timeline (tui/widgets/gantt.py), and the selected task's dates, dependencies
and progress against the plan."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Static

from store.core.i18n import tr, trn
from store.core.punctuation import labelled
from store.people.members import display_name
from store.projects.critical_path import path_text

from ...widgets.gantt import GanttView
from .base import ProjectTab, ink, one_line
from store.projects.outlook import ProjectView


PATH_WIDTH = 60  # a long critical path is cut: the Gantt shows the rest (● rows)


def short_path(groups: list[list[str]]) -> str:
    text = path_text(groups)
    return text if len(text) <= PATH_WIDTH else text[:PATH_WIDTH - 1].rstrip(" →,{") + "…"


class PlanTab(ProjectTab):
    NAME = "plan"
    LABEL = "Plan"

    def compose(self) -> ComposeResult:
        yield Static(id="plan-status", classes="tab-line")
        yield GanttView(id="gantt")
        yield Static(id="plan-detail", classes="tab-line")

    @property
    def gantt(self) -> GanttView:
        return self.query_one("#gantt", GanttView)

    def focus_target(self) -> Widget | None:
        return self.gantt

    def selected_task_id(self) -> str | None:
        return self.gantt.selected_id

    def show(self, view: ProjectView) -> None:
        super().show(view)
        plan = view.plan
        status = Text()  # wraps (up to three lines): the buffer's advice is read whole
        if plan["critical_path"]:
            status.append(labelled(tr('Critical path')), style="bold")
            status.append(short_path(plan["critical_groups"]) + "  (")
            status.append(trn("{n} task, {days} working days, ends {end}",
                              "{n} tasks, {days} working days, ends {end}",
                              len(plan["critical_path"]),
                             n=len(plan["critical_path"]), days=plan["critical_days"],
                             end=plan["buffer"].get("end") or "-") + ")")
            status.append("  ·  ")
        buffer = plan["buffer"]
        good = buffer["ok"] or buffer["flag"] == "empty"
        status.append(labelled(tr("Buffer")), style="bold")
        status.append(buffer["message"], style=ink(self, "text-success" if good else
                                                   "text-error", bold=not good))
        ahead = plan["forecast"]
        if ahead["overdue"]:  # the plan as the overdue tasks push it, beside the planned one
            status.append("  ·  ")
            status.append(ahead["message"], style=ink(
                self, "text-error" if ahead["buffer"]["flag"] == "late" else "text-warning",
                bold=True))
        if plan["conflicts"]:
            status.append("  ·  ")
            status.append(tr("Starts before a predecessor finishes: {ids}",
                             ids=", ".join(dict.fromkeys(c["task"] for c in plan["conflicts"]))),
                          style=ink(self, "text-error", bold=True))
        self.query_one("#plan-status", Static).update(status)
        self.gantt.show(plan, view.calendar)
        self.show_detail()

    @on(GanttView.Selected)
    def selected(self, event: GanttView.Selected) -> None:
        event.stop()
        self.show_detail()

    def show_detail(self) -> None:
        task = self.gantt.selected_task
        plan_due = self.view.plan["due"] if self.view else None
        line = Text()  # wraps (up to three lines): the task's whole line
        if task is not None:
            ws = self.app.ws  # type: ignore[attr-defined]
            line.append(f"{task['id']} ", style="bold")
            line.append(one_line(task["title"]))
            line.append(f"  ·  {display_name(ws, task['owner'])}  ·  {task['start']} → "
                        f"{task['due']} ({tr('{n} wd', n=task['working_days'])})")
            line.append("  ·  " + tr("{progress} % of {expected} % planned",
                                     progress=task.get("progress", 0),
                                     expected=task["expected"]),
                        style=ink(self, "text-warning", bold=True) if task["lagging"] else "")
            if task.get("depends"):
                line.append("  ·  " + tr("after {ids}", ids=", ".join(task["depends"])))
            if task["conflicts"]:
                line.append("  ·  " + tr("starts before {ids} finishes!",
                                         ids=", ".join(task["conflicts"])),
                            style=ink(self, "text-error", bold=True))
            if task["overlaps"]:
                line.append("  ·  " + tr("overlaps {ids} on purpose",
                                         ids=", ".join(task["overlaps"])))
            if task["float"]:
                line.append("  ·  " + tr("float {n} wd", n=task["float"]))
            if plan_due and task["due"] > plan_due:
                line.append("  ·  " + tr("after the project's due date"),
                            style=ink(self, "text-error", bold=True))
            if task.get("late"):
                line.append("  ·  " + tr("overdue: past its due date, not done"),
                            style=ink(self, "text-error", bold=True))
            if task["critical"]:
                line.append("  ·  " + tr("critical path"), style=ink(self, "text-error",
                                                                      bold=True))
            if task.get("milestone"):
                line.append("  ·  ◆ " + tr("milestone"))
        self.query_one("#plan-detail", Static).update(line)
