"""Tasks (SPEC §1.5, template 2): one owner, a delivery standard, dates, priority,
dependencies without cycles, a milestone flag.

Dependencies are finish-to-start: a task starts after the due day of each task it depends
on (refused otherwise, naming the predecessor), unless the PM marks it `overlap` on
purpose; a due date may not move past a dependent's start either (store/projects/plan_engine.py).

A task lives in its project's shard; its id is `<project>-<n>`, so finding a
task never needs an index.
"""

from __future__ import annotations

from datetime import date, datetime

from ..core import validate
from ..core.clock import end_of_day, to_iso  # noqa: F401  (end_of_day re-exported)
from ..core.errors import InvalidValue, NotFound
from ..core.i18n import get_language, tr
from ..people.members import find_member
from .plan_engine import starts_too_early
from ..reminders.model import Reminder, provider
from .project import (get_project, is_quiet, open_tasks, parse_project_id, project_ids,
                      require_manager, shard_name)
from ..people.workdays import WorkCalendar
from ..core.workspace import Workspace
from .summary import TASKS, is_overdue, project_summary  # noqa: F401  (re-exported)

PRIORITIES = ("high", "medium", "low")
TASK_STATES = ("open", "done", "cancelled")


def task_id(project_id: int, number: int) -> str:
    return f"{project_id}-{number}"


def parse_task_id(value: object) -> tuple[int, int]:
    raw = str(value).strip().lstrip("Tt#")
    head, sep, tail = raw.partition("-")
    if not sep or not head.isdigit() or not tail.isdigit():
        raise InvalidValue("task", tr("task: {value!r} is not a task id (like 3-17)", value=value))
    return int(head), int(tail)


def as_task(project_id: int, row: dict) -> dict:
    number = row.pop("doc_id")
    row["id"] = task_id(project_id, number)
    row["project"] = project_id
    row["depends"] = [task_id(project_id, n) for n in row.get("depends", [])]
    return row


# -- reading -----------------------------------------------------------------
def project_tasks(ws: Workspace, project_id: int | str) -> list[dict]:
    """The project's tasks sorted by due date, then id (each caller gets its own copies)."""
    return [copy_task(t) for t in sorted_tasks(ws, project_id)]


def sorted_tasks(ws: Workspace, project_id: int | str) -> list[dict]:
    """`project_tasks` without the copies, for readers that only look: the list and its
    tasks are shared by every caller until the shard changes, so never change them (take
    `copy_task(t)` of one you hand on). Copying a thousand tasks costs ~6 ms a time."""
    pid = parse_project_id(project_id)

    def sort() -> list[dict]:
        rows = [as_task(pid, r) for r in ws.rows(shard_name(pid), TASKS)]
        return sorted(rows, key=lambda t: (t["due"], parse_task_id(t["id"])[1]))

    # a thousand tasks are read and sorted once per revision of the shard, not per caller
    return ws.shard(shard_name(pid)).memo("tasks.sorted", sort, tables=False)


def copy_task(task: dict) -> dict:
    """A task of `sorted_tasks` that the caller may change (its lists copied too)."""
    return {k: list(v) if isinstance(v, list) else v for k, v in task.items()}


def get_task(ws: Workspace, tid: str) -> dict:
    pid, number = parse_task_id(tid)
    if ws.exists(shard_name(pid)):
        raw = ws.shard(shard_name(pid)).load().get(TASKS, {}).get(str(number))
        if raw is not None:
            return as_task(pid, {**raw, "doc_id": number})
    raise NotFound(tr("No task with id {id}", id=tid))


def list_tasks(ws: Workspace, project: int | str | None = None,
               owner: str | None = None) -> list[dict]:
    pids = [parse_project_id(project)] if project is not None else project_ids(ws)
    if project is not None:
        get_project(ws, pids[0])
    found = []
    for pid in pids:  # every project: a damaged one is left out (store/core/damage.py)
        with ws.skip_damaged(shard_name(pid), skip=project is None):
            found.extend(t for t in project_tasks(ws, pid)
                         if owner is None or t["owner"] == owner)
    return sorted(found, key=lambda t: (t["due"], t["project"], t["id"]))


# -- writing -----------------------------------------------------------------
def add_task(ws: Workspace, project_id: int | str, title: str, *, owner: str, due: str | date,
             start: str | date | None = None, priority: str = "medium",
             depends: list[str] | tuple = (), milestone: bool = False,
             standard: str = "", overlap: bool = False) -> dict:
    project = get_project(ws, project_id)
    require_manager(ws, project)
    pid = project["id"]
    dep_numbers = _clean_depends(pid, depends)
    calendar = WorkCalendar.of(ws)
    if not start:  # unscheduled: from today, or after the predecessors, or the due day if earlier
        start = min(_default_start(ws, pid, dep_numbers, calendar, overlap),
                    validate.day("due", due) or "")
    doc = _clean(ws, pid, dict(title=title, owner=owner, due=due, start=start,
                               priority=priority, milestone=milestone, standard=standard,
                               overlap=overlap))
    now = to_iso(ws.now())
    with ws.transaction(shard_name(pid)) as tx:
        table = tx.table(TASKS)
        for n in dep_numbers:
            if not table.contains(doc_id=n):
                raise InvalidValue("depends", tr("depends: no task {id} in project {project}",
                                                 id=task_id(pid, n), project=pid))
        rows = {doc.doc_id: doc for doc in table.all()}
        _check_order(pid, {**doc, "depends": dep_numbers}, rows, calendar, "start")
        number = table.insert({**doc, "depends": dep_numbers, "progress": 0, "state": "open",
                               "created_at": now, "created_by": ws.actor.login})
        tx.audit("task.add", task_id(pid, number), title=doc["title"])
    return get_task(ws, task_id(pid, number))


def edit_task(ws: Workspace, tid: str, **changes: object) -> dict:
    task = get_task(ws, tid)
    project = get_project(ws, task["project"])
    require_manager(ws, project)
    pid, number = parse_task_id(task["id"])
    clean = _clean(ws, pid, {k: v for k, v in changes.items() if v is not None and k != "depends"})
    _check_dates(clean, task)
    calendar = WorkCalendar.of(ws)
    with ws.transaction(shard_name(pid)) as tx:
        table = tx.table(TASKS)
        if changes.get("depends") is not None:
            deps = _clean_depends(pid, changes["depends"])  # type: ignore[arg-type]
            graph = {int(k): v.get("depends", []) for k, v in tx.db.storage.read()[TASKS].items()}
            _check_dependencies(pid, number, deps, graph)
            clean["depends"] = deps
        current = table.get(doc_id=number)
        if current is None:
            raise NotFound(tr("No task with id {id}", id=tid))
        _check_dates(clean, current)  # again under the lock: another edit may have moved a date
        if _ORDER_FIELDS & clean.keys():  # a title or owner edit cannot break the order
            rows = {int(n): doc for n, doc in tx.db.storage.read()[TASKS].items()}
            merged = {**current, **clean}
            # refuse what this edit breaks; older broken dependencies stay (the plan flags them)
            _check_order(pid, merged, rows, calendar, "depends" if "depends" in clean else "start",
                         _early_predecessors(current, rows))
            _check_dependents(pid, number, merged, rows, _early_dependents(number, current, rows))
        table.update(clean, doc_ids=[number])
        tx.audit("task.edit", task["id"], **{k: v for k, v in clean.items()})
    return get_task(ws, task["id"])


_ORDER_FIELDS = frozenset({"start", "due", "depends", "overlap", "state"})


def _check_dates(clean: dict, task: dict) -> None:
    start = clean.get("start", task["start"])
    due = clean.get("due", task["due"])
    if start > due:
        field = "start" if "start" in clean else "due"
        raise InvalidValue(field, tr("{field}: the start ({start}) is after the due date ({due})",
                                     field=tr(field), start=start, due=due))


def _default_start(ws: Workspace, pid: int, deps: list[int], calendar: WorkCalendar,
                   overlap: bool) -> str:
    """Today, or the working day after the latest predecessor is due if that is later."""
    today = ws.today().isoformat()
    rows = ws.shard(shard_name(pid)).load().get(TASKS, {})
    dues = [rows[str(n)]["due"] for n in deps if str(n) in rows
            and rows[str(n)].get("state") != "cancelled"]
    if overlap or not dues:
        return today
    after = calendar.add_working_days(date.fromisoformat(max(dues)), 1).isoformat()
    return max(today, after)


def _early_predecessors(task: dict, rows: dict[int, dict]) -> list[int]:
    """The predecessors `task` starts too early after (none when it may overlap)."""
    if task.get("overlap") or task.get("state") == "cancelled":
        return []
    return [n for n in task.get("depends", []) if n in rows
            and rows[n].get("state") != "cancelled"
            and starts_too_early(task["start"], rows[n]["due"])]


def _early_dependents(number: int, task: dict, rows: dict[int, dict]) -> list[int]:
    """The dependents that start too early after `task`."""
    if task.get("state") == "cancelled":
        return []
    return [n for n, after in sorted(rows.items())
            if number in after.get("depends", []) and not after.get("overlap")
            and after.get("state") != "cancelled" and starts_too_early(after["start"], task["due"])]


def _check_order(pid: int, task: dict, rows: dict[int, dict], calendar: WorkCalendar,
                 field: str, known: list[int] = ()) -> None:
    """Finish-to-start: refuse a start on or before a predecessor's due day, naming it,
    unless the task is marked as overlapping on purpose. `known`: conflicts that were
    there before this edit (older data); they stay, flagged by the plan."""
    for n in _early_predecessors(task, rows):
        if n in known:
            continue
        before = rows[n]
        earliest = calendar.add_working_days(date.fromisoformat(before["due"]), 1)
        raise InvalidValue(field, tr(
            "{field}: {start} is before {id} “{title}” finishes ({due}); start on "
            "{earliest} or later, or mark the overlap as intended", field=tr(field),
            start=task["start"], id=task_id(pid, n), title=before["title"],
            due=before["due"], earliest=earliest.isoformat()))


def _check_dependents(pid: int, number: int, task: dict, rows: dict[int, dict],
                      known: list[int] = ()) -> None:
    """A later due date may not run into a dependent's start (the dependent moves first)."""
    for n in _early_dependents(number, task, rows):
        if n in known:
            continue
        after = rows[n]
        raise InvalidValue("due", tr(
            "due: {id} “{title}” depends on this task and starts {start}, before {due}; "
            "move it first, or mark its overlap as intended", id=task_id(pid, n),
            title=after["title"], start=after["start"], due=task["due"]))


def _clean(ws: Workspace, pid: int, raw: dict) -> dict:
    clean: dict[str, object] = {}
    for key, value in raw.items():
        if key == "title":
            clean[key] = validate.text("title", value, required=True, max_len=300)
        elif key == "owner":
            login = validate.login("owner", value)
            if find_member(ws, login) is None:
                raise InvalidValue("owner", tr("owner: no member with login {login!r}; a task "
                                               "is owned by one person", login=login))
            clean[key] = login
        elif key in ("due", "start"):
            clean[key] = validate.day(key, value)
        elif key == "priority":
            clean[key] = validate.choice("priority", value, PRIORITIES)
        elif key in ("milestone", "overlap"):
            clean[key] = bool(value)
        elif key == "standard":
            clean[key] = validate.text("standard", value, multiline=True, max_len=2000)
        elif key == "state":
            clean[key] = validate.choice("state", value, TASK_STATES)
        else:
            raise InvalidValue(key, tr("Unknown field {name}", name=key))
    if "start" in clean and "due" in clean and clean["start"] > clean["due"]:
        raise InvalidValue("start", tr("{field}: the start ({start}) is after the due date ({due})",
                                       field=tr("start"), start=clean["start"], due=clean["due"]))
    return clean


def _clean_depends(pid: int, depends) -> list[int]:
    numbers = []
    for dep in depends:
        dep_pid, n = parse_task_id(dep if "-" in str(dep) else f"{pid}-{dep}")
        if dep_pid != pid:
            raise InvalidValue("depends", tr("depends: {id} is in another project", id=dep))
        numbers.append(n)
    return list(dict.fromkeys(numbers))


def _check_dependencies(pid: int, number: int, deps: list[int], graph: dict[int, list[int]]) -> None:
    """Refuse unknown tasks and any dependency that would close a cycle."""
    for dep in deps:
        if dep not in graph:
            raise InvalidValue("depends", tr("depends: no task {id} in project {project}",
                                             id=task_id(pid, dep), project=pid))
    graph = {**graph, number: deps}
    path = find_cycle(graph, number)
    if path:
        chain = " → ".join(task_id(pid, n) for n in path)
        raise InvalidValue("depends", tr("depends: this would make a cycle: {chain}", chain=chain))


def find_cycle(graph: dict[int, list[int]], start: int) -> list[int] | None:
    """A path start → … → start following dependencies, if one exists."""
    stack: list[tuple[int, list[int]]] = [(start, [start])]
    seen: set[int] = set()
    while stack:
        node, path = stack.pop()
        for nxt in graph.get(node, []):
            if nxt == start:
                return path + [start]
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, path + [nxt]))
    return None


@provider
def due(ws: Workspace, now: datetime) -> list[Reminder]:
    """An open task whose due day has ended is overdue for its owner (not in a rejected,
    cancelled or archived project: those are quiet)."""
    tz, lang = ws.tz, get_language()
    found = []
    for pid in project_ids(ws):
        with ws.skip_damaged(shard_name(pid)):
            # each open task with the end of its due day, once per revision of the shard (the
            # app asks every few seconds); the instant only picks the days that have ended
            ends = ws.shard(shard_name(pid)).memo(("tasks.due", str(tz), lang),
                                                  lambda pid=pid: _ends(ws, pid, tz), tables=False)
            found += [reminder for end, reminder in ends if end <= now]
    return found


def _ends(ws: Workspace, pid: int, tz) -> list[tuple[datetime, Reminder]]:
    if is_quiet(ws, pid):  # a rejected, cancelled or archived project says nothing
        return []
    ends: dict[str, datetime] = {}
    found = []
    for number, task in open_tasks(ws, pid).items():  # from the shard's head
        day = task["due"]
        if day not in ends:
            ends[day] = end_of_day(date.fromisoformat(day), tz)
        tid = task_id(pid, int(number))
        found.append((ends[day], Reminder("task.due", tid,
                                          tr("Task {id} “{title}” is past its due date", id=tid,
                                             title=task["title"]),
                                          (task["owner"],), ends[day], True)))
    return found
