"""Schedules (SPEC §6): croniter in the workspace's timezone, holidays, admins only."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from store.reminders import schedules
from store.core.errors import InvalidValue, NotFound, PermissionDenied
from store.people.settings import update_settings

from standup_helpers import local

UTC = timezone.utc


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_defaults(workspace):
    names = [s["name"] for s in schedules.list_schedules(workspace)]
    assert names == ["daily_update", "weekly_standup", "weekly_minutes"]
    daily = schedules.get_schedule(workspace, "daily_update")
    assert (daily["cron"], daily["warn_minutes"], daily["custom"]) == ("0 17 * * 1-5", 30, False)
    weekly = schedules.get_schedule(workspace, "weekly_standup")
    assert (weekly["cron"], weekly["timebox_minutes"]) == ("0 10 * * 3", 15)
    with pytest.raises(NotFound, match="No schedule named 'nightly'"):
        schedules.get_schedule(workspace, "nightly")


def test_daily_deadline_at_exact_instants_in_shanghai(workspace):
    # Monday 2024-09-02 10:00 Shanghai: today's deadline is 17:00 Shanghai = 09:00 UTC.
    nxt = schedules.next_occurrence(workspace, "daily_update", local("2024-09-02 10:00"))
    assert nxt == local("2024-09-02 17:00") and nxt.astimezone(UTC) == utc("2024-09-02 09:00")
    assert str(nxt.tzinfo) == "Asia/Shanghai"
    # One second before, at, and after the deadline.
    assert schedules.next_occurrence(workspace, "daily_update",
                                     local("2024-09-02 16:59:59")) == local("2024-09-02 17:00")
    assert schedules.next_occurrence(workspace, "daily_update",
                                     local("2024-09-02 17:00")) == local("2024-09-03 17:00")
    assert schedules.last_occurrence(workspace, "daily_update",
                                     local("2024-09-02 17:00")) == local("2024-09-02 17:00")
    assert schedules.last_occurrence(workspace, "daily_update",
                                     local("2024-09-02 16:59")) == local("2024-08-30 17:00")
    # Friday → Monday: the weekend has no deadline.
    assert schedules.next_occurrence(workspace, "daily_update",
                                     local("2024-09-06 18:00")) == local("2024-09-09 17:00")
    assert schedules.occurrence_on(workspace, "daily_update", date(2024, 9, 7)) is None
    # The weekly standup: Wednesday 10:00 Shanghai.
    assert schedules.next_occurrence(workspace, "weekly_standup",
                                     local("2024-09-02 10:00")) == local("2024-09-04 10:00")


def test_daily_deadline_at_exact_instants_in_utc(workspace):
    update_settings(workspace, timezone="UTC")
    # 10:00 Shanghai on Monday is 02:00 UTC: the deadline is 17:00 UTC, not 17:00 Shanghai.
    nxt = schedules.next_occurrence(workspace, "daily_update", utc("2024-09-02 02:00"))
    assert nxt == utc("2024-09-02 17:00")
    assert schedules.occurrence_on(workspace, "daily_update", date(2024, 9, 2)) == \
        utc("2024-09-02 17:00")
    # Late Monday evening in Shanghai is still Monday afternoon in UTC.
    assert schedules.next_occurrence(workspace, "daily_update",
                                     local("2024-09-02 23:30")) == utc("2024-09-02 17:00")
    assert schedules.next_occurrence(workspace, "daily_update",
                                     utc("2024-09-02 17:00")) == utc("2024-09-03 17:00")


def test_holidays_skip_the_daily_deadline_and_make_up_days_add_it(workspace):
    # Mid-Autumn Festival 2024: Mon 16 and Tue 17 September off, Saturday 14 worked (调休).
    update_settings(workspace, holidays=["2024-09-16", "2024-09-17"], workdays=["2024-09-14"])
    found = schedules.occurrences(workspace, "daily_update", local("2024-09-12 00:00"),
                                  local("2024-09-19 00:00"))
    assert found == [local("2024-09-12 17:00"), local("2024-09-13 17:00"),
                     local("2024-09-14 17:00"), local("2024-09-18 17:00")]
    assert schedules.occurrence_on(workspace, "daily_update", date(2024, 9, 16)) is None
    assert schedules.next_occurrence(workspace, "daily_update",
                                     local("2024-09-14 17:00")) == local("2024-09-18 17:00")
    assert schedules.last_occurrence(workspace, "daily_update",
                                     local("2024-09-17 12:00")) == local("2024-09-14 17:00")


def test_holiday_in_utc_workspace(workspace):
    update_settings(workspace, timezone="UTC", holidays=["2024-12-25"])
    assert schedules.occurrence_on(workspace, "daily_update", date(2024, 12, 25)) is None
    assert schedules.next_occurrence(workspace, "daily_update",
                                     utc("2024-12-24 17:00")) == utc("2024-12-26 17:00")


def test_weekly_minutes_are_due_at_the_end_of_the_next_working_day(workspace):
    held = local("2024-09-04 10:00")  # Wednesday
    assert schedules.minutes_due(workspace, held) == local("2024-09-06 00:00")
    update_settings(workspace, holidays=["2024-09-05"])
    assert schedules.minutes_due(workspace, held) == local("2024-09-07 00:00")


def test_admin_edits_with_normalised_input(workspace):
    # Full-width digits and the ideographic space typed by a Chinese input method.
    changed = schedules.set_schedule(workspace, "daily_update", "０ １８\u3000＊ ＊ 1-5",
                                     warn_minutes="４５")
    assert (changed["cron"], changed["warn_minutes"], changed["custom"]) == \
        ("0 18 * * 1-5", 45, True)
    assert changed["updated_by"] == workspace.actor.real
    assert schedules.next_occurrence(workspace, "daily_update",
                                     local("2024-09-02 17:30")) == local("2024-09-02 18:00")
    back = schedules.reset_schedule(workspace, "daily_update")
    assert (back["cron"], back["warn_minutes"], back["custom"]) == ("0 17 * * 1-5", 30, False)
    assert schedules.set_schedule(workspace, "weekly_minutes", days=2)["days"] == 2
    assert schedules.set_schedule(workspace, "weekly_standup",
                                  timebox_minutes=30)["timebox_minutes"] == 30


@pytest.mark.parametrize("expr, fragment", [
    ("0 25 * * *", "the hour field '25' is not acceptable"),
    ("61 17 * * 1-5", "the minute field '61' is not acceptable"),
    ("0 17 * * 8", "the day of week field '8' is not acceptable"),
    ("0 17 * *", "has 4 fields; give exactly five"),
    ("0 17 * * 1-5 2024", "has 6 fields"),
    ("every day at 5", "has 4 fields"),
    ("a b c d e", "the minute field 'a' is not acceptable"),
    ("   ", "required"),
    ("0 0 31 2 *", "is not a valid cron expression"),
])
def test_invalid_cron_is_refused_with_a_clear_message(workspace, expr, fragment):
    with pytest.raises(InvalidValue, match=None) as caught:
        schedules.set_schedule(workspace, "daily_update", expr)
    assert caught.value.field == "cron"
    assert fragment in caught.value.message
    assert schedules.get_schedule(workspace, "daily_update")["cron"] == "0 17 * * 1-5"


def test_croniter_alone_refuses_full_width_digits_so_we_normalise():
    from croniter import croniter
    assert not croniter.is_valid("０ 17 * * 1-5")
    assert schedules.validate_cron("０ 17 * * 1-5") == "0 17 * * 1-5"


def test_other_values_are_checked(workspace):
    with pytest.raises(InvalidValue, match="warn_minutes: '-5' is not a whole number"):
        schedules.set_schedule(workspace, "daily_update", warn_minutes="-5")
    with pytest.raises(InvalidValue, match="has no cron expression of its own"):
        schedules.set_schedule(workspace, "weekly_minutes", "0 9 * * *")
    with pytest.raises(InvalidValue, match="has no timebox"):
        schedules.set_schedule(workspace, "daily_update", timebox_minutes=10)
    with pytest.raises(InvalidValue, match="Nothing to change"):
        schedules.set_schedule(workspace, "daily_update")


def test_only_admins_edit_schedules(workspace):
    from store.core.identity import Actor
    from store.core.workspace import Workspace
    alice_ws = Workspace(workspace.folder, workspace.clock, Actor("alice", "alice"))
    with pytest.raises(PermissionDenied, match="Only a workspace admin"):
        schedules.set_schedule(alice_ws, "daily_update", "0 18 * * 1-5")
    with pytest.raises(PermissionDenied):
        schedules.reset_schedule(alice_ws, "daily_update")
    assert schedules.get_schedule(workspace, "daily_update")["custom"] is False
