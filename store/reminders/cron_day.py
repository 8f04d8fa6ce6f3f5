"""The first instant of a plain cron expression on one day, without croniter.

`huddle task update` stamps each update late or on time against that day's `daily_update`
deadline; importing croniter (and dateutil through it) costs a command-line process ~25 ms
to answer "17:00 today?". Most expressions are plain — numbers, `*`, ranges, lists and steps
— and a day whose UTC offset does not change has nothing croniter could disagree on, so
`first_on` answers those and says UNSURE for everything else (month or weekday names, `L`,
`W`, `#`, `?`, both day fields restricted, a daylight-saving change that day), which the
caller then asks croniter. tests/store/test_cron_day.py checks it against croniter.
"""

from __future__ import annotations

from datetime import date, datetime, time

UNSURE = object()  # the caller asks croniter

# (low, high) of minute, hour, day of month, month, day of week (7 is Sunday too)
_BOUNDS = ((0, 59), (0, 23), (1, 31), (1, 12), (0, 7))


def _values(part: str, low: int, high: int) -> frozenset[int] | None:
    """The values a field names; None where it is not plain numbers, `*`, ranges, steps."""
    found: set[int] = set()
    for item in part.split(","):
        span, _, step_text = item.partition("/")
        if step_text and not step_text.isdigit():
            return None
        step = int(step_text) if step_text else 1
        if span == "*":
            first, last, dash = low, high, ""
        else:
            first_text, dash, last_text = span.partition("-")
            if not first_text.isdigit() or (dash and not last_text.isdigit()):
                return None
            if step_text and not dash:  # `5/15` (croniter: from 5 to the top): rare, ask it
                return None
            first = int(first_text)
            last = int(last_text) if dash else first
        if step < 1 or not low <= first <= last <= high or (dash and first == last):
            return None  # croniter reads `0-0` as `*`: leave such quirks to it
        found.update(range(first, last + 1, step))
    return frozenset(found)


def first_on(expr: str, tz, day: date, calendar=None):
    """The first instant of `expr` on `day` (wall clock in `tz`), None when it does not fire
    that day, or UNSURE. With a calendar (`WorkCalendar`), as `schedules.cron_times`: a day
    that is not a working day is skipped and a make-up workday fires at the expression's
    times whatever its weekday."""
    parts = expr.split(" ")
    if len(parts) != 5 or (parts[2] != "*" and parts[4] != "*"):
        return UNSURE  # both day fields restricted: cron's "either" rule, croniter's to apply
    fields = [_values(part, *bounds) for part, bounds in zip(parts, _BOUNDS)]
    if any(values is None for values in fields):
        return UNSURE
    minutes, hours, days, months, weekdays = fields
    weekdays = frozenset(d % 7 for d in weekdays)  # type: ignore[union-attr]
    start = datetime.combine(day, time.min, tzinfo=tz)
    if start.utcoffset() != datetime.combine(day, time.max, tzinfo=tz).utcoffset():
        return UNSURE  # a daylight-saving change that day
    if day.month not in months or day.day not in days:  # type: ignore[operator]
        return None
    fires = day.isoweekday() % 7 in weekdays and (calendar is None
                                                 or calendar.is_working_day(day))
    if not fires and calendar is not None and day.isoformat() in calendar.workdays:
        fires = True  # a make-up workday: the expression's times, any weekday
    if not fires:
        return None
    at = datetime.combine(day, time(min(hours), min(minutes)), tzinfo=tz)  # type: ignore[type-var]
    return at if at.utcoffset() == start.utcoffset() else UNSURE
