"""The daily standup and the daily update gate (SPEC §1.7, §1.8, §3, §6).

- The gate: every member updates each of their open tasks before the `daily_update`
  deadline (17:00 on working days by default); `gate(ws, day)` says who updated in time,
  who late, who is still pending and who missed it.
- A member's view for the standup: their open tasks, each with yesterday's update (the
  newest since the start of the last working day) and today's, problems and help flags,
  plus what they changed in the projects since then.
- The digest of a day (`digest`, `digest_markdown`) for `huddle standup report`.
- Meetings and minutes: store/meetings/standup_meetings.py (re-exported here); minutes of
  a meeting never closed are due by the end of the next working day.
- The reminder provider: the warning before the daily deadline and the overdue flag after
  it (to each member, their department head and PMs), the weekly standup, unsaved minutes.

Progress entries come from `store.projects.progress`; nothing here writes them.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta, timezone

from ..core import lateness
from ..projects import progress
from ..reminders import schedules
from ..core.clock import local_text, parse_instant, to_iso
from ..core.i18n import tr
from ..people.members import display_name, find_member, list_members
from ..projects.project import get_project, list_projects, project_ids, shard_name
from ..reminders.model import Reminder, provider
from ..projects.tasks import sorted_tasks
from ..people.workdays import WorkCalendar
from ..core.workspace import Workspace
from .standup_digest import digest_markdown, status_label  # noqa: F401  (re-exported)
from .standup_changes import member_changes
from .standup_read import (Read, deadline, open_tasks_by_owner,  # noqa: F401  (re-exported)
                           project_tasks_to_update, read_day, window)
from .standup_history import day_bounds, latest_by_task
from . import standup_meetings
from .standup_meetings import (  # noqa: F401  (the meeting API, re-exported)
                               MINUTES_ITEMS, SESSIONS, STANDUP, default_action_due,
                               get_session, meeting_key, minutes_filed, minutes_item,
                               minutes_reminders, open_session, save_draft, sessions,
                               start_meeting, timebox_minutes)
from .minutes import MINUTES, find_minutes
from ..people.members import department_head

STATUSES = ("missing", "late", "pending", "updated", "none", "off")
AHEAD_PROJECTS = 20  # projects per step of the read-ahead (a few ms each, cold)

def covered_projects(ws: Workspace, day: date) -> list[int]:
    """The projects a standup on `day` covers: those with a task to update that day."""
    tasks = open_tasks_by_owner(ws, day, WorkCalendar.of(ws))
    return sorted({t["project"] for owned in tasks.values() for t in owned})


def save_minutes(ws: Workspace, day: date, **fields) -> dict:
    """The standup's minutes (standup_meetings.save_minutes), which are the weekly minutes
    of every project the meeting covers."""
    return standup_meetings.save_minutes(ws, day, projects=covered_projects(ws, day), **fields)


def close_meeting(ws: Workspace, number: int, *, notes: str = "") -> dict:
    """File the meeting's minutes from its draft (standup_meetings.close_meeting)."""
    return standup_meetings.close_meeting(ws, number, notes=notes,
                                          covered=lambda day: covered_projects(ws, day))


def _status(tasks: list[dict], today: dict[str, dict], dl: datetime | None,
            now: datetime) -> str:
    if dl is None:
        return "off"
    if not tasks:
        return "none"
    entries = [today.get(t["id"]) for t in tasks]
    if all(entries):
        late = any(lateness.missed(dl, parse_instant(e["at"])) for e in entries)  # type: ignore[index]
        return "late" if late else "updated"
    return "missing" if lateness.missed(dl, now) else "pending"


def gate(ws: Workspace, day: date | None = None, now: datetime | None = None, *,
         read: Read | None = None) -> dict:
    """Who updated each open task before the deadline of `day`, who did not (yet).
    (`read`: what read_day read once for the screen; the answer is kept on it: read only.)"""
    now = now or ws.now()
    day = day or now.astimezone(ws.tz).date()
    dl = deadline(ws, day)
    if read is None:
        return _gate(ws, day, now, dl, None)
    return read.answered(("gate", day, read.at(dl, now)), lambda: _gate(ws, day, now, dl, read))


def _gate(ws: Workspace, day: date, now: datetime, dl: datetime | None,
          read: Read | None) -> dict:
    calendar = WorkCalendar.of(ws)
    tasks = (read.tasks if read else open_tasks_by_owner(ws, day, calendar)) if dl else {}
    lo, hi = day_bounds(ws, day)
    of_day = read.of_day if read else progress.entries(ws, since=lo, until=hi)
    today = latest_by_task([e for e in of_day if parse_instant(e["at"]) <= now])
    members = {login: _status(owned, today, dl, now) for login, owned in tasks.items()}
    by_status: dict[str, list[str]] = {s: [] for s in STATUSES}
    for login in sorted(members, key=lambda x: (display_name(ws, x), x)):
        by_status[members[login]].append(login)
    return {"day": day.isoformat(), "deadline": to_iso(dl) if dl else None,
            "passed": lateness.missed(dl, now), "members": members, **by_status,
            "not_updated": {login: [t["id"] for t in tasks[login] if t["id"] not in today]
                            for login in members if members[login] in ("missing", "pending")}}


# -- the standup: one member at a time ----------------------------------------
def team(ws: Workspace, day: date | None = None, *, department: str | None = None,
         project: int | None = None, read: Read | None = None) -> list[str]:
    """Whom the standup walks through: members with open tasks to update on `day` (or, with a
    department or project, that group's members), sorted by name. (`read`: as for `gate`.)"""
    day = day or ws.today()
    if read is None:
        return _team(ws, day, department, project, None)
    return list(read.answered(("team", day, department, project),
                              lambda: _team(ws, day, department, project, read)))


def _team(ws: Workspace, day: date, department: str | None, project: int | None,
          read: Read | None) -> list[str]:
    calendar = WorkCalendar.of(ws)
    owners = set(read.tasks if read else open_tasks_by_owner(ws, day, calendar))
    lo, hi = day_bounds(ws, day)
    of_day = read.of_day if read else progress.entries(ws, since=lo, until=hi)
    owners |= {e["owner"] for e in of_day}  # as saved
    if department is not None:
        logins = {m["login"] for m in list_members(ws) if m.get("dept") == department}
    elif project is not None:
        proj = get_project(ws, project)
        logins = {m["login"] for m in proj.get("members", [])}
        logins |= {t["owner"] for t in sorted_tasks(ws, proj["id"]) if t["state"] == "open"}
    else:
        logins = owners
    return sorted(logins, key=lambda x: (display_name(ws, x), x))


def member_view(ws: Workspace, login: str, day: date | None = None,
                now: datetime | None = None) -> dict:
    """Everything the facilitator shows for one member."""
    return members_view(ws, [login], day, now)[0]


def members_view(ws: Workspace, logins: list[str], day: date | None = None,
                 now: datetime | None = None, *, read: Read | None = None) -> list[dict]:
    """What the facilitator shows for each of `logins`. (`read`: as for `gate`.)"""
    now = now or ws.now()
    day = day or now.astimezone(ws.tz).date()
    dl = deadline(ws, day)
    if read is None:
        return _members_view(ws, logins, day, now, dl, None)
    return list(read.answered(("members_view", tuple(logins), day, read.at(dl, now)),
                              lambda: _members_view(ws, logins, day, now, dl, read)))


def _members_view(ws: Workspace, logins: list[str], day: date, now: datetime,
                  dl: datetime | None, read: Read | None) -> list[dict]:
    calendar = WorkCalendar.of(ws)
    tasks = read.tasks if read else open_tasks_by_owner(ws, day, calendar)
    since, start = window(ws, day, calendar)
    lo, hi = day_bounds(ws, day)
    entries = read.entries if read else progress.entries(ws, since=since, until=hi)
    start_iso, lo_iso = to_iso(start), to_iso(lo)
    yesterday = latest_by_task([e for e in entries if e["at"] < start_iso])
    today = latest_by_task([e for e in entries if e["at"] >= lo_iso
                             and parse_instant(e["at"]) <= now])
    changes = member_changes(ws, set(logins), since, start)
    extra: dict[str, list[str]] = {}
    reported_by: dict[str, list[dict]] = {}  # one pass over the entries, not one per member
    for entry in entries:
        if entry["at"] < start_iso:
            reported_by.setdefault(entry["owner"], []).append(entry)
    today_by: dict[str, list[dict]] = {}  # the day's updates by owner: one pass, not one per member
    for entry in today.values():
        today_by.setdefault(entry["owner"], []).append(entry)
    views = []
    for login in logins:
        member = find_member(ws, login) or {"login": login, "name": login, "dept": ""}
        owned = tasks.get(login, [])
        rows = []
        # a task updated that day shows with its update even when it is not one to update
        # (finished by the update, not started yet, or its project not in execution)
        listed = {t["id"] for t in owned}
        for entry in today_by.get(login, ()):
            if entry["task"] not in listed:
                listed.add(entry["task"])
                extra.setdefault(login, []).append(entry["task"])
        for task in owned + [_task_row(ws, tid) for tid in extra.get(login, [])]:
            y, t = yesterday.get(task["id"]), today.get(task["id"])
            rows.append({
                "id": task["id"], "title": task["title"], "project": task["project"],
                "project_name": task["project_name"], "due": task["due"],
                "progress": task.get("progress", 0), "yesterday": y, "today": t,
                "plan": (t or {}).get("next_step") or (y or {}).get("next_step") or "",
                "problems": (t or y or {}).get("problems", ""),
                "help_from": (t or {}).get("help_from"),
                "on_time": bool(t and dl and not lateness.missed(dl, parse_instant(t["at"]))),
                "late_for": (t or {}).get("late_for"),
            })
        reported = reported_by.get(login, [])
        views.append({
            "login": login, "name": member.get("name", login), "dept": member.get("dept", ""),
            "status": _status(owned, today, dl, now), "tasks": rows,
            "reported": reported, "changed": changes.get(login, []),
            "help": [{"task": r["id"], "help_from": r["help_from"]}
                     for r in rows if r["help_from"]],
        })
    return views


def _task_row(ws: Workspace, task_id: str) -> dict:
    from ..projects.tasks import get_task
    task = get_task(ws, task_id)
    return {**task, "project_name": get_project(ws, task["project"])["name"]}


# -- read ahead -----------------------------------------------------------------
def ahead(ws: Workspace) -> list:
    """What the standup's first opening reads, as steps to take one at a time ahead of it (the
    app's warm-up, in its quiet moments): today's open tasks and updates of every project,
    AHEAD_PROJECTS at a time, then the day's read (read_day), then the members' views (the
    tasks updated today beyond those to update: their projects' tasks parsed). The store keeps
    each result (per shard revision; the day's read per revision of them all), so the opening
    finds them."""
    day = ws.today()
    dl, calendar = deadline(ws, day), WorkCalendar.of(ws)
    since, hi = window(ws, day, calendar)[0], day_bounds(ws, day)[1]
    pids = project_ids(ws)

    def some(chunk: list[int]) -> None:
        for pid in chunk:
            with ws.skip_damaged(shard_name(pid)):
                if calendar.is_working_day(day):
                    project_tasks_to_update(ws, pid, day, dl)
                progress.entries(ws, project=pid, since=since, until=hi, shared=True)

    def views() -> None:
        read = read_day(ws, day)
        members_view(ws, team(ws, day, read=read), day, read=read)
    return [*(lambda chunk=pids[i:i + AHEAD_PROJECTS]: some(chunk)
              for i in range(0, len(pids), AHEAD_PROJECTS)),
            lambda: read_day(ws, day), views]


# -- the digest ---------------------------------------------------------------
def digest(ws: Workspace, day: date | None = None, now: datetime | None = None) -> dict:
    """The day's standup digest: the gate, every member's tasks and updates, the minutes."""
    now = now or ws.now()
    day = day or now.astimezone(ws.tz).date()
    _, hi = day_bounds(ws, day)
    at = min(now, hi)
    result = gate(ws, day, at)
    views = members_view(ws, team(ws, day), day, at)
    minutes = None
    with ws.skip_damaged(MINUTES):  # damaged: the digest goes on without them (store/core/damage.py)
        minutes = find_minutes(ws, meeting_key(day))
    return {**result, "timezone": str(ws.tz), "members_detail": views, "minutes": minutes}


def managers_of(ws: Workspace, login: str, tasks: list[dict]) -> set[str]:
    """Who follows `login`'s updates: the head of their department and the PMs of the
    projects of their open tasks."""
    found: set[str] = set()
    member = find_member(ws, login)
    if member and member.get("dept"):
        head = department_head(ws, member["dept"])
        if head:
            found.add(head)
    found |= {t["pm"] for t in tasks if t.get("pm")}
    found.discard(login)
    return found


# -- reminders ----------------------------------------------------------------
@provider
def due(ws: Workspace, now: datetime) -> list[Reminder]:
    calendar = WorkCalendar.of(ws)
    found: list[Reminder] = []
    found += _daily_reminders(ws, now, calendar)
    found += _weekly_reminders(ws, now)
    found += minutes_reminders(ws, now, calendar)
    return found


def _daily_reminders(ws: Workspace, now: datetime, calendar: WorkCalendar) -> list[Reminder]:
    tz = ws.tz
    day = now.astimezone(tz).date()
    dl = deadline(ws, day)
    if dl is None:
        return []
    warn = timedelta(minutes=int(schedules.get_schedule(ws, "daily_update")["warn_minutes"]))
    if now < dl - warn:
        return []
    result = gate(ws, day, now)
    tasks = open_tasks_by_owner(ws, day, calendar)
    found = []
    overdue = lateness.missed(dl, now)
    clock = local_text(dl, tz, with_date=False)
    waiting: dict[str, list[str]] = defaultdict(list)
    for login, ids in result["not_updated"].items():
        title = (tr("You have not updated {tasks} by the {time} deadline", tasks=", ".join(ids),
                    time=clock) if overdue else
                 tr("Update {tasks} before {time}", tasks=", ".join(ids), time=clock))
        found.append(Reminder("update.daily", login, title, (login,), dl, overdue))
        if overdue:
            for manager in managers_of(ws, login, tasks.get(login, [])):
                waiting[manager].append(login)
    if overdue:
        for session in sessions(ws, day):
            for login in result["not_updated"]:
                if session["facilitator"] != login:
                    waiting[session["facilitator"]].append(login)
    for manager, logins in sorted(waiting.items()):
        names = ", ".join(display_name(ws, x) for x in dict.fromkeys(logins))
        found.append(Reminder("update.gate", day.isoformat(),
                              tr("Not updated by {time}: {names}", time=clock, names=names),
                              (manager,), dl, True))
    return found


def _weekly_reminders(ws: Workspace, now: datetime) -> list[Reminder]:
    rule = schedules.get_schedule(ws, "weekly_standup")
    warn = timedelta(minutes=int(rule.get("warn_minutes", 0)))
    box = timedelta(minutes=int(rule.get("timebox_minutes", 15)))
    at = schedules.next_occurrence(ws, "weekly_standup", now - box)
    if at is None or not at - warn <= now < at + box:
        return []
    day = at.astimezone(ws.tz).date()
    who = set(open_tasks_by_owner(ws, day, WorkCalendar.of(ws)))
    who |= {p for p in _active_pms(ws)}
    if not who:
        return []
    title = tr("Weekly standup at {time} ({n} min)", time=at.strftime("%H:%M"),
               n=int(box.total_seconds() // 60))
    return [Reminder("standup.weekly", day.isoformat(), title, tuple(sorted(who)),
                     at.astimezone(timezone.utc), False)]


def _active_pms(ws: Workspace) -> set[str]:
    found = set()
    for project in list_projects(ws):  # a damaged project is left out (store/core/damage.py)
        if project["state"] in progress.ACTIVE_STATES and project.get("pm"):
            found.add(project["pm"])
    return found
