"""The kickoff meeting (启动会, SPEC §1.4) and the weekly meeting's minutes (§1.8).

Kickoff: a project manager records the meeting once it has been held (the
project goes approved → kicked_off). Its minutes are due within 2 hours of the
meeting (held_at + 2 h; filed at that instant is on time, a reminder is overdue
from that instant on, while the project is kicked off or in progress). Minutes
are kept by store/meetings/minutes.py under the meeting key "kickoff:<pid>".

Weekly meeting: held by the PM when the `weekly_standup` schedule falls
(default Wednesday, seed 000: "项目经理每周三召开15分钟站会") while the
project is kicked off or in progress (execution), on working days after the
kickoff day. Its minutes (progress, risks, measures, decisions, actions) are due
"the next day" (站会纪要次日同步): by the end of the next working day, the
`weekly_minutes` rule (schedules.minutes_due), the same rule as the standup's
minutes. They are filed under the meeting key "weekly:<pid>:<YYYY-MM-DD>", or are
the standup's minutes of that day when the standup covered the project (one set of
minutes: `store.meetings.standup_meetings.save_minutes` records the projects it covers).
Minutes filed at or after their deadline carry `late` and `late_for`.

    record_kickoff(ws, project_id, held_at=None, *, attendees=(), place="") -> project
        project["kickoff"] = {"held_at", "recorded_by", "recorded_at", "attendees", "place"}
    kickoff_status(ws, project_id, now=None) -> dict | None
        {"held_at", "due_at", "minutes": id|None, "filed_at": iso|None, "late": bool,
         "overdue": bool}   (None before a kickoff is recorded)
    file_kickoff_minutes(ws, project_id, *, title=None, **minutes_fields) -> minutes dict
    weekly_days(ws, project, now) -> list[date]     # meeting days so far (last 4)
    weekly_status(ws, project_id, day, now=None) -> {"day", "due_at", "minutes", "overdue"}
    weekly_minutes(ws, project_id, day) -> minutes dict | None   (weekly or covering standup)
    file_weekly_minutes(ws, project_id, day, *, title=None, **minutes_fields) -> minutes dict
    reminders(ws, project, now) -> list[Reminder]
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from ..core import lateness
from ..core import validate
from ..meetings import minutes as minutes_store
from ..core.clock import parse_instant, to_iso
from ..core.errors import IllegalTransition, InvalidValue
from ..core.i18n import tr
from ..people.team_language import team_text
from ..people.members import find_member
from .flow import check_transition, transition
from .roles import local_instant, unique
from .project import get_project, require_manager
from ..reminders.model import Reminder
from ..core.workspace import Workspace
from ..reminders.schedules import occurrences

MINUTES_WITHIN = timedelta(hours=2)
ACTIVE_STATES = ("kicked_off", "in_progress")  # execution: weekly meetings, reminders
WEEKS_LOOKED_BACK = 4


def kickoff_key(pid: int) -> str:
    return f"kickoff:{pid}"


def weekly_key(pid: int, day: date) -> str:
    return f"weekly:{pid}:{day.isoformat()}"


def record_kickoff(ws: Workspace, project_id: int | str, held_at: datetime | str | None = None,
                   *, attendees: list[str] | tuple = (), place: str = "") -> dict:
    project = get_project(ws, project_id)
    require_manager(ws, project)
    check_transition(project, "kicked_off")
    now = ws.now()
    held = now if held_at is None else local_instant(ws, held_at, "held_at")
    if held > now:
        raise InvalidValue("held_at", tr("held_at: record the kickoff once it has been held "
                                         "({at} is in the future)", at=to_iso(held)))
    people = []
    for login in attendees:
        login = validate.login("attendees", login)
        if find_member(ws, login) is None:
            raise InvalidValue("attendees", tr("attendees: no member with login {login!r}",
                                               login=login))
        people.append(login)
    record = {"held_at": to_iso(held), "recorded_by": ws.actor.login, "recorded_at": to_iso(now),
              "attendees": people, "place": validate.text("place", place, max_len=200)}
    return transition(ws, project["id"], "kicked_off", "project.kickoff", kickoff=record)


def kickoff_status(ws: Workspace, project_id: int | str,
                   now: datetime | None = None) -> dict | None:
    project = get_project(ws, project_id)
    if not project.get("kickoff"):
        return None
    now = now or ws.now()
    held = parse_instant(project["kickoff"]["held_at"])
    due_at = held + MINUTES_WITHIN
    found = minutes_store.find_minutes(ws, kickoff_key(project["id"]))
    filed_at = found["filed_at"] if found else None
    return {"held_at": to_iso(held), "due_at": to_iso(due_at),
            "minutes": found["id"] if found else None, "filed_at": filed_at,
            "late": bool(filed_at and lateness.missed(due_at, parse_instant(filed_at))),
            "overdue": found is None and lateness.missed(due_at, now)}


def file_kickoff_minutes(ws: Workspace, project_id: int | str, *, title: str | None = None,
                         **fields: object) -> dict:
    """Any member files the kickoff minutes (progress, risks, measures, decisions, actions…)."""
    project = get_project(ws, project_id)
    if not project.get("kickoff"):
        raise IllegalTransition(tr("Project {id} has no kickoff meeting recorded yet",
                                   id=project["id"]))
    if minutes_store.find_minutes(ws, kickoff_key(project["id"])):
        raise IllegalTransition(tr("The kickoff minutes of project {id} are already filed",
                                   id=project["id"]))
    fields.setdefault("attendees", project["kickoff"].get("attendees", []))
    due_at = parse_instant(project["kickoff"]["held_at"]) + MINUTES_WITHIN
    return minutes_store.file_minutes(
        ws, "kickoff", title or team_text(ws, "Kickoff meeting: {name}", name=project["name"]),
        meeting=kickoff_key(project["id"]), held_at=project["kickoff"]["held_at"],
        project=project["id"], due_at=due_at, **fields)


# -- weekly meeting -----------------------------------------------------------
def weekly_days(ws: Workspace, project: dict, now: datetime) -> list[date]:
    """The days the `weekly_standup` schedule fell on after the kickoff day, up to today
    (at most the last WEEKS_LOOKED_BACK)."""
    if project["state"] not in ACTIVE_STATES or not project.get("kickoff"):
        return []
    kicked = parse_instant(project["kickoff"]["held_at"]).astimezone(ws.tz).date()
    today = now.astimezone(ws.tz).date()
    since = max(kicked, today - timedelta(days=7 * WEEKS_LOOKED_BACK))
    after = datetime.combine(since + timedelta(days=1), time.min, tzinfo=ws.tz) - timedelta(seconds=1)
    until = datetime.combine(today + timedelta(days=1), time.min, tzinfo=ws.tz) - timedelta(seconds=1)
    days = sorted({t.date() for t in occurrences(ws, "weekly_standup", after, until)})
    return days[-WEEKS_LOOKED_BACK:]


def weekly_due_at(ws: Workspace, day: date) -> datetime:
    """"次日同步": the end of the next working day (the `weekly_minutes` rule, as the
    standup's minutes)."""
    from ..reminders.schedules import minutes_due
    return minutes_due(ws, datetime.combine(day, time(12), tzinfo=ws.tz)).astimezone(
        timezone.utc)


def weekly_minutes(ws: Workspace, project_id: int | str, day: date) -> dict | None:
    """The minutes of the project's weekly meeting on `day`: filed for the project, or the
    standup's minutes of that day when the standup covered the project."""
    pid = get_project(ws, project_id)["id"] if not isinstance(project_id, int) else project_id
    found = minutes_store.find_minutes(ws, weekly_key(pid, day))
    if found is not None:
        return found
    prefix = f"standup:{day.isoformat()}"
    for minutes in minutes_store.standup_minutes_of(ws, day.isoformat()):
        if (minutes["meeting"] == prefix or minutes["meeting"].startswith(prefix + ":")) \
                and pid in minutes.get("projects", []):
            return minutes
    return None


def weekly_status(ws: Workspace, project_id: int | str, day: date | str,
                  now: datetime | None = None) -> dict:
    project = get_project(ws, project_id)
    day = date.fromisoformat(validate.day("day", day))
    now = now or ws.now()
    due_at = weekly_due_at(ws, day)
    found = weekly_minutes(ws, project["id"], day)
    return {"day": day.isoformat(), "due_at": to_iso(due_at),
            "minutes": found["id"] if found else None,
            "late": bool(found and found.get("late")),
            "overdue": found is None and lateness.missed(due_at, now)}


def file_weekly_minutes(ws: Workspace, project_id: int | str, day: date | str, *,
                        title: str | None = None, **fields: object) -> dict:
    """Minutes of the weekly meeting held on `day` (progress, risks, measures, decisions…)."""
    project = get_project(ws, project_id)
    day = date.fromisoformat(validate.day("day", day))
    key = weekly_key(project["id"], day)
    if weekly_minutes(ws, project["id"], day):
        raise IllegalTransition(tr("The minutes of the weekly meeting on {day} are already filed",
                                   day=day.isoformat()))
    held = fields.pop("held_at", None) or local_instant(ws, f"{day.isoformat()}T10:00", "held_at")
    return minutes_store.file_minutes(
        ws, "weekly", title or team_text(ws, "Weekly meeting {day}: {name}",
                                         day=day.isoformat(), name=project["name"]),
        meeting=key, held_at=held, project=project["id"], due_at=weekly_due_at(ws, day),
        **fields)


def pending_minutes(ws: Workspace, project: dict, now: datetime) -> list[dict]:
    """Minutes the project still owes, oldest first: [{"kind": "kickoff"|"weekly",
    "day": YYYY-MM-DD|None, "due_at": ISO}] (what the project screen offers to file)."""
    found = []
    status = kickoff_status(ws, project["id"], now) if project.get("kickoff") else None
    if status and status["minutes"] is None:
        found.append({"kind": "kickoff", "day": None, "due_at": status["due_at"]})
    for day in weekly_days(ws, project, now):
        if weekly_minutes(ws, project["id"], day) is None:
            found.append({"kind": "weekly", "day": day.isoformat(),
                          "due_at": to_iso(weekly_due_at(ws, day))})
    return found


def reminders(ws: Workspace, project: dict, now: datetime) -> list[Reminder]:
    found = []
    status = kickoff_status(ws, project["id"], now) if project.get("kickoff") else None
    if status and status["minutes"] is None and project["state"] in ACTIVE_STATES:
        due_at = parse_instant(status["due_at"])
        found.append(Reminder("kickoff.minutes", str(project["id"]),
                              tr("Kickoff minutes of “{name}” are due", name=project["name"]),
                              unique(project["kickoff"]["recorded_by"], project.get("pm")),
                              due_at, lateness.missed(due_at, now)))
    for day in weekly_days(ws, project, now):
        if weekly_minutes(ws, project["id"], day) is None:
            due_at = weekly_due_at(ws, day)
            found.append(Reminder("weekly.minutes", f"{project['id']}:{day.isoformat()}",
                                  tr("Minutes of the weekly meeting on {day} for “{name}” are "
                                     "due", day=day.isoformat(), name=project["name"]),
                                  unique(project.get("pm")), due_at,
                                  lateness.missed(due_at, now)))
    return found
