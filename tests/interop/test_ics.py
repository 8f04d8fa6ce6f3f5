"""The iCalendar export, read back with `icalendar` (which writes it) and with a second,
independent parser, `vobject`; RRULEs expanded with dateutil against the schedule."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from interop_helpers import HOSTILE_TITLE, set_fields

icalendar = pytest.importorskip("icalendar")
vobject = pytest.importorskip("vobject")  # a second, independent parser (its own VTIMEZONE code)
from dateutil.rrule import rruleset, rrulestr  # noqa: E402  (icalendar depends on dateutil)

from store.reminders import schedules  # noqa: E402
from store.interop.ics import clean_text, export_calendar, weekly_rule  # noqa: E402
from store.people.preferences import workspace_uuid  # noqa: E402
from store.people.settings import update_settings  # noqa: E402

SHANGHAI = ZoneInfo("Asia/Shanghai")


def parse(text: str):
    cal = icalendar.Calendar.from_ical(text)
    for component in cal.walk():
        assert not component.errors, (component.name, component.errors)
    return cal


def second_parser(text: str, name: str = "vevent") -> dict[str, object]:
    """The file as vobject reads it: UID prefix → component."""
    cal = vobject.readOne(text)
    return {c.uid.value.split("@")[0]: c for c in getattr(cal, f"{name}_list", [])}


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


def test_a_second_parser_reads_the_same_calendar(iws):
    """vobject (its own parser, unescaping and VTIMEZONE code) finds what icalendar finds."""
    text = export_calendar(iws)
    mine, other = events(parse(text)), second_parser(text)
    assert set(other) == set(mine)
    for uid, component in mine.items():
        theirs = other[uid]
        assert theirs.summary.value == str(component["SUMMARY"]), uid
        assert theirs.description.value == str(component["DESCRIPTION"]), uid
        assert theirs.dtstart.value == component["DTSTART"].dt, uid
    assert other["task-1-1"].summary.value == f"Due 1-1: {HOSTILE_TITLE}"
    assert other["standup-weekly"].duration.value == timedelta(minutes=15)
    todos = second_parser(export_calendar(iws, todo=True), "vtodo")
    assert todos["task-1-1"].due.value == date(2024, 8, 30)
    assert todos["task-1-3"].priority.value == "9"


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


def test_control_characters_are_dropped_and_escapes_come_back():
    assert clean_text("a,b;c\\d\r\ne\x1b[31m\x07\tf") == "a,b;c\\d\ne[31m\tf"
    assert clean_text("[bold]x[/]") == "[bold]x[/]"


def test_control_characters_never_reach_the_file(workspace):
    from store.projects.project import create_project
    from store.projects.tasks import add_task
    create_project(workspace, "P", pm="alice", initiator_dept="Product",
                   lead_dept="Product", goal="g", due="2024-12-31")
    add_task(workspace, 1, "ok", owner="alice", due="2024-10-01")
    # not through the store's validation (it refuses them): an old or hand-edited record
    set_fields(workspace, "project-1", "tasks", 1, title="bell\x07 esc\x1b[31m",
               standard="one\r\ntwo\rthree\x00")
    text = export_calendar(workspace)
    assert not any(ch in text.replace("\r\n", "") for ch in "\r\n\x1b\x07")
    found = events(parse(text))
    assert "one\ntwo\nthree" in str(found["task-1-1"]["DESCRIPTION"])
    assert "one\ntwo\nthree" in second_parser(text)["task-1-1"].description.value
    assert str(found["task-1-1"]["SUMMARY"]) == "Due 1-1: bell esc[31m"


@pytest.mark.parametrize("title", ["[/]", "[link=file:///etc/passwd]y", "a\\", "x;y,z",
                                   "line1 ; \\n not a newline", "长" * 120, "emoji 🎉 ok"])
def test_hostile_titles_come_back_literally(workspace, title):
    from store.projects.project import create_project
    from store.projects.tasks import add_task
    create_project(workspace, title[:200], pm="alice", initiator_dept="Product",
                   lead_dept="Product", goal="g", due="2024-12-31")
    add_task(workspace, 1, title, owner="alice", due="2024-10-01")
    text = export_calendar(workspace)
    found = events(parse(text))
    assert str(found["task-1-1"]["SUMMARY"]) == f"Due 1-1: {title}"
    assert second_parser(text)["task-1-1"].summary.value == f"Due 1-1: {title}"
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
    return rules.between(start - timedelta(seconds=1), until, inc=True)


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
    ("0 10 * * 3/2", (0, 10, [2, 4])),
    ("0 10 * * 5-1", (0, 10, [0, 4, 5, 6])),  # croniter wraps the range round: Fri to Mon
    ("0 10 1 * *", None), ("0 10 * * 3#2", None), ("*/30 9 * * 3", None),
    ("0 10 * 1 3", None), ("0 9,15 * * 3", None), ("0 10 * *", None), ("0 10 L * *", None),
    ("0 10 * * 5L", None), ("0 0 10 * * 3", None), ("not a cron", None),
])
def test_weekly_rule_from_cron(expr, rule):
    assert weekly_rule(expr) == rule


@pytest.mark.parametrize("expr", ["0 10 * * 3", "30 9 * * mon,thu", "0 10 * * */2",
                                  "0 10 * * 3/2", "0 10 * * 5-1", "0 10 * * 0", "0 10 * * *"])
def test_weekly_rule_fires_where_croniter_does(expr):
    from croniter import croniter
    minute, hour, days = weekly_rule(expr)
    it = croniter(expr, datetime(2024, 9, 1))
    fired = [it.get_next(datetime) for _ in range(3 * len(days))]
    assert sorted({t.weekday() for t in fired}) == days
    assert {(t.hour, t.minute) for t in fired} == {(hour, minute)}


def _second_parser_expand(text: str, until: datetime) -> list[datetime]:
    """The weekly standup as vobject (own parser, own VTIMEZONE code) expands it."""
    [standup] = [c for k, c in second_parser(text).items() if k == "standup-weekly"]
    rules = standup.getrruleset(addRDate=True)
    return rules.between(standup.dtstart.value - timedelta(seconds=1), until, inc=True)


@pytest.mark.parametrize("expr", ["0 10 * * 3", "30 9 * * mon,thu", "0 10 * * *",
                                  "0 18 * * 1-5"])
@pytest.mark.parametrize("zone", ["Asia/Shanghai", "Europe/Berlin"])
def test_twelve_weeks_of_standups_read_by_two_parsers(iws, expr, zone):
    """Holidays 2024-10-02 (Wed) and 2024-10-07 (Mon), make-up workday 2024-10-12 (Sat);
    across the end of summer time in Berlin (2024-10-27)."""
    update_settings(iws, timezone=zone, holidays=["2024-10-02", "2024-10-07"],
                    workdays=["2024-10-12"])
    schedules.set_schedule(iws, "weekly_standup", expr)
    tz = ZoneInfo(zone)
    text = export_calendar(iws)
    after = datetime(2024, 9, 2, tzinfo=tz)
    until = after + timedelta(weeks=12)
    expected = [t.astimezone(timezone.utc) for t in
                schedules.occurrences(iws, "weekly_standup", after, until)]
    assert len(expected) >= 12
    first = events(parse(text))["standup-weekly"]
    assert "RRULE" in first
    by_icalendar = [t.astimezone(timezone.utc) for t in _expand(first, until)]
    by_vobject = [t.astimezone(timezone.utc) for t in _second_parser_expand(text, until)]
    assert by_icalendar == expected
    assert by_vobject == expected
    local = {t.astimezone(tz).date() for t in expected}
    assert date(2024, 10, 12) in local and date(2024, 10, 2) not in local
    assert not any(d.weekday() >= 5 for d in local - {date(2024, 10, 12)})  # working days only


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


def test_a_working_days_standup_on_saturdays_only_meets_on_make_up_days(iws):
    """BYDAY keeps Monday to Friday for a working-days schedule; none left: listed one by one."""
    schedules.set_schedule(iws, "weekly_standup", "0 10 * * 6")
    found = events(parse(export_calendar(iws)))
    standups = [c for k, c in found.items() if k.startswith("standup")]
    assert all("RRULE" not in c for c in standups)
    now = iws.now()
    expected = schedules.occurrences(iws, "weekly_standup", now, now + timedelta(weeks=12))
    assert [c["DTSTART"].dt for c in standups] == expected == \
        [datetime(2024, 10, 12, 10, tzinfo=SHANGHAI)]
