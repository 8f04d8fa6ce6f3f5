"""Customer requests: the lifecycle, change confirmations, overdue reminders; routine minutes."""

from __future__ import annotations

import pytest
from ob_helpers import local

from store.customers import requests as cr
from store.kb import entries as kb
from store.meetings import routines
from store.core.errors import IllegalTransition, InvalidValue, PermissionDenied
from store.reminders.registry import collect


def new(ws, **kw):
    args = dict(owner="chen", due="2024-09-06", contact="刘经理",
                detail="客户反馈：导出报表需要支持按部门筛选。")
    args.update(kw)
    return cr.add_request(ws.acting_as("alice"), "华东客户A", "报表按部门筛选", **args)


def test_lifecycle_received_confirmed_in_progress_closed(ws):
    req = new(ws)
    assert req["state"] == "received" and req["received_by"] == "alice"
    assert req["confirm_by"] == "2024-09-03"  # the next working day
    chen = ws.acting_as("chen")
    with pytest.raises(IllegalTransition):
        cr.start(chen, req["id"])  # not confirmed yet
    req = cr.confirm(chen, req["id"], "电话确认需求范围")
    req = cr.start(chen, req["id"])
    with pytest.raises(IllegalTransition):
        cr.advance(chen, req["id"])  # closing needs a resolution
    with pytest.raises(InvalidValue):
        cr.close(chen, req["id"], "")
    req = cr.close(chen, req["id"], "已上线筛选功能，客户验收通过")
    assert req["state"] == "closed" and req["closed_at"] == "2024-09-02T02:00:00+00:00"
    assert [(h["from"], h["to"]) for h in req["history"]] == [
        ("received", "confirmed"), ("confirmed", "in_progress"), ("in_progress", "closed")]
    with pytest.raises(IllegalTransition):
        cr.confirm(chen, req["id"])


def test_only_owner_logger_or_admin_may_change(ws):
    req = new(ws)
    with pytest.raises(PermissionDenied):
        cr.confirm(ws.acting_as("bob"), req["id"])
    cr.confirm(ws.acting_as("alice"), req["id"])  # logged it


def test_change_confirmation_moves_the_due_date_and_keeps_history(ws):
    req = new(ws)
    chen = ws.acting_as("chen")
    req = cr.request_change(chen, req["id"], "增加按项目筛选", due="2024-09-13")
    assert req["pending_changes"] == 1 and req["due"] == "2024-09-06"
    cr.confirm(chen, req["id"])
    cr.start(chen, req["id"])
    with pytest.raises(IllegalTransition):
        cr.close(chen, req["id"], "done")  # a change is waiting for the customer
    req = cr.confirm_change(chen, req["id"], 1, confirmed_by="刘经理", note="邮件确认")
    assert req["due"] == "2024-09-13"
    assert req["due_history"] == [{"due": "2024-09-06", "until": "2024-09-02T02:00:00+00:00",
                                   "change": 1}]
    assert req["changes"][0]["state"] == "confirmed"
    assert req["changes"][0]["confirmed_by"] == "刘经理"
    with pytest.raises(IllegalTransition):
        cr.confirm_change(chen, req["id"], 1, confirmed_by="刘经理")
    req = cr.request_change(chen, req["id"], "再加导出PDF", due="2024-09-30")
    req = cr.confirm_change(chen, req["id"], 2, confirmed_by="刘经理", accept=False)
    assert req["due"] == "2024-09-13" and req["changes"][1]["state"] == "rejected"
    assert cr.close(chen, req["id"], "完成")["state"] == "closed"


def test_overdue_requests_become_reminders_at_exact_instants(ws):
    req = new(ws)  # confirm by Tue 2024-09-03, due Fri 2024-09-06
    subject = f"C{req['id']}"

    def kinds(at):
        return {r.kind for r in collect(ws, local(at)) if r.subject == subject}

    assert kinds("2024-09-03 23:59:59") == set()
    assert kinds("2024-09-04 00:00:00") == {"customer.confirm"}
    [reminder] = [r for r in collect(ws, local("2024-09-04 00:00")) if r.subject == subject]
    assert reminder.who == ("chen",) and reminder.overdue
    assert reminder.due_at == local("2024-09-04 00:00")
    cr.confirm(ws.acting_as("chen"), req["id"])
    assert kinds("2024-09-06 23:59:59") == set()
    assert kinds("2024-09-07 00:00:00") == {"customer.due"}
    ws.clock.set(local("2024-09-09 09:00"))
    assert [r["id"] for r in cr.list_requests(ws, overdue_only=True)] == [req["id"]]
    cr.start(ws.acting_as("chen"), req["id"])
    cr.close(ws.acting_as("chen"), req["id"], "完成")
    assert kinds("2024-09-30 12:00") == set()
    assert cr.list_requests(ws, open_only=True) == []


def test_confirm_by_counts_working_days(ws):
    ws.clock.set(local("2024-09-13 18:00"))  # Friday before the holiday; Saturday is 调休
    assert new(ws, due="2024-09-30")["confirm_by"] == "2024-09-14"
    ws.clock.set(local("2024-09-14 18:00"))
    assert new(ws, due="2024-09-30")["confirm_by"] == "2024-09-18"


def test_request_validation(ws):
    with pytest.raises(InvalidValue) as err:
        new(ws, owner="nobody")
    assert err.value.field == "owner"
    with pytest.raises(InvalidValue):
        new(ws, due="2024-08-01")


def test_routine_minutes_with_decisions_and_actions_are_filed_to_the_kb(ws):
    minutes = routines.file_routine(
        ws.acting_as("alice"), "monthly", "九月月度总结", held_at=local("2024-09-30 15:00"),
        attendees=["alice", "bob"], decisions=["十月起周会改为周三"],
        actions=[routines.parse_action("整理客户反馈清单 ｜ chen ｜ 2024-10-08"),
                 routines.parse_action("更新新人引导模板 | bob")])
    assert minutes["meeting"] == "routine:monthly:2024-09-30"
    entry = kb.get_entry(ws, minutes["kb"])
    assert entry["kind"] == "minutes" and "十月起周会改为周三" in entry["body"]
    assert [e["id"] for e in kb.search(ws, "客户反馈清单")] == [entry["id"]]
    assert [m["id"] for m in routines.list_routine(ws)] == [minutes["id"]]
    actions = routines.open_actions(ws, today=local("2024-10-09 09:00").date())
    assert [(a["owner"], a["due"], a["overdue"]) for a in actions] == [
        ("chen", "2024-10-08", True), ("bob", None, False)]
    late = [r for r in collect(ws, local("2024-10-09 00:00")) if r.kind == "minutes.action"]
    assert [r.who for r in late] == [("chen",)]
    with pytest.raises(InvalidValue):
        routines.parse_action("no owner")
    with pytest.raises(InvalidValue):
        routines.file_routine(ws, "yearly", "x", held_at=local("2024-09-30 15:00"))
