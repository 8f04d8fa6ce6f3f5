"""What an incident leaves behind: the four Markdown forms in English and Chinese,
the editable customer notice, the postmortem and the knowledge-base archive."""

from __future__ import annotations

import pytest

from store.warroom import reports
from store.warroom import incidents
from store.kb import entries as kb
from store.core.errors import InvalidValue, PermissionDenied, StoreError
from store.core.i18n import set_language
from store.people.settings import update_settings

from incident_helpers import declare


def resolved(ws, clock, as_) -> dict:
    """Began 09:30, reported 10:00, roles 10:04, pinned note, mitigated 10:25, resolved 11:30."""
    declare(ws, "官网无法访问 | [bold]x", began_at="2024-09-02 09:30")
    alice = as_("alice")
    clock.advance(minutes=4)
    incidents.assign_role(alice, 1, "lead", "alice")
    incidents.assign_role(alice, 1, "wording", "chen")
    clock.advance(minutes=6)
    note = incidents.log_note(as_("chen"), 1, "客服口径：正在紧急修复")
    incidents.pin_event(as_("chen"), 1, note["no"])
    clock.advance(minutes=15)
    incidents.mark_mitigated(alice, 1, "切换到备用集群")
    clock.advance(minutes=65)
    return incidents.resolve(alice, 1, cause="数据库连接池溢出", measures="扩容连接池并限流")


def test_initial_information_form(workspace, clock):
    declare(workspace, began_at="2024-09-02 09:50")
    md = reports.export(workspace, "INC-1", "initial")
    assert md.startswith("# Incident initial information form · INC-1")
    for expected in ("| Began at | 2024-09-02 09:50 |", "| Reported at | 2024-09-02 10:00 |",
                     "| Severity | S1 |", "| Temporary measures taken | 重启服务器无效 |",
                     "| Reported by | Alice Wang (alice) |"):
        assert expected in md
    set_language("zh")
    md = reports.export(workspace, 1, "initial")
    assert md.startswith("# 紧急事务初始信息表 · INC-1")
    assert "| 已采取的临时措施 | 重启服务器无效 |" in md and "| 问题发生时间 |" in md


def test_resolution_report_duration_from_the_timeline(workspace, clock, as_):
    inc = resolved(workspace, clock, as_)
    md = reports.resolution_report_md(workspace, inc["id"])
    assert "| Duration | lasted 120 minutes, service restored |" in md
    assert "## Cause\n\n数据库连接池溢出" in md and "## Measures\n\n扩容连接池并限流" in md
    assert "- Time to roles: 4 minutes" in md and "- Time to resolution: 90 minutes" in md
    assert "官网无法访问 \\| [bold]x" in md          # a table cell stays one cell
    assert "客服口径：正在紧急修复" in md              # pinned events are key events
    set_language("zh")
    md = reports.export(workspace, 1, "report")
    assert md.startswith("# 紧急事务处理报告")
    assert "| 影响时长 | 持续120分钟，已恢复访问 |" in md


def test_reports_wait_for_their_state(workspace, clock):
    declare(workspace)
    for form in ("report", "notice", "postmortem"):
        with pytest.raises(StoreError, match="not available yet"):
            reports.export(workspace, 1, form)
    with pytest.raises(InvalidValue):
        reports.export(workspace, 1, "poem")


def test_customer_notice_is_drafted_and_editable(workspace, clock, as_):
    resolved(workspace, clock, as_)
    draft = reports.notice_text(workspace, 1)
    assert draft.startswith("Dear users,") and "数据库连接池溢出" in draft
    assert "We sincerely apologise" in draft and "lasted 120 minutes" in draft
    with pytest.raises(PermissionDenied):
        reports.set_notice(as_("bob"), 1, compensation="x")      # holds no role
    reports.set_notice(as_("chen"), 1, apology="为给您带来不便，我们深表歉意。",
                       compensation="我们赠送1个月会员权益。")   # customer-service wording
    text = reports.notice_text(workspace, 1)
    assert "我们赠送1个月会员权益。" in text and "We sincerely" not in text
    reports.set_notice(as_("alice"), 1, body="尊敬的用户：\n\n服务已恢复。")
    assert reports.export(workspace, 1, "notice").endswith("尊敬的用户：\n\n服务已恢复。\n")
    reports.set_notice(as_("alice"), 1, body="")                  # back to the draft
    assert "我们赠送1个月会员权益。" in reports.notice_text(workspace, 1)
    assert [e["kind"] for e in incidents.timeline(workspace, 1)].count("notice") == 3
    set_language("zh")  # the reader's language does not change the notice…
    reports.set_notice(as_("alice"), 1, apology="")
    assert reports.notice_text(workspace, 1).startswith("Dear users,")
    set_language("en")  # …the team's does
    update_settings(workspace, language="zh")
    assert reports.notice_text(workspace, 1).startswith("尊敬的用户：")


def test_postmortem_is_archived_in_the_knowledge_base(workspace, clock, as_):
    resolved(workspace, clock, as_)
    entries = kb.list_entries(workspace)
    assert [(e["kind"], e["source"]) for e in entries] == \
        [("resolution", {"kind": "incident", "id": "INC-1"})]
    with pytest.raises(PermissionDenied):
        reports.write_postmortem(as_("chen"), 1, factors=["x"], actions=["a | bob | 2024-09-10"])
    with pytest.raises(InvalidValue) as err:
        reports.write_postmortem(as_("alice"), 1, factors=[], actions=["a | bob | 2024-09-10"])
    assert err.value.field == "factors"
    with pytest.raises(InvalidValue) as err:
        reports.write_postmortem(as_("alice"), 1, factors=["x"], actions=["a | ghost | 2024-09-10"])
    assert err.value.field == "owner"
    with pytest.raises(InvalidValue) as err:
        reports.write_postmortem(as_("alice"), 1, factors=["x"], actions=["only text"])
    assert err.value.field == "actions"
    inc = reports.write_postmortem(
        as_("alice"), 1, summary="高峰期连接池耗尽。", factors="- 连接池上限过低\n- 缺少告警",
        actions=["增加连接池告警 | bob | 2024-09-10",
                 {"text": "压测新上限", "owner": "chen", "due": "2024-09-20"}],
        process_change="上线前必须压测连接池")
    assert inc["state"] == "postmortem_done" and set(inc["kb"]) == {"resolution", "postmortem"}
    md = reports.postmortem_md(workspace, 1)
    assert "## Pinned timeline" in md and "客服口径：正在紧急修复" in md
    assert "- 连接池上限过低\n- 缺少告警" in md
    assert "| 增加连接池告警 | Bob Li (bob) | 2024-09-10 |" in md
    assert "上线前必须压测连接池" in md
    entry = kb.get_entry(workspace, inc["kb"]["postmortem"])
    assert entry["kind"] == "postmortem" and entry["body"].startswith(md.strip())
    assert entry["body"].endswith("\n\nSearch terms: 复盘报告 · 栏目 · 内容 · 严重程度 · 应急负责人 · "
                                  "影响时长 · 明确分工用时 · 缓解用时 · 解决用时 · 概要 · 置顶时间线 · "
                                  "时间 · 人员 · 事件 · 问题原因 · 原因分析 · 改进措施 · 措施 · "
                                  "负责人 · 截止日期 · 流程优化")
    assert "复盘报告" in entry["tags"]  # the kind in the other language
    assert entry["source"] == {"kind": "incident", "id": "INC-1"}
    # archiving again adds nothing
    reports.archive(workspace, 1)
    assert len(kb.list_entries(workspace)) == 2
    with pytest.raises(StoreError):
        reports.write_postmortem(as_("alice"), 1, factors=["x"], actions=["a | bob | 2024-09-10"])


def test_event_text_and_time_helpers(workspace, clock, as_):
    from datetime import timedelta
    assert reports.countdown(timedelta(minutes=9, seconds=5)) == "09:05"
    assert reports.countdown(timedelta(seconds=-61)) == "-01:01"
    assert reports.countdown(timedelta(hours=1, minutes=2, seconds=3)) == "1:02:03"
    inc = declare(workspace)
    assert reports.ago(workspace.now() + timedelta(minutes=12), inc["reported_at"]) == \
        "12 minutes ago"
    set_language("zh")
    assert reports.ago(workspace.now() + timedelta(minutes=12), inc["reported_at"]) == "12分钟前"
    text = reports.event_text(workspace, inc["events"][0])
    assert text.startswith("宣布 S1：官网无法访问")
