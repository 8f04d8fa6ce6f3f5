"""`huddle notify …` and `huddle remind` delivering what is pending."""

from __future__ import annotations

import orjson
import pytest
from click.testing import CliRunner

from store.warroom import incidents
from store.core.clock import to_iso
from tui.cli import cli


@pytest.fixture
def run(workspace_dir, clock, secrets_file):
    runner = CliRunner()

    def invoke(*args: object, lang: tuple = ()):
        argv = [*lang, *(str(a) for a in args), "--workspace", str(workspace_dir)]
        return runner.invoke(cli, argv, env={"LC_ALL": "C.UTF-8", "HUDDLE_WORKSPACE": None,
                                             "HUDDLE_NOW": to_iso(clock.now()),
                                             "HUDDLE_NOTIFY_SECRETS": str(secrets_file.path)})
    return invoke


def _ok(result):
    assert result.exit_code == 0, (result.stdout, result.stderr)
    assert "Traceback" not in result.output
    return result


def test_add_link_list_remove(run, workspace):
    _ok(run("notify", "add", "ops", "--kind", "feishu"))
    _ok(run("notify", "link", "ops", "--incidents", "S2"))
    _ok(run("notify", "link", "ops", "--reminders", "daily_update,weekly_standup"))
    listed = orjson.loads(_ok(run("notify", "list", "--json")).stdout)
    (channel,) = listed["channels"]
    assert channel["incidents"] == "S2" and channel["secret"] == "ops"
    assert channel["reminders"] == ["daily_update", "weekly_standup"]
    text = _ok(run("notify", "list")).stdout
    assert "incidents S2 and up" in text and "feishu" in text
    chinese = _ok(run("notify", "list", lang=("--lang", "zh"))).stdout
    assert "S2 及以上紧急事务" in chinese
    _ok(run("notify", "link", "ops", "--incidents", "all", "--unlink"))
    _ok(run("notify", "remove", "ops"))
    assert orjson.loads(run("notify", "list", "--json").stdout)["channels"] == []


def test_refusals_are_one_line(run, workspace):
    assert run("notify", "add", "x", "--kind", "fax").exit_code == 2
    bad = run("notify", "link", "nope", "--incidents", "S2")
    assert bad.exit_code == 1 and bad.stderr.startswith("huddle: ") and "nope" in bad.stderr
    _ok(run("notify", "add", "ops", "--kind", "slack"))
    assert run("notify", "add", "ops", "--kind", "slack").exit_code == 1
    assert run("notify", "link", "ops").exit_code == 2
    assert "S9" in run("notify", "link", "ops", "--incidents", "S9").stderr
    assert run("notify", "add", "bad name", "--kind", "slack").exit_code == 1


def test_test_posts_now_and_hides_the_key_on_failure(run, workspace, hooks, secrets_file):
    _ok(run("notify", "add", "hook", "--kind", "wecom"))
    secrets_file.write({"hook": {"url": hooks.url("/cgi-bin/webhook/send", "key=KEY-123456")}})
    assert "Posted a test message" in _ok(run("notify", "test", "hook")).stdout
    assert hooks.at("/cgi-bin/webhook/send")[0]["json"]["msgtype"] == "markdown"
    secrets_file.write({"hook": {"url": "http://127.0.0.1:1/cgi-bin/webhook/send?key=KEY-123456"}})
    failed = run("notify", "test", "hook")
    assert failed.exit_code == 1 and "KEY-123456" not in failed.output
    secrets_file.write({"hook": {"url": hooks.url("/x")}}, mode=0o640)
    unsafe = run("notify", "test", "hook")
    assert unsafe.exit_code == 1 and "chmod 600" in unsafe.stderr


def test_remind_delivers_pending_posts_and_list_shows_failures(run, workspace, hooks,
                                                               secrets_file, clock):
    _ok(run("notify", "add", "hook", "--kind", "webhook"))
    _ok(run("notify", "link", "hook", "--incidents", "all"))
    secrets_file.write({"hook": {"url": hooks.url("/hook")}})
    incidents.declare(workspace, "机房断电", impact="全部服务")
    _ok(run("remind"))
    assert [r["json"]["topic"] for r in hooks.at("/hook")] == ["incident.declared"]
    hooks.script("/hook", *[500] * 200)
    incidents.declare(workspace, "再次断电", impact="x")
    for _ in range(15):
        run("remind")
        clock.advance(hours=2)
    listed = orjson.loads(_ok(run("notify", "list", "--json")).stdout)
    assert any(f["subject"] == "INC-2" and f["last_error"] == "HTTP 500"
               for f in listed["failures"])
    assert "Failed: hook" in _ok(run("notify", "list")).stdout


def test_member_email_and_settings_language(run, workspace):
    _ok(run("member", "edit", "bob", "--email", "ｂｏｂ@example.com"))
    assert "bob@example.com" in run("member", "list", "--json").stdout
    bad = run("member", "edit", "bob", "--email", "not-an-address")
    assert bad.exit_code == 1 and "e-mail" in bad.stderr
    _ok(run("settings", "set", "--language", "zh"))
    assert orjson.loads(run("settings", "show", "--json").stdout)["language"] == "zh"


def test_secret_asks_and_writes_a_private_file(workspace, workspace_dir, clock, secrets_file,
                                               hooks):
    runner = CliRunner()
    env = {"LC_ALL": "C.UTF-8", "HUDDLE_NOW": to_iso(clock.now()),
           "HUDDLE_NOTIFY_SECRETS": str(secrets_file.path)}
    ws = ["--workspace", str(workspace_dir)]
    _ok(runner.invoke(cli, ["notify", "add", "ding", "--kind", "dingtalk", *ws], env=env))
    url = hooks.url("/robot/send", "access_token=TOKEN-abcdef")
    result = _ok(runner.invoke(cli, ["notify", "secret", "ding", *ws], env=env,
                               input=f"{url}\nSEC-signing\n"))
    assert "TOKEN-abcdef" not in result.output and "SEC-signing" not in result.output
    assert secrets_file.path.stat().st_mode & 0o777 == 0o600
    from store.notify.secrets import load
    assert load()["ding"] == {"url": url, "secret": "SEC-signing"}
    _ok(runner.invoke(cli, ["notify", "test", "ding", *ws], env=env))
    assert "sign" in hooks.at("/robot/send")[0]["query"]
