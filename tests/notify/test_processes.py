"""Several processes: exactly once with two senders, a slow endpoint never slows a write,
and mail through a real SMTP server (STARTTLS + login)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from store.warroom import incidents
from store.notify import channels, sender
from store.people.members import edit_member

ROOT = Path(__file__).resolve().parents[2]
HUDDLE = [sys.executable, "-c", "from tui.cli import main; main()"]


def _env(ws, secrets_file) -> dict:
    return {**os.environ, "HUDDLE_WORKSPACE": str(ws.folder), "LC_ALL": "C.UTF-8",
            "HUDDLE_NOTIFY_SECRETS": str(secrets_file.path), "PYTHONPATH": str(ROOT),
            "HUDDLE_NOW": ws.now().isoformat()}


@pytest.mark.usefixtures("backend")  # on the folder and on PostgreSQL
def test_two_senders_at_once_post_each_event_once(workspace, hooks, secrets_file):
    channels.add_channel(workspace, "hook", "webhook")
    channels.link(workspace, "hook", incidents="all")
    secrets_file.write({"hook": {"url": hooks.url("/hook")}})
    hooks.delay = 0.02  # so that both senders are busy at the same time
    for n in range(12):
        incidents.declare(workspace, f"事件 {n}", impact="x")
    env = _env(workspace, secrets_file)
    procs = [subprocess.Popen([*HUDDLE, "notify", "run", "--once"], env=env, cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for _ in range(2)]
    for proc in procs:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err.decode()
    # a third pass finds nothing left: both together delivered each event exactly once
    sender.run_once(workspace, reminders=False)
    events = [r["json"]["event"] for r in hooks.at("/hook")]
    assert len(events) == 12 and len(set(events)) == 12


@pytest.mark.usefixtures("backend")
def test_a_slow_endpoint_does_not_slow_a_write(workspace, hooks, secrets_file, clock):
    channels.add_channel(workspace, "slow", "webhook")
    inc = incidents.declare(workspace, "慢", impact="x", lead=workspace.actor.login)
    clock.advance(minutes=1)
    channels.link(workspace, "slow", incidents="all")  # from now on
    secrets_file.write({"slow": {"url": hooks.url("/slow")}})
    hooks.delay = 1.2
    incidents.post_update(workspace, inc["id"], "开始排查")
    env = _env(workspace, secrets_file)
    runner = subprocess.Popen([*HUDDLE, "notify", "run", "--poll", "0.2"], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 10
        while not hooks.requests and time.time() < deadline:
            time.sleep(0.05)
        assert hooks.requests, "the sender did not post within 10 s"
        from click.testing import CliRunner

        from tui.cli import cli
        started = time.monotonic()  # the sender is now stuck in a slow post
        result = CliRunner().invoke(cli, ["incident", "update", inc["id"], "进展：已定位",
                                          "--workspace", str(workspace.folder)], env=env)
        assert result.exit_code == 0, result.output
        assert time.monotonic() - started < 0.8  # the command only wrote the outbox
        deadline = time.time() + 10  # and the update is posted within seconds of its commit
        while len(hooks.requests) < 2 and time.time() < deadline:
            time.sleep(0.05)
        assert [r["json"]["data"]["text"] for r in hooks.requests] == ["开始排查", "进展：已定位"]
    finally:
        runner.terminate()
        runner.wait(timeout=10)


def test_mail_reaches_members_through_starttls_and_login(workspace, secrets_file, smtp):
    edit_member(workspace, "bob", email="bob@example.com")
    channels.add_channel(workspace, "mail", "email")
    channels.link(workspace, "mail", incidents="S1")
    secrets_file.write({"mail": {"host": "localhost", "port": smtp.port, "user": "huddle",
                                 "password": "pa55word", "from": "huddle@example.com",
                                 "cafile": smtp.cafile}})
    incidents.declare(workspace, "支付中断 <script>", impact="全部用户无法支付",
                      severity_level="S1", reporter="bob", lead="bob")
    incidents.declare(workspace, "轻微问题", impact="x", severity_level="S3")  # below S1
    result = sender.run_once(workspace, reminders=False)
    assert not result.errors, result.errors
    assert smtp.logins and all(tls and ok for tls, ok in smtp.logins)
    envelopes = smtp.messages
    assert envelopes and all(e.rcpt_tos == ["bob@example.com"] for e in envelopes)
    from email import message_from_bytes, policy
    mail = message_from_bytes(envelopes[0].original_content, policy=policy.default)
    assert "支付中断 <script>" in mail["Subject"]
    assert "全部用户无法支付" in mail.get_content()
