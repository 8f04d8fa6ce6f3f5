"""The one source of time. Tests inject a FixedClock to check rules at exact instants."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(timezone.utc)


class FixedClock:
    """A clock that only moves when told to."""

    def __init__(self, at: datetime | str):
        self._now = parse_instant(at) if isinstance(at, str) else at.astimezone(timezone.utc)

    def now(self) -> datetime:
        return self._now

    def set(self, at: datetime | str) -> None:
        self._now = parse_instant(at) if isinstance(at, str) else at.astimezone(timezone.utc)

    def advance(self, **delta: float) -> None:
        self._now = self._now + timedelta(**delta)


def parse_instant(text: str) -> datetime:
    """ISO-8601 to an aware UTC datetime; naive input is taken as UTC."""
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def to_iso(instant: datetime) -> str:
    """Aware datetime to the UTC ISO-8601 string the store keeps."""
    return instant.astimezone(timezone.utc).isoformat(timespec="seconds")


def local_text(instant: datetime | str, tz, with_date: bool = True) -> str:
    """An instant as the workspace's wall-clock time, e.g. 2026-11-20 09:00."""
    value = parse_instant(instant) if isinstance(instant, str) else instant
    return value.astimezone(tz).strftime("%Y-%m-%d %H:%M" if with_date else "%H:%M")


def end_of_day(day: date, tz) -> datetime:
    """The instant a calendar day ends in the workspace's timezone."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=tz).astimezone(timezone.utc)
