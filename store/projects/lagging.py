"""Lagging tasks (SPEC §1.9): progress below the plan, and the cause the lead
department records.

A task's planned span is its calendar days start..due, both included. At
`now` the expected progress is the share of those days already *over* (whole
local days before today): on the start day 0 %, on the day after the due day
100 %. An open task is lagging when its progress is below that share. (Counting
whole days keeps a task that started this morning from lagging at 09:01.)

The head of the lead department (牵头部门) or the PM records the cause —
resources, requirement change, … — and the measure, in the project shard table
"lagging" (ids "<project>-l<n>"). A lagging task without a recorded cause is a
reminder for them.

    expected_percent(task, today: date) -> int       # 0..100, rounded down
    is_lagging(task, today) -> bool
    lagging_tasks(ws, project_id=None, now=None) -> list[{"task", "progress",
        "expected", "causes": [cause records]}]
    record_cause(ws, task_id, cause, measure, note="") -> dict
        keys: id, project, task, cause, measure, note, by, at, progress, expected
    causes(ws, task_id) -> list[dict]
    reminders(ws, project, now) -> list[Reminder]
"""

from __future__ import annotations

from datetime import date, datetime

from ..core import validate
from ..core.clock import to_iso
from ..core.errors import IllegalTransition
from ..core.i18n import tr
from .roles import (as_record, record_id, require_open, require_role, start_of_day, table_records,
                    unique, lead_head)
from .project import get_project, open_tasks, project_ids, shard_name
from ..reminders.model import Candidate, Reminder, at_instant, local_day
from .tasks import copy_task, get_task, sorted_tasks
from ..core.workspace import Workspace

TABLE = "lagging"
CAUSES = ("resources", "requirement_change", "dependency", "technical", "other")
CAUSE_LABELS = {"resources": "Insufficient resources", "requirement_change": "Requirement change",
                "dependency": "Waiting on a dependency", "technical": "Technical difficulty",
                "other": "Other"}


def expected_percent(task: dict, today: date) -> int:
    start, due = date.fromisoformat(task["start"]), date.fromisoformat(task["due"])
    span = (due - start).days + 1
    elapsed = min(max((today - start).days, 0), span)
    return elapsed * 100 // span


def is_lagging(task: dict, today: date, expected: int | None = None) -> bool:
    """`expected`: the task's `expected_percent` on `today`, if the caller has it."""
    if expected is None:
        expected = expected_percent(task, today)
    return task["state"] == "open" and task.get("progress", 0) < expected


def lagging_tasks(ws: Workspace, project_id: int | str | None = None,
                  now: datetime | None = None) -> list[dict]:
    today = (now or ws.now()).astimezone(ws.tz).date()
    pids = [get_project(ws, project_id)["id"]] if project_id is not None else project_ids(ws)
    found = []
    for pid in pids:
        with ws.skip_damaged(shard_name(pid), skip=project_id is None):  # store/core/damage.py
            notes = table_records(ws, pid, "l")
            found += [{"task": copy_task(task), "progress": task.get("progress", 0),
                       "expected": expected_percent(task, today),
                       "causes": [n for n in notes if n["task"] == task["id"]]}
                      for task in sorted_tasks(ws, pid) if is_lagging(task, today)]
    return found


def record_cause(ws: Workspace, task_id: str, cause: str, measure: str, note: str = "") -> dict:
    task = get_task(ws, task_id)
    project = get_project(ws, task["project"])
    require_open(project)
    require_role(ws, project, ("lead_head", "pm"),
                 tr("Only the head of the lead department ({dept}) or the project manager may "
                    "record why a task lags", dept=project["lead_dept"]))
    today = ws.today()
    expected = expected_percent(task, today)
    if not is_lagging(task, today):
        raise IllegalTransition(tr("Task {id} is not lagging (progress {progress} %, planned "
                                   "{expected} %)", id=task["id"],
                                   progress=task.get("progress", 0), expected=expected))
    doc = {"task": task["id"], "cause": validate.choice("cause", cause, CAUSES),
           "measure": validate.text("measure", measure, required=True, multiline=True,
                                    max_len=2000),
           "note": validate.text("note", note, multiline=True, max_len=2000),
           "by": ws.actor.login, "at": to_iso(ws.now()),
           "progress": task.get("progress", 0), "expected": expected}
    with ws.transaction(shard_name(project["id"])) as tx:
        n = tx.table(TABLE).insert(doc)
        tx.audit("task.lag_cause", record_id(project["id"], "l", n), task=task["id"],
                 cause=doc["cause"])
    return as_record(project["id"], "l", n, doc)


def causes(ws: Workspace, task_id: str) -> list[dict]:
    task = get_task(ws, task_id)
    return sorted((n for n in table_records(ws, task["project"], "l") if n["task"] == task["id"]),
                  key=lambda n: n["at"])


def reminders(ws: Workspace, project: dict, now: datetime) -> list[Reminder]:
    return at_instant(candidates(ws, project, local_day(ws, now)), now)


def candidates(ws: Workspace, project: dict, today: date) -> list[Candidate]:
    """Each lagging task without any recorded cause, for the lead head and the PM (no
    deadline in the process: due from the start of today, never overdue)."""
    if project["state"] not in ("kicked_off", "in_progress", "delivered"):
        return []
    who = unique(lead_head(ws, project), project.get("pm"))
    pid = project["id"]
    explained = {n.get("task") for n in ws.table(shard_name(pid), TABLE).values()}
    rows = []
    for number, task in open_tasks(ws, pid).items():  # from the shard's head
        tid = f"{pid}-{number}"
        if tid not in explained and is_lagging(task, today):
            rows.append((task["due"], int(number), tid, task))
    rows.sort(key=lambda row: row[:2])  # the order of project_tasks: due date, then number
    return [Candidate(Reminder("task.lagging", tid,
                               tr("Task {id} “{title}” lags the plan ({progress} % of "
                                  "{expected} %): record the cause and the measure", id=tid,
                                  title=task["title"], progress=task.get("progress", 0),
                                  expected=expected_percent(task, today)),
                               who, start_of_day(today, ws.tz), False))
            for _due, _n, tid, task in rows]
