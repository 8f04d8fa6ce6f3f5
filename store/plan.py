"""The plan (SPEC §1.6, template 3 进度计划表): milestones, dependencies, the
critical path, the 10–15 % buffer check and the slip a delay would cause.

Definitions (all dates are calendar days, both ends included):
- A task's working duration is the number of working days (WorkCalendar:
  weekends and holidays excluded, make-up days included) from start to due.
- The critical path is the longest chain of dependent tasks by the sum of
  working durations (ties: the chain ending later, then the lower task number).
  Cancelled tasks are left out.
- Project start = the earliest task start; span = start..project due in
  calendar days (inclusive); the critical path's end = the latest due on it;
  slack = calendar days from that end to the project's due date. The buffer is
  fine when 10 % <= slack / span <= 15 %; otherwise the plan is flagged
  ("short": under 10 %, "late": the path ends after the due date, "long": over 15 %).
- Slip: when a task's due date moves to D, a task depending on it whose start
  is before D starts on D instead (a task may start on the day its dependency
  ends) and keeps its calendar duration; this propagates along dependencies.

    working_duration(task, calendar) -> int
    critical_path(tasks, calendar) -> {"tasks": [ids], "working_days": int, "end": iso|None}
    buffer_check(project, tasks, calendar) -> {"start", "end", "due", "span_days",
        "slack_days", "percent" (float, 1 decimal), "ok": bool|None,
        "flag": None|"short"|"late"|"long"|"empty", "message"}
    buffer_message(check, lang=None) -> str    # the message again, in another language
    slip(tasks, task_id, new_due) -> list[move]   # move: {"id","title","owner","milestone",
        "old_start","old_due","new_start","new_due","shift_days"}
    slip_preview(ws, task_id, new_due) -> {"task","old_due","new_due","slip_days","moves",
        "milestones" (moves of milestones, the task itself included), "project_due",
        "new_end", "past_project_due", "buffer_before", "buffer_after"}
    project_plan(ws, project_id, now=None) -> {"project","today","start","end","due",
        "tasks" (each + "critical", "working_days", "expected", "lagging"),
        "critical_path", "critical_days", "milestones", "buffer", "resources"}
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from .i18n import tr
from .projects import get_project, shard_name
from .tasks import get_task, parse_task_id, project_tasks
from .workdays import WorkCalendar
from .workspace import Workspace

BUFFER_MIN, BUFFER_MAX = 10.0, 15.0


def _d(value: str) -> date:
    return date.fromisoformat(value)


def working_duration(task: dict, calendar: WorkCalendar) -> int:
    start, due = _d(task["start"]), _d(task["due"])
    return calendar.working_days_between(start - timedelta(days=1), due)


def _live(tasks: list[dict]) -> list[dict]:
    return [t for t in tasks if t.get("state") != "cancelled"]


def _topological(tasks: list[dict]) -> list[dict]:
    by_id = {t["id"]: t for t in tasks}
    order, seen = [], set()

    def visit(tid: str) -> None:
        stack = [(tid, iter(by_id[tid]["depends"]))]
        seen.add(tid)
        while stack:
            node, deps = stack[-1]
            nxt = next((d for d in deps if d in by_id and d not in seen), None)
            if nxt is None:
                stack.pop()
                order.append(by_id[node])
            else:
                seen.add(nxt)
                stack.append((nxt, iter(by_id[nxt]["depends"])))

    for t in sorted(tasks, key=lambda t: parse_task_id(t["id"])[1]):
        if t["id"] not in seen:
            visit(t["id"])
    return order


def critical_path(tasks: list[dict], calendar: WorkCalendar) -> dict:
    tasks = _live(tasks)
    if not tasks:
        return {"tasks": [], "working_days": 0, "end": None}
    by_id = {t["id"]: t for t in tasks}
    length: dict[str, int] = {}
    prev: dict[str, str | None] = {}

    def rank(tid: str) -> tuple:  # longer chain, then later end, then lower number
        return (length[tid], by_id[tid]["due"], -parse_task_id(tid)[1])

    for task in _topological(tasks):
        deps = [d for d in task["depends"] if d in by_id]
        best = max(deps, key=rank) if deps else None
        prev[task["id"]] = best
        length[task["id"]] = working_duration(task, calendar) + (length[best] if best else 0)
    last = max(length, key=rank)
    path, node = [], last
    while node:
        path.append(node)
        node = prev[node]
    path.reverse()
    return {"tasks": path, "working_days": length[last],
            "end": max(by_id[t]["due"] for t in path)}


def buffer_check(project: dict, tasks: list[dict], calendar: WorkCalendar) -> dict:
    tasks = _live(tasks)
    due = project["due"]
    if not tasks:
        empty = {"start": None, "end": None, "due": due, "span_days": 0, "slack_days": 0,
                 "percent": 0.0, "ok": None, "flag": "empty"}
        return {**empty, "message": buffer_message(empty)}
    start = min(t["start"] for t in tasks)
    end = critical_path(tasks, calendar)["end"]
    span = (_d(due) - _d(start)).days + 1
    slack = (_d(due) - _d(end)).days
    share = slack * 100 / span if span > 0 else 0.0
    flag = ("late" if slack < 0 else "short" if share < BUFFER_MIN
            else "long" if share > BUFFER_MAX else None)
    percent = round(share, 1)
    result = {"start": start, "end": end, "due": due, "span_days": span, "slack_days": slack,
              "percent": percent, "ok": flag is None, "flag": flag}
    return {**result, "message": buffer_message(result)}


def buffer_message(check: dict, lang: str | None = None) -> str:
    """The buffer check in words, in `lang` (default: the current language)."""
    numbers = dict(slack=check["slack_days"], span=check["span_days"],
                   percent=f"{check['percent']:.1f}")
    if check["flag"] == "empty":
        return tr("No tasks planned yet", lang)
    if check["flag"] == "late":
        return tr("The critical path ends {days} days after the due date ({percent} % of a "
                  "{span}-day span)", lang, days=-check["slack_days"], **numbers)
    if check["flag"] == "short":
        return tr("Buffer too small: {slack} days of a {span}-day span ({percent} %); "
                  "keep 10–15 %", lang, **numbers)
    if check["flag"] == "long":
        return tr("Buffer too large: {slack} days of a {span}-day span ({percent} %); "
                  "keep 10–15 %", lang, **numbers)
    return tr("Buffer {slack} days of a {span}-day span ({percent} %)", lang, **numbers)


def slip(tasks: list[dict], task_id: str, new_due: str) -> list[dict]:
    tasks = _live(tasks)
    moved: dict[str, str] = {task_id: new_due}
    moves = []
    for task in _topological(tasks):
        if task["id"] == task_id:
            continue
        pushed = [moved[d] for d in task["depends"] if d in moved]
        if not pushed or task["start"] >= max(pushed):
            continue
        shift = (_d(max(pushed)) - _d(task["start"])).days
        new_start = _d(task["start"]) + timedelta(days=shift)
        new_end = _d(task["due"]) + timedelta(days=shift)
        moved[task["id"]] = new_end.isoformat()
        moves.append({"id": task["id"], "title": task["title"], "owner": task["owner"],
                      "milestone": bool(task.get("milestone")), "old_start": task["start"],
                      "old_due": task["due"], "new_start": new_start.isoformat(),
                      "new_due": new_end.isoformat(), "shift_days": shift})
    return moves


def slip_preview(ws: Workspace, task_id: str, new_due: str | date) -> dict:
    task = get_task(ws, task_id)
    project = get_project(ws, task["project"])
    new_due = new_due.isoformat() if isinstance(new_due, date) else new_due
    tasks = project_tasks(ws, project["id"])
    calendar = WorkCalendar.of(ws)
    moves = slip(tasks, task["id"], new_due)
    after = {m["id"]: m for m in moves}
    moved_tasks = [{**t, "start": after[t["id"]]["new_start"], "due": after[t["id"]]["new_due"]}
                   if t["id"] in after else ({**t, "due": new_due} if t["id"] == task["id"] else t)
                   for t in tasks]
    own = {"id": task["id"], "title": task["title"], "owner": task["owner"],
           "milestone": bool(task.get("milestone")), "old_start": task["start"],
           "old_due": task["due"], "new_start": task["start"], "new_due": new_due,
           "shift_days": (_d(new_due) - _d(task["due"])).days}
    live = _live(moved_tasks)
    new_end = max(t["due"] for t in live) if live else new_due
    return {"task": task["id"], "old_due": task["due"], "new_due": new_due,
            "slip_days": own["shift_days"], "moves": moves,
            "milestones": [m for m in [own] + moves if m["milestone"]],
            "project_due": project["due"], "new_end": new_end,
            "past_project_due": new_end > project["due"],
            "buffer_before": buffer_check(project, tasks, calendar),
            "buffer_after": buffer_check(project, moved_tasks, calendar)}


def project_plan(ws: Workspace, project_id: int | str, now: datetime | None = None) -> dict:
    """Everything the Gantt view needs in one call."""
    from .lagging import expected_percent, is_lagging
    from .resources import list_resources
    project = get_project(ws, project_id)
    today = (now or ws.now()).astimezone(ws.tz).date()
    calendar = WorkCalendar.of(ws)
    tasks = project_tasks(ws, project["id"])

    def analyse() -> tuple[dict, dict, dict[str, int]]:
        current = project_tasks(ws, project["id"])
        return (critical_path(current, calendar), buffer_check(project, current, calendar),
                {t["id"]: working_duration(t, calendar) for t in current})

    # the critical path, the buffer and the durations of a thousand tasks: once per revision
    path, buffer, durations = ws.shard(shard_name(project["id"])).memo(
        ("plan.analysis", calendar.holidays, calendar.workdays), analyse, tables=False)
    on_path = set(path["tasks"])
    rows = [{**t, "critical": t["id"] in on_path,
             "working_days": durations.get(t["id"]) or working_duration(t, calendar),
             "expected": expected_percent(t, today), "lagging": is_lagging(t, today)}
            for t in tasks]
    live = _live(tasks)
    return {"project": project, "today": today.isoformat(),
            "start": min((t["start"] for t in live), default=None),
            "end": max((t["due"] for t in live), default=None), "due": project["due"],
            "tasks": rows, "critical_path": path["tasks"],
            "critical_days": path["working_days"],
            "milestones": [r for r in rows if r.get("milestone")],
            "buffer": buffer,
            "resources": list_resources(ws, project["id"])}
