"""iCalendar export (RFC 5545): task deadlines, milestones, the weekly standup and
onboarding steps, for any calendar program (`huddle export ics [--me]`).

    export_calendar(ws, *, me=False, todo=False, weeks=12) -> str   # CRLF lines

What goes in
- Task deadlines: every open task of a project that is not closed, as an
  all-day VEVENT on its due day (`todo=True`: a VTODO with DUE, PRIORITY,
  PERCENT-COMPLETE instead, for task-aware clients; most calendars ignore VTODO).
- Milestones: every milestone task that is not cancelled (done ones too), as an
  all-day VEVENT.
- The weekly standup (`store.schedules`, "weekly_standup"): one recurring VEVENT
  when its cron expression is a weekly rule — single minute and hour, any day of
  the month, any month, days of the week as numbers, names, ranges, lists or
  steps (`0 10 * * 3`, `30 9 * * mon,thu`, `0 10 * * 1-5`) — with
  RRULE:FREQ=WEEKLY;BYDAY=…, DURATION from the timebox, EXDATE for the
  workspace's holidays and RDATE for its make-up workdays (调休) when the
  schedule keeps to working days, exactly as `schedules.occurrences` does. Any
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

Format: CRLF line ends, lines folded at 75 octets (never inside a UTF-8
character), TEXT escaped (\\ ; , and newlines), control characters dropped,
DTSTAMP in UTC, timed values with TZID and a VTIMEZONE built from the zone's
rules (a yearly RRULE per transition when the rule holds for the following
years, else the explicit transitions of 20 years), or in UTC for a UTC
workspace. UIDs are `<kind>-<id>@<workspace uuid>` (store.preferences), stable
across exports.
"""

from __future__ import annotations

import calendar as _calendar
import re
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from ..clock import parse_instant
from ..i18n import tr
from ..onboarding import list_hires
from ..people import display_name
from ..preferences import workspace_uuid
from ..projects import CLOSED_STATES, list_projects, shard_name
from ..schedules import cron_times, get_schedule
from ..settings import get_settings
from ..tasks import project_tasks
from ..workdays import WorkCalendar
from ..workspace import Workspace

PRODID = "-//Huddle//Huddle calendar export//EN"
CRLF = "\r\n"
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")  # newline is escaped before this runs
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_CRON_DAYS = {"sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6}
_UTC_NAMES = {"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Universal", "Etc/Universal", "Zulu",
              "Etc/Zulu", "GMT", "Etc/GMT", "Etc/GMT0", "Etc/GMT+0", "Etc/GMT-0", "Etc/Greenwich"}
_PRIORITY = {"high": 1, "medium": 5, "low": 9}


# -- the text format ------------------------------------------------------------
def escape_text(value: object) -> str:
    """A TEXT value: \\ ; , escaped, newlines as \\n, other control characters dropped."""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return _CONTROL.sub("", text.replace("\n", "\\n"))


def fold(line: str) -> str:
    """Fold a content line into pieces of at most 75 octets (RFC 5545 §3.1)."""
    if len(line.encode("utf-8")) <= 75:
        return line
    pieces: list[str] = []
    current, size, limit = [], 0, 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append("".join(current))
            current, size, limit = [], 0, 74  # a continuation line starts with a space
        current.append(char)
        size += width
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


def prop(name: str, value: str, **params: str) -> str:
    """One folded content line; `value` must already be escaped when it is TEXT."""
    head = name + "".join(f";{key.replace('_', '-').upper()}={val}"
                          for key, val in params.items())
    return fold(f"{head}:{value}")


def _utc(instant: datetime) -> str:
    return instant.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _day(value: str | date) -> str:
    return (date.fromisoformat(value) if isinstance(value, str) else value).strftime("%Y%m%d")


def _offset(delta: timedelta | None) -> str:
    seconds = int((delta or timedelta()).total_seconds())
    sign = "+" if seconds >= 0 else "-"
    seconds = abs(seconds)
    text = f"{sign}{seconds // 3600:02d}{seconds % 3600 // 60:02d}"
    return text + (f"{seconds % 60:02d}" if seconds % 60 else "")


# -- the calendar -----------------------------------------------------------------
class _Calendar:
    def __init__(self, ws: Workspace, todo: bool):
        self.ws = ws
        self.todo = todo
        self.key = str(workspace_uuid(ws))
        self.stamp = _utc(ws.now())
        self.tz = ws.tz
        self.utc = getattr(self.tz, "key", "UTC") in _UTC_NAMES
        self.components: list[list[str]] = []
        self.timezone_year: int | None = None

    def uid(self, kind: str, ident: object) -> str:
        return f"{kind}-{ident}@{self.key}"

    def all_day(self, uid: str, day: str, summary: str, description: str,
                categories: list[str]) -> None:
        end = date.fromisoformat(day) + timedelta(days=1)
        self.components.append([
            "BEGIN:VEVENT", prop("UID", uid), prop("DTSTAMP", self.stamp),
            prop("DTSTART", _day(day), VALUE="DATE"), prop("DTEND", _day(end), VALUE="DATE"),
            prop("SUMMARY", escape_text(summary)), prop("DESCRIPTION", escape_text(description)),
            prop("CATEGORIES", ",".join(escape_text(c) for c in categories)),
            "TRANSP:TRANSPARENT", "END:VEVENT"])

    def local(self, name: str, moments: list[datetime]) -> str:
        """DTSTART/EXDATE/RDATE with the workspace's TZID (or in UTC for a UTC workspace)."""
        if self.utc:
            return prop(name, ",".join(_utc(m) for m in moments))
        self.timezone_year = min([self.timezone_year or 9999,
                                  *(m.astimezone(self.tz).year for m in moments)])
        values = ",".join(m.astimezone(self.tz).strftime("%Y%m%dT%H%M%S") for m in moments)
        return prop(name, values, TZID=self.tz.key)

    def text(self) -> str:
        lines = ["BEGIN:VCALENDAR", "VERSION:2.0", prop("PRODID", escape_text(PRODID)),
                 "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
        if self.timezone_year is not None:
            lines += vtimezone(self.tz, self.timezone_year)
        for component in self.components:
            lines += component
        lines.append("END:VCALENDAR")
        return CRLF.join(lines) + CRLF


def export_calendar(ws: Workspace, *, me: bool = False, todo: bool = False,
                    weeks: int = 12) -> str:
    cal = _Calendar(ws, todo)
    login = ws.actor.login if me else None
    involved = _add_tasks(cal, login)
    if login is None or involved:
        _add_standup(cal, weeks)
    with ws.skip_damaged():  # a damaged onboarding file costs its own events (store/damage.py)
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
    if not cal.todo:
        cal.all_day(cal.uid("task", task["id"]), task["due"], summary, description,
                    ["Huddle", tr("Task")])
        return
    progress = int(task.get("progress", 0))
    lines = ["BEGIN:VTODO", prop("UID", cal.uid("task", task["id"])),
             prop("DTSTAMP", cal.stamp)]
    if task.get("start") and task["start"] <= task["due"]:
        lines.append(prop("DTSTART", _day(task["start"]), VALUE="DATE"))
    lines += [prop("DUE", _day(task["due"]), VALUE="DATE"),
              prop("SUMMARY", escape_text(summary)),
              prop("DESCRIPTION", escape_text(description)),
              prop("PRIORITY", str(_PRIORITY.get(task.get("priority", "medium"), 5))),
              prop("STATUS", "IN-PROCESS" if progress else "NEEDS-ACTION"),
              prop("PERCENT-COMPLETE", str(max(0, min(progress, 100)))),
              prop("CATEGORIES", ",".join(escape_text(c) for c in ["Huddle", tr("Task")])),
              "END:VTODO"]
    cal.components.append(lines)


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
    """(minute, hour, Python weekdays) when the cron expression is a weekly rule, else None."""
    fields = expr.split()
    if len(fields) != 5:
        return None
    minute, hour, dom, month, dow = fields
    if not (minute.isdigit() and hour.isdigit()) or dom not in ("*", "?") or month != "*":
        return None
    days: set[int] = set()
    for item in dow.lower().split(","):
        base, _, step_text = item.partition("/")
        if step_text and not step_text.isdigit():
            return None
        step = int(step_text or 1)
        if base in ("*", "?"):
            low, high = 0, 6
        else:
            low_text, _, high_text = base.partition("-")
            low, high = _cron_day(low_text), _cron_day(high_text or low_text)
            if low is None or high is None or low > high:
                return None
            if step_text and not high_text:
                high = 6  # "3/2": from Wednesday on, every second day
        if step < 1:
            return None
        days.update(d % 7 for d in range(low, high + 1, step))
    # cron: 0 = Sunday … 6 = Saturday; Python: 0 = Monday … 6 = Sunday
    return int(minute), int(hour), sorted((d - 1) % 7 for d in days)


def _cron_day(text: str) -> int | None:
    if text.isdigit() and 0 <= int(text) <= 7:
        return int(text)
    return _CRON_DAYS.get(text)


def _add_standup(cal: _Calendar, weeks: int) -> None:
    ws = cal.ws
    schedule = get_schedule(ws, "weekly_standup")
    minutes = int(schedule.get("timebox_minutes") or 15)
    summary = tr("Weekly standup")
    description = tr("Timebox {n} minutes: progress, risks, measures.", n=minutes)
    head = [prop("SUMMARY", escape_text(summary)),
            prop("DESCRIPTION", escape_text(description)),
            prop("DURATION", f"PT{minutes}M"),
            prop("CATEGORIES", ",".join(escape_text(c) for c in ["Huddle", summary]))]
    rule = weekly_rule(schedule["cron"])
    calendar = WorkCalendar.of(ws) if schedule.get("working_days") else None
    if rule is None:
        now = ws.now()
        for moment in cron_times(schedule["cron"], cal.tz, now, now + timedelta(weeks=weeks),
                                 calendar):
            stamp = moment.astimezone(cal.tz).strftime("%Y%m%dT%H%M")
            cal.components.append(["BEGIN:VEVENT", prop("UID", cal.uid("standup", stamp)),
                                   prop("DTSTAMP", cal.stamp), cal.local("DTSTART", [moment]),
                                   *head, "END:VEVENT"])
        return
    minute, hour, days = rule
    anchor = _anchor_day(ws, schedule)
    first = next(anchor + timedelta(days=n) for n in range(7)
                 if (anchor + timedelta(days=n)).weekday() in days)
    at = datetime.combine(first, time(hour, minute), tzinfo=cal.tz)
    lines = ["BEGIN:VEVENT", prop("UID", cal.uid("standup", "weekly")), prop("DTSTAMP", cal.stamp),
             cal.local("DTSTART", [at]),
             prop("RRULE", "FREQ=WEEKLY;BYDAY=" + ",".join(_WEEKDAYS[d] for d in days)), *head]
    if calendar is not None:
        skipped = [_at(d, hour, minute, cal.tz) for d in sorted(calendar.holidays)
                   if date.fromisoformat(d) >= first and date.fromisoformat(d).weekday() in days
                   and d not in calendar.workdays]
        extra = [_at(d, hour, minute, cal.tz) for d in sorted(calendar.workdays)
                 if date.fromisoformat(d) >= first
                 and date.fromisoformat(d).weekday() not in days]
        if skipped:
            lines.append(cal.local("EXDATE", skipped))
        if extra:
            lines.append(cal.local("RDATE", extra))
    lines.append("END:VEVENT")
    cal.components.append(lines)


def _at(day: str, hour: int, minute: int, tz) -> datetime:
    return datetime.combine(date.fromisoformat(day), time(hour, minute), tzinfo=tz)


def _anchor_day(ws: Workspace, schedule: dict) -> date:
    for value in (schedule.get("updated_at"), get_settings(ws).get("created_at")):
        if value:
            try:
                return parse_instant(value).astimezone(ws.tz).date()
            except ValueError:
                continue
    return ws.today()


# -- VTIMEZONE -------------------------------------------------------------------
def vtimezone(tz: ZoneInfo, year: int) -> list[str]:
    """A VTIMEZONE for `tz`, valid from `year` on."""
    lines = ["BEGIN:VTIMEZONE", prop("TZID", tz.key)]
    changes = _transitions(tz, year)
    if not changes:
        probe = datetime(year, 1, 1, tzinfo=timezone.utc).astimezone(tz)
        offset = _offset(probe.utcoffset())
        lines += ["BEGIN:STANDARD", "DTSTART:19700101T000000", f"TZOFFSETFROM:{offset}",
                  f"TZOFFSETTO:{offset}", prop("TZNAME", escape_text(probe.tzname() or tz.key)),
                  "END:STANDARD"]
    else:
        later = [_transitions(tz, year + n) for n in (1, 2, 3)]
        ruled = all(len(changes) == len(other) and
                    all(_yearly_rule(a[0]) == _yearly_rule(b[0]) and a[1:] == b[1:]
                        for a, b in zip(changes, other)) for other in later)
        if ruled:
            for change in changes:
                lines += _observance(*change, rule=_yearly_rule(change[0]))
        else:
            for n in range(20):
                for change in _transitions(tz, year + n):
                    lines += _observance(*change, rule=None)
    lines.append("END:VTIMEZONE")
    return lines


def _observance(local_before: datetime, before: timedelta, after: timedelta, dst: bool,
                name: str, rule: str | None) -> list[str]:
    kind = "DAYLIGHT" if dst else "STANDARD"
    lines = [f"BEGIN:{kind}", f"DTSTART:{local_before:%Y%m%dT%H%M%S}",
             f"TZOFFSETFROM:{_offset(before)}", f"TZOFFSETTO:{_offset(after)}",
             prop("TZNAME", escape_text(name))]
    if rule:
        lines.append(f"RRULE:{rule}")
    return lines + [f"END:{kind}"]


def _yearly_rule(local: datetime) -> str:
    """e.g. FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU for the last Sunday of March."""
    days_in_month = _calendar.monthrange(local.year, local.month)[1]
    nth = (local.day - 1) // 7 + 1
    if local.day + 7 > days_in_month and nth >= 4:
        nth = -1
    return f"FREQ=YEARLY;BYMONTH={local.month};BYDAY={nth}{_WEEKDAYS[local.weekday()]}"


def _transitions(tz: ZoneInfo, year: int) -> list[tuple[datetime, timedelta, timedelta, bool, str]]:
    """(wall clock just before, offset before, offset after, DST after, name after) per change."""
    def state(ts: int) -> tuple:
        moment = datetime.fromtimestamp(ts, tz)
        return moment.utcoffset(), bool(moment.dst()), moment.tzname()

    start = int(datetime(year, 1, 1, tzinfo=timezone.utc).timestamp())
    end = int(datetime(year + 1, 1, 1, tzinfo=timezone.utc).timestamp())
    found = []
    ts, current = start, state(start)
    while ts < end:
        nxt = min(ts + 86400, end)
        if state(nxt) != current:
            low, high = ts, nxt  # state(low) == current != state(high)
            while high - low > 1:
                mid = (low + high) // 2
                if state(mid) == current:
                    low = mid
                else:
                    high = mid
            after = state(high)
            if after[0] != current[0]:  # a name-only change is not a transition
                wall = datetime.fromtimestamp(high, timezone.utc).replace(tzinfo=None) + current[0]
                found.append((wall, current[0], after[0], after[1], after[2] or tz.key))
            current = after
        ts = nxt
    return found
