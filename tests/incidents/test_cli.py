"""`huddle incident …` in-process with click's CliRunner: an alerting script opens an
incident and the team runs it to the postmortem; errors go to stderr with exit 1."""

from __future__ import annotations

import orjson
import pytest
from click.testing import CliRunner

from store.warroom import incidents
from store.kb import entries as kb
from store.core.clock import to_iso
from tui.cli import cli

ENV = {"LC_ALL": "C.UTF-8", "HUDDLE_WORKSPACE": None, "HUDDLE_DEBUG": None}


@pytest.fixture
def run(workspace, clock):
    runner = CliRunner()

    def invoke(*args: object, as_login: str | None = None, lang: str = "en"):
        argv = ["--lang", lang, "incident", *[str(a) for a in args],
                "--workspace", str(workspace.folder)]
        if as_login:
            argv += ["--as", as_login]
        return runner.invoke(cli, argv, env={**ENV, "HUDDLE_NOW": to_iso(clock.now())})
    return invoke


def ok(result) -> str:
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_an_incident_from_the_command_line(run, workspace, clock):
    out = ok(run("declare", "官网无法访问", "--impact", "全国用户", "--measures", "重启服务器无效",
                 "--severity", "S1", "--began", "2024-09-02 09:50", as_login="alice"))
    assert out == "INC-1\n"                          # only the id: scripts keep it
    data = orjson.loads(ok(run("show", "INC-1", "--json")))
    assert data["state"] == "reported" and data["began_at"] == "2024-09-02T01:50:00+00:00"
    assert [d["rule"] for d in data["deadlines"]] == ["roles", "update"]
    assert data["next_deadline"]["due_at"] == "2024-09-02T02:10:00+00:00"
    ok(run("role", "1", "lead", "alice", as_login="alice"))
    assignment = orjson.loads(ok(run("role", "1", "logs", "bob", "--json", as_login="alice")))
    assert assignment["login"] == "bob" and assignment["incident"] == "INC-1"
    clock.advance(minutes=5)
    said = ok(run("ready", "1", "--note", "回滚方案已准备", as_login="bob")).strip()
    assert said == "Bob Li (bob) is ready"                # the name first, as the timeline
    event = orjson.loads(ok(run("update", "1", "初步判断为数据库连接池溢出", "--json",
                                as_login="alice")))
    assert event["kind"] == "update" and event["author"] == "alice"
    assert ok(run("log", "1", "找到慢查询", as_login="bob")).startswith("#")
    ok(run("log", "1", "回滚", "--decision", as_login="alice"))
    ok(run("pin", "1", "8", as_login="bob"))
    timeline = orjson.loads(ok(run("log", "1", "--json")))
    assert [e["kind"] for e in timeline][-3:] == ["update", "note", "decision"]
    assert timeline[7]["pinned"] is True
    ok(run("mitigate", "1", "切换到备用集群", as_login="alice"))
    clock.advance(minutes=30)
    resolved = orjson.loads(ok(run("resolve", "1", "--cause", "连接池溢出", "--measures", "扩容",
                                   "--json", as_login="alice")))
    assert resolved["state"] == "resolved" and resolved["metrics"]["time_to_roles"] == 0
    notice = ok(run("notice", "1", "--compensation", "赠送1个月会员权益", as_login="alice"))
    assert "赠送1个月会员权益" in notice
    ok(run("postmortem", "1", "--factor", "连接池太小", "--action", "加告警 | bob | 2024-09-10",
           as_login="alice"))
    assert incidents.get_incident(workspace, 1)["state"] == "postmortem_done"
    assert sorted(e["kind"] for e in kb.list_entries(workspace)) == ["postmortem", "resolution"]
    md = ok(run("export", "1", "report", lang="zh"))
    assert md.startswith("# 紧急事务处理报告") and "持续45分钟，已恢复访问" in md
    listing = ok(run("list"))
    assert "INC-1" in listing and "postmortem done" in listing
    history = orjson.loads(ok(run("history", "--json")))
    assert history["incidents"][0]["id"] == "INC-1"
    assert history["mean_minutes"]["time_to_resolution"] == 35.0


def test_export_to_a_file_and_list_json(run, tmp_path, clock):
    ok(run("declare", "DB slow", "--impact", "orders", as_login="chen"))
    target = tmp_path / "form.md"
    assert ok(run("export", "INC-1", "initial", "-o", target)).strip() == str(target)
    assert target.read_text(encoding="utf-8").startswith("# Incident initial information form")
    listed = orjson.loads(ok(run("list", "--active", "--json")))
    assert [i["id"] for i in listed] == ["INC-1"] and "events" not in listed[0]
    assert listed[0]["severity"] == "S2"


@pytest.mark.parametrize("args,as_login,message", [
    (("declare", "x", "--impact", "y", "--severity", "S9"), "alice", "severity"),
    (("declare", "x", "--impact", ""), "alice", "impact: required"),
    (("update", "1", "status"), "bob", "no incident lead"),
    (("resolve", "1", "--cause", "c", "--measures", "m"), "alice", "Only the incident lead"),
    (("show", "INC-9"), None, "No incident INC-9"),
    (("export", "1", "report"), None, "not available yet"),
    (("ready", "1"), "chen", "not been mobilised"),
])
def test_errors_go_to_stderr_with_exit_1(run, as_, args, as_login, message):
    ok(run("declare", "base", "--impact", "all", as_login="chen"))
    if args[0] == "resolve":
        incidents.assign_role(as_("chen"), 1, "lead", "chen")
    result = run(*args, as_login=as_login)
    assert result.exit_code == 1
    assert message in result.stderr and result.stdout == ""
    assert "Traceback" not in result.stderr


def test_role_usage_error(run):
    ok(run("declare", "base", "--impact", "all"))
    result = run("role", "1", "logs")
    assert result.exit_code == 2 and "--renounce" in result.stderr
