from datetime import timedelta

import pytest

from store.projects import issues as pi
from store.core.errors import IllegalTransition, InvalidValue, PermissionDenied

from .conftest import local


def test_file_issue_and_late_flag_at_exactly_24h(ws, running, clock):
    project, _ = running
    clock.set(local("2026-11-18 10:00"))
    on_time = pi.file_issue(ws.acting_as("zhou"), project["id"], "物料不符合品牌规范 | 色值",
                            level="general", impact="活动可能延期3天",
                            discovered_at=local("2026-11-17 10:00"))
    assert on_time["id"] == f"{project['id']}-i1" and on_time["late"] is False
    assert on_time["filed_by"] == "zhou" and on_time["incident"] is None
    assert on_time["escalate_by"] is None
    late = pi.file_issue(ws.acting_as("zhou"), project["id"], "接口超时", level="major",
                         impact="x", discovered_at=local("2026-11-17 09:59:59"))
    assert late["late"] is True
    assert [i["id"] for i in pi.list_issues(ws, project["id"])] == [on_time["id"], late["id"]]
    assert pi.get_issue(ws, late["id"])["level"] == "major"


def test_bad_input(ws, running, clock):
    project, _ = running
    with pytest.raises(InvalidValue, match="level"):
        pi.file_issue(ws, project["id"], "x", level="critical")
    with pytest.raises(InvalidValue, match="future"):
        pi.file_issue(ws, project["id"], "x", level="general",
                      discovered_at=clock.now() + timedelta(minutes=1))
    with pytest.raises(InvalidValue, match="description"):
        pi.file_issue(ws, project["id"], "  ", level="general")


def _reminder(ws, now):
    return [r for r in pi.reminders(ws, ws_project(ws), now) if r.kind == "issue.escalate"]


def ws_project(ws):
    from store.projects.project import list_projects
    return list_projects(ws)[0]


def test_urgent_issue_escalation_deadline(ws, running, clock):
    project, _ = running
    filed = local("2026-11-18 10:00")
    clock.set(filed)
    issue = pi.file_issue(ws.acting_as("zhao"), project["id"], "系统崩溃, 无法下单",
                          level="urgent", impact="全部客户")
    assert issue["escalate_by"] == "2026-11-18T04:00:00+00:00"
    just_before = _reminder(ws, filed + timedelta(hours=2, seconds=-1))
    assert len(just_before) == 1 and not just_before[0].overdue
    assert just_before[0].who == ("zhao", "wang")
    at = _reminder(ws, filed + timedelta(hours=2))
    assert at[0].overdue and pi.escalation_overdue(pi.get_issue(ws, issue["id"]),
                                                   filed + timedelta(hours=2))
    linked = pi.link_incident(ws.acting_as("li"), issue["id"], "INC-7")
    assert linked["incident"] == "INC-7"
    assert _reminder(ws, filed + timedelta(hours=3)) == []
    assert pi.link_incident(ws, issue["id"], "INC-7")["incident"] == "INC-7"  # idempotent
    with pytest.raises(IllegalTransition, match="INC-7"):
        pi.link_incident(ws, issue["id"], "INC-8")


def test_close_issue_permissions(ws, running):
    project, _ = running
    issue = pi.file_issue(ws.acting_as("zhou"), project["id"], "x", level="general")
    with pytest.raises(PermissionDenied):
        pi.close_issue(ws.acting_as("qian"), issue["id"])
    closed = pi.close_issue(ws.acting_as("wang"), issue["id"], "已修复")
    assert closed["state"] == "closed" and closed["resolution"] == "已修复"
    assert pi.list_issues(ws, state="open") == []
    with pytest.raises(IllegalTransition):
        pi.close_issue(ws.acting_as("zhou"), issue["id"])
