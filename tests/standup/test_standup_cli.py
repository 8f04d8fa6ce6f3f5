"""`huddle remind`, `huddle schedule`, `huddle standup report`, `huddle reminders`."""

from __future__ import annotations

import orjson
import pytest
from click.testing import CliRunner

from store.reminders import engine as reminder_engine
from store.core.clock import to_iso
from tui.cli import cli, tmux_notify, tmux_sockets

from standup_helpers import TEAM, local, update

ENV = {"LC_ALL": "C.UTF-8", "HUDDLE_WORKSPACE": None, "HUDDLE_DEBUG": None}
GATE_KEY = "update.gate:2024-09-02:2024-09-02T09:00:00+00:00"


@pytest.fixture
def run(workspace, clock):
    runner = CliRunner()

    def invoke(*args: object, lang: str | None = None):
        argv = ([f"--lang={lang}"] if lang else []) + [str(a) for a in args]
        argv += ["--workspace", str(workspace.folder)]
        return runner.invoke(cli, argv, env={**ENV, "HUDDLE_NOW": to_iso(clock.now())})

    return invoke


def ok(result) -> str:
    assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
    return result.stdout


def test_remind_json_at_a_time(run, team):
    data = orjson.loads(ok(run("remind", "--json", "--at", "2024-09-02T17:05")))
    assert data["at"] == "2024-09-02T09:05:00+00:00" and data["timezone"] == "Asia/Shanghai"
    daily = [r for r in data["due"] if r["kind"] == "update.daily"]
    assert sorted(r["who"][0] for r in daily) == sorted(TEAM)
    assert all(r["overdue"] and r["due_at"] == "2024-09-02T09:00:00+00:00" for r in daily)
    gate = {r["who"][0]: r["title"] for r in data["due"] if r["kind"] == "update.gate"}
    assert gate["bob"] == "Not updated by 17:00: Dave Zhou, Erin 鄂"
    assert data["notified"] == []
    # A zone in --at is honoured; --for keeps one person's reminders.
    warn = orjson.loads(ok(run("remind", "--json", "--at", "2024-09-02T08:35:00+00:00",
                               "--for", "alice")))
    alice = [r for r in warn["due"] if r["kind"] == "update.daily"]
    assert [(r["title"], r["overdue"]) for r in alice] == [("Update 1-1, 1-2 before 17:00", False)]
    assert all("alice" in r["who"] for r in warn["due"])


def test_remind_text_and_errors(run, team):
    out = ok(run("remind", "--at", "2024-09-02 17:05", "--for", "dave"))
    assert "overdue" in out and "You have not updated 1-5 by the 17:00 deadline" in out
    assert "update.daily:dave:2024-09-02T09:00:00+00:00" in out
    bad = run("remind", "--at", "tomorrow")
    assert bad.exit_code == 1 and bad.stderr.startswith("huddle: --at: 'tomorrow' is not a time")
    assert "Traceback" not in bad.output


def test_remind_when_nothing_is_due(run):
    assert ok(run("remind", "--at", "2024-09-07T12:00")) == \
        "Nothing is due at 2024-09-07 12:00.\n"


def test_remind_notify_tmux_reaches_each_person_once(run, team, workspace, monkeypatch):
    calls: list[list[str]] = []
    owners: list[tuple[str, str, int]] = []
    uids = {"alice": 1001, "bob": 1002}
    sockets = {1001: ["/tmp/tmux-1001/default"], 1002: []}

    def fake_tmux(args: list[str], uid: int) -> str:
        calls.append(args)
        owners.append((args[1], args[2], uid))
        if args[2] == "list-clients":
            return {"/tmp/tmux-1001/default": "/dev/pts/3 1001\n/dev/pts/9 1001\n",
                    "/srv/shared.sock": "/dev/pts/4 1002\n/dev/pts/5 4242\n"}[args[1]]
        return ""

    monkeypatch.setattr(tmux_notify, "run_tmux", fake_tmux)
    monkeypatch.setattr(tmux_notify, "_uid", lambda login: uids.get(login))
    monkeypatch.setattr(tmux_notify, "user_sockets", lambda uid, *_a, **_k: sockets[uid])
    monkeypatch.setattr(tmux_sockets, "shared_socket", lambda path: tmux_sockets.Socket(path, 1003))
    monkeypatch.setattr(tmux_notify, "effective_uid", lambda: 0)  # the system job, as root
    data = orjson.loads(ok(run("remind", "--json", "--at", "2024-09-02T17:05", "--notify-tmux",
                               "--tmux-socket", "/srv/shared.sock")))
    reached = sorted((n["login"], n["client"]) for n in data["notified"])
    assert reached == [("alice", "/dev/pts/3"), ("alice", "/dev/pts/9"), ("bob", "/dev/pts/4")]
    shown = [c for c in calls if c[2] == "display-message"]
    assert ["-S", "/tmp/tmux-1001/default", "display-message", "-c", "/dev/pts/3", "-d",
            "15000", "--", "Huddle: You have not updated 1-1, 1-2 by the 17:00 deadline"] in shown
    # Each socket is reached as its owner: alice's own, the shared one's (uid 1003).
    assert {(path, uid) for path, _cmd, uid in owners} == {("/tmp/tmux-1001/default", 1001),
                                                          ("/srv/shared.sock", 1003)}
    assert not any(c[4] == "/dev/pts/5" for c in shown)             # uid 4242: nobody's
    # Rung now: a second run (or an open app) does not ring the same occurrences again.
    calls.clear()
    again = orjson.loads(ok(run("remind", "--json", "--at", "2024-09-02T17:06", "--notify-tmux",
                                "--tmux-socket", "/srv/shared.sock")))
    assert again["notified"] == []
    assert not [c for c in calls if c[2] == "display-message"]
    assert len(again["due"]) == len(data["due"])
    # People tmux could not reach were not marked rung: their app still rings.
    assert daily_occurrence("chen") in {i.occurrence for i in reminder_engine.claim(
        workspace, ["chen"], local("2024-09-02 17:07"))}
    assert daily_occurrence("alice") not in {i.occurrence for i in reminder_engine.claim(
        workspace, ["alice"], local("2024-09-02 17:07"))}


def daily_occurrence(login: str) -> str:
    return f"update.daily:{login}:2024-09-02T09:00:00+00:00#overdue"


def test_remind_can_fail_on_overdue(run, team):
    assert run("remind", "--at", "2024-09-02T16:35", "--for", "alice",
               "--fail-on-overdue").exit_code == 0
    late = run("remind", "--json", "--at", "2024-09-02T17:05", "--fail-on-overdue")
    assert late.exit_code == 3 and orjson.loads(late.stdout)["due"]


def test_tmux_text_is_literal():
    assert tmux_notify.tmux_text("Fix #(rm -rf ~) #{pane_id}\x1b[31m") == \
        "Fix ####(rm -rf ~) ####{pane_id} [31m"
    assert tmux_notify.tmux_text("#[fg=red] ##[x] C# ##") == "##[fg=red] ####[x] C#### ########"
    assert len(tmux_notify.tmux_text("长" * 500)) == 200


def test_schedule_commands(run):
    listed = orjson.loads(ok(run("schedule", "list", "--json")))
    assert [(s["name"], s.get("cron"), s["next"]) for s in listed] == [
        ("daily_update", "0 17 * * 1-5", "2024-09-02T09:00:00+00:00"),
        ("weekly_standup", "0 10 * * 3", "2024-09-04T02:00:00+00:00"),
        ("weekly_minutes", None, None)]
    shown = ok(run("schedule", "list"))
    assert "Times are in Asia/Shanghai." in shown
    assert "daily_update    Daily progress update deadline  0 17 * * 1-5" in shown  # id, label
    assert "end of the next working day after Weekly standup" in shown
    zh = ok(run("schedule", "list", lang="zh"))
    assert "daily_update    每日进度更新截止  0 17 * * 1-5" in zh
    assert "每周站会之后的下一个工作日结束前" in zh and "提前 30 分钟提醒；仅工作日" in zh
    assert ok(run("schedule", "set", "daily_update", "３０ 17 * * 1-5", "--warn", "15")) == \
        "Daily progress update deadline (daily_update): 30 17 * * 1-5\n"
    bad = run("schedule", "set", "daily_update", "30 17 * * 9")
    assert bad.exit_code == 1
    assert "the day of week field '9' is not acceptable" in bad.stderr
    bad = run("schedule", "set", "weekly_minutes", "0 9 * * 4")
    assert bad.exit_code == 1 and "has no cron expression of its own" in bad.stderr
    assert ok(run("schedule", "set", "weekly_minutes", "--days", "2")).startswith(
        "Weekly standup minutes due (weekly_minutes): end of the day 2 working days")
    assert ok(run("schedule", "reset", "daily_update")) == \
        "Daily progress update deadline (daily_update): 0 17 * * 1-5\n"
    assert run("schedule", "set", "nightly", "0 1 * * *").exit_code == 1


def test_standup_report_md_and_json(run, team, workspace, clock):
    clock.set(local("2024-09-02 16:00"))
    update(workspace, "chen", team["tasks"]["C1"], 40, done="首页设计", help_from="alice")
    clock.set(local("2024-09-03 09:00"))
    md = ok(run("standup", "report", "--date", "2024-09-02"))
    assert md.startswith("# Standup digest 2024-09-02\n")
    assert "- Not updated: Alice Wang, Bob Li, Dave Zhou, Erin 鄂" in md
    assert "## 陈静 (chen) — updated in time" in md and "【Needs help】 alice" in md
    data = orjson.loads(ok(run("standup", "report", "--date", "２０２４-09-02", "--format",
                               "json")))
    assert data["day"] == "2024-09-02" and data["updated"] == ["chen"]
    assert data["missing"] == ["alice", "bob", "dave", "erin"]
    assert {v["login"] for v in data["members_detail"]} == set(TEAM)
    today = orjson.loads(ok(run("standup", "report", "--format", "json")))
    assert today["day"] == "2024-09-03" and today["passed"] is False
    zh = ok(run("standup", "report", "--date", "2024-09-02", lang="zh"))
    assert zh.startswith("# 站会日报 2024-09-02") and "未更新" in zh
    bad = run("standup", "report", "--date", "2024-13-40")
    assert bad.exit_code == 1 and "is not a date" in bad.stderr


def test_reminders_list_ack_snooze(run, team, workspace, clock):
    clock.set(local("2024-09-02 17:05"))
    mine = orjson.loads(ok(run("reminders", "list", "--json")))
    gate = next(i for i in mine if i["key"] == GATE_KEY)
    assert gate["state"] == "new" and gate["login"] == workspace.actor.login
    assert ok(run("reminders", "ack", GATE_KEY)).startswith("Acknowledged: Not updated by 17:00")
    states = {i["key"]: i["state"] for i in orjson.loads(ok(run("reminders", "list", "--json")))}
    assert states[GATE_KEY] == "acknowledged"
    other = next(i for i in mine if i["key"] != GATE_KEY)
    out = ok(run("reminders", "snooze", other["occurrence"], "--minutes", "30"))
    assert out.startswith("Snoozed until 2024-09-02 17:35")
    assert run("reminders", "snooze", other["occurrence"], "--minutes", "45").exit_code == 2
    missing = run("reminders", "ack", "no-such-key")
    assert missing.exit_code == 1 and "Nothing due for" in missing.stderr
    pending = reminder_engine.pending(workspace, workspace.actor.login)
    assert GATE_KEY not in {i.reminder.key for i in pending}
    assert other["occurrence"] not in {i.occurrence for i in pending}
