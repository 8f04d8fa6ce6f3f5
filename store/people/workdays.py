"""Working days: Monday to Friday, minus the workspace's holidays, plus its make-up workdays."""

from __future__ import annotations

from datetime import date, timedelta

from .settings import calendar_days
from ..core.workspace import Workspace


class WorkCalendar:
    def __init__(self, holidays: frozenset[str] = frozenset(),
                 workdays: frozenset[str] = frozenset()):
        self.holidays = holidays
        self.workdays = workdays

    @classmethod
    def of(cls, ws: Workspace) -> "WorkCalendar":
        return cls(*calendar_days(ws))

    def is_working_day(self, day: date) -> bool:
        iso = day.isoformat()
        if iso in self.workdays:
            return True
        return day.weekday() < 5 and iso not in self.holidays

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after `start` (before it when n < 0); n == 0 gives `start`."""
        step = 1 if n >= 0 else -1
        day, left = start, abs(n)
        while left:
            day += timedelta(days=step)
            if self.is_working_day(day):
                left -= 1
        return day

    def previous_working_day(self, day: date) -> date:
        return self.add_working_days(day, -1)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]."""
        if end <= start:
            return 0
        # Monday–Friday counted by arithmetic (a plan asks this thousands of times), then the
        # listed holidays and make-up workdays in the span corrected one by one.
        span = (end - start).days
        weeks, rest = divmod(span, 7)
        count = weeks * 5
        weekday = start.weekday()
        for offset in range(1, rest + 1):
            count += (weekday + offset) % 7 < 5
        first, last = (start + timedelta(days=1)).isoformat(), end.isoformat()
        for iso in self.holidays:
            if first <= iso <= last and iso not in self.workdays \
                    and date.fromisoformat(iso).weekday() < 5:
                count -= 1
        for iso in self.workdays:
            if first <= iso <= last and date.fromisoformat(iso).weekday() >= 5:
                count += 1
        return count
