"""What a list of projects shows of each one's tasks: progress and the overdue count.

Apart from the task rules (store/projects/tasks.py re-exports both functions), so that the
Projects screen, the app's first, imports neither them nor the reminders' model they
register with, nor the plan engine.
"""

from __future__ import annotations

from datetime import date

from ..core.workspace import Workspace
from .project import read_head, shard_name

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
        counts = head["tasks"]
        day = today.isoformat()
        return {"progress": round(counts["progress"] / counts["count"]) if counts["count"] else 0,
                "tasks": counts["count"],
                "overdue": sum(n for due, n in counts["open_due"].items() if due < day)}

    def compute(tables: dict) -> dict:
        tasks = [t for t in tables.get(TASKS, {}).values() if t.get("state") != "cancelled"]
        progress = round(sum(t.get("progress", 0) for t in tasks) / len(tasks)) if tasks else 0
        overdue = sum(1 for t in tasks if is_overdue(t, today))
        return {"progress": progress, "tasks": len(tasks), "overdue": overdue}
    return ws.shard(shard_name(project_id)).memo(("summary", today), compute)
