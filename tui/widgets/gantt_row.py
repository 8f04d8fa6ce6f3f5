"""One task of the Gantt as drawn: dates as ordinals and the marks the plan engine gave it
(store.projects.plan.project_plan rows: critical, float up to `lf`, broken or overlapping
dependencies)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class GanttRow:
    id: str
    title: str
    start: int          # date ordinals
    due: int
    progress: int
    critical: bool
    milestone: bool
    depends: tuple[str, ...]
    lagging: bool
    done: bool
    latest: int = 0     # the latest finish (ordinal): the float runs from due to here
    conflict: bool = False
    overlap: bool = False
    late: bool = False  # overdue: open, below 100 %, its due date passed (the plan row's `late`)

    @classmethod
    def of(cls, task: dict) -> GanttRow:
        start = date.fromisoformat(task["start"]).toordinal()
        due = date.fromisoformat(task["due"]).toordinal()
        latest = date.fromisoformat(task["lf"]).toordinal() if task.get("lf") else due
        return cls(task["id"], " ".join(str(task.get("title", "")).split()), start, max(due, start),
                   int(task.get("progress", 0)), bool(task.get("critical")),
                   bool(task.get("milestone")), tuple(task.get("depends", ())),
                   bool(task.get("lagging")), task.get("state") == "done", latest,
                   bool(task.get("conflicts")), bool(task.get("overlaps")),
                   bool(task.get("late")))
