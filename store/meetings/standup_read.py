"""What the standup reads of a day (SPEC §1.7, §3): the update deadline, "yesterday", the
open tasks each member has to update, and the updates of the window, read once for the
screen's three questions (team, members_view and gate: `read_day`), today's kept by the
store (standup_day.kept) and read ahead by the app's warm-up (store.meetings.standup.ahead).

Re-exported by store.meetings.standup, which answers the questions.
"""

from __future__ import annotations

from collections import defaultdict
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone
from typing import Callable, TypeVar

from ..core import lateness
from ..core.clock import parse_instant, to_iso
from ..core.errors import NotFound
from ..core.workspace import Workspace
from ..people.workdays import WorkCalendar
from ..projects import progress
from ..projects.project import get_project, open_tasks, project_ids, shard_name
from ..projects.tasks import as_task
from . import standup_day
from .standup_history import day_bounds, tasks_as_of

T = TypeVar("T")

# -- the working day and its deadline -----------------------------------------
def deadline(ws: Workspace, day: date) -> datetime | None:
    """The daily update deadline on `day` (UTC), or None when the day has none (holiday)."""
    return progress.update_deadline(ws, day)


def window(ws: Workspace, day: date, calendar: WorkCalendar | None = None
           ) -> tuple[datetime, datetime]:
    """"Yesterday": from the start of the last working day before `day` to the start of `day`."""
    calendar = calendar or WorkCalendar.of(ws)
    tz = ws.tz
    before = calendar.previous_working_day(day)
    return (datetime.combine(before, time.min, tzinfo=tz).astimezone(timezone.utc),
            datetime.combine(day, time.min, tzinfo=tz).astimezone(timezone.utc))


@dataclass
class Read:
    """What team, members_view and gate of one day read, read once (`read_day`)."""
    tasks: dict[str, list[dict]]   # open_tasks_by_owner: the tasks to update, by owner
    entries: list[dict]            # the updates from the window's start to the day's end
    of_day: list[dict]             # … those of the day itself
    # what the three questions answered on this read (`answered`), and the day's update
    # times in order (`at`)
    answers: dict = field(default_factory=dict, repr=False, compare=False)
    _times: list | None = field(default=None, repr=False, compare=False)

    def answered(self, key: tuple, compute: Callable[[], T]) -> T:
        """`compute()`, or what it gave for the same `key` on this read. A read of today is
        kept while nothing it read changes (standup_day.kept), so an answer holds as long
        as what its key names holds too: shared, read only."""
        if key not in self.answers:
            self.answers[key] = compute()
        return self.answers[key]

    def at(self, deadline: datetime | None, now: datetime) -> tuple:
        """What `now` changes of the day's answers: whether the deadline has passed, and
        which of the day's updates were made by then (those up to `now`: how many)."""
        if self._times is None:
            self._times = sorted(parse_instant(e["at"]) for e in self.of_day)
        return (lateness.missed(deadline, now) if deadline else None,
                bisect_right(self._times, now))


def read_day(ws: Workspace, day: date) -> Read:
    """The open tasks and the updates of `day`'s window, for the three functions at once (the
    standup screen asks all three: each read 100 projects' tasks and updates). Today's is kept
    while no shard it reads changes (standup_day.kept), and their answers with it
    (`Read.answered`): shared, read only."""
    dl = deadline(ws, day)
    return standup_day.kept(ws, day, dl, lambda: _read_day(ws, day, dl))


def _read_day(ws: Workspace, day: date, dl: datetime | None) -> Read:
    calendar = WorkCalendar.of(ws)
    since, _start = window(ws, day, calendar)
    lo, hi = day_bounds(ws, day)
    entries = progress.entries(ws, since=since, until=hi, shared=True)
    lo_iso = to_iso(lo)
    return Read(open_tasks_by_owner(ws, day, calendar, dl, shared=True), entries,
                [e for e in entries if e["at"] >= lo_iso])


# -- who has what to update ---------------------------------------------------
def open_tasks_by_owner(ws: Workspace, day: date, calendar: WorkCalendar,
                        deadline: datetime | None = None, *, shared: bool = False
                        ) -> dict[str, list[dict]]:
    """Open tasks that need an update on `day`, by owner, each with its project name. For a
    day before today: the tasks as they were that day (standup_history), not as now.
    (`deadline`: the day's, when the caller has it; `shared`: the memo's rows, not copies.)"""
    found: dict[str, list[dict]] = defaultdict(list)
    if not calendar.is_working_day(day):
        return found  # progress.needs_update: only on working days
    if day < ws.today():
        for task in tasks_as_of(ws, day):
            found[task["owner"]].append(task)
        return found
    if deadline is None:
        deadline = progress.update_deadline(ws, day)  # the schedule's: a change of it counts
    for pid in project_ids(ws):
        rows: list[dict] = []
        with ws.skip_damaged(shard_name(pid)):  # a damaged project is left out (store/core/damage.py)
            rows = project_tasks_to_update(ws, pid, day, deadline)
        for task in rows:
            found[task["owner"]].append(task if shared else dict(task))
    return found


def project_tasks_to_update(ws: Workspace, pid: int, day: date,
                            deadline: datetime | None) -> list[dict]:
    """Once per day, deadline and revision of the project's shard, from its head (shared)."""
    return ws.shard(shard_name(pid)).memo(
        ("standup.open_tasks", day, deadline),
        lambda: _tasks_to_update(ws, pid, day, deadline), tables=False)


def _tasks_to_update(ws: Workspace, pid: int, day: date,
                     deadline: datetime | None) -> list[dict]:
    try:
        project = get_project(ws, pid)
    except NotFound:  # a project being created: its shard is not there yet
        return []
    if project["state"] not in progress.ACTIVE_STATES:
        return []
    found = []
    for number, doc in sorted(open_tasks(ws, pid).items(),  # in due order
                              key=lambda kv: (kv[1]["due"], int(kv[0]))):
        task = as_task(pid, {**doc, "doc_id": int(number)})
        if progress.owes_update(task, day, deadline):
            found.append({**task, "project_name": project["name"], "pm": project.get("pm")})
    return found
