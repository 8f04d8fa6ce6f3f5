"""Template 2 跨部门协作任务分配表 and template 3 跨部门协作进度计划表 (with a text Gantt)."""

from __future__ import annotations

import math
from datetime import date

from ..core.i18n import trn
from ..people.members import display_name
from ..projects.critical_path import path_text
from ..projects.forecast import forecast_message
from ..projects.plan import buffer_message, dependency_notes, project_plan
from ..projects.publication import receipt
from ..projects.tasks import project_tasks
from ..core.workspace import Workspace
from ..labels import (DECISION_LABELS, PRIORITY_LABELS, RECEIPT_LABELS,
                      RESOURCE_KIND_LABELS)
from .lateness_cells import late_cell, signoff_section
from ..core.markdown import Doc, when

GANTT_WIDTH = 60



def render_tasks(ws: Workspace, project: dict, lang: str | None) -> str:
    doc = Doc(lang)
    t, tz, now = doc.t, ws.tz, ws.now()
    doc.h(1, t("Template 2 Cross-department task assignment form"))
    doc.para(f"{t('Project')}: {project['name']} (#{project['id']}) · "
             f"{t('Published at')}: {when(project.get('published_at'), tz) or '—'}")
    rows = []
    for task in project_tasks(ws, project["id"]):
        rec = receipt(task, now)
        status = t(RECEIPT_LABELS[rec["status"]])
        if rec["at"]:
            status += f" {when(rec['at'], tz)}"
        if rec.get("late"):
            status += f" · {late_cell(doc, rec, tz)}"
        rows.append([task["id"], task["title"], display_name(ws, task["owner"]),
                     task.get("standard", ""), task["start"], task["due"],
                     t(PRIORITY_LABELS[task["priority"]]), ", ".join(task["depends"]),
                     t("Yes") if task.get("milestone") else "", status])
    doc.table([t("No."), t("Task"), t("Owner"), t("Delivery standard"), t("Start"), t("End"),
               t("Priority"), t("Depends on"), t("Milestone"), t("Receipt")], rows)
    signoff_section(doc, ws, project)
    return doc.render()


def render_plan(ws: Workspace, project: dict, lang: str | None) -> str:
    doc = Doc(lang)
    t = doc.t
    plan = project_plan(ws, project["id"])
    buffer, ahead = plan["buffer"], plan["forecast"]
    doc.h(1, t("Template 3 Cross-department schedule plan"))
    doc.fields([
        ("Project", f"{project['name']} (#{project['id']})"),
        ("Start", plan["start"]), ("Due date", plan["due"]),
        ("Critical path", path_text(plan["critical_groups"]) if plan["critical_path"] else ""),
        ("Critical path length", trn("{n} working day", "{n} working days",
                                     plan["critical_days"], lang)),
        ("Buffer", buffer_message(buffer, lang) + ("" if buffer["ok"] else " ⚠")),
        ("Forecast", forecast_message(ahead, lang)
         + ("" if ahead["buffer"]["ok"] or not ahead["overdue"] else " ⚠")),
    ])
    for note in dependency_notes(plan, lang):
        doc.para(note)
    doc.h(2, t("Milestones"))
    doc.table([t("No."), t("Milestone"), t("Owner"), t("Date"), t("Progress")],
              [[m["id"], m["title"], display_name(ws, m["owner"]), m["due"],
                f"{m.get('progress', 0)}%"] for m in plan["milestones"]])
    doc.h(2, t("Task list"))
    doc.table([t("No."), t("Task"), t("Owner"), t("Start"), t("End"), t("Working days"),
               t("Earliest start"), t("Latest finish"), t("Float"), t("Depends on"),
               t("Milestone"), t("Critical")],
              [[r["id"], r["title"], display_name(ws, r["owner"]), r["start"], r["due"],
                r["working_days"], r["es"], r["lf"], r["float"],
                ", ".join(r["depends"]) + (" ⇄" if r["overlaps"] else "")
                + (" ⚠" if r["conflicts"] else ""), t("Yes") if r.get("milestone") else "",
                t("Yes") if r["critical"] else ""]
               for r in plan["tasks"] if r.get("state") != "cancelled"])
    if plan["start"]:
        doc.h(2, t("Gantt chart"))
        doc.lines += ["```text", *gantt_lines(plan, lang), "```", ""]
    doc.h(2, t("Resource requests"))
    doc.table([t("No."), t("Kind"), t("What"), t("Amount"), t("Approver"), t("Decide by"),
               t("State")],
              [[r["id"], t(RESOURCE_KIND_LABELS[r["kind"]]), r["what"], r.get("amount", ""),
                display_name(ws, r["approver"]), r["decide_by"], t(DECISION_LABELS[r["state"]])]
               for r in plan["resources"]])
    return doc.render()


def gantt_lines(plan: dict, lang: str | None = None) -> list[str]:
    """One bar per task: `=` planned, `#` on the critical path, `◆` a milestone's end,
    `.` float (up to the latest finish), `x` days past the project's due date, `|` the
    project's due date. Each column is `scale` days."""
    start = date.fromisoformat(plan["start"])
    end = max(date.fromisoformat(plan["end"]), date.fromisoformat(plan["due"]))
    days = (end - start).days + 1
    scale = max(1, math.ceil(days / GANTT_WIDTH))
    width = math.ceil(days / scale)
    due_col = (date.fromisoformat(plan["due"]) - start).days // scale
    label_width = max(len(r["id"]) for r in plan["tasks"]) if plan["tasks"] else 4
    per_column = trn("{n} day per column", "{n} days per column", scale, lang)
    lines = [f"{'':<{label_width}} {start.isoformat()} … {end.isoformat()} ({per_column})"]
    for row in plan["tasks"]:
        if row.get("state") == "cancelled":
            continue
        a = (date.fromisoformat(row["start"]) - start).days // scale
        b = (date.fromisoformat(row["due"]) - start).days // scale
        bar = [" "] * width
        latest = (date.fromisoformat(row["lf"]) - start).days // scale if row["lf"] else b
        for i in range(b + 1, min(latest, width - 1) + 1):
            bar[i] = "."
        for i in range(a, b + 1):
            bar[i] = "#" if row["critical"] else "="
            if i > due_col:
                bar[i] = "x"
        if row.get("milestone"):
            bar[b] = "◆"
        if 0 <= due_col < width and bar[due_col] == " ":
            bar[due_col] = "|"
        lines.append(f"{row['id']:<{label_width}} {''.join(bar).rstrip()}")
    return lines


