"""The iCalendar export, read back with the real `icalendar` parser (and dateutil for RRULEs)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from interop_helpers import HOSTILE_TITLE

icalendar = pytest.importorskip("icalendar")
from dateutil.rrule import rruleset, rrulestr  # noqa: E402  (icalendar depends on dateutil)

from store import schedules  # noqa: E402
from store.exports.ics import escape_text, export_calendar, fold, weekly_rule  # noqa: E402
from store.preferences import workspace_uuid  # noqa: E402
from store.settings import update_settings  # noqa: E402

SHANGHAI = ZoneInfo("Asia/Shanghai")


def parse(text: str):
    cal = icalendar.Calendar.from_ical(text)
    for component in cal.walk():
        assert not component.errors, (component.name, component.errors)
    return cal


def events(cal, name: str = "VEVENT") -> dict[str, object]:
    return {str(c["UID"]).split("@")[0]: c for c in cal.walk(name)}


def test_every_kind_of_date_is_in_the_calendar(iws):
    cal = parse(export_calendar(iws))
    found = events(cal)
    assert set(found) == {"task-1-1", "task-1-2", "task-1-3", "standup-weekly",
                          "onboarding-H1-1", "onboarding-H1-2", "onboarding-H1-3"}
    design = found["task-1-1"]
    assert str(design["SUMMARY"]) == f"Due 1-1: {HOSTILE_TITLE}"  # escaped and back, literally
    assert design["DTSTART"].dt == date(2024, 8, 30)
    assert design["DTEND"].dt == date(2024, 8, 31)
    description = str(design["DESCRIPTION"])
    assert "Project 1: Q3 迭代" in description
    assert "Delivery standard: Mockups approved,\nsigned off; by PM" in description
    assert "Owner: Alice Wang (alice)" in description
    milestone = found["task-1-2"]
    assert str(milestone["SUMMARY"]) == "Milestone 1-2: Build 构建"
    assert milestone["DTSTART"].dt == date(2024, 10, 15)
    assert [str(c) for c in milestone["CATEGORIES"].cats] == ["Huddle", "Milestone"]
    step = found["onboarding-H1-2"]
    assert str(step["SUMMARY"]) == "Onboarding of 林新: 签署入职材料, 带身份证; 原件"
    assert step["DTSTART"].dt == date(2024, 9, 2)
    assert found["onboarding-H1-1"]["DTSTART"].dt == date(2024, 8, 30)  # one working day before
    stamp = design["DTSTAMP"].dt
    assert stamp == datetime(2024, 9, 2, 2, 0, tzinfo=timezone.utc)


def test_text_format_crlf_folding_and_utf8(iws):
    text = export_calendar(iws)
    data = text.encode("utf-8")
    assert data.endswith(b"\r\n")
    lines = data.split(b"\r\n")[:-1]
    assert b"\n" not in b"".join(lines) and b"\r" not in b"".join(lines)
    assert all(len(line) <= 75 for line in lines)
    assert any(line.startswith(b" ") for line in lines)    # the long CJK title was folded
    for line in lines:
        line.decode("utf-8")  # folding never splits a character
    assert lines[:2] == [b"BEGIN:VCALENDAR", b"VERSION:2.0"]
    assert b"DTSTAMP:20240902T020000Z" in lines


def test_escaping_and_folding_units():
    assert escape_text("a,b;c\\d\r\ne\x1b[31m\x07") == "a\\,b\\;c\\\\d\\ne[31m"
    assert escape_text("[bold]x[/]") == "[bold]x[/]"
    line = "SUMMARY:" + "长" * 60
    folded = fold(line)
    pieces = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in pieces)
    assert all(p.startswith(" ") for p in pieces[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(pieces)) == line
    assert fold("SHORT:x") == "SHORT:x"


@pytest.mark.parametrize("title", ["[/]", "[link=file:///etc/passwd]y", "a\\", "x;y,z",
                                   "line1 ; \\n not a newline", "长" * 120, "emoji 🎉 ok"])
def test_hostile_titles_come_back_literally(workspace, title):
    from store.projects import create_project
    from store.tasks import add_task
    create_project(workspace, title[:200], pm="alice", initiator_dept="Product",
                   lead_dept="Product", goal="g", due="2024-12-31")
    add_task(workspace, 1, title, owner="alice", due="2024-10-01")
    found = events(parse(export_calendar(workspace)))
    assert str(found["task-1-1"]["SUMMARY"]) == f"Due 1-1: {title}"
    assert f"Project 1: {title[:200]}" in str(found["task-1-1"]["DESCRIPTION"])


def test_uids_are_stable_and_belong_to_the_workspace(iws, clock):
    first = export_calendar(iws)
    clock.advance(days=3)
    second = export_calendar(iws)
    uids = lambda text: sorted(str(c["UID"]) for c in parse(text).walk("VEVENT"))  # noqa: E731
    assert uids(first) == uids(second)
    key = str(workspace_uuid(iws))
    assert all(uid.endswith("@" + key) for uid in uids(first))
    assert len(set(uids(first))) == len(uids(first))


def test_only_mine(iws):
    alice = events(parse(export_calendar(iws.acting_as("alice"), me=True)))
    # alice owns 1-1 and is PM of project 1 (so its milestone); she is the HR owner of step 2
    assert set(alice) == {"task-1-1", "task-1-2", "standup-weekly", "onboarding-H1-2"}
    chen = events(parse(export_calendar(iws.acting_as("chen"), me=True)))
    assert set(chen) == {"task-1-3", "task-1-2", "standup-weekly"}
    lin = events(parse(export_calendar(iws.acting_as("lin"), me=True)))
    assert set(lin) == {"onboarding-H1-1", "onboarding-H1-2", "onboarding-H1-3"}  # own checklist


def test_todo_mode_writes_vtodos_for_deadlines(iws):
    cal = parse(export_calendar(iws, todo=True))
    todos = events(cal, "VTODO")
    assert set(todos) == {"task-1-1", "task-1-3"}
    assert todos["task-1-1"]["DUE"].dt == date(2024, 8, 30)
    assert todos["task-1-1"]["PRIORITY"] == 1 and todos["task-1-3"]["PRIORITY"] == 9
    assert str(todos["task-1-1"]["STATUS"]) == "NEEDS-ACTION"
    assert "task-1-2" in events(cal)  # milestones stay events


def _expand(event, until: datetime) -> list[datetime]:
    """The occurrences of a (possibly recurring) VEVENT, via dateutil."""
    start = event["DTSTART"].dt
    rules = rruleset()
    if "RRULE" in event:
        rules.rrule(rrulestr(event["RRULE"].to_ical().decode(), dtstart=start))
    else:
        rules.rdate(start)
    for prop, add in (("EXDATE", rules.exdate), ("RDATE", rules.rdate)):
        values = event.get(prop)
        for group in values if isinstance(values, list) else [values] if values else []:
            for item in group.dts:
                add(item.dt)
    return [t for t in rules if t <= until]


def test_weekly_standup_recurs_exactly_like_the_schedule(iws):
    standup = events(parse(export_calendar(iws)))["standup-weekly"]
    assert standup["RRULE"]["FREQ"] == ["WEEKLY"] and standup["RRULE"]["BYDAY"] == ["WE"]
    assert standup["DTSTART"].dt == datetime(2024, 9, 4, 10, 0, tzinfo=SHANGHAI)
    assert standup["DURATION"].dt == timedelta(minutes=15)
    until = datetime(2024, 12, 31, tzinfo=SHANGHAI)
    expected = schedules.occurrences(iws, "weekly_standup",
                                     datetime(2024, 9, 1, tzinfo=SHANGHAI), until)
    got = _expand(standup, until)
    assert [t.astimezone(timezone.utc) for t in got] == \
        [t.astimezone(timezone.utc) for t in expected]
    assert datetime(2024, 10, 2, 10, tzinfo=SHANGHAI) not in got     # holiday: EXDATE
    assert datetime(2024, 10, 12, 10, tzinfo=SHANGHAI) in got        # make-up day: RDATE


def test_a_changed_weekly_standup_moves_in_the_calendar(iws):
    schedules.set_schedule(iws, "weekly_standup", "30 9 * * mon,thu", timebox_minutes=30)
    standup = events(parse(export_calendar(iws)))["standup-weekly"]
    assert standup["RRULE"]["BYDAY"] == ["MO", "TH"]
    assert standup["DURATION"].dt == timedelta(minutes=30)
    until = datetime(2024, 11, 30, tzinfo=SHANGHAI)
    expected = schedules.occurrences(iws, "weekly_standup",
                                     datetime(2024, 9, 2, tzinfo=SHANGHAI), until)
    assert _expand(standup, until) == expected


def test_a_standup_that_is_not_weekly_is_listed_occurrence_by_occurrence(iws):
    schedules.set_schedule(iws, "weekly_standup", "0 10 1,15 * *")
    found = events(parse(export_calendar(iws, weeks=10)))
    standups = sorted((c for k, c in found.items() if k.startswith("standup")),
                      key=lambda c: c["DTSTART"].dt)
    assert "RRULE" not in standups[0]
    now = iws.now()
    expected = schedules.occurrences(iws, "weekly_standup", now, now + timedelta(weeks=10))
    assert [c["DTSTART"].dt for c in standups] == expected
    assert len({str(c["UID"]) for c in standups}) == len(standups)


@pytest.mark.parametrize("expr, rule", [
    ("0 10 * * 3", (0, 10, [2])),
    ("30 9 * * mon,thu", (30, 9, [0, 3])),
    ("0 10 * * 1-5", (0, 10, [0, 1, 2, 3, 4])),
    ("0 10 * * 0", (0, 10, [6])),
    ("0 10 * * 7", (0, 10, [6])),
    ("0 10 * * */2", (0, 10, [1, 3, 5, 6])),
    ("0 10 ? * WED", (0, 10, [2])),
    ("0 10 * * *", (0, 10, [0, 1, 2, 3, 4, 5, 6])),
    ("0 10 1 * *", None), ("0 10 * * 3#2", None), ("*/30 9 * * 3", None),
    ("0 10 * 1 3", None), ("0 9,15 * * 3", None), ("0 10 * * 5-1", None), ("0 10 * *", None),
])
def test_weekly_rule_from_cron(expr, rule):
    assert weekly_rule(expr) == rule


@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe",
                                  "America/Santiago", "Asia/Kolkata"])
def test_the_vtimezone_matches_the_zone(iws, zone):
    update_settings(iws, timezone=zone)
    cal = parse(export_calendar(iws))
    [vtz] = cal.walk("VTIMEZONE")
    assert str(vtz["TZID"]) == zone
    built = vtz.to_tz(lookup_tzid=False)  # from our VTIMEZONE, not the system's database
    real = ZoneInfo(zone)
    probe = datetime(2024, 9, 5, 12, tzinfo=timezone.utc)
    while probe < datetime(2027, 9, 1, tzinfo=timezone.utc):
        assert probe.astimezone(built).utcoffset() == probe.astimezone(real).utcoffset(), probe
        probe += timedelta(days=5, hours=7)
    standup = events(cal)["standup-weekly"]
    assert standup["DTSTART"].dt.utcoffset() == datetime(2024, 9, 4, 10, tzinfo=real).utcoffset()


def test_a_utc_workspace_needs_no_vtimezone(iws):
    update_settings(iws, timezone="UTC")
    text = export_calendar(iws)
    assert "VTIMEZONE" not in text
    assert "DTSTART:20240904T100000Z" in text


def test_closed_projects_are_left_out(iws):
    from interop_helpers import set_fields
    set_fields(iws, "project-1", "project", 1, state="cancelled")
    found = events(parse(export_calendar(iws)))
    assert not any(k.startswith("task-") for k in found)
