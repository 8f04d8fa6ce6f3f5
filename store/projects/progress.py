"""Daily progress (SPEC §1.7, template 4 进度跟踪表).

Each task owner updates each open task before 17:00 every working day: the
percent done, what was done, problems, the next step, and optionally a
needs-help flag (【需协助】) naming the member who should help. Updates are
kept in the project shard table "progress"; the newest update sets the task's
current `progress` (and `state` "done" at 100, back to "open" below 100).

API (all reads are plain dicts, sorted by `at`):

    record_progress(ws, task_id, percent, *, done="", problems="", next_step="",
                    help_from=None) -> dict
        (= prepare_entry(ws, …) checked and built, then write_entry(tx, doc) in one
        transaction; a batch — the demo — prepares several and writes them in one.)
        Entry keys: id ("3-u12"), task ("3-17"), project (3), owner, by (= ws.actor.login),
        real (= ws.actor.real), at (UTC ISO), day (local YYYY-MM-DD), percent, done,
        problems, next_step, help_from (login or None), late (bool: at or after that
        day's deadline, lateness.missed), late_for (the deadline missed, ISO, or None).
    entries(ws, *, project=None, task=None, owner=None, since=None, until=None) -> list[dict]
        `since` <= at < `until` (aware datetimes).
    latest(ws, task_id) -> dict | None
    help_requests(ws, *, project=None, login=None, day=None) -> list[dict]
        entries with a help flag (optionally: naming `login`, on local `day`).
    open_help(ws, now, *, login=None) -> list[dict]
        flags still standing: the newest update (last two weeks) of an open task of an
        active project names a helper (optionally `login`); the helper's reminder
        `help.asked` (provider `due`) and My work read this.
    needs_update(ws, project, task, day) -> bool
        the task must be updated on `day` (working day, active project, owes_update).
    owes_update(task, day, deadline) -> bool
        open, started by `day`, published to its owner before that day's deadline.
    update_deadline(ws, day) -> datetime | None  # the daily_update schedule on `day`
    missing_updates(ws, day, *, project=None) -> list[dict]
        [{"task": task dict, "owner": login, "deadline": datetime}] for tasks that need an
        update on `day` and have none yet that day.

The daily 17:00 reminder itself is raised by the reminders schedule (SPEC §6),
which can ask `missing_updates` who has not updated.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from ..core import lateness
from ..core import validate
from ..core.clock import parse_instant, to_iso
from ..core.lazy_table import peek_slices
from ..core.errors import IllegalTransition, InvalidValue, PermissionDenied
from ..core.i18n import tr
from .project import emit_help
from ..people.members import display_name, find_member
from .roles import as_record, record_id, require_open
from .project import (get_project, parse_project_id, project_ids, read_more, recent,
                      shard_name)
from ..reminders.model import Reminder, provider
from .tasks import TASKS, copy_task, get_task, parse_task_id, project_tasks, sorted_tasks, task_id
from ..people.workdays import WorkCalendar
from ..core.workspace import Workspace
from ..reminders.schedules import occurrence_on

TABLE = "progress"
# Project states in which open tasks are worked on and updated daily.
ACTIVE_STATES = ("kicked_off", "in_progress", "delivered")


def record_progress(ws: Workspace, task_id: str, percent: object, *, done: str = "",
                    problems: str = "", next_step: str = "",
                    help_from: str | None = None) -> dict:
    """The task owner records today's update; the task's progress becomes `percent`."""
    doc = prepare_entry(ws, task_id, percent, done=done, problems=problems,
                        next_step=next_step, help_from=help_from)
    with ws.transaction(shard_name(parse_task_id(doc["task"])[0])) as tx:
        return write_entry(tx, doc)


def prepare_entry(ws: Workspace, task_id: str, percent: object, *, done: str = "",
                  problems: str = "", next_step: str = "",
                  help_from: str | None = None) -> dict:
    """Check an update (permission, values) and build its record, not yet written."""
    task = get_task(ws, task_id)
    project = get_project(ws, task["project"])
    require_open(project)
    if ws.actor.login != task["owner"]:
        raise PermissionDenied(tr("Only the task's owner ({owner}) may record its progress",
                                  owner=task["owner"]))
    if task["state"] == "cancelled":
        raise IllegalTransition(tr("Task {id} is cancelled", id=task["id"]))
    value = validate.percent("percent", percent)
    helper = None
    if help_from:
        helper = validate.login("help_from", help_from)
        if find_member(ws, helper) is None:
            raise InvalidValue("help_from", tr("help_from: no member with login {login!r}",
                                               login=helper))
    now = ws.now()
    day = now.astimezone(ws.tz).date()
    return {"task": task["id"], "owner": task["owner"], "by": ws.actor.login,
            "real": ws.actor.real, "at": to_iso(now),
            "day": day.isoformat(), **lateness.stamp(update_deadline(ws, day), now),
            "percent": value,
            "done": validate.text("done", done, multiline=True, max_len=2000),
            "problems": validate.text("problems", problems, multiline=True, max_len=2000),
            "next_step": validate.text("next_step", next_step, multiline=True, max_len=2000),
            "help_from": helper}


def write_entry(tx, doc: dict) -> dict:
    """Write a prepared update inside a transaction on its project's shard; the task's
    progress follows when this is its newest update (a batch writes several at once)."""
    pid, number = parse_task_id(doc["task"])
    n = tx.table(TABLE).insert(doc)
    current = tx.document(TASKS, number) or {}
    if current.get("progress_at", "") <= doc["at"]:  # newest wins
        value = doc["percent"]
        state = "done" if value == 100 else ("open" if current.get("state") == "done"
                                             else current.get("state", "open"))
        tx.table(TASKS).update({"progress": value, "progress_at": doc["at"], "state": state},
                               doc_ids=[number])
    tx.audit("progress.record", record_id(pid, "u", n), task=doc["task"], percent=doc["percent"],
             help_from=doc["help_from"], **({"member": doc["by"]}
                                            if doc["by"] != tx.ws.actor.login else {}))
    emit_help(tx, doc)
    return as_record(pid, "u", n, doc)


def entries(ws: Workspace, *, project: int | str | None = None, task: str | None = None,
            owner: str | None = None, since: datetime | None = None,
            until: datetime | None = None, shared: bool = False) -> list[dict]:
    """The updates (of a task, a project, an owner), in order. `shared`: the memo's records
    themselves, not copies (for a reader that only looks and keeps them: the standup's day)."""
    if task is not None:
        pids = [parse_task_id(task)[0]]
        task = f"{pids[0]}-{parse_task_id(task)[1]}"
    elif project is not None:
        pids = [parse_project_id(project)]
    else:
        pids = project_ids(ws)
    lo = to_iso(since) if since else None
    hi = to_iso(until) if until else None
    found = []
    every = task is None and project is None
    for pid in pids:
        window: list[dict] = []
        with ws.skip_damaged(shard_name(pid), skip=every):  # a damaged one left out of all
            # a project's updates in the window, once per revision of its shard (a year of
            # daily updates is thousands of records; the standup asks for two days of each)
            # (the head keeps two weeks: a recent window is read from it, the tables unparsed)
            shard = ws.shard(shard_name(pid))
            held = shard.memo(("progress.recent", lo, hi),
                              lambda pid=pid: _recent_window(ws, pid, lo, hi),
                              tables=False) if lo else None
            window = held if held is not None else shard.memo(
                ("progress.entries", lo, hi), lambda tables, pid=pid: _window(pid, tables, lo, hi))
        for entry in window:
            if (task is None or entry["task"] == task) and (owner is None
                                                            or entry["owner"] == owner):
                found.append(entry if shared else dict(entry))
    if len(pids) == 1:
        return found  # one project's window is in order already
    return sorted(found, key=lambda e: (e["at"], e["id"]))


def project_entries(ws: Workspace, project: int | str) -> list[dict]:
    """`entries(ws, project=…)` without the copies, for readers that only look (the project
    screen): the list and its updates are shared until the shard changes, so never change
    them. A year of a big project's updates is thousands of records, megabytes twice over."""
    pid = parse_project_id(project)
    return ws.shard(shard_name(pid)).memo(("progress.entries", None, None),
                                          lambda tables: _window(pid, tables, None, None))


def latest_update(ws: Workspace, task: dict) -> dict | None:
    """The newest update of `task` (a task record: its `progress_at` is its newest update's
    instant), shared: read only. From the recent updates the shard's head keeps when that
    instant is among them, so the Tasks tab's detail does not read a year of updates."""
    known, found = recent_latest_update(ws, task)
    return found if known else history_latest_update(ws, task)


def history_latest_update(ws: Workspace, task: dict) -> dict | None:
    """`latest_update` from the project's whole history: the newest of each task, found once
    per shard revision in one pass over the stored updates, not kept parsed (not all of them
    as records, sorted: ~3× the time; the Tasks tab's first rows are often tasks done months
    ago)."""
    pid = parse_task_id(task["id"])[0]
    return ws.shard(shard_name(pid)).memo("progress.newest", lambda tables: _newest(
        pid, tables)).get(task["id"])


def recent_latest_update(ws: Workspace, task: dict) -> tuple[bool, dict | None]:
    """(True, `latest_update(ws, task)`) when the head's recent updates tell it; (False, None)
    when only the project's whole history can (a year of updates to parse: the Tasks tab
    shows that line once its table is on the screen)."""
    at = task.get("progress_at")
    if not at:
        return False, None
    pid = parse_task_id(task["id"])[0]
    held = recent(ws, pid, TABLE, at)
    found = [e for e in (_window(pid, {TABLE: held}, at, None) if held is not None else ())
             if e["task"] == task["id"]]
    return (True, found[-1]) if found else (False, None)


def _newest(pid: int, tables: dict) -> dict[str, dict]:
    """{task id: its newest update}, the last of each task in `entries`' order."""
    newest: dict[str, tuple] = {}
    for part in peek_slices(tables.get(TABLE, {})):  # a slice at a time: none of it kept
        for number, doc in part.items():
            key = (doc["at"], record_id(pid, "u", int(number)))
            held = newest.get(doc["task"])
            if held is None or key > held[0]:
                newest[doc["task"]] = (key, number, doc)
    return {task: as_record(pid, "u", int(number), doc)
            for task, (_key, number, doc) in newest.items()}


def _recent_window(ws: Workspace, pid: int, lo: str, hi: str | None) -> list[dict] | None:
    """`_window` of the updates the shard's head keeps, or None if it does not keep them all."""
    held = recent(ws, pid, TABLE, lo)
    return None if held is None else _window(pid, {TABLE: held}, lo, hi)


def _window(pid: int, tables: dict, lo: str | None, hi: str | None) -> list[dict]:
    """The project's updates with lo <= at < hi, sorted as `entries` returns them."""
    return sorted((as_record(pid, "u", int(number), doc)
                   for number, doc in tables.get(TABLE, {}).items()
                   if (lo is None or doc["at"] >= lo) and (hi is None or doc["at"] < hi)),
                  key=lambda e: (e["at"], e["id"]))


def latest(ws: Workspace, task_id: str) -> dict | None:
    found = entries(ws, task=task_id)
    return found[-1] if found else None


def help_requests(ws: Workspace, *, project: int | str | None = None, login: str | None = None,
                  day: date | None = None) -> list[dict]:
    return [e for e in entries(ws, project=project) if e["help_from"]
            and (login is None or e["help_from"] == login)
            and (day is None or e["day"] == day.isoformat())]


HELP_LOOKBACK = timedelta(days=14)


def open_help(ws: Workspace, now: datetime, *, login: str | None = None) -> list[dict]:
    """【需协助】 flags still standing: the newest update of an open task (in the last two
    weeks, of a project being worked on) names a helper. A newer update without the flag
    withdraws it."""
    found = []
    since = now - HELP_LOOKBACK
    lo = to_iso(since)
    for pid in project_ids(ws):
        try:
            held = ws.shard(shard_name(pid)).memo("progress.help_timeline",
                                                  lambda pid=pid: _help_timeline(ws, pid),
                                                  tables=False)
        except Exception:  # noqa: BLE001 - a project being created
            continue
        if held is not None and held[0] and lo >= held[0]:
            found.extend(_standing(held[1], now, lo, login))
        else:  # the head does not hold the whole window: read the updates
            found.extend(_open_help_in(ws, pid, now, since, login))
    return sorted(found, key=lambda e: (e["at"], e["id"]))


def _help_timeline(ws: Workspace, pid: int) -> tuple[str, dict] | None:
    """Per revision of the project's shard: from when its head holds every update (ISO), and
    the open tasks' updates from then on, oldest first, with their parsed instants. None:
    the head cannot say (read the updates); ("", {}) when the project is not worked on."""
    project = get_project(ws, pid)
    if project["state"] not in ACTIVE_STATES:
        return "", {}
    more = read_more(ws, pid)
    if more is None or not more["recent"]["since"]:
        return None
    open_ids = {task_id(pid, int(n)) for n in more["open"]}
    timeline: dict[str, list] = {}
    for entry in _window(pid, {TABLE: more["recent"]["progress"]}, None, None):
        if entry["task"] in open_ids:
            timeline.setdefault(entry["task"], []).append((parse_instant(entry["at"]), entry))
    return more["recent"]["since"], timeline


def _standing(timeline: dict, now: datetime, lo: str, login: str | None) -> list[dict]:
    """The flags standing at `now`: each task's newest update at or before `now`, when it is
    in the window (from `lo` on) and names a helper."""
    found = []
    for updates in timeline.values():
        for at, entry in reversed(updates):
            if at <= now:
                if entry["at"] >= lo and entry["help_from"] \
                        and (login is None or entry["help_from"] == login):
                    found.append(dict(entry))
                break
    return found


def _open_help_in(ws: Workspace, pid: int, now: datetime, since: datetime,
                  login: str | None) -> list[dict]:
    try:
        project = get_project(ws, pid)
    except Exception:  # noqa: BLE001 - a project being created
        return []
    if project["state"] not in ACTIVE_STATES:
        return []
    newest: dict[str, dict] = {}
    for entry in entries(ws, project=pid, since=since):
        if parse_instant(entry["at"]) <= now:
            newest[entry["task"]] = entry
    open_ids = {t["id"] for t in project_tasks(ws, pid) if t["state"] == "open"}
    return [e for e in newest.values() if e["help_from"] and e["task"] in open_ids
            and (login is None or e["help_from"] == login)]


@provider
def due(ws: Workspace, now: datetime) -> list[Reminder]:
    """The helper named in a standing 【需协助】 flag is reminded from the flag on (a request,
    with no deadline of its own: never overdue)."""
    return [Reminder("help.asked", e["id"],
                     tr("【需协助】 {owner} asks for your help on {task}: {problem}",
                        owner=display_name(ws, e["owner"]), task=e["task"],
                        problem=(e["problems"] or e["next_step"] or e["done"] or "—")[:80]),
                     (e["help_from"],), parse_instant(e["at"]), False)
            for e in open_help(ws, now)]


def needs_update(ws: Workspace, project: dict, task: dict, day: date,
                 calendar: WorkCalendar | None = None, *,
                 deadline: datetime | None = None) -> bool:
    """The task must be updated on `day`: a working day, the project in execution, and
    `owes_update` (`deadline`: that day's, from update_deadline when not given)."""
    calendar = calendar or WorkCalendar.of(ws)
    if project["state"] not in ACTIVE_STATES or not calendar.is_working_day(day):
        return False
    return owes_update(task, day, deadline or update_deadline(ws, day))


def owes_update(task: dict, day: date, deadline: datetime | None) -> bool:
    """Whether the owner of a task owes its update on `day` (the project's state and the
    calendar aside): the task is open, has started by then, and was published to its owner
    before that day's deadline. A task not published yet is one its owner was never told
    of; one published after 17:00 is first due the next working day."""
    if task.get("state") != "open" or task.get("start", task["due"]) > day.isoformat():
        return False
    return published_before(task, deadline)


def published_before(task: dict, deadline: datetime | None) -> bool:
    """The task was published to its owner before `deadline` (None: at all)."""
    published = task.get("published_at")
    return isinstance(published, str) and bool(published) and (
        deadline is None or published < to_iso(deadline))  # both UTC ISO (clock.to_iso)


def update_deadline(ws: Workspace, day: date) -> datetime | None:
    """The daily update deadline on `day` (UTC) from the `daily_update` schedule
    (default 17:00 on working days); None when the schedule skips the day."""
    at = occurrence_on(ws, "daily_update", day)
    return at.astimezone(timezone.utc) if at else None


def missing_updates(ws: Workspace, day: date, *, project: int | str | None = None) -> list[dict]:
    """Tasks that need an update on `day` and have none dated that day (local)."""
    calendar = WorkCalendar.of(ws)
    if not calendar.is_working_day(day):
        return []
    pids = [parse_project_id(project)] if project is not None else project_ids(ws)
    deadline = update_deadline(ws, day)
    found = []
    for pid in pids:
        with ws.skip_damaged(shard_name(pid), skip=project is None):  # see store/core/damage.py
            found += _missing_in(ws, pid, day, deadline)
    return found


def _missing_in(ws: Workspace, pid: int, day: date, deadline: datetime | None) -> list[dict]:
    proj = get_project(ws, pid)
    if proj["state"] not in ACTIVE_STATES:
        return []
    # that day's updates: from the recent ones the shard's head keeps when it can
    since = datetime.combine(day - timedelta(days=1), time.min, tzinfo=timezone.utc)
    updated = {e["task"] for e in entries(ws, project=pid, since=since)
               if e["day"] == day.isoformat()}
    return [{"task": copy_task(task), "owner": task["owner"], "deadline": deadline}
            for task in sorted_tasks(ws, pid)
            if task["id"] not in updated and owes_update(task, day, deadline)]


def at_of(entry: dict) -> datetime:
    return parse_instant(entry["at"])
