"""Outbox → sender → real local servers: payloads, signatures, retries, give-up."""

from __future__ import annotations

import base64
import hashlib
import hmac

import pytest

from store.warroom import incidents
from store.core.errors import PermissionDenied
from store.notify import channels, queue, sender
from store.notify.secrets import SecretsError, load
from store.people.settings import update_settings

FEISHU_SECRET = "feishu-signing-secret"
DING_SECRET = "SECdingtalk-secret-123"


def _setup(ws, hooks, secrets_file, kinds=("feishu", "dingtalk", "wecom", "slack", "webhook")):
    entries = {}
    for kind in kinds:
        channels.add_channel(ws, kind, kind)
        channels.link(ws, kind, incidents="all")
        url = hooks.url(f"/{kind}", "access_token=tok-SECRET-1" if kind == "dingtalk"
                        else "key=wecom-SECRET-key" if kind == "wecom" else "")
        entries[kind] = {"url": url}
    if "feishu" in kinds:
        entries["feishu"]["secret"] = FEISHU_SECRET
    if "dingtalk" in kinds:
        entries["dingtalk"]["secret"] = DING_SECRET
    secrets_file.write(entries)


def _declare(ws, title="数据库宕机", impact="全部用户无法登录"):
    return incidents.declare(ws, title, impact=impact, measures="切换到备库", lead="bob")


def test_every_kind_speaks_its_documented_format(workspace, hooks, secrets_file):
    _setup(workspace, hooks, secrets_file)
    channels.set_mention(workspace, "wecom", "bob", "bob.li")
    channels.set_mention(workspace, "dingtalk", "bob", "ding-bob")
    inc = _declare(workspace)
    result = sender.run_once(workspace)
    # declared + the lead role: two events, five channels each
    assert result.delivered == 10 and not result.errors
    now = int(workspace.now().timestamp())

    feishu = hooks.at("/feishu")[0]["json"]
    # Feishu: timestamp (seconds) and sign = base64(HMAC-SHA256(key "ts\nsecret", msg ""))
    assert feishu["timestamp"] == str(now)
    expected = base64.b64encode(hmac.new(f"{now}\n{FEISHU_SECRET}".encode(), b"",
                                         hashlib.sha256).digest()).decode()
    assert feishu["sign"] == expected
    assert feishu["msg_type"] == "interactive"
    assert "数据库宕机" in feishu["card"]["header"]["title"]["content"]
    assert feishu["card"]["elements"][0]["tag"] == "markdown"
    assert "全部用户无法登录" in feishu["card"]["elements"][0]["content"]
    assert inc["id"] in feishu["card"]["elements"][0]["content"]

    ding = hooks.at("/dingtalk")
    query = ding[0]["query"]
    assert query["access_token"] == ["tok-SECRET-1"]
    ts = query["timestamp"][0]
    assert abs(int(ts) - now * 1000) < 1000
    digest = hmac.new(DING_SECRET.encode(), f"{ts}\n{DING_SECRET}".encode(),
                      hashlib.sha256).digest()
    # parse_qs has URL-decoded the sign once: it is the base64 text
    assert query["sign"] == [base64.b64encode(digest).decode()]
    assert ding[0]["json"]["msgtype"] == "markdown"
    role_post = ding[1]["json"]
    assert role_post["at"]["atUserIds"] == ["ding-bob"] and "@ding-bob" in \
        role_post["markdown"]["text"]

    wecom = hooks.at("/wecom")
    assert wecom[0]["json"]["msgtype"] == "markdown"
    assert "全部用户无法登录" in wecom[0]["json"]["markdown"]["content"]
    assert "<@bob.li>" in wecom[1]["json"]["markdown"]["content"]

    slack = hooks.at("/slack")[0]["json"]
    assert "数据库宕机" in slack["text"]
    assert slack["blocks"][0]["type"] == "header"
    assert slack["blocks"][1]["text"]["type"] == "mrkdwn"

    hook = hooks.at("/webhook")[0]["json"]
    assert hook["topic"] == "incident.declared" and hook["ref"] == inc["id"]
    assert hook["data"]["impact"] == "全部用户无法登录"


def test_posts_follow_the_workspace_language(workspace, hooks, secrets_file):
    _setup(workspace, hooks, secrets_file, kinds=("webhook",))
    update_settings(workspace, language="zh")
    _declare(workspace)
    sender.run_once(workspace)
    title = hooks.at("/webhook")[0]["json"]["title"]
    assert title.startswith("[S2] 紧急事务 INC-1 已登记")
    assert "影响" in hooks.at("/webhook")[0]["json"]["text"]


def test_hostile_text_arrives_intact_and_escaped(workspace, hooks, secrets_file):
    _setup(workspace, hooks, secrets_file, kinds=("feishu", "slack", "webhook", "wecom"))
    hostile = "<at id=all></at> **粗体** [link](http://x) & <b>\n# 标题\n" + "长文本" * 1150
    inc = _declare(workspace, title="<font color=red>x</font> *y*")
    from store.core.outbox import emit
    with workspace.transaction("incident-1") as tx:  # longer than the form allows: 10 kB
        tx.audit("test", inc["id"])
        emit(tx, "incident.declared", inc["id"], title="<font>", severity="S1", impact=hostile)
    hooks.requests.clear()
    sender.run_once(workspace)
    for kind in ("feishu", "slack", "webhook", "wecom"):
        hooks.requests[:] = [r for r in hooks.requests if r["path"] != f"/{kind}"
                             or r["json"].get("topic", "") != "incident.role"
                             and "is now" not in str(r["json"])]
    hook = [r["json"] for r in hooks.at("/webhook")
            if r["json"]["data"].get("impact") == hostile][0]  # 10 kB, every byte
    assert len(hostile.encode()) > 10_000
    card = [r["json"] for r in hooks.at("/feishu")
            if "长文本" in str(r["json"])][0]["card"]["elements"][0]["content"]
    assert "<at id=all>" not in card and "&lt;at id=all&gt;&lt;/at&gt;" in card
    assert "\\*\\*粗体\\*\\*" in card and "\\[link\\]" in card and "\n\\# 标题" in card
    assert "&amp; &lt;b&gt;" in card
    assert card.count("长文本") == 1150
    slack = [r["json"] for r in hooks.at("/slack") if "长文本" in r["json"]["text"]][0]
    section_text = "".join(b["text"]["text"] for b in slack["blocks"][1:])
    assert "&lt;at id=all&gt;" in section_text and "<at" not in section_text
    assert all(len(b["text"]["text"]) <= 3000 for b in slack["blocks"][1:])
    wecom = [r["json"] for r in hooks.at("/wecom")
             if "长文本" in str(r["json"])][0]["markdown"]["content"]
    assert len(wecom.encode()) <= 4096 and "INC-1" in wecom  # shortened, still links back


def test_control_characters_never_reach_a_service():
    from store.notify import escape
    assert escape.markdown("a\x1b[31mb\x07c\x85") == "a\\[31mbc"
    assert escape.mrkdwn("<@U1> & \x00") == "&lt;@U1&gt; &amp; "


def test_outbox_is_written_with_the_change_or_not_at_all(workspace, hooks, secrets_file):
    _setup(workspace, hooks, secrets_file, kinds=("webhook",))
    inc = _declare(workspace)
    before = len(workspace.rows("incident-1", "outbox"))
    with pytest.raises(PermissionDenied):  # alice is not the lead: nothing saved, nothing sent
        incidents.post_update(workspace.acting_as("alice"), inc["id"], "不是负责人")
    assert len(workspace.rows("incident-1", "outbox")) == before
    incidents.post_update(workspace.acting_as("bob"), inc["id"], "已定位")
    assert len(workspace.rows("incident-1", "outbox")) == before + 1


def test_retry_after_a_500_then_delivered_once(workspace, hooks, secrets_file, clock):
    _setup(workspace, hooks, secrets_file, kinds=("webhook",))
    hooks.script("/webhook", 500, 503)
    incidents.declare(workspace, "磁盘满", impact="写入失败")
    first = sender.run_once(workspace, reminders=False)
    assert first.retrying == 1 and "HTTP 500" in first.errors[0]
    assert sender.run_once(workspace, reminders=False).retrying == 0  # not yet: the backoff holds it
    clock.advance(seconds=31)
    assert sender.run_once(workspace, reminders=False).retrying == 1  # 503
    clock.advance(seconds=61)
    assert sender.run_once(workspace, reminders=False).delivered == 1
    clock.advance(hours=2)
    assert sender.run_once(workspace, reminders=False).delivered == 0
    assert [r["status"] for r in hooks.at("/webhook")] == [500, 503, 200]
    (row,) = queue.rows(workspace)
    assert row["state"] == "delivered" and row["attempts"] == 3


def test_429_waits_for_retry_after(workspace, hooks, secrets_file, clock):
    _setup(workspace, hooks, secrets_file, kinds=("webhook",))
    hooks.script("/webhook", 429)
    incidents.declare(workspace, "限流", impact="x")
    sender.run_once(workspace, reminders=False)
    clock.advance(seconds=100)
    assert sender.run_once(workspace, reminders=False).delivered == 0  # Retry-After: 120
    clock.advance(seconds=25)
    assert sender.run_once(workspace, reminders=False).delivered == 1


def test_gives_up_after_a_day_and_says_so(workspace, hooks, secrets_file, clock):
    _setup(workspace, hooks, secrets_file, kinds=("webhook",))
    hooks.script("/webhook", *[500] * 100)
    incidents.declare(workspace, "一直失败", impact="x")
    for _ in range(40):
        sender.run_once(workspace, reminders=False)
        clock.advance(hours=1)
    (row,) = queue.rows(workspace)
    assert row["state"] == "failed" and row["last_error"] == "HTTP 500"
    assert queue.failures(workspace)[0]["subject"] == "INC-1"
    tries = len(hooks.at("/webhook"))
    assert 5 < tries < 40
    clock.advance(hours=5)
    sender.run_once(workspace, reminders=False)
    assert len(hooks.at("/webhook")) == tries  # given up: no more tries


def test_secrets_never_appear_in_errors(workspace, secrets_file):
    channels.add_channel(workspace, "dead", "dingtalk")
    channels.link(workspace, "dead", incidents="all")
    secrets_file.write({"dead": {"url": "http://127.0.0.1:1/robot/send?access_token="
                                        "TOPSECRET-TOKEN-42", "secret": "SEC-very-secret"}})
    incidents.declare(workspace, "连接失败", impact="x")
    result = sender.run_once(workspace)
    text = " ".join(result.errors) + str(queue.rows(workspace))
    assert result.retrying == 1
    assert "TOPSECRET" not in text and "SEC-very" not in text


def test_unsafe_secrets_file_is_refused(secrets_file):
    secrets_file.write({"x": {"url": "http://h/?key=k"}}, mode=0o644)
    with pytest.raises(SecretsError, match="chmod 600"):
        load()
    secrets_file.write({"x": {"url": "http://h/?key=k"}}, mode=0o600)
    assert load()["x"]["url"] == "http://h/?key=k"


def test_project_events_reach_the_projects_channel(workspace, hooks, secrets_file, clock):
    from store.projects.project import create_project
    channels.add_channel(workspace, "proj", "webhook")
    secrets_file.write({"proj": {"url": hooks.url("/proj")}})
    p = create_project(workspace, "新官网", pm="alice", initiator_dept="Product",
                       lead_dept="Engineering", goal="上线", due="2024-12-31")
    clock.advance(minutes=1)  # linking does not replay what happened before
    channels.link(workspace, "proj", project=p["id"])
    create_project(workspace, "未关联", pm="alice", initiator_dept="Product",
                   lead_dept="Engineering", goal="x", due="2024-12-31")
    from store.projects.project import get_project
    from store.projects.project import emit_project
    with workspace.transaction(f"project-{p['id']}") as tx:  # as a store write would
        tx.audit("test", p["id"])
        emit_project(tx, get_project(workspace, p["id"]), "tasks.published", tasks=["1-1"])
    sender.run_once(workspace)
    posts = hooks.at("/proj")
    assert [r["json"]["topic"] for r in posts] == ["tasks.published"]
    assert posts[0]["json"]["ref"] == f"P{p['id']}"


def test_sla_missed_and_linked_reminders_post_once(workspace, hooks, secrets_file, clock):
    _setup(workspace, hooks, secrets_file, kinds=("webhook",))
    incidents.declare(workspace, "无人响应", impact="x")
    sender.run_once(workspace)
    clock.advance(hours=3)  # the roles timer is long overdue
    sender.run_once(workspace)
    sender.run_once(workspace)
    topics = [r["json"]["topic"] for r in hooks.at("/webhook")]
    assert topics.count("incident.sla") >= 1
    assert len(topics) == len({(r["json"]["event"]) for r in hooks.at("/webhook")})


def test_an_account_without_the_secrets_leaves_the_posts_to_the_sender(workspace, hooks,
                                                                      secrets_file):
    _setup(workspace, hooks, secrets_file, kinds=("webhook",))
    incidents.declare(workspace, "夜间故障", impact="x")
    real = secrets_file.path.read_text()
    secrets_file.path.unlink()  # a member's `huddle remind`: no secrets file
    result = sender.run_once(workspace, reminders=False)
    assert result.queued == 1 and result.delivered == 0 and not result.errors
    (row,) = queue.rows(workspace)
    assert row["attempts"] == 0 and row["state"] == "pending"
    secrets_file.path.write_text(real)
    secrets_file.path.chmod(0o600)
    assert sender.run_once(workspace, reminders=False).delivered == 1


def test_posts_of_a_removed_channel_are_closed(workspace, hooks, secrets_file):
    _setup(workspace, hooks, secrets_file, kinds=("webhook",))
    incidents.declare(workspace, "x", impact="x")
    from store.notify.sender import new_events
    events, _ = new_events(workspace)
    queue.ingest(workspace, [(e, channels.targets(workspace, e)) for e in events],
                 workspace.now())
    channels.remove_channel(workspace, "webhook")
    sender.run_once(workspace, reminders=False)
    (row,) = queue.rows(workspace)
    assert row["state"] == "failed" and "removed" in row["last_error"]
    assert not hooks.requests


def test_reminders_of_a_linked_kind_post_once_per_occurrence(workspace, hooks, secrets_file,
                                                             clock):
    channels.add_channel(workspace, "rem", "webhook")
    channels.link(workspace, "rem", reminders="incident.roles")
    secrets_file.write({"rem": {"url": hooks.url("/rem")}})
    incidents.declare(workspace, "无人分派", impact="x")  # not linked to the war room
    clock.advance(minutes=5)
    sender.run_once(workspace)
    sender.run_once(workspace)
    clock.advance(minutes=10)  # now overdue: a second occurrence
    sender.run_once(workspace)
    sender.run_once(workspace)
    posts = [r["json"] for r in hooks.at("/rem")]
    assert [(p["topic"], p["data"]["kind"], p["data"]["overdue"]) for p in posts] == [
        ("reminder", "incident.roles", False), ("reminder", "incident.roles", True)]
    assert posts[0]["title"].startswith("Reminder: INC-1")


def test_the_outbox_stays_out_of_a_projects_head(workspace, hooks, secrets_file):
    from store.projects.project import create_project, read_more
    channels.add_channel(workspace, "p", "webhook")
    p = create_project(workspace, "x", pm="alice", initiator_dept="Product",
                       lead_dept="Engineering", goal="x", due="2024-12-31")
    assert workspace.rows(f"project-{p['id']}", "outbox")  # read from the file itself
    assert "outbox" not in read_more(workspace, p["id"])["tables"]


def test_an_overdue_reminder_is_not_posted_again_a_week_later(workspace, hooks, secrets_file,
                                                              clock):
    _setup(workspace, hooks, secrets_file, kinds=("webhook",))
    incidents.declare(workspace, "长期无人处理", impact="x")
    clock.advance(hours=1)
    sender.run_once(workspace)
    posted = len(hooks.at("/webhook"))
    for n in range(4):
        clock.advance(days=4)
        queue.ingest(workspace, [({"id": f"other-{n}", "topic": "x", "at": ""}, [])],
                     workspace.now())  # other traffic: the queue prunes what it remembers
        sender.run_once(workspace)  # outbox events are forgotten after 7 days; reminders not
    assert len(hooks.at("/webhook")) == posted


def test_posts_nobody_can_send_are_closed_after_a_day(workspace, hooks, secrets_file, clock):
    _setup(workspace, hooks, secrets_file, kinds=("webhook",))
    secrets_file.path.unlink()  # only members without the secrets run `huddle remind`
    incidents.declare(workspace, "无人发送", impact="x")
    sender.run_once(workspace, reminders=False)
    clock.advance(hours=25)
    incidents.declare(workspace, "第二个", impact="x")  # traffic: the queue tidies up
    sender.run_once(workspace, reminders=False)
    states = sorted((r["subject"], r["state"]) for r in queue.rows(workspace))
    assert states == [("INC-1", "failed"), ("INC-2", "pending")]
    assert "secrets" in queue.failures(workspace)[0]["last_error"]
