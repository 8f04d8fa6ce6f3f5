"""The plan engine (SPEC §1.6): earliest/latest dates, float, the critical path and the
buffer, computed from the tasks' real dates on the working-day calendar.

Pure functions on task dicts (`id`, `start`, `due`, `depends`, optional `overlap`,
`milestone`, `state`) and a `WorkCalendar`; no workspace, no I/O. The definitions
(docs/projects.md "The plan engine" has a worked example):

- Working days are slots: a task occupies the working days from its start to its due
  date, both included; its duration is their number (0 for a task lying on days off).
- Finish-to-start: a task may not start before its predecessors finish, i.e. its start
  date must be after each predecessor's due date (`starts_too_early`). A task marked
  `overlap` (on purpose, by the PM) may start earlier; its dependencies then only ask
  that it does not finish before its predecessors (finish-to-finish).
- Earliest start (es) = the working day after the latest predecessor's planned finish
  (a task without predecessors: its own start). The planned start may be later: the
  working days between are the task's `gap`. Earliest finish (ef) = es + duration.
- Latest finish (lf): for a task nobody depends on, the last finish of the plan (the
  latest due date of all tasks); otherwise the working day before the latest start of
  its most demanding successor. Latest start (ls) = lf − duration.
- Total float = working days from the planned finish to lf: how far the task may slip
  before the last finish moves. Negative float: a dependency is already broken.
- Critical path = the tasks with float <= 0 (0 in a plan that holds): the chain(s) that
  end at the last finish, in start order. Gaps on it are float of the task before them.
- Buffer = working days after the last finish up to the due date (both counted from the
  day after the last finish to the due day, inclusive); planned duration = working days
  from the first start to the due date, inclusive; share = buffer × 100 / planned.
  Fine at 10–15 %; "short" below, "long" above, "late" when any task (a milestone
  included) finishes after the project's due date, then the buffer is minus the working
  days the last finish runs over.
Cancelled tasks are left out.

    starts_too_early(start, predecessor_due) -> bool
    analyse(tasks, calendar, due) -> {"tasks": {id: row}, "critical_path": [ids],
        "critical_days", "start", "end", "due", "buffer", "conflicts", "overlaps"}
        row: es, ef, ls, lf (ISO dates), duration, float, gap, critical,
             conflicts [predecessor ids it starts too early after], overlaps [same, on purpose]
    slip(tasks, calendar, task_id, new_due) -> [move]  (the dependents a later due date pushes)
    propagate(tasks, calendar, {id: new_due}, push_seeds=False) -> [move]  (slip of several)
    moved_start(task, new_due, calendar) -> str  (a delayed milestone moves whole)
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import date, timedelta

from ..people.workdays import WorkCalendar

BUFFER_MIN, BUFFER_MAX = 10.0, 15.0


def starts_too_early(start: str, predecessor_due: str) -> bool:
    """Finish-to-start: a task starting on or before its predecessor's due day starts too early."""
    return start <= predecessor_due


def live(tasks: list[dict]) -> list[dict]:
    return [t for t in tasks if t.get("state") != "cancelled"]


def _number(tid: str) -> int:
    tail = str(tid).rpartition("-")[2]
    return int(tail) if tail.isdigit() else 0


def topological(tasks: list[dict]) -> list[dict]:
    """Tasks with every predecessor before its dependents (ties: task number)."""
    by_id = {t["id"]: t for t in tasks}
    order, seen = [], set()
    for first in sorted(tasks, key=lambda t: _number(t["id"])):
        if first["id"] in seen:
            continue
        seen.add(first["id"])
        stack = [(first["id"], iter(first["depends"]))]
        while stack:
            node, deps = stack[-1]
            nxt = next((d for d in deps if d in by_id and d not in seen), None)
            if nxt is None:
                stack.pop()
                order.append(by_id[node])
            else:
                seen.add(nxt)
                stack.append((nxt, iter(by_id[nxt]["depends"])))
    return order


class Slots:
    """Working days as numbers: `finish(d)` = working days up to d (inclusive),
    `before(d)` = working days before d, `day(k)` = the k-th working day.

    Both counts of every day of the window are looked up by its ISO text (a plan asks them
    thousands of times for a few hundred distinct days: no date parsing, no bisection)."""

    def __init__(self, calendar: WorkCalendar, lo: date, hi: date) -> None:
        self.calendar = calendar
        self.origin = lo
        self.ords: list[int] = []
        self._isos: list[str] = []                     # the k-th working day, as text
        self._counts: dict[str, tuple[int, int]] = {}  # ISO day -> (before, finish)
        one = timedelta(days=1)
        day, count = lo, 0
        while day <= hi:
            iso = day.isoformat()
            working = calendar.is_working_day(day)
            if working:
                self.ords.append(day.toordinal())
                self._isos.append(iso)
            self._counts[iso] = (count, count + working)
            count += working
            day += one

    @classmethod
    def around(cls, calendar: WorkCalendar, days: list[str]) -> "Slots":
        lo, hi = date.fromisoformat(min(days)), date.fromisoformat(max(days))
        margin = timedelta(days=(hi - lo).days + 31)  # room for negative float and overruns
        return cls(calendar, lo - margin, hi + margin)

    def finish(self, iso: str) -> int:
        found = self._counts.get(iso)
        if found is not None:
            return found[1]
        return bisect_right(self.ords, date.fromisoformat(iso).toordinal())

    def before(self, iso: str) -> int:
        found = self._counts.get(iso)
        if found is not None:
            return found[0]
        return bisect_left(self.ords, date.fromisoformat(iso).toordinal())

    def day(self, k: int) -> str:
        if 1 <= k <= len(self._isos):
            return self._isos[k - 1]
        # outside the window: walk the calendar from its edge
        edge = self.origin - timedelta(days=1)
        return self.calendar.add_working_days(edge, k).isoformat() if k >= 1 else \
            self.calendar.add_working_days(edge, k - 1).isoformat()


def analyse(tasks: list[dict], calendar: WorkCalendar, due: str | None) -> dict:
    tasks = live(tasks)
    if not tasks:
        return {"tasks": {}, "critical_path": [], "critical_days": 0, "start": None,
                "end": None, "due": due, "buffer": buffer_of(None, None, due, 0, 0, [], []),
                "conflicts": [], "overlaps": []}
    slots = Slots.around(calendar, [d for t in tasks for d in (t["start"], t["due"])]
                         + ([due] if due else []))
    by_id = {t["id"]: t for t in tasks}
    s = {t["id"]: slots.before(t["start"]) for t in tasks}       # working days before start
    f = {t["id"]: max(slots.finish(t["due"]), s[t["id"]]) for t in tasks}
    order = topological(tasks)
    preds = {t["id"]: [d for d in t["depends"] if d in by_id] for t in tasks}
    succs: dict[str, list[str]] = {t["id"]: [] for t in tasks}
    for tid, ps in preds.items():
        for p in ps:
            succs[p].append(tid)
    # (a thousand tasks: each pass in plain loops, no generator or lookup it can spare)
    overlap = {t["id"] for t in tasks if t.get("overlap")}
    es: dict[str, int] = {}
    for task in order:  # forward: after the predecessors' planned finish
        tid = task["id"]
        ps = preds[tid]
        if not ps:
            es[tid] = s[tid]
        else:
            after = max([f[p] for p in ps])
            es[tid] = min(s[tid], after) if tid in overlap else after
    last = max(f.values())
    duration_of = {tid: f[tid] - s[tid] for tid in f}
    lf: dict[str, int] = {}
    for task in reversed(order):  # backward: before the successors' latest start
        tid = task["id"]
        ns = succs[tid]
        lf[tid] = min([lf[n] if n in overlap else lf[n] - duration_of[n] for n in ns]) \
            if ns else last
    isos, count = slots._isos, len(slots._isos)

    def day(k: int) -> str:
        return isos[k - 1] if 1 <= k <= count else slots.day(k)

    rows, conflicts, overlaps = {}, [], []
    for task in tasks:
        tid = task["id"]
        duration, e, latest, on_purpose = duration_of[tid], es[tid], lf[tid], tid in overlap
        ps = preds[tid]
        early = [p for p in ps if starts_too_early(task["start"], by_id[p]["due"])] if ps else []
        if early:
            (overlaps if on_purpose else conflicts).extend(
                {"task": tid, "depends_on": p, "start": task["start"],
                 "depends_due": by_id[p]["due"]} for p in early)
        rows[tid] = {
            "es": day(e + 1), "ef": day(max(e + duration, e + 1)),
            "ls": day(latest - duration + 1), "lf": day(latest),
            "duration": duration, "float": latest - f[tid],
            "gap": s[tid] - e if ps else 0,
            "critical": latest - f[tid] <= 0,
            "conflicts": [] if on_purpose else early,
            "overlaps": early if on_purpose else []}
    path = [t["id"] for t in sorted(tasks, key=lambda t: (t["start"], t["due"], _number(t["id"])))
            if rows[t["id"]]["critical"]]
    start = min(t["start"] for t in tasks)
    end = max(t["due"] for t in tasks)
    first_critical = min((s[t] for t in path), default=last)
    late = sorted((t for t in tasks if due and t["due"] > due),
                  key=lambda t: (t["due"], _number(t["id"])))
    planned = slots.finish(due) - slots.before(start) if due else 0
    buffer_days = slots.finish(due) - slots.finish(end) if due else 0
    return {"tasks": rows, "critical_path": path, "critical_days": last - first_critical,
            "start": start, "end": end, "due": due,
            "buffer": buffer_of(start, end, due, planned, buffer_days,
                                [t["id"] for t in late],
                                [t["id"] for t in late if t.get("milestone")]),
            "conflicts": conflicts, "overlaps": overlaps}


def buffer_of(start: str | None, end: str | None, due: str | None, planned: int,
              buffer_days: int, late: list[str], late_milestones: list[str]) -> dict:
    """The buffer check (without its message: see store.projects.plan.buffer_message)."""
    if end is None:
        return {"start": None, "end": None, "due": due, "planned_days": 0, "buffer_days": 0,
                "percent": 0.0, "ok": None, "flag": "empty", "late_tasks": [],
                "late_milestones": []}
    share = buffer_days * 100 / planned if planned > 0 else 0.0
    flag = ("late" if late else "short" if share < BUFFER_MIN
            else "long" if share > BUFFER_MAX else None)
    return {"start": start, "end": end, "due": due, "planned_days": planned,
            "buffer_days": buffer_days, "percent": round(share, 1), "ok": flag is None,
            "flag": flag, "late_tasks": late, "late_milestones": late_milestones}


def slip(tasks: list[dict], calendar: WorkCalendar, task_id: str, new_due: str) -> list[dict]:
    """The dependents a new due date of `task_id` pushes, in dependency order.

    A dependent that would start on or before a predecessor's (new) due date starts on
    the working day after it and keeps its working-day duration; a dependent marked
    `overlap` moves only when it would finish before a predecessor, by the working days
    needed. A dependent keeps its working days, so a milestone moves whole (a point
    stays a point; `moved_start` moves the delayed milestone itself). Each move: id, title, owner,
    milestone, old_start, old_due, new_start, new_due, shift_days (calendar days the due
    date moves), shift_wd (working days), after (the predecessor that pushed it)."""
    return propagate(tasks, calendar, {task_id: new_due})


def moved_start(task: dict, new_due: str, calendar: WorkCalendar) -> str:
    """The start of `task` when its due date moves to `new_due`: a milestone moves whole (a
    point, start = due, stays a point; a span keeps its working days), a task keeps it."""
    if not task.get("milestone"):
        return task["start"]
    if task["start"] >= task["due"]:
        return new_due
    old, new = date.fromisoformat(task["due"]), date.fromisoformat(new_due)
    shift = calendar.working_days_between(old, new) if new >= old else \
        -calendar.working_days_between(new, old)
    start = date.fromisoformat(task["start"])
    if not calendar.is_working_day(start):
        start = calendar.add_working_days(start, 1)
    return calendar.add_working_days(start, shift).isoformat()


def propagate(tasks: list[dict], calendar: WorkCalendar, new_dues: dict[str, str], *,
              push_seeds: bool = False) -> list[dict]:
    """`slip` for several tasks at once (`new_dues`: id -> new due date), one rule for a
    delay and for the forecast (store/projects/forecast.py). The seeds themselves are not
    in the moves; with `push_seeds` a seed that a pushed predecessor moves further is,
    at the later of both due dates."""
    tasks = live(tasks)
    dues = {t["id"]: t["due"] for t in tasks}
    dues.update(new_dues)
    slots = Slots.around(calendar, [d for t in tasks for d in (t["start"], t["due"])]
                         + list(new_dues.values()))
    moves, pushed = [], set(new_dues)
    for task in topological(tasks):
        tid = task["id"]
        if tid in new_dues and not push_seeds:
            continue
        preds = [p for p in task["depends"] if p in dues]
        if not any(p in pushed for p in preds):  # only what this delay moves, nothing else
            continue
        after = max(preds, key=lambda p: (dues[p], -_number(p)))
        start_slot, finish_slot = slots.before(task["start"]), slots.finish(task["due"])
        duration = max(finish_slot - start_slot, 0)
        if task.get("overlap"):
            shift = slots.finish(dues[after]) - finish_slot
            if shift <= 0:
                continue
            new_start = slots.day(start_slot + shift + 1)
        else:
            if not starts_too_early(task["start"], dues[after]):
                continue
            new_start = slots.day(slots.finish(dues[after]) + 1)
        if duration:
            new_end = slots.day(slots.before(new_start) + duration)
        else:  # a task on days off keeps its calendar length
            length = date.fromisoformat(task["due"]) - date.fromisoformat(task["start"])
            new_end = (date.fromisoformat(new_start) + length).isoformat()
        if tid in new_dues:  # a seed pushed further: the later of both
            new_end = max(new_end, new_dues[tid])
        dues[tid] = new_end
        pushed.add(tid)
        moves.append({"id": tid, "title": task.get("title", ""), "owner": task.get("owner"),
                      "milestone": bool(task.get("milestone")), "old_start": task["start"],
                      "old_due": task["due"], "new_start": new_start, "new_due": new_end,
                      "shift_days": (date.fromisoformat(new_end)
                                     - date.fromisoformat(task["due"])).days,
                      "shift_wd": slots.finish(new_end) - slots.finish(task["due"]),
                      "after": after})
    return moves
