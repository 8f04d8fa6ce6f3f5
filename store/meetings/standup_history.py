"""The standup as it was on a past day (SPEC §3, `huddle standup report --day D`).

A past day's digest is computed from the records as they were by the end of that
day, not from the projects' state now: the projects then in execution (from their
history of moves), the tasks created and started by then and not finished by an
update of 100 % made by then, with their progress then; the updates are those saved
by that day's end.

    day_bounds(ws, day) -> (start, end)           the local day as UTC instants
    latest_by_task(entries) -> {task id: entry}   the newest entry of each task
    tasks_as_of(ws, day) -> [task + {"project_name", "pm"}]
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from ..projects import progress
from ..core.clock import to_iso
from ..projects.project import get_project, project_ids
from ..projects.tasks import project_tasks
from ..core.workspace import Workspace


def day_bounds(ws: Workspace, day: date) -> tuple[datetime, datetime]:
    tz = ws.tz
    return (datetime.combine(day, time.min, tzinfo=tz).astimezone(timezone.utc),
            datetime.combine(day + timedelta(days=1), time.min, tzinfo=tz).astimezone(timezone.utc))


def latest_by_task(entries: list[dict]) -> dict[str, dict]:
    latest: dict[str, dict] = {}
    for entry in entries:  # sorted by `at`: the last one wins
        latest[entry["task"]] = entry
    return latest


def _state_as_of(project: dict, until: str) -> str | None:
    """The project's state at the instant `until` (ISO), from its history of moves."""
    state = "requested" if project.get("created_at", "") < until else None
    for move in project.get("history", []):
        if move["at"] < until:
            state = move["state"]
    return state


def tasks_as_of(ws: Workspace, day: date) -> list[dict]:
    """The tasks to update on a past `day`, as they were by its end: the project then in
    execution, the task created and started by then, not finished by an update of 100 % made
    by then, with its progress then. Tasks finished or changed since still count that day."""
    _, hi = day_bounds(ws, day)
    until = to_iso(hi)
    deadline = progress.update_deadline(ws, day)
    found = []
    for pid in project_ids(ws):
        try:
            project = get_project(ws, pid)
        except Exception:  # noqa: BLE001 - a project being created
            continue
        if _state_as_of(project, until) not in progress.ACTIVE_STATES:
            continue
        latest = latest_by_task(progress.entries(ws, project=pid, until=hi))
        for task in project_tasks(ws, pid):
            entry = latest.get(task["id"])
            if (task.get("created_at", "") >= until or task.get("start", task["due"]) > day.isoformat()
                    or not progress.published_before(task, deadline)
                    or (task["state"] == "cancelled" and not entry)):
                continue
            if entry is not None and entry["percent"] >= 100:
                continue  # finished by then
            if entry is None and task["state"] == "done" and not progress.entries(ws, task=task["id"]):
                continue  # finished without updates: when is not known; not counted
            found.append({**task, "progress": entry["percent"] if entry else 0,
                          "project_name": project["name"], "pm": project.get("pm")})
    return sorted(found, key=lambda t: (t["due"], t["project"], t["id"]))
