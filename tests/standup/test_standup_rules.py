"""The standup side of the project rules: today's updates and 【需协助】 flags as saved, the
helper's reminder, late updates on the record, and one set of minutes (the standup's minutes
are the covered projects' weekly minutes, due the end of the next working day)."""

from __future__ import annotations

from store.projects import kickoff, my_work, progress
from store.meetings import minutes, standup
from store.reminders import registry as reminders
from store.people import settings
from tui.app import make_app

from standup_helpers import SIZE, local, open_standup, plain, until, update


def helper_reminders(ws, now):
    return [(r.subject, r.who, r.due_at, r.overdue) for r in reminders.collect(ws, now)
            if r.kind == "help.asked"]


def test_a_help_flag_reminds_the_helper_until_a_newer_update_drops_it(workspace, team, clock):
    clock.set(local("2024-09-02 11:00"))
    e = update(workspace, "chen", team["tasks"]["C1"], 30, problems="缺切图", help_from="bob")
    assert helper_reminders(workspace, local("2024-09-02 10:59:59")) == []
    assert helper_reminders(workspace, clock.now()) == [(e["id"], ("bob",), local("2024-09-02 11:00"),
                                                         False)]
    # still standing the next day (no newer update), on bob's My work
    assert [h["id"] for h in my_work.my_work(workspace, "bob", local("2024-09-03 09:00"))
            ["help_asked"]] == [e["id"]]
    assert "help.asked" in {r.kind for r in my_work.my_work(workspace, "bob",
                                                            local("2024-09-03 09:00"))["reminders"]}
    clock.set(local("2024-09-03 10:00"))
    update(workspace, "chen", team["tasks"]["C1"], 50)                 # no flag: withdrawn
    assert helper_reminders(workspace, clock.now()) == []


def test_standup_shows_todays_update_and_flag_on_a_task_it_finished(workspace, team, clock):
    clock.set(local("2024-09-02 11:00"))
    update(workspace, "dave", team["tasks"]["D1"], 100, done="pipeline green",
           problems="需要预发环境", help_from="erin")
    view = standup.member_view(workspace, "dave")
    rows = {r["id"]: r for r in view["tasks"]}
    assert rows[team["tasks"]["D1"]]["today"]["percent"] == 100
    assert view["help"] == [{"task": team["tasks"]["D1"], "help_from": "erin"}]
    md = standup.digest_markdown(standup.digest(workspace), workspace.tz)
    assert "【Needs help】 erin" in md


def test_late_update_is_stamped_by_the_gate_rule(workspace, team, clock):
    clock.set(local("2024-09-02 16:59:59"))
    on_time = update(workspace, "alice", team["tasks"]["A1"], 10)
    clock.set(local("2024-09-02 17:00"))                                 # the deadline itself
    late = update(workspace, "alice", team["tasks"]["A2"], 10)
    assert (on_time["late"], on_time["late_for"]) == (False, None)
    assert (late["late"], late["late_for"]) == (True, "2024-09-02T09:00:00+00:00")
    assert standup.gate(workspace)["members"]["alice"] == "late"        # the same rule
    assert progress.entries(workspace, task=late["task"])[-1]["late"]


def test_standup_minutes_are_the_weekly_minutes_of_the_projects_it_covers(workspace, team,
                                                                          clock):
    pid = team["project"]
    settings.update_settings(workspace, holidays=["2024-09-05"])         # Thursday off
    wed = local("2024-09-04 10:00")

    def weekly(now):
        return [(r.subject, r.due_at, r.overdue) for r in reminders.collect(workspace, now)
                if r.kind == "weekly.minutes"]
    # next working day after Wednesday is Friday: due at its end (Saturday 00:00)
    assert weekly(wed) == [(f"{pid}:2024-09-04", local("2024-09-07 00:00"), False)]
    assert weekly(local("2024-09-07 00:00"))[0][2]
    clock.set(wed)
    session = standup.start_meeting(workspace)
    standup.save_draft(workspace, session["id"], items=[
        {"kind": "decision", "text": "MVP 09-30"},
        {"kind": "action", "text": "补测试", "owner": "dave", "due": "2024-09-06"}])
    clock.set(local("2024-09-06 18:00"))
    filed = standup.close_meeting(workspace, session["id"])
    assert filed["projects"] == [pid] and not filed["late"]
    assert filed["due_at"] == "2024-09-06T16:00:00+00:00"
    assert weekly(local("2024-09-07 00:00")) == []
    assert kickoff.weekly_minutes(workspace, pid, local("2024-09-04 00:00").date())["id"] == \
        filed["id"]
    assert kickoff.weekly_status(workspace, pid, "2024-09-04")["minutes"] == filed["id"]
    assert minutes.get_minutes(workspace, filed["id"])["kb"]


async def test_standup_screen_shows_a_help_flag_saved_today(workspace, team, clock):
    clock.set(local("2024-09-02 11:00"))
    update(workspace, "dave", team["tasks"]["D1"], 100, problems="需要预发环境", help_from="erin")
    app = make_app(workspace, poll_interval=0.05)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_standup(pilot)
        members = screen.query_one("#standup-members")
        assert "dave" in [row.key.value for row in members.ordered_rows]
        while screen.current != "dave":
            await pilot.press("n")
        await until(pilot, lambda: "Needs help from Erin" in plain(screen.query_one("#task-detail")))


def test_a_past_days_digest_is_that_day_as_it_was(workspace, team, clock):
    t = team["tasks"]
    clock.set(local("2024-09-02 16:00"))
    update(workspace, "dave", t["D1"], 60, done="half")
    clock.set(local("2024-09-02 18:00"))
    update(workspace, "erin", t["E1"], 20)                              # late that day
    clock.set(local("2024-09-03 11:00"))
    update(workspace, "dave", t["D1"], 100, done="all done")            # finished the next day
    clock.set(local("2024-09-04 09:00"))
    monday = local("2024-09-02 00:00").date()
    data = standup.digest(workspace, monday)
    views = {v["login"]: v for v in data["members_detail"]}
    row = next(r for r in views["dave"]["tasks"] if r["id"] == t["D1"])
    assert (row["progress"], row["today"]["done"]) == (60, "half")      # not today's 100 %
    assert data["members"]["dave"] == "updated" and data["members"]["erin"] == "late"
    assert "dave" in data["updated"] and "erin" in data["late"]
    # today, D1 is finished: not one to update any more
    assert t["D1"] not in [r["id"] for r in standup.member_view(workspace, "dave")["tasks"]]


def test_standup_report_of_a_past_day_on_the_command_line(workspace, team, clock):
    import orjson
    from click.testing import CliRunner

    from store.core.clock import to_iso
    from tui.cli import cli
    t = team["tasks"]
    clock.set(local("2024-09-02 16:00"))
    update(workspace, "dave", t["D1"], 60, done="half", help_from="erin")
    clock.set(local("2024-09-03 11:00"))
    update(workspace, "dave", t["D1"], 100, done="all done")
    result = CliRunner().invoke(cli, ["standup", "report", "--day", "2024-09-02", "--format",
                                      "json", "--workspace", str(workspace.folder)],
                                env={"LC_ALL": "C.UTF-8", "HUDDLE_WORKSPACE": None,
                                     "HUDDLE_NOW": to_iso(clock.now())})
    assert result.exit_code == 0, result.stderr
    data = orjson.loads(result.stdout)
    dave = next(v for v in data["members_detail"] if v["login"] == "dave")
    assert [(r["id"], r["progress"], r["help_from"]) for r in dave["tasks"]] == \
        [(t["D1"], 60, "erin")]


def test_weekly_minutes_on_the_command_line_see_the_standups(workspace, team, clock):
    from click.testing import CliRunner

    from store.core.clock import to_iso
    from tui.cli import cli
    clock.set(local("2024-09-04 10:00"))
    session = standup.start_meeting(workspace)
    standup.close_meeting(workspace, session["id"])
    result = CliRunner().invoke(cli, ["project", "minutes", str(team["project"]), "--weekly",
                                      "2024-09-04", "--workspace", str(workspace.folder)],
                                env={"LC_ALL": "C.UTF-8", "HUDDLE_WORKSPACE": None,
                                     "HUDDLE_NOW": to_iso(clock.now())})
    assert result.exit_code == 1 and "already filed" in result.stderr
