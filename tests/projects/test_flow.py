from datetime import timedelta

import pytest

from store.projects import kickoff, flow as project_flow, project as projects, publication
from store.core.errors import IllegalTransition, InvalidValue, PermissionDenied

from .conftest import add_tasks, local


def test_transition_table_is_the_spec():
    t = project_flow.TRANSITIONS
    assert t["requested"] == ("approved", "rejected", "cancelled")
    for state in ("rejected", "archived", "cancelled"):
        assert t[state] == ()
    for state in set(t) - {"rejected", "archived", "cancelled"}:
        assert "cancelled" in t[state]


def test_requesting_head_approves_with_comment(ws, project, clock):
    with pytest.raises(PermissionDenied, match="产品部"):
        project_flow.approve_request(ws.acting_as("li"), project["id"])
    with pytest.raises(PermissionDenied):
        project_flow.approve_request(ws.acting_as("chen"), project["id"])
    approved = project_flow.approve_request(ws.acting_as("pat"), project["id"], "目标清晰")
    assert approved["state"] == "approved"
    assert approved["approval"] == {"decision": "approved", "by": "pat",
                                    "at": "2026-11-16T01:00:00+00:00", "comment": "目标清晰"}
    assert approved["history"][-1]["state"] == "approved"
    with pytest.raises(IllegalTransition, match="already"):
        project_flow.approve_request(ws.acting_as("pat"), project["id"])


def test_rejection_needs_a_comment_and_closes(ws, project):
    head = ws.acting_as("pat")
    with pytest.raises(InvalidValue, match="comment"):
        project_flow.reject_request(head, project["id"], " ")
    rejected = project_flow.reject_request(head, project["id"], "预算不足")
    assert rejected["state"] == "rejected" and rejected["approval"]["comment"] == "预算不足"
    with pytest.raises(IllegalTransition, match="no longer change"):
        project_flow.cancel_project(ws.acting_as("chen"), project["id"])


def test_illegal_transitions_say_what_comes_next(ws, project):
    with pytest.raises(IllegalTransition, match="requesting department's head approves"):
        kickoff.record_kickoff(ws.acting_as("wang"), project["id"])
    with pytest.raises(IllegalTransition, match="Requested"):
        project_flow.launch_project(ws.acting_as("wang"), project["id"])
    with pytest.raises(IllegalTransition):
        publication.publish_tasks(ws.acting_as("wang"), project["id"])


def test_only_the_initiator_cancels_at_any_point(ws, running):
    project, _ = running
    with pytest.raises(PermissionDenied, match="chen"):
        project_flow.cancel_project(ws.acting_as("wang"), project["id"])
    with pytest.raises(PermissionDenied):  # an admin acting as self is not the initiator
        project_flow.cancel_project(ws, project["id"])
    done = project_flow.cancel_project(ws.acting_as("chen"), project["id"], "战略调整")
    assert done["state"] == "cancelled" and done["cancel_reason"] == "战略调整"
    assert project_flow.can_transition("retrospective_done", "cancelled")
    assert not project_flow.can_transition("archived", "cancelled")


def test_kickoff_record_and_minutes_due_in_2_hours(ws, project, clock):
    project_flow.approve_request(ws.acting_as("pat"), project["id"])
    pm = ws.acting_as("wang")
    with pytest.raises(InvalidValue, match="future"):
        kickoff.record_kickoff(pm, project["id"], clock.now() + timedelta(minutes=5))
    kicked = kickoff.record_kickoff(pm, project["id"], "2026-11-16T08:00",
                                    attendees=["pat", "li"], place="3楼会议室")
    assert kicked["state"] == "kicked_off"
    assert kicked["kickoff"]["held_at"] == "2026-11-16T00:00:00+00:00"  # local 08:00
    status = kickoff.kickoff_status(ws, project["id"], local("2026-11-16 09:59:59"))
    assert status["due_at"] == "2026-11-16T02:00:00+00:00" and not status["overdue"]
    assert kickoff.kickoff_status(ws, project["id"], local("2026-11-16 10:00"))["overdue"]
    rem = kickoff.reminders(ws, projects.get_project(ws, project["id"]), local("2026-11-16 10:00"))
    assert [(r.kind, r.who, r.overdue) for r in rem] == [("kickoff.minutes", ("wang",), True)]
    clock.set(local("2026-11-16 09:59:59"))  # one rule (lateness.missed): 10:00 is late
    minutes = kickoff.file_kickoff_minutes(ws.acting_as("wang"), project["id"],
                                           progress="需求逐项说明", decisions=["MVP 12月底"])
    assert minutes["meeting"] == f"kickoff:{project['id']}" and minutes["project"] == project["id"]
    status = kickoff.kickoff_status(ws, project["id"])
    assert status["minutes"] == minutes["id"] and not status["late"] and not status["overdue"]
    assert kickoff.reminders(ws, projects.get_project(ws, project["id"]), clock.now()) == []
    with pytest.raises(IllegalTransition):
        kickoff.file_kickoff_minutes(pm, project["id"])


def test_kickoff_minutes_filed_late_are_flagged(ws, project, clock):
    project_flow.approve_request(ws.acting_as("pat"), project["id"])
    kickoff.record_kickoff(ws.acting_as("wang"), project["id"])
    clock.advance(hours=2)  # the deadline instant itself: late, as the reminder is overdue
    filed = kickoff.file_kickoff_minutes(ws.acting_as("wang"), project["id"])
    assert kickoff.kickoff_status(ws, project["id"])["late"]
    assert filed["late"] and filed["late_for"] == "2026-11-16T03:00:00+00:00"


def test_publish_and_receipt_24h_default_acceptance(ws, project, clock):
    project_flow.approve_request(ws.acting_as("pat"), project["id"])
    kickoff.record_kickoff(ws.acting_as("wang"), project["id"])
    with pytest.raises(IllegalTransition, match="no tasks"):
        publication.publish_tasks(ws.acting_as("wang"), project["id"])
    made = add_tasks(ws, project["id"], [("A", "zhao", "2026-11-16", "2026-11-20", (), False),
                                         ("B", "qian", "2026-11-16", "2026-11-20", (), False)])
    with pytest.raises(PermissionDenied):
        publication.publish_tasks(ws.acting_as("zhao"), project["id"])
    assert publication.receipt(made[0], clock.now())["status"] == "unpublished"
    with pytest.raises(IllegalTransition, match="not been published"):
        publication.confirm_receipt(ws.acting_as("zhao"), made[0]["id"])
    out = publication.publish_tasks(ws.acting_as("wang"), project["id"])
    assert out["project"]["state"] == "in_progress" and out["tasks"] == [t["id"] for t in made]
    published = clock.now()
    with pytest.raises(PermissionDenied):
        publication.confirm_receipt(ws.acting_as("qian"), made[0]["id"])
    clock.set(published + timedelta(hours=23, minutes=59, seconds=59))
    task = publication.confirm_receipt(ws.acting_as("zhao"), made[0]["id"])
    assert publication.receipt(task, clock.now()) == {
        "status": "confirmed", "at": "2026-11-17T00:59:59+00:00",
        "due_at": "2026-11-17T01:00:00+00:00"}
    other = projects_task(ws, made[1]["id"])
    assert publication.receipt(other, clock.now())["status"] == "pending"
    assert [r.subject for r in publication.reminders(ws, out["project"], clock.now())] == \
        [made[1]["id"]]
    at = published + timedelta(hours=24)
    assert publication.receipt(other, at) == {"status": "default_accepted",
                                              "at": "2026-11-17T01:00:00+00:00",
                                              "due_at": "2026-11-17T01:00:00+00:00"}
    assert publication.reminders(ws, out["project"], at) == []
    clock.set(at)
    # accepted by default at the deadline; a confirmation now is kept, stamped late
    late_one = publication.confirm_receipt(ws.acting_as("qian"), made[1]["id"])
    assert late_one["confirmed_late"] and late_one["confirmed_late_for"] == "2026-11-17T01:00:00+00:00"
    assert publication.receipt(late_one, at)["late"]
    with pytest.raises(IllegalTransition, match="already published"):
        publication.publish_tasks(ws.acting_as("wang"), project["id"])
    late = add_tasks(ws, project["id"], [("C", "qian", "2026-11-18", "2026-11-20", (), False)])
    again = publication.publish_tasks(ws.acting_as("wang"), project["id"])
    assert again["tasks"] == [late[0]["id"]]
    assert [t["id"] for t in publication.pending_confirmations(ws, "qian")] == [late[0]["id"]]


def projects_task(ws, tid):
    from store.projects.tasks import get_task
    return get_task(ws, tid)


def test_state_labels_in_chinese():
    assert project_flow.state_label("in_progress", "zh") == "进行中"
    assert project_flow.state_label("requested", "en") == "Requested"
