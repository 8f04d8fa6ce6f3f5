"""Schedules (SPEC §6): croniter expressions kept in the `schedules` shard, edited by admins.

- `daily_update`: the daily progress deadline (§1.7), default `0 17 * * 1-5`,
  with a warning `warn_minutes` (30) before it.
- `weekly_standup`: the weekly standup (§1.8, §3), default `0 10 * * 3`, with a
  15-minute timebox.
- `weekly_minutes`: not a cron of its own; the minutes of a weekly standup are
  due at the end of the `days`-th (1) working day after it, so moving the
  standup moves the minutes with it.

Every time is wall-clock time in the workspace's timezone: croniter starts from
an aware datetime in `ws.tz` and returns datetimes. A schedule marked
`working_days` skips the workspace's holidays and also fires on its make-up
workdays (调休) at the expression's time of day.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache


from ..core.clock import to_iso
from ..core.errors import InvalidValue, NotFound
from ..core.i18n import get_language, tr, trn
from ..people.workdays import WorkCalendar
from ..core.workspace import Workspace
from . import cron_day


@lru_cache(maxsize=1)
def _cron():
    """croniter and its error (lazy: start-up time; 40 ms that a command without a schedule
    to compute, such as `huddle task update`, never needs)."""
    from croniter import CroniterError, croniter
    return croniter, CroniterError

SCHEDULES = "schedules"
TABLE = "schedules"

DEFAULTS: dict[str, dict] = {
    "daily_update": {"cron": "0 17 * * 1-5", "warn_minutes": 30, "working_days": True,
                     "label": "Daily progress update deadline"},
    "weekly_standup": {"cron": "0 10 * * 3", "warn_minutes": 10, "working_days": True,
                       "timebox_minutes": 15, "label": "Weekly standup"},
    "weekly_minutes": {"after": "weekly_standup", "days": 1,
                       "label": "Weekly standup minutes due"},
}
EDITABLE = {"cron", "warn_minutes", "timebox_minutes", "days"}
_SPACES = re.compile(r"\s+")
_FIELD_NAMES = ("minute", "hour", "day of month", "month", "day of week")


# -- expressions --------------------------------------------------------------
def normalise_cron(value: object) -> str:
    """NFKC (full-width digits, ideographic space and ＊ from an input method), one space apart."""
    if not isinstance(value, str):
        raise InvalidValue("cron", tr("cron: expected text"))
    text = unicodedata.normalize("NFKC", value).replace("\u3000", " ")
    return _SPACES.sub(" ", text).strip()


def validate_cron(value: object, field: str = "cron") -> str:
    """A five-field cron expression, normalised; anything else is refused with the reason."""
    expr = normalise_cron(value)
    example = "0 17 * * 1-5"
    if not expr:
        raise InvalidValue(field, tr("{field}: required; give five fields (minute hour "
                                     "day-of-month month day-of-week), e.g. {example}",
                                     field=field, example=example))
    fields = expr.split(" ")
    if len(fields) != 5:
        raise InvalidValue(field, trn("{field}: {value!r} has {n} field; give exactly five "
                                      "(minute hour day-of-month month day-of-week), e.g. {example}",
                                      "{field}: {value!r} has {n} fields; give exactly five "
                                      "(minute hour day-of-month month day-of-week), e.g. {example}",
                                      len(fields), field=field, value=expr, example=example))
    for index, part in enumerate(fields):
        probe = ["*"] * 5
        probe[index] = part
        if not _cron()[0].is_valid(" ".join(probe)):
            raise InvalidValue(field, tr("{field}: {value!r} is not a valid cron expression: "
                                         "the {which} field {part!r} is not acceptable",
                                         field=field, value=expr, which=tr(_FIELD_NAMES[index]),
                                         part=part))
    croniter, cron_error = _cron()
    try:
        croniter(expr, datetime(2000, 1, 1, tzinfo=timezone.utc), ret_type=datetime).get_next()
    except (cron_error, ValueError) as exc:
        raise InvalidValue(field, tr("{field}: {value!r} is not a valid cron expression ({reason})",
                                     field=field, value=expr, reason=str(exc))) from None
    return expr


# -- reading ------------------------------------------------------------------
def get_schedule(ws: Workspace, name: str) -> dict:
    if name not in DEFAULTS:
        raise NotFound(tr("No schedule named {name!r}; the schedules are {names}",
                          name=name, names=", ".join(DEFAULTS)))
    stored = {}
    for row in ws.rows(SCHEDULES, TABLE):
        if row.get("name") == name:
            stored = {k: v for k, v in row.items() if k != "doc_id"}
    merged = {**DEFAULTS[name], **stored, "name": name}
    merged["custom"] = any(merged.get(k) != DEFAULTS[name].get(k)
                           for k in EDITABLE if k in DEFAULTS[name])
    return merged


def list_schedules(ws: Workspace) -> list[dict]:
    return [get_schedule(ws, name) for name in DEFAULTS]


def label(name: str) -> str:
    """What a schedule is, for people ("daily_update" → "Daily progress update deadline")."""
    return tr(DEFAULTS[name]["label"]) if name in DEFAULTS else name


def describe(schedule: dict) -> str:
    """The rule as a line of text, for lists."""
    if "after" in schedule:
        after = label(schedule["after"])
        if schedule["days"] == 1:
            return tr("end of the next working day after {after}", after=after)
        return trn("end of the day {n} working day after {after}",
                   "end of the day {n} working days after {after}", schedule["days"],
                   after=after)
    return schedule["cron"]


def options_text(schedule: dict) -> str:
    """Warning, timebox, working days: one line ("；"-separated in Chinese)."""
    options = []
    if schedule.get("warn_minutes"):
        options.append(tr("warn {n} min before", n=schedule["warn_minutes"]))
    if schedule.get("timebox_minutes"):
        options.append(tr("timebox {n} min", n=schedule["timebox_minutes"]))
    if schedule.get("working_days"):
        options.append(tr("working days"))
    return ("；" if get_language() == "zh" else "; ").join(options)


# -- writing ------------------------------------------------------------------
def set_schedule(ws: Workspace, name: str, cron: object = None, *,
                 warn_minutes: object = None, timebox_minutes: object = None,
                 days: object = None) -> dict:
    """Admins only. Change a schedule's expression, its warning lead or its timebox."""
    ws.require_admin()
    current = get_schedule(ws, name)
    clean: dict[str, object] = {}
    if cron is not None:
        if "after" in current:
            raise InvalidValue("cron", tr("{name} follows {after} and has no cron expression of "
                                          "its own; change {after}, or set --days",
                                          name=name, after=current["after"]))
        clean["cron"] = validate_cron(cron)
    if warn_minutes is not None:
        if "after" in current:
            raise InvalidValue("warn_minutes", tr("{name} has no warning", name=name))
        clean["warn_minutes"] = _minutes("warn_minutes", warn_minutes, 0, 24 * 60)
    if timebox_minutes is not None:
        if "timebox_minutes" not in current:
            raise InvalidValue("timebox_minutes", tr("{name} has no timebox", name=name))
        clean["timebox_minutes"] = _minutes("timebox_minutes", timebox_minutes, 1, 8 * 60)
    if days is not None:
        if "after" not in current:
            raise InvalidValue("days", tr("{name} is a cron schedule; give a cron expression",
                                          name=name))
        clean["days"] = _minutes("days", days, 0, 30)
    if not clean:
        raise InvalidValue("cron", tr("Nothing to change"))
    _write(ws, name, clean, "schedule.set")
    return get_schedule(ws, name)


def reset_schedule(ws: Workspace, name: str) -> dict:
    """Admins only. Back to the default."""
    ws.require_admin()
    get_schedule(ws, name)
    clean = {k: v for k, v in DEFAULTS[name].items() if k in EDITABLE}
    _write(ws, name, clean, "schedule.reset")
    return get_schedule(ws, name)


def _write(ws: Workspace, name: str, clean: dict, action: str) -> None:
    stamp = {"updated_at": to_iso(ws.now()), "updated_by": ws.actor.real}
    with ws.transaction(SCHEDULES) as tx:
        table = tx.table(TABLE)
        ids = [doc.doc_id for doc in table.all() if doc.get("name") == name]
        if ids:
            table.update({**clean, **stamp}, doc_ids=ids)
        else:
            table.insert({"name": name, **clean, **stamp})
        tx.audit(action, name, **clean)


def _minutes(field: str, value: object, low: int, high: int) -> int:
    raw = unicodedata.normalize("NFKC", str(value)).strip()
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise InvalidValue(field, tr("{field}: {value!r} is not a whole number from {low} to "
                                     "{high}", field=field, value=str(value), low=low, high=high))
    return int(raw)


# -- occurrences --------------------------------------------------------------
def occurrences(ws: Workspace, name: str, after: datetime, until: datetime,
                calendar: WorkCalendar | None = None) -> list[datetime]:
    """The schedule's instants t with after < t <= until, aware in the workspace's timezone."""
    schedule = get_schedule(ws, name)
    if "after" in schedule:
        raise InvalidValue("name", tr("{name} follows {after}; ask for {after}",
                                      name=name, after=schedule["after"]))
    return cron_times(schedule["cron"], ws.tz, after, until,
                      calendar or WorkCalendar.of(ws) if schedule.get("working_days") else None)


def next_occurrence(ws: Workspace, name: str, after: datetime) -> datetime | None:
    """The first instant strictly after `after` (None if there is none within two years)."""
    span = timedelta(days=8)
    while span < timedelta(days=800):
        found = occurrences(ws, name, after, after + span)
        if found:
            return found[0]
        span *= 4
    return None


def last_occurrence(ws: Workspace, name: str, at: datetime) -> datetime | None:
    """The latest instant at or before `at` (None if there is none within two years)."""
    span = timedelta(days=8)
    while span < timedelta(days=800):
        found = occurrences(ws, name, at - span, at)
        if found:
            return found[-1]
        span *= 4
    return None


def occurrence_on(ws: Workspace, name: str, day: date) -> datetime | None:
    """The first instant on a calendar day of the workspace (None: not on that day)."""
    tz = ws.tz
    schedule = get_schedule(ws, name)
    if "after" not in schedule:  # a plain expression needs no croniter (cron_day.py)
        quick = cron_day.first_on(schedule["cron"], tz, day, WorkCalendar.of(ws)
                                  if schedule.get("working_days") else None)
        if quick is not cron_day.UNSURE:
            return quick
    start = datetime.combine(day, time.min, tzinfo=tz)
    found = occurrences(ws, name, start - timedelta(seconds=1),
                        datetime.combine(day + timedelta(days=1), time.min, tzinfo=tz)
                        - timedelta(seconds=1))
    found = [t for t in found if t.date() == day]
    return found[0] if found else None


def minutes_due(ws: Workspace, standup_at: datetime,
                calendar: WorkCalendar | None = None) -> datetime:
    """When the minutes of the weekly standup held at `standup_at` are due."""
    rule = get_schedule(ws, "weekly_minutes")
    calendar = calendar or WorkCalendar.of(ws)
    tz = ws.tz
    day = calendar.add_working_days(standup_at.astimezone(tz).date(), int(rule["days"]))
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=tz)


def cron_times(expr: str, tz, after: datetime, until: datetime,
               calendar: WorkCalendar | None) -> list[datetime]:
    """Instants of `expr` in (after, until], wall-clock in `tz`. With a calendar, holidays
    are skipped and make-up workdays fire at the times the expression has on a weekday.

    Remembered for the same arguments (croniter takes a millisecond or so per call, and
    every active project asks for the same weeks when the reminders are checked)."""
    return list(_cron_times(expr, tz, after, until,
                            calendar.holidays if calendar is not None else None,
                            calendar.workdays if calendar is not None else None))


@lru_cache(maxsize=1024)
def _cron_times(expr: str, tz, after: datetime, until: datetime,
                holidays: frozenset | None, workdays: frozenset | None) -> tuple[datetime, ...]:
    calendar = WorkCalendar(holidays, workdays) if holidays is not None else None
    return tuple(_compute_cron_times(expr, tz, after, until, calendar))


def _compute_cron_times(expr: str, tz, after: datetime, until: datetime,
                        calendar: WorkCalendar | None) -> list[datetime]:
    start = after.astimezone(tz)
    end = until.astimezone(tz)
    found: list[datetime] = []
    croniter = _cron()[0]
    it = croniter(expr, start, ret_type=datetime)
    while True:
        t = it.get_next()
        if t > end:
            break
        if calendar is None or calendar.is_working_day(t.date()):
            found.append(t)
    if calendar is not None and calendar.workdays:
        minute, hour, dom, month, _ = expr.split(" ")
        any_weekday = f"{minute} {hour} {dom} {month} *"
        for iso in sorted(calendar.workdays):
            day = date.fromisoformat(iso)
            if not start.date() <= day <= end.date():
                continue
            day_start = datetime.combine(day, time.min, tzinfo=tz) - timedelta(seconds=1)
            day_it = croniter(any_weekday, max(day_start, start), ret_type=datetime)
            while True:
                t = day_it.get_next()
                if t > end or t.date() != day:
                    break
                if t not in found:
                    found.append(t)
        found.sort()
    return found
