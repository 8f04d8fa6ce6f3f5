"""store/reminders/cron_day.py answers what croniter answers, or says UNSURE.

The reference is schedules._compute_cron_times (croniter) over the same day, as
schedules.occurrence_on asked it before the shortcut."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings, strategies as st

from store.people.workdays import WorkCalendar
from store.reminders import cron_day
from store.reminders.schedules import _compute_cron_times

ZONES = [ZoneInfo(name) for name in ("UTC", "Asia/Shanghai", "Europe/Berlin",
                                     "America/New_York", "Australia/Lord_Howe")]


def by_croniter(expr: str, tz, day: date, calendar) -> datetime | None:
    start = datetime.combine(day, time.min, tzinfo=tz)
    found = _compute_cron_times(expr, tz, start - timedelta(seconds=1),
                                datetime.combine(day + timedelta(days=1), time.min, tzinfo=tz)
                                - timedelta(seconds=1), calendar)
    found = [t for t in found if t.date() == day]
    return found[0] if found else None


def agrees(expr: str, tz, day: date, calendar) -> bool:
    quick = cron_day.first_on(expr, tz, day, calendar)
    if quick is cron_day.UNSURE:
        return True
    expected = by_croniter(expr, tz, day, calendar)
    return quick == expected and (quick is None or (quick.tzinfo is expected.tzinfo
                                                    and quick.isoformat() == expected.isoformat()))


def field(low: int, high: int):
    number = st.integers(low, high)
    ranged = st.tuples(number, number).map(lambda ab: f"{min(ab)}-{max(ab)}")
    stepped = st.tuples(st.sampled_from(["*"]) | ranged, st.integers(1, 9)).map(
        lambda sn: f"{sn[0]}/{sn[1]}")
    item = st.just("*") | number.map(str) | ranged | stepped
    return st.lists(item, min_size=1, max_size=3).map(",".join)


EXPRESSIONS = st.tuples(field(0, 59), field(0, 23), st.just("*") | field(1, 31),
                        st.just("*") | field(1, 12), st.just("*") | field(0, 7)).map(" ".join)
DAYS = st.dates(date(2024, 1, 1), date(2027, 12, 31))


@settings(max_examples=300, deadline=None)
@given(EXPRESSIONS, st.sampled_from(ZONES), DAYS, st.booleans(),
       st.sets(DAYS, max_size=4), st.sets(DAYS, max_size=4))
def test_first_on_agrees_with_croniter(expr, tz, day, with_calendar, holidays, workdays):
    calendar = WorkCalendar(frozenset(d.isoformat() for d in holidays | {day} if d.day % 2),
                            frozenset(d.isoformat() for d in workdays)) if with_calendar else None
    assert agrees(expr, tz, day, calendar)


def test_the_default_deadline_needs_no_croniter():
    shanghai = ZoneInfo("Asia/Shanghai")
    wednesday, saturday = date(2026, 12, 2), date(2026, 12, 5)
    assert cron_day.first_on("0 17 * * 1-5", shanghai, wednesday) == datetime(
        2026, 12, 2, 17, tzinfo=shanghai)
    assert cron_day.first_on("0 17 * * 1-5", shanghai, saturday) is None
    holiday = WorkCalendar(frozenset({"2026-12-02"}), frozenset({"2026-12-05"}))
    assert cron_day.first_on("0 17 * * 1-5", shanghai, wednesday, holiday) is None
    assert cron_day.first_on("0 17 * * 1-5", shanghai, saturday, holiday) == datetime(
        2026, 12, 5, 17, tzinfo=shanghai)  # a make-up workday
    for day in (wednesday, saturday):
        for calendar in (None, holiday):
            assert agrees("0 17 * * 1-5", shanghai, day, calendar)


def test_unsure_where_croniter_decides():
    berlin = ZoneInfo("Europe/Berlin")
    spring_forward = date(2026, 3, 29)
    assert cron_day.first_on("30 2 * * *", berlin, spring_forward) is cron_day.UNSURE
    for expr in ("0 17 * * MON-FRI", "0 17 1 * 1", "0 17 L * *", "0 17 * * 5#2", "5/15 * * * *",
                 "0 17 * *", "0 24 * * *", "0 17 5-1 * *", "@daily"):
        assert cron_day.first_on(expr, berlin, date(2026, 12, 2)) is cron_day.UNSURE, expr
