"""The daily gate (SPEC §1.7), "yesterday", the digest, meetings and their minutes (§3)."""

from __future__ import annotations

from datetime import date

import pytest

from store.meetings import minutes, standup
from store.projects import publication
from store.reminders import engine as reminder_engine
from store.people import who
from store.core.errors import IllegalTransition, InvalidValue, PermissionDenied
from store.people.settings import update_settings

from standup_helpers import TEAM, local, update

MONDAY = date(2024, 9, 2)


def kinds(ws, now=None) -> dict[str, list]:
    found: dict[str, list] = {}
    for r in reminder_engine.due(ws, now):
        found.setdefault(r.kind, []).append(r)
    return found


def test_gate_before_and_after_the_deadline(workspace, team, clock):
    t = team["tasks"]
    clock.set(local("2024-09-02 16:45"))
    update(workspace, "chen", t["C1"], 40, done="首页设计")
    update(workspace, "alice", t["A1"], 20, done="outline")      # A2 not updated
    gate = standup.gate(workspace)
    assert gate["deadline"] == "2024-09-02T09:00:00+00:00" and not gate["passed"]
    assert gate["updated"] == ["chen"]
    assert gate["pending"] == ["alice", "bob", "dave", "erin"]
    assert gate["missing"] == [] and gate["not_updated"]["alice"] == [t["A2"]]
    clock.set(local("2024-09-02 17:00"))
    gate = standup.gate(workspace)
    assert gate["passed"] and gate["missing"] == ["alice", "bob", "dave", "erin"]
    clock.set(local("2024-09-02 17:30"))
    update(workspace, "erin", t["E1"], 10)                        # late
    gate = standup.gate(workspace)
    assert gate["late"] == ["erin"] and gate["missing"] == ["alice", "bob", "dave"]
    assert gate["members"]["erin"] == "late" and gate["members"]["chen"] == "updated"
    # Asking about the same day later gives the same answer; the next day starts afresh.
    assert standup.gate(workspace, MONDAY, local("2024-09-03 09:00"))["missing"] == \
        ["alice", "bob", "dave"]
    assert standup.gate(workspace, None, local("2024-09-03 09:00"))["pending"] == list(
        ["alice", "bob", "dave", "erin", "chen"])


def test_holiday_has_no_gate_and_no_reminders(workspace, team, clock):
    update_settings(workspace, holidays=["2024-09-16"])
    clock.set(local("2024-09-16 17:30"))
    gate = standup.gate(workspace)
    assert gate["deadline"] is None and gate["members"] == {} and not gate["passed"]
    found = kinds(workspace)
    assert "update.daily" not in found and "update.gate" not in found


def test_reminders_of_the_daily_gate(workspace, team, clock):
    clock.set(local("2024-09-02 16:29"))
    assert "update.daily" not in kinds(workspace)
    clock.set(local("2024-09-02 16:30"))                          # 30 minutes ahead
    daily = kinds(workspace)["update.daily"]
    assert {r.who for r in daily} == {(login,) for login in TEAM}
    assert not any(r.overdue for r in daily) and "update.gate" not in kinds(workspace)
    clock.set(local("2024-09-02 17:00"))
    found = kinds(workspace)
    assert all(r.overdue for r in found["update.daily"])
    gate = {r.who: r.title for r in found["update.gate"]}
    pm = workspace.actor.login
    assert gate == {("alice",): "Not updated by 17:00: 陈静",
                    ("bob",): "Not updated by 17:00: Dave Zhou, Erin 鄂",
                    (pm,): "Not updated by 17:00: Alice Wang, Bob Li, 陈静, Dave Zhou, Erin 鄂"}


def test_yesterday_is_since_the_last_working_day(workspace, team, clock):
    t = team["tasks"]
    clock.set(local("2024-09-05 11:00"))                          # Thursday: not "yesterday"
    update(workspace, "bob", t["B1"], 10, done="thursday")
    clock.set(local("2024-09-06 15:00"))                          # Friday
    update(workspace, "bob", t["B1"], 30, done="routes", next_step="auth", problems="no spec",
           help_from="alice")
    clock.set(local("2024-09-09 09:30"))                          # Monday
    view = standup.member_view(workspace, "bob")
    row = view["tasks"][0]
    assert row["id"] == t["B1"] and row["today"] is None
    assert row["yesterday"]["done"] == "routes" and row["plan"] == "auth"
    assert row["problems"] == "no spec" and row["help_from"] is None   # the flag is today's
    assert [e["done"] for e in view["reported"]] == ["routes"]
    assert view["status"] == "pending"
    clock.set(local("2024-09-09 10:00"))
    update(workspace, "bob", t["B1"], 45, done="auth started", help_from="alice")
    view = standup.member_view(workspace, "bob")
    row = view["tasks"][0]
    assert row["today"]["percent"] == 45 and row["on_time"] and row["help_from"] == "alice"
    assert view["help"] == [{"task": t["B1"], "help_from": "alice"}]
    assert view["status"] == "updated"


def test_yesterday_lists_what_the_member_changed(workspace, team, clock):
    t = team["tasks"]
    clock.set(local("2024-09-02 11:00"))
    publication.confirm_receipt(workspace.acting_as("dave"), t["D1"])
    clock.set(local("2024-09-03 09:00"))
    view = standup.member_view(workspace, "dave")
    assert [(c["action"], c["target"]) for c in view["changed"]] == [("task.confirm", t["D1"])]
    assert standup.member_view(workspace, "erin")["changed"] == []


def test_team_order_and_scopes(workspace, team):
    assert standup.team(workspace) == ["alice", "bob", "dave", "erin", "chen"]
    assert standup.team(workspace, department="Product") == ["alice", "chen"]
    assert standup.team(workspace, project=team["project"]) == sorted(
        TEAM, key=lambda x: ["alice", "bob", "dave", "erin", "chen"].index(x))


def test_digest_markdown_and_json(workspace, team, clock):
    t = team["tasks"]
    clock.set(local("2024-09-02 16:00"))
    update(workspace, "chen", t["C1"], 40, done="[bold]首页 | 设计", problems="缺图标",
           help_from="alice")
    clock.set(local("2024-09-02 18:00"))
    data = standup.digest(workspace, MONDAY)
    assert data["missing"] == ["alice", "bob", "dave", "erin"] and data["updated"] == ["chen"]
    chen = next(v for v in data["members_detail"] if v["login"] == "chen")
    assert chen["tasks"][0]["today"]["done"] == "[bold]首页 | 设计"
    md = standup.digest_markdown(data, workspace.tz)
    assert md.startswith("# Standup digest 2024-09-02\n")
    assert "- Update deadline: 2024-09-02 17:00" in md
    assert "- Not updated: Alice Wang, Bob Li, Dave Zhou, Erin 鄂" in md
    assert "- Updated in time: 陈静" in md
    assert "  - Today: 40% [bold]首页 \\| 设计" in md
    assert "  - 【Needs help】 alice" in md
    zh = standup.digest_markdown(data, workspace.tz, "zh")
    assert "站会日报" in zh and "未更新" in zh


def test_meeting_draft_minutes_and_their_reminder(workspace, team, clock):
    pm = workspace.actor.login
    clock.set(local("2024-09-02 10:00"))
    session = standup.start_meeting(workspace, MONDAY)
    assert standup.open_session(workspace)["id"] == session["id"]
    standup.save_draft(workspace, session["id"], attendees=["alice", "bob"], items=[
        {"kind": "decision", "text": "Ship the MVP on 09-30"},
        {"kind": "risk", "text": "CI is slow"},
        {"kind": "action", "text": "Speed up CI", "owner": "dave", "due": "２０２４-09-03"}])
    with pytest.raises(InvalidValue, match="owner: no member"):
        standup.save_draft(workspace, session["id"], items=[
            {"kind": "action", "text": "x", "owner": "nobody", "due": "2024-09-03"}])
    with pytest.raises(PermissionDenied, match="Only the facilitator"):
        standup.save_draft(workspace.acting_as("alice"), session["id"], items=[])
    # Not closed: the minutes are due by the end of the next working day.
    clock.set(local("2024-09-03 12:00"))
    due = kinds(workspace)["standup.minutes"]
    assert [(r.subject, r.who, r.overdue) for r in due] == [("2024-09-02", (pm,), False)]
    assert due[0].due_at == local("2024-09-04 00:00")
    clock.set(local("2024-09-04 00:00"))
    assert kinds(workspace)["standup.minutes"][0].overdue
    filed = standup.close_meeting(workspace, session["id"])
    assert filed["meeting"] == "standup:2024-09-02" and filed["kind"] == "standup"
    assert filed["decisions"] == ["Ship the MVP on 09-30"] and filed["risks"] == "CI is slow"
    assert filed["actions"][0]["owner"] == "dave" and filed["actions"][0]["due"] == "2024-09-03"
    assert filed["attendees"] == ["alice", "bob"]
    assert filed["held_at"] == "2024-09-02T02:00:00+00:00"
    assert minutes.find_minutes(workspace, "standup:2024-09-02")["id"] == filed["id"]
    assert "standup.minutes" not in kinds(workspace)
    assert standup.open_session(workspace) is None
    with pytest.raises(IllegalTransition, match="already saved"):
        standup.close_meeting(workspace, session["id"])
    # A second meeting that day gets its own key.
    again = standup.start_meeting(workspace, MONDAY)
    assert standup.close_meeting(workspace, again["id"])["meeting"] == "standup:2024-09-02:2"


def test_weekly_standup_reminder(workspace, team, clock):
    clock.set(local("2024-09-04 09:49"))
    assert "standup.weekly" not in kinds(workspace)
    clock.set(local("2024-09-04 09:50"))
    weekly = kinds(workspace)["standup.weekly"]
    assert weekly[0].title == "Weekly standup at 10:00 (15 min)"
    assert set(weekly[0].who) == set(TEAM) | {workspace.actor.login}
    clock.set(local("2024-09-04 10:14"))
    assert "standup.weekly" in kinds(workspace)
    clock.set(local("2024-09-04 10:15"))
    assert "standup.weekly" not in kinds(workspace)


def test_minutes_items_are_checked(workspace):
    assert standup.minutes_item(workspace, "decision", " Go ") == {"kind": "decision",
                                                                   "text": "Go"}
    with pytest.raises(InvalidValue, match="text: required"):
        standup.minutes_item(workspace, "risk", "  ")
    with pytest.raises(InvalidValue, match="due: required"):
        standup.minutes_item(workspace, "action", "Fix", owner="bob", due="")
    with pytest.raises(InvalidValue, match="kind"):
        standup.minutes_item(workspace, "gossip", "x")
    assert standup.default_action_due(workspace, date(2024, 9, 6)) == date(2024, 9, 9)


def test_who_output_is_parsed():
    text = ("alice    pts/0        2024-09-02 09:01 (10.0.0.5)\n"
            "bob      tty1         Sep  2 08:55\n"
            "陈静x    pts/3        2024-09-02 09:30 (:0)\n"
            "alice    pts/7        2024-09-02 10:12 (jump-2.example.com)\n"
            "\n   continuation line\n")
    sessions = who.parse(text)
    assert [(s.login, s.line, s.host) for s in sessions] == [
        ("alice", "pts/0", "10.0.0.5"), ("bob", "tty1", ""), ("陈静x", "pts/3", ":0"),
        ("alice", "pts/7", "jump-2.example.com")]
    assert sessions[1].since == "Sep  2 08:55"
    calls = []
    who.set_source(lambda: calls.append(1) or text)
    assert who.logged_in() == {"alice", "bob", "陈静x"}
    assert who.logged_in() == {"alice", "bob", "陈静x"} and len(calls) == 1   # cached
    assert who.logged_in(max_age=0) and len(calls) == 2
    who.set_source(lambda: "")
    assert who.logged_in() == set()


def test_real_who_never_fails():
    assert isinstance(who.parse(who.run_who()), list)


def test_what_the_screen_reads_once_gives_the_same_answers(workspace, team, clock, monkeypatch):
    """standup.read_day: the screen's team, member rows and gate from one read of the tasks
    and updates (yesterday's included), the same as each function reading its own."""
    from store.projects import progress
    t = team["tasks"]
    clock.set(local("2024-08-30 16:00"))                         # Friday: "yesterday"
    update(workspace, "alice", t["A1"], 10, done="outline")
    clock.set(local("2024-09-02 16:45"))
    update(workspace, "chen", t["C1"], 40, done="首页设计")
    clock.set(local("2024-09-02 17:30"))
    update(workspace, "erin", t["E1"], 10)                        # late
    now = clock.now()
    logins = standup.team(workspace, MONDAY)
    alone = (logins, standup.members_view(workspace, logins, MONDAY, now),
             standup.gate(workspace, MONDAY, now))
    reads: list[object] = []
    real = progress.entries
    monkeypatch.setattr(progress, "entries", lambda *a, **k: reads.append(k) or real(*a, **k))
    read = standup.read_day(workspace, MONDAY)
    together = (standup.team(workspace, MONDAY, read=read),
                standup.members_view(workspace, logins, MONDAY, now, read=read),
                standup.gate(workspace, MONDAY, now, read=read))
    assert together == alone and len(reads) == 1
    assert [e["task"] for e in read.entries] == [t["A1"], t["C1"], t["E1"]]
    assert [e["task"] for e in read.of_day] == [t["C1"], t["E1"]]
