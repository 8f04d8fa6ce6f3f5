"""Working days: Mon–Fri, minus the workspace's holidays, plus its make-up workdays (调休).

The 2024 National Day holiday: 10-01..10-07 off, Sunday 09-29 and Saturday
10-12 worked instead.
"""

from __future__ import annotations

from datetime import date

import pytest

from store.people.settings import update_settings
from store.people.workdays import WorkCalendar

NATIONAL_DAY = frozenset(f"2024-10-0{d}" for d in range(1, 8))
MAKE_UP = frozenset({"2024-09-29", "2024-10-12"})
CAL = WorkCalendar(NATIONAL_DAY, MAKE_UP)
D = date.fromisoformat


def test_weekends_are_not_working_days():
    plain = WorkCalendar()
    assert [plain.is_working_day(D(f"2024-09-0{d}")) for d in range(2, 9)] == \
        [True, True, True, True, True, False, False]  # Mon 2 … Sun 8


def test_holidays_and_make_up_workdays():
    assert not CAL.is_working_day(D("2024-10-01"))       # a Tuesday, but a holiday
    assert not CAL.is_working_day(D("2024-10-07"))
    assert CAL.is_working_day(D("2024-09-29"))           # a Sunday worked (调休)
    assert CAL.is_working_day(D("2024-10-12"))           # a Saturday worked
    assert not CAL.is_working_day(D("2024-10-13"))       # an ordinary Sunday
    assert CAL.is_working_day(D("2024-10-08"))


@pytest.mark.parametrize("start, n, expected", [
    ("2024-09-27", 1, "2024-09-29"),   # Friday → the make-up Sunday
    ("2024-09-29", 1, "2024-09-30"),
    ("2024-09-30", 1, "2024-10-08"),   # across the whole holiday
    ("2024-09-30", 3, "2024-10-10"),   # a retrospective due 3 working days after launch
    ("2024-10-11", 1, "2024-10-12"),   # Friday → the make-up Saturday
    ("2024-10-12", 1, "2024-10-14"),
    ("2024-10-08", -1, "2024-09-30"),  # backwards across the holiday
    ("2024-10-03", 0, "2024-10-03"),   # n == 0 is the start itself, even on a holiday
])
def test_add_working_days(start, n, expected):
    assert CAL.add_working_days(D(start), n) == D(expected)


def test_previous_and_between():
    assert CAL.previous_working_day(D("2024-10-08")) == D("2024-09-30")
    assert CAL.working_days_between(D("2024-09-27"), D("2024-10-08")) == 3  # 29, 30, 8
    assert CAL.working_days_between(D("2024-10-08"), D("2024-10-08")) == 0


@pytest.mark.usefixtures("backend")  # on the folder and on PostgreSQL
def test_calendar_of_a_workspace(workspace):
    update_settings(workspace, holidays=["２０２４－１０－０１", *sorted(NATIONAL_DAY)],
                    workdays=sorted(MAKE_UP))
    cal = WorkCalendar.of(workspace)
    assert cal.holidays == NATIONAL_DAY and cal.workdays == MAKE_UP
    assert cal.add_working_days(D("2024-09-30"), 1) == D("2024-10-08")
