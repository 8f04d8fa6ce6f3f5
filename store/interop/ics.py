"""iCalendar export (RFC 5545): task deadlines, milestones, the weekly standup and
onboarding steps, for any calendar program (`huddle export ics [--me]`).

    export_calendar(ws, *, me=False, todo=False, weeks=12) -> str   # CRLF lines

What goes in
- Task deadlines: every open task of a project that is not closed, as an
  all-day VEVENT on its due day (`todo=True`: a VTODO with DUE, PRIORITY,
  PERCENT-COMPLETE instead, for task-aware clients; most calendars ignore VTODO).
- Milestones: every milestone task that is not cancelled (done ones too), as an
  all-day VEVENT.
- The weekly standup (`store.reminders.schedules`, "weekly_standup"): one recurring VEVENT
  when its cron expression is a weekly rule — single minute and hour, any day of
  the month, any month, days of the week as numbers, names, ranges, lists or
  steps (`0 10 * * 3`, `30 9 * * mon,thu`, `0 10 * * 1-5`), as croniter expands
  them — with RRULE:FREQ=WEEKLY;BYDAY=…, DURATION from the timebox, and, when the
  schedule keeps to working days, only Monday to Friday in BYDAY, EXDATE for the
  workspace's holidays and RDATE for its make-up workdays (调休), exactly as
  `schedules.occurrences` does. Any
  other expression (`0 10 1 * *`, `0 10 * * 3#2`, `*/30 9 * * 3`) becomes one
  VEVENT per occurrence in the next `weeks` weeks. DTSTART is the first
  matching day on or after the day the schedule was last set (else the day the
  workspace was created), so the event is the same from one export to the next.
- Onboarding steps: every step not done of every running onboarding, as an
  all-day VEVENT on its due day.
With `me=True` only the acting member's (`ws.actor.login`): the tasks they
own, the milestones of the projects they are in (PM, initiator, member or
task owner), the standup if they are in any open project, and the onboarding
steps they own or of their own onboarding.

Format: written by the `icalendar` library (RFC 5545: CRLF line ends, lines
folded at 75 octets never inside a UTF-8 character, TEXT escaped). Control
characters are dropped here first (`clean_text`). DTSTAMP is in UTC; timed
values carry a TZID with a VTIMEZONE that icalendar builds from the zone
(`Calendar.add_missing_timezones`, transitions from the first year used for
`TIMEZONE_YEARS` years), or are in UTC for a UTC workspace. UIDs are
`<kind>-<id>@<workspace uuid>` (store.people.preferences), stable across exports.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone

from croniter import CroniterError, croniter
from icalendar import Calendar, Event, Todo, vRecur

from ..core.clock import parse_instant
from ..core.i18n import tr, trn
from ..onboarding.checklists import list_hires
from ..people.members import display_name
from ..people.preferences import workspace_uuid
from ..projects.project import CLOSED_STATES, list_projects, shard_name
from ..reminders.schedules import cron_times, get_schedule
from ..people.settings import get_settings
from ..projects.tasks import project_tasks
from ..people.workdays import WorkCalendar
from ..core.workspace import Workspace

PRODID = "-//Huddle//Huddle calendar export//EN"
TIMEZONE_YEARS = 20  # the VTIMEZONE lists the zone's transitions for this many years
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # C0 but tab and newline, DEL, C1
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_UTC_NAMES = {"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Universal", "Etc/Universal", "Zulu",
              "Etc/Zulu", "GMT", "Etc/GMT", "Etc/GMT0", "Etc/GMT+0", "Etc/GMT-0", "Etc/Greenwich"}
_PRIORITY = {"high": 1, "medium": 5, "low": 9}


def clean_text(value: object) -> str:
    """A TEXT value as the calendar gets it: line ends as \\n, other control characters dropped
    (icalendar escapes \\ ; , and newlines; it keeps control characters as they are)."""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)


# -- the calendar -----------------------------------------------------------------
class _Calendar:
    def __init__(self, ws: Workspace, todo: bool):
        self.ws = ws
        self.todo = todo
        self.key = str(workspace_uuid(ws))
        self.stamp = ws.now().astimezone(timezone.utc)
        self.tz = ws.tz
        self.utc = getattr(self.tz, "key", "UTC") in _UTC_NAMES
        self.ical = Calendar()
        for name, value in (("prodid", PRODID), ("version", "2.0"), ("calscale", "GREGORIAN"),
                            ("method", "PUBLISH")):
            self.ical.add(name, value)
        self.first_year: int | None = None

    def uid(self, kind: str, ident: object) -> str:
        return f"{kind}-{ident}@{self.key}"

    def component(self, kind: type[Event] | type[Todo], uid: str, summary: str,
                  description: str, categories: list[str]) -> Event | Todo:
        """A VEVENT or VTODO with what every item has; the caller adds the dates."""
        item = kind()
        item.add("uid", uid)
        item.add("dtstamp", self.stamp)
        item.add("summary", clean_text(summary))
        item.add("description", clean_text(description))
        item.add("categories", [clean_text(c) for c in categories])
        self.ical.add_component(item)
        return item

    def all_day(self, uid: str, day: str, summary: str, description: str,
                categories: list[str]) -> None:
        event = self.component(Event, uid, summary, description, categories)
        start = date.fromisoformat(day)
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(days=1))
        event.add("transp", "TRANSPARENT")

    def local(self, moment: datetime) -> datetime:
        """A timed value in the workspace's zone (TZID), or in UTC for a UTC workspace."""
        if self.utc:
            return moment.astimezone(timezone.utc)
        local = moment.astimezone(self.tz)
        self.first_year = min(self.first_year or local.year, local.year)
        return local

    def text(self) -> str:
        if self.first_year is not None:
            self.ical.add_missing_timezones(
                first_date=date(self.first_year, 1, 1),
                last_date=date(self.first_year + TIMEZONE_YEARS, 1, 1))
        return self.ical.to_ical().decode("utf-8")


def export_calendar(ws: Workspace, *, me: bool = False, todo: bool = False,
                    weeks: int = 12) -> str:
    cal = _Calendar(ws, todo)
    login = ws.actor.login if me else None
    involved = _add_tasks(cal, login)
    if login is None or involved:
        _add_standup(cal, weeks)
    with ws.skip_damaged():  # a damaged onboarding file costs its own events (store/core/damage.py)
        _add_onboarding(cal, login)
    return cal.text()


def _add_tasks(cal: _Calendar, login: str | None) -> bool:
    """Deadlines and milestones; returns whether `login` is in any open project."""
    ws = cal.ws
    involved_any = False
    for project in list_projects(ws):
        if project["state"] in CLOSED_STATES:
            continue
        tasks: list[dict] = []
        with ws.skip_damaged(shard_name(project["id"])):  # a damaged one is left out
            tasks = [t for t in project_tasks(ws, project["id"]) if t["state"] != "cancelled"]
        people = {project.get("pm"), project.get("initiator"),
                  *(m.get("login") for m in project.get("members", [])),
                  *(t["owner"] for t in tasks)}
        involved = login is None or login in people
        involved_any = involved_any or (login is not None and involved)
        for task in tasks:
            if task.get("milestone"):
                if involved:
                    _milestone(cal, project, task)
            elif task["state"] == "open" and (login is None or task["owner"] == login):
                _deadline(cal, project, task)
    return involved_any


def _task_description(ws: Workspace, project: dict, task: dict) -> str:
    lines = [tr("Project {id}: {name}", id=project["id"], name=project["name"]),
             tr("Owner: {name} ({login})", name=display_name(ws, task["owner"]),
                login=task["owner"]),
             tr("Priority: {priority}", priority=tr(task.get("priority", "medium"))),
             tr("Progress: {percent}%", percent=task.get("progress", 0))]
    if task.get("standard"):
        lines.append(tr("Delivery standard: {text}", text=task["standard"]))
    lines.append(tr("Task {id} in Huddle", id=task["id"]))
    return "\n".join(lines)


def _deadline(cal: _Calendar, project: dict, task: dict) -> None:
    summary = tr("Due {id}: {title}", id=task["id"], title=task["title"])
    description = _task_description(cal.ws, project, task)
    categories = ["Huddle", tr("Task")]
    if not cal.todo:
        cal.all_day(cal.uid("task", task["id"]), task["due"], summary, description, categories)
        return
    progress = int(task.get("progress", 0))
    todo = cal.component(Todo, cal.uid("task", task["id"]), summary, description, categories)
    if task.get("start") and task["start"] <= task["due"]:
        todo.add("dtstart", date.fromisoformat(task["start"]))
    todo.add("due", date.fromisoformat(task["due"]))
    todo.add("priority", _PRIORITY.get(task.get("priority", "medium"), 5))
    todo.add("status", "IN-PROCESS" if progress else "NEEDS-ACTION")
    todo.add("percent-complete", max(0, min(progress, 100)))


def _milestone(cal: _Calendar, project: dict, task: dict) -> None:
    summary = tr("Milestone {id}: {title}", id=task["id"], title=task["title"])
    if task["state"] == "done":
        summary = "✓ " + summary
    cal.all_day(cal.uid("task", task["id"]), task["due"], summary,
                _task_description(cal.ws, project, task), ["Huddle", tr("Milestone")])


def _add_onboarding(cal: _Calendar, login: str | None) -> None:
    ws = cal.ws
    for hire in list_hires(ws, "active"):
        name = display_name(ws, hire["login"])
        for step in hire["steps"]:
            if step.get("done_at"):
                continue
            if login is not None and login not in (step["owner"], hire["login"]):
                continue
            lines = [tr("Owner: {name} ({login})", name=display_name(ws, step["owner"]),
                        login=step["owner"]),
                     tr("Onboarding H{id} of {name}, started {day}", id=hire["id"], name=name,
                        day=hire["start"])]
            if step.get("optional"):
                lines.append(tr("Optional step"))
            cal.all_day(cal.uid("onboarding", f"H{hire['id']}-{step['n']}"), step["due"],
                        tr("Onboarding of {name}: {title}", name=name, title=step["title"]),
                        "\n".join(lines), ["Huddle", tr("Onboarding")])


# -- the weekly standup ------------------------------------------------------------
def weekly_rule(expr: str) -> tuple[int, int, list[int]] | None:
    """(minute, hour, Python weekdays) when the cron expression is a weekly rule, else None:
    five fields, one minute, one hour, any day of the month, any month, and days of the
    week as croniter expands them (no `#n` or `L`)."""
    if len(expr.split()) != 5:
        return None
    try:
        (minutes, hours, doms, months, dows), nth = croniter.expand(expr)
    except (CroniterError, ValueError):
        return None
    if nth or len(minutes) != 1 or len(hours) != 1 or "*" in minutes + hours \
            or doms != ["*"] or months != ["*"]:
        return None
    days = range(7) if dows == ["*"] else dows
    if not all(isinstance(d, int) for d in days):
        return None
    # cron: 0 = Sunday … 6 = Saturday (croniter turns 7 into 0); Python: 0 = Monday
    return int(minutes[0]), int(hours[0]), sorted({(d - 1) % 7 for d in days})


def _add_standup(cal: _Calendar, weeks: int) -> None:
    ws = cal.ws
    schedule = get_schedule(ws, "weekly_standup")
    minutes = int(schedule.get("timebox_minutes") or 15)
    summary = tr("Weekly standup")
    description = trn("Timebox {n} minute: progress, risks, measures.",
                      "Timebox {n} minutes: progress, risks, measures.", minutes, n=minutes)
    calendar = WorkCalendar.of(ws) if schedule.get("working_days") else None
    rule = weekly_rule(schedule["cron"])
    if rule is not None and calendar is not None:  # weekends are not working days
        rule = rule[0], rule[1], [d for d in rule[2] if d < 5]
    if rule is None or not rule[2]:
        now = ws.now()
        for moment in cron_times(schedule["cron"], cal.tz, now, now + timedelta(weeks=weeks),
                                 calendar):
            stamp = moment.astimezone(cal.tz).strftime("%Y%m%dT%H%M")
            event = cal.component(Event, cal.uid("standup", stamp), summary, description,
                                  ["Huddle", summary])
            event.add("dtstart", cal.local(moment))
            event.add("duration", timedelta(minutes=minutes))
        return
    minute, hour, days = rule
    anchor = _anchor_day(ws, schedule)
    first = next(anchor + timedelta(days=n) for n in range(7)
                 if (anchor + timedelta(days=n)).weekday() in days)
    event = cal.component(Event, cal.uid("standup", "weekly"), summary, description,
                          ["Huddle", summary])
    event.add("dtstart", cal.local(_at(first, hour, minute, cal.tz)))
    event.add("duration", timedelta(minutes=minutes))
    event.add("rrule", vRecur(freq="WEEKLY", byday=[_WEEKDAYS[d] for d in days]))
    if calendar is None:
        return
    skipped = [_at(day, hour, minute, cal.tz) for day in _days(calendar.holidays, first)
               if day.weekday() in days and day.isoformat() not in calendar.workdays]
    extra = [_at(day, hour, minute, cal.tz) for day in _days(calendar.workdays, first)
             if day.weekday() not in days]
    if skipped:
        event.add("exdate", [cal.local(m) for m in skipped])
    if extra:
        event.add("rdate", [cal.local(m) for m in extra])


def _days(isos, first: date) -> list[date]:
    return [day for day in sorted(map(date.fromisoformat, isos)) if day >= first]


def _at(day: date, hour: int, minute: int, tz) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=tz)


def _anchor_day(ws: Workspace, schedule: dict) -> date:
    for value in (schedule.get("updated_at"), get_settings(ws).get("created_at")):
        if value:
            try:
                return parse_instant(value).astimezone(ws.tz).date()
            except ValueError:
                continue
    return ws.today()
