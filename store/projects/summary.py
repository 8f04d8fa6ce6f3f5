"""What a list of projects shows of each one's tasks: progress and the overdue count.

Apart from the task rules (store/projects/tasks.py re-exports both functions), so that the
Projects screen, the app's first, imports neither them nor the reminders' model they
register with, nor the plan engine.
"""

from __future__ import annotations

from datetime import date

from ..core.workspace import Workspace
from ..core.errors import NotFound
from .project import get_project, project_ids, read_head, shard_name

TASKS = "tasks"  # the project shard's table of tasks


def is_overdue(task: dict, today: date) -> bool:
    """Open, not at 100 % (a hand-edited record may be), and its due day is past."""
    return task.get("state") == "open" and task.get("progress", 0) < 100 \
        and task["due"] < today.isoformat()


def project_summary(ws: Workspace, project_id: int, today: date) -> dict:
    """Progress (mean of task progress) and overdue count: from the shard's head (see
    store.projects.project), else computed once per shard revision."""
    head = read_head(ws, project_id)
    if head is not None:
        return _from_head(head, today)

    def compute(tables: dict) -> dict:
        tasks = [t for t in tables.get(TASKS, {}).values() if t.get("state") != "cancelled"]
        progress = round(sum(t.get("progress", 0) for t in tasks) / len(tasks)) if tasks else 0
        overdue = sum(1 for t in tasks if is_overdue(t, today))
        return {"progress": progress, "tasks": len(tasks), "overdue": overdue}
    return ws.shard(shard_name(project_id)).memo(("summary", today), compute)


def _from_head(head: dict, today: date) -> dict:
    counts = head["tasks"]
    day = today.isoformat()
    return {"progress": round(counts["progress"] / counts["count"]) if counts["count"] else 0,
            "tasks": counts["count"],
            "overdue": sum(n for due, n in counts["open_due"].items() if due < day)}


def listed_projects(ws: Workspace, today: date) -> list[dict]:
    """`list_projects`, each project with its `project_summary` in it, from one read of its
    head (the Projects screen: the app's first)."""
    found = []
    for pid in project_ids(ws):
        with ws.skip_damaged(shard_name(pid)):
            head = read_head(ws, pid)
            if head is not None and head.get("project"):
                found.append({**head["project"], "id": pid, **_from_head(head, today)})
                continue
            try:
                project = get_project(ws, pid)
            except NotFound:
                continue  # index written, shard not yet: a create in flight
            found.append({**project, **project_summary(ws, pid, today)})
    return found
