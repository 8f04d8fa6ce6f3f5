"""The plan (SPEC §1.6, template 3 进度计划表): what the screens, the export, the command
line and the delay preview read. The rules themselves are in store/projects/plan_engine.py
(earliest/latest dates, float, the critical path, the buffer, the slip of a delay).

    analysis(ws, project) -> plan_engine.analyse(...) for the project's tasks (memoised
        per shard revision and calendar)
    buffer_message(check, lang=None) -> str    # the buffer check in words
    history_text(entry, tz) -> str   # one move of a task's due date, for `task show` and the app
    slip_preview(ws, task_id, new_due) -> {"task","old_due","new_due","slip_days" (calendar),
        "slip_wd" (working days, what the screens say),"moves",
        "milestones" (moves of milestones, the task itself included), "project_due",
        "new_end", "past_project_due", "buffer_before", "buffer_after"}
    plan_summary(ws, project_id, now=None) -> project_plan(...) less "tasks" and "milestones"
        (+ "forecast": store.projects.forecast.forecast(...) with its "message", on `now`)
    ahead(ws, project_id) -> [step]  # what a project's first opening computes, in steps
    project_plan(ws, project_id, now=None) -> {"project","today","start","end","due",
        "tasks" (each + "critical", "working_days", "float", "es","ef","ls","lf","gap",
        "conflicts","overlaps","expected","lagging","late" (overdue)), "critical_path",
        "critical_days", "critical_groups" (critical_path.groups), "milestones", "buffer",
        "forecast", "conflicts", "overlaps", "resources"}
"""

from __future__ import annotations

from datetime import date, datetime

from . import critical_path, plan_engine
from ..core.clock import local_text
from ..core.i18n import tr
from .project import get_project, shard_name
from .tasks import TASKS, copy_task, get_task, project_tasks, sorted_tasks
from ..people.workdays import WorkCalendar
from ..core.workspace import Workspace
from .forecast import forecast, forecast_message, is_overdue
from .lagging import expected_percent, is_lagging
from .resources import list_resources


def _d(value: str) -> date:
    return date.fromisoformat(value)


def analysis(ws: Workspace, project: dict, calendar: WorkCalendar | None = None) -> dict:
    calendar = calendar or WorkCalendar.of(ws)

    def compute() -> dict:
        return plan_engine.analyse(sorted_tasks(ws, project["id"]), calendar, project["due"])

    # a thousand tasks are analysed once per revision of the shard (and of the calendar)
    return ws.shard(shard_name(project["id"])).memo(
        ("plan.analysis", project["due"], calendar.holidays, calendar.workdays), compute,
        tables=False)


def ahead(ws: Workspace, project_id: int) -> list:
    """What the first opening of a project computes from its tasks (read, sorted, the plan's
    analysis, then its forecast for today), as steps to take one at a time ahead of it (each
    up to ~10 ms for a thousand tasks). Each result is memoised per revision of the shard
    (the forecast also per day): the opening then finds it."""
    name = shard_name(project_id)
    return [lambda: ws.table(name, TASKS),  # the shard's tables parsed (not its head)
            lambda: sorted_tasks(ws, project_id),
            lambda: analysis(ws, get_project(ws, project_id)),
            lambda: plan_summary(ws, project_id)]


def with_message(result: dict) -> dict:
    """`result` with its buffer check's message in the current language (not memoised)."""
    return {**result, "buffer": {**result["buffer"], "message": buffer_message(result["buffer"])}}


def buffer_message(check: dict, lang: str | None = None) -> str:
    """The buffer check in words, in `lang` (default: the current language): the value only,
    which every screen, export and command shows after its own "Buffer" label."""
    numbers = dict(buffer=check["buffer_days"], planned=check["planned_days"],
                   percent=f"{check['percent']:.1f}")
    if check["flag"] == "empty":
        return tr("No tasks planned yet", lang)
    if check["flag"] == "late":
        over = dict(due=check["due"], end=check["end"], days=-check["buffer_days"])
        if check["late_milestones"]:
            return tr("Late: milestone {ids} finishes after the project's due date {due} "
                      "(last finish {end}, {days} working days over)", lang,
                      ids=", ".join(check["late_milestones"]), **over)
        return tr("Late: {ids} finishes after the project's due date {due} (last finish "
                  "{end}, {days} working days over)", lang,
                  ids=", ".join(check["late_tasks"]), **over)
    if check["flag"] == "short":
        return tr("too small, {buffer} of {planned} working days ({percent} %); keep 10–15 %",
                  lang, **numbers)
    if check["flag"] == "long":
        return tr("too large, {buffer} of {planned} working days ({percent} %); keep 10–15 %",
                  lang, **numbers)
    return tr("{buffer} of {planned} working days ({percent} %)", lang, **numbers)


def dependency_notes(plan: dict, lang: str | None = None) -> list[str]:
    """One line per broken dependency (⚠) and per overlap marked on purpose (⇄): what the
    plan export, `huddle project plan` and the Plan tab say under the figures."""
    notes = ["⚠ " + tr("{task} starts {start}, before {depends_on} finishes ({due})", lang,
                       task=c["task"], start=c["start"], depends_on=c["depends_on"],
                       due=c["depends_due"]) for c in plan["conflicts"]]
    notes += ["⇄ " + tr("{task} overlaps {depends_on} on purpose (starts {start}, "
                        "{depends_on} finishes {due})", lang, task=c["task"], start=c["start"],
                        depends_on=c["depends_on"], due=c["depends_due"])
              for c in plan["overlaps"]]
    return notes


def history_text(entry: dict, tz) -> str:
    """One entry of a task's `due_history`: asked for (a delay) or pushed by a predecessor."""
    at = local_text(entry["at"], tz)
    if entry.get("after"):
        return tr("{at}: {due} → {until}, start {start} → {new_start} (moved after {after}, "
                  "delay {delay})", at=at, due=entry["due"], until=entry["until"],
                  start=entry["start"], new_start=entry["new_start"], after=entry["after"],
                  delay=entry.get("delay", "-"))
    return tr("{at}: {due} → {until} (delay {delay})", at=at, due=entry["due"],
              until=entry["until"], delay=entry.get("delay", "-"))


def slip_preview(ws: Workspace, task_id: str, new_due: str | date) -> dict:
    task = get_task(ws, task_id)
    project = get_project(ws, task["project"])
    new_due = new_due.isoformat() if isinstance(new_due, date) else new_due
    return preview_of(project, project_tasks(ws, project["id"]), WorkCalendar.of(ws),
                      task["id"], new_due)


def preview_of(project: dict, tasks: list[dict], calendar: WorkCalendar, task_id: str,
               new_due: str) -> dict:
    """The slip preview from a given list of tasks (the approval uses it under its lock)."""
    task = next(t for t in tasks if t["id"] == task_id)
    moves = plan_engine.slip(tasks, calendar, task_id, new_due)
    after = {m["id"]: m for m in moves}
    own = {"id": task["id"], "title": task["title"], "owner": task["owner"],
           "milestone": bool(task.get("milestone")), "old_start": task["start"],
           "old_due": task["due"], "new_start": plan_engine.moved_start(task, new_due, calendar),
           "new_due": new_due, "shift_days": (_d(new_due) - _d(task["due"])).days,
           "shift_wd": calendar.working_days_between(_d(task["due"]), _d(new_due)),
           "after": None}
    moved_tasks = [{**t, "start": after[t["id"]]["new_start"], "due": after[t["id"]]["new_due"]}
                   if t["id"] in after else ({**t, "start": own["new_start"], "due": new_due}
                                             if t["id"] == task_id else t)
                   for t in tasks]
    before_plan = with_message(plan_engine.analyse(tasks, calendar, project["due"]))
    after_plan = with_message(plan_engine.analyse(moved_tasks, calendar, project["due"]))
    new_end = after_plan["end"] or new_due
    return {"task": task["id"], "old_due": task["due"], "new_due": new_due,
            "slip_days": own["shift_days"], "slip_wd": own["shift_wd"], "moves": moves,
            "milestones": [m for m in [own] + moves if m["milestone"]],
            "project_due": project["due"], "new_end": new_end,
            "past_project_due": new_end > project["due"],
            "buffer_before": before_plan["buffer"], "buffer_after": after_plan["buffer"]}


def plan_summary(ws: Workspace, project_id: int | str, now: datetime | None = None) -> dict:
    """`project_plan` without its rows ("tasks", "milestones"): the figures the Overview and
    the risks show (the buffer, the critical path). A thousand tasks' rows cost more than
    the analysis they come from; the project screen builds them when a tab draws them."""
    project = get_project(ws, project_id)
    today = (now or ws.now()).astimezone(ws.tz).date()
    calendar = WorkCalendar.of(ws)
    planned = analysis(ws, project, calendar)
    found = with_message(planned)
    # once per revision of the shard, calendar and day (hundreds of overdue tasks: ~20 ms)
    ahead = ws.shard(shard_name(project["id"])).memo(
        ("plan.forecast", project["due"], calendar.holidays, calendar.workdays, today),
        lambda: forecast(sorted_tasks(ws, project["id"]), calendar, planned, today),
        tables=False)
    ahead = {**ahead, "message": forecast_message(ahead)}  # the memo's dict stays as it is
    return {"project": project, "today": today.isoformat(), "start": found["start"],
            "forecast": ahead,
            "critical_groups": critical_path.groups(found["critical_path"], found["tasks"]),
            "end": found["end"], "due": project["due"],
            "critical_path": list(found["critical_path"]),
            "critical_days": found["critical_days"], "buffer": found["buffer"],
            "conflicts": [dict(c) for c in found["conflicts"]],
            "overlaps": [dict(c) for c in found["overlaps"]],
            "resources": list_resources(ws, project["id"])}


def project_plan(ws: Workspace, project_id: int | str, now: datetime | None = None, *,
                 shared: bool = False, summary: dict | None = None) -> dict:
    """Everything the Gantt view, the plan export and `huddle project plan` need in one call.
    The task rows are built once per revision of the shard, calendar and day; each caller
    gets copies, or with `shared` (readers that only look: the project screen) the rows
    themselves: never change those. `summary`: its `plan_summary`, if the caller has it."""
    found = summary or plan_summary(ws, project_id, now)
    project = found["project"]
    today = date.fromisoformat(found["today"])
    calendar = WorkCalendar.of(ws)
    rows = ws.shard(shard_name(project["id"])).memo(
        ("plan.rows", project["due"], calendar.holidays, calendar.workdays, today),
        lambda: _rows(ws, project["id"], analysis(ws, project, calendar), today), tables=False)
    if not shared:
        rows = [copy_task(r) for r in rows]
    return {"project": project, "today": found["today"], "start": found["start"],
            "end": found["end"], "due": found["due"], "tasks": rows,
            "critical_path": list(found["critical_path"]),
            "critical_days": found["critical_days"],
            "milestones": [r for r in rows if r.get("milestone")], "buffer": found["buffer"],
            "forecast": found["forecast"],
            "critical_groups": [list(g) for g in found["critical_groups"]],
            "conflicts": [dict(c) for c in found["conflicts"]],
            "overlaps": [dict(c) for c in found["overlaps"]],
            "resources": list(found["resources"])}


def _rows(ws: Workspace, pid: int, found: dict, today: date) -> list[dict]:
    """Each task of the project in due order with its plan values (the analysis `found`)."""
    none = {"es": None, "ef": None, "ls": None, "lf": None, "duration": 0, "float": None,
            "gap": 0, "critical": False, "conflicts": [], "overlaps": []}  # cancelled tasks
    plan_rows = found["tasks"]
    rows = []
    for t in sorted_tasks(ws, pid):  # shared: each row is a new dict
        row = plan_rows.get(t["id"], none)
        expected = expected_percent(t, today)  # once, for the row and is_lagging
        rows.append({**copy_task(t), "es": row["es"], "ef": row["ef"], "ls": row["ls"],
                     "lf": row["lf"], "float": row["float"], "gap": row["gap"],
                     "critical": row["critical"], "conflicts": list(row["conflicts"]),
                     "overlaps": list(row["overlaps"]), "overlap": bool(t.get("overlap")),
                     "working_days": row["duration"], "expected": expected,
                     "lagging": is_lagging(t, today, expected),
                     "late": is_overdue(t, today)})
    return rows
