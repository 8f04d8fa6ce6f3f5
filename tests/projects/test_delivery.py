from datetime import timedelta

import pytest

from store.projects import (deliverables, flow as project_flow, project as projects, resources,
                            retro)
from store.kb import entries as kb
from store.people import settings
from store.core.errors import IllegalTransition, InvalidValue, PermissionDenied

from .conftest import local


# -- resources ---------------------------------------------------------------
def test_resource_request_decided_by_its_approver(ws, running, clock):
    project, _ = running
    with pytest.raises(PermissionDenied):
        resources.request_resource(ws.acting_as("zhou"), project["id"], "people", "+2 开发工程师",
                                   approver="hr")
    req = resources.request_resource(ws.acting_as("wang"), project["id"], "people",
                                     "+2 开发工程师", amount="2人", approver="hr")
    assert req["decide_by"] == "2026-11-19"  # Monday + 3 working days
    assert req["id"] == f"{project['id']}-r1" and req["state"] == "pending"
    due = local("2026-11-20 00:00")
    rem = resources.reminders(ws, project, due - timedelta(seconds=1))
    assert [(r.kind, r.who, r.overdue) for r in rem] == [("resource.decision", ("hr",), False)]
    assert resources.reminders(ws, project, due)[0].overdue
    with pytest.raises(PermissionDenied, match="hr"):
        resources.approve_resource(ws.acting_as("wang"), req["id"])
    assert [r["id"] for r in resources.approvals_for(ws, "hr")] == [req["id"]]
    done = resources.approve_resource(ws.acting_as("hr"), req["id"], "同意")
    assert done["state"] == "approved" and done["decision"]["by"] == "hr"
    with pytest.raises(IllegalTransition):
        resources.reject_resource(ws.acting_as("hr"), req["id"], "no")
    assert resources.reminders(ws, project, due) == []


def test_resource_bad_input(ws, running):
    project, _ = running
    pm = ws.acting_as("wang")
    with pytest.raises(InvalidValue, match="kind"):
        resources.request_resource(pm, project["id"], "money", "x", approver="hr")
    with pytest.raises(InvalidValue, match="approver"):
        resources.request_resource(pm, project["id"], "budget", "x", approver="ghost")
    with pytest.raises(InvalidValue, match="past"):
        resources.request_resource(pm, project["id"], "budget", "x", approver="hr",
                                   decide_by="2026-11-15")
    req = resources.request_resource(pm, project["id"], "equipment", "测试机", approver="li",
                                     decide_by="2026-11-16")
    with pytest.raises(InvalidValue, match="comment"):
        resources.reject_resource(ws.acting_as("li"), req["id"], "")
    assert resources.reject_resource(ws.acting_as("li"), req["id"], "库存不足")["state"] == \
        "rejected"


# -- deliverables and acceptance ----------------------------------------------
def _deliver(ws, pid, version="v1.0"):
    return deliverables.submit_deliverable(ws.acting_as("zhao"), pid, version, "登录 | 注册",
                                           "1000次压力测试通过")


def test_acceptance_due_in_24h_with_a_changes_round(ws, running, clock):
    project, _ = running
    with pytest.raises(PermissionDenied):
        deliverables.submit_deliverable(ws.acting_as("hr"), project["id"], "v1", "x", "y")
    first = _deliver(ws, project["id"])
    assert projects.get_project(ws, project["id"])["state"] == "delivered"
    assert first["due_at"] == "2026-11-17T01:00:00+00:00" and first["previous"] is None
    rem = deliverables.reminders(ws, projects.get_project(ws, project["id"]), clock.now())
    # to those who may answer (the head, the initiator), not the PM who would be refused
    assert [(r.kind, r.who) for r in rem] == [("deliverable.acceptance", ("pat", "chen"))]
    assert [d["id"] for d in deliverables.acceptance_for(ws, "pat")] == [first["id"]]
    assert deliverables.acceptance_for(ws, "wang") == []
    with pytest.raises(IllegalTransition, match="Delivered"):
        _deliver(ws, project["id"], "v1.1")  # one version awaits acceptance
    for outsider in ("wang", "li"):
        with pytest.raises(PermissionDenied, match="chen"):
            deliverables.review_deliverable(ws.acting_as(outsider), first["id"], passed=True)
    with pytest.raises(InvalidValue, match="change"):
        deliverables.review_deliverable(ws.acting_as("chen"), first["id"], passed=False)
    clock.advance(hours=23, minutes=59, seconds=59)
    changed = deliverables.review_deliverable(ws.acting_as("chen"), first["id"], passed=False,
                                              comment="注册页需修改")
    assert changed["state"] == "changes" and changed["review"]["late"] is False
    assert projects.get_project(ws, project["id"])["state"] == "in_progress"
    with pytest.raises(InvalidValue, match="already"):
        _deliver(ws, project["id"], "v1.0")
    second = _deliver(ws, project["id"], "v1.1")
    assert second["previous"] == first["id"]
    due = clock.now() + timedelta(hours=24)
    proj = projects.get_project(ws, project["id"])
    assert not deliverables.reminders(ws, proj, due - timedelta(seconds=1))[0].overdue
    assert deliverables.reminders(ws, proj, due)[0].overdue
    clock.set(due + timedelta(seconds=1))
    passed = deliverables.review_deliverable(ws.acting_as("pat"), second["id"], passed=True)
    assert passed["state"] == "passed" and passed["review"]["late"] is True
    assert projects.get_project(ws, project["id"])["state"] == "accepted"
    assert [d["version"] for d in deliverables.list_deliverables(ws, project["id"])] == \
        ["v1.0", "v1.1"]
    with pytest.raises(IllegalTransition):
        deliverables.review_deliverable(ws.acting_as("pat"), second["id"], passed=True)


# -- launch and retrospective -----------------------------------------------
def _launch(ws, project, clock, at):
    d = _deliver(ws, project["id"])
    deliverables.review_deliverable(ws.acting_as("chen"), d["id"], passed=True)
    clock.set(at)
    return project_flow.launch_project(ws.acting_as("wang"), project["id"])


@pytest.mark.parametrize("launched, due", [
    ("2026-11-18 15:00", "2026-11-24 00:00"),  # Wed → Thu, Fri, Mon: due end of Mon
    ("2026-11-20 15:00", "2026-11-26 00:00"),  # Fri → across the weekend: end of Wed
    ("2026-11-21 11:00", "2026-11-26 00:00"),  # Sat → Mon, Tue, Wed
])
def test_retro_due_3_working_days_after_launch(ws, running, clock, launched, due):
    project, _ = running
    proj = _launch(ws, project, clock, local(launched))
    assert retro.retro_due_at(ws, proj) == local(due)
    rem = retro.reminders(ws, proj, local(due) - timedelta(seconds=1))
    assert [(r.kind, r.who, r.overdue) for r in rem] == [("project.retro", ("wang",), False)]
    assert retro.reminders(ws, proj, local(due))[0].overdue


def test_retro_deadline_skips_a_holiday(ws, running, clock):
    project, _ = running
    settings.update_settings(ws, holidays=["2026-11-23"])
    proj = _launch(ws, project, clock, local("2026-11-20 15:00"))
    assert retro.retro_due_at(ws, proj) == local("2026-11-27 00:00")  # Tue, Wed, Thu


def test_retro_saved_and_archived_in_the_knowledge_base(ws, running, clock):
    project, _ = running
    _launch(ws, project, clock, local("2026-11-20 15:00"))
    with pytest.raises(PermissionDenied):
        retro.save_retrospective(ws.acting_as("zhao"), project["id"], went_well="x", lessons="y")
    with pytest.raises(InvalidValue, match="lessons"):
        retro.save_retrospective(ws.acting_as("wang"), project["id"], went_well="x", lessons="")
    clock.set(local("2026-11-25 23:59:59"))
    saved = retro.save_retrospective(
        ws.acting_as("wang"), project["id"], went_well="每日更新及时",
        lessons="需求变更流程需优化 | 跨部门沟通频次不足",
        actions=[{"text": "建立变更评审", "owner": "pat", "due": "2026-12-15"}])
    assert saved["late"] is False and saved["kb"] is not None
    assert projects.get_project(ws, project["id"])["state"] == "retrospective_done"
    entry = kb.get_entry(ws, saved["kb"])
    assert entry["kind"] == "retrospective"
    assert entry["source"] == {"kind": "project", "id": project["id"]}
    assert "需求变更流程需优化" in entry["body"] and "建立变更评审" in entry["body"]
    assert retro.reminders(ws, projects.get_project(ws, project["id"]), clock.now()) == []
    with pytest.raises(IllegalTransition):
        retro.save_retrospective(ws.acting_as("wang"), project["id"], went_well="x", lessons="y")
    archived = project_flow.archive_project(ws.acting_as("wang"), project["id"])
    assert archived["state"] == "archived"


def test_retro_saved_at_the_deadline_is_late(ws, running, clock):
    project, _ = running
    _launch(ws, project, clock, local("2026-11-20 15:00"))
    clock.set(local("2026-11-26 00:00"))
    saved = retro.save_retrospective(ws.acting_as("wang"), project["id"], went_well="x",
                                     lessons="y")
    assert saved["late"] is True
