from datetime import timedelta

import pytest

from store.projects import delays, tasks
from store.core.errors import IllegalTransition, InvalidValue, PermissionDenied

from .conftest import local, new_project, start_project


def test_filing_deadline_is_48h_before_the_end_of_the_due_day(ws, running, clock):
    _, made = running
    task = made[0]  # due Friday 2026-11-20: deadline Sat 00:00, last filing Thu 00:00
    assert delays.filing_deadline(ws, task) == local("2026-11-19 00:00")
    owner = ws.acting_as("zhao")
    clock.set(local("2026-11-19 00:00:01"))
    with pytest.raises(IllegalTransition, match="48 hours.*2026-11-21 00:00.*2026-11-19 00:00"):
        delays.request_delay(owner, task["id"], "2026-11-24", "需求变更")
    clock.set(local("2026-11-19 00:00"))
    delay = delays.request_delay(owner, task["id"], "2026-11-24", "需求变更导致工作量增加",
                                 plan="周二交付初稿")
    assert delay["id"] == f"{task['project']}-d1" and delay["state"] == "pending"
    assert (delay["old_due"], delay["new_due"]) == ("2026-11-20", "2026-11-24")
    assert delay["approvals"] == {"pm": None, "head": None}


def test_request_checks(ws, running):
    _, made = running
    owner = ws.acting_as("zhao")
    with pytest.raises(PermissionDenied, match="zhao"):
        delays.request_delay(ws.acting_as("wang"), made[0]["id"], "2026-11-24", "x")
    with pytest.raises(InvalidValue, match="not after"):
        delays.request_delay(owner, made[0]["id"], "2026-11-20", "x")
    with pytest.raises(InvalidValue, match="reason"):
        delays.request_delay(owner, made[0]["id"], "2026-11-24", "")
    delays.request_delay(owner, made[0]["id"], "2026-11-24", "x")
    with pytest.raises(IllegalTransition, match="already has"):
        delays.request_delay(owner, made[0]["id"], "2026-11-25", "y")


def test_both_pm_and_head_approve_then_due_moves_with_history(ws, running, clock):
    project, made = running
    delay = delays.request_delay(ws.acting_as("zhao"), made[0]["id"], "2026-11-24", "需求变更")
    for outsider in ("li", "zhao", "chen"):
        with pytest.raises(PermissionDenied, match="wang"):
            delays.approve_delay(ws.acting_as(outsider), delay["id"])
    assert [d["id"] for d in delays.approvals_for(ws, "wang")] == [delay["id"]]
    clock.advance(hours=1)
    first = delays.approve_delay(ws.acting_as("wang"), delay["id"], "同意")
    assert first["state"] == "pending" and first["approvals"]["pm"]["by"] == "wang"
    assert tasks.get_task(ws, made[0]["id"])["due"] == "2026-11-20"
    with pytest.raises(IllegalTransition, match="already approved"):
        delays.approve_delay(ws.acting_as("wang"), delay["id"])
    assert delays.waiting_for(ws, first, "pat") == ["head"]
    clock.advance(hours=1)
    done = delays.approve_delay(ws.acting_as("pat"), delay["id"])
    assert done["state"] == "approved" and done["decided_at"] == "2026-11-16T03:00:00+00:00"
    task = tasks.get_task(ws, made[0]["id"])
    assert task["due"] == "2026-11-24"
    assert task["due_history"] == [{"due": "2026-11-20", "until": "2026-11-24",
                                    "at": "2026-11-16T03:00:00+00:00", "delay": delay["id"]}]
    with pytest.raises(IllegalTransition, match="approved"):
        delays.reject_delay(ws.acting_as("pat"), delay["id"], "no")


def test_one_person_holding_both_roles_approves_both(ws):
    project = new_project(ws, pm="pat")  # pat is the PM and heads 产品部
    made = start_project(ws, project)
    delay = delays.request_delay(ws.acting_as("zhao"), made[0]["id"], "2026-11-23", "x")
    done = delays.approve_delay(ws.acting_as("pat"), delay["id"])
    assert done["state"] == "approved"
    assert done["approvals"]["pm"]["by"] == done["approvals"]["head"]["by"] == "pat"


def test_either_approver_rejects_with_a_comment(ws, running):
    _, made = running
    delay = delays.request_delay(ws.acting_as("zhao"), made[0]["id"], "2026-11-24", "x")
    delays.approve_delay(ws.acting_as("wang"), delay["id"])
    with pytest.raises(InvalidValue, match="comment"):
        delays.reject_delay(ws.acting_as("pat"), delay["id"], "")
    rejected = delays.reject_delay(ws.acting_as("pat"), delay["id"], "影响上线")
    assert rejected["state"] == "rejected"
    assert rejected["rejection"]["by"] == "pat" and rejected["rejection"]["role"] == "head"
    assert tasks.get_task(ws, made[0]["id"])["due"] == "2026-11-20"
    # a new request is possible after a rejection, and the owner may withdraw it
    again = delays.request_delay(ws.acting_as("zhao"), made[0]["id"], "2026-11-23", "y")
    with pytest.raises(PermissionDenied):
        delays.withdraw_delay(ws.acting_as("wang"), again["id"])
    assert delays.withdraw_delay(ws.acting_as("zhao"), again["id"])["state"] == "withdrawn"
    assert [d["state"] for d in delays.list_delays(ws)] == ["rejected", "withdrawn"]


def test_admin_acting_for_two_identities(ws, running):
    """The admin approves as the PM, then as the head, through acting_as (CLI --as)."""
    _, made = running
    delay = delays.request_delay(ws.acting_as("qian"), made[1]["id"], "2026-12-08", "联调推迟")
    with pytest.raises(PermissionDenied):
        delays.approve_delay(ws, delay["id"])  # the admin as self holds neither role
    delays.approve_delay(ws.acting_as("wang"), delay["id"])
    assert delays.approve_delay(ws.acting_as("pat"), delay["id"])["state"] == "approved"
    audit = ws.rows(f"project-{made[1]['project']}", "_audit")
    approvals = [a for a in audit if a["action"] == "delay.approve"]
    assert [(a["by"], a["for"]) for a in approvals] == [("admin", "wang"), ("admin", "pat")]


def test_impact_lists_slipping_tasks_and_milestones(ws, running):
    _, made = running
    delay = delays.request_delay(ws.acting_as("zhao"), made[0]["id"], "2026-11-27", "x")
    impact = delays.delay_impact(ws, delay["id"])
    assert impact["slip_days"] == 7
    moves = {m["id"]: (m["new_start"], m["new_due"], m["shift_days"]) for m in impact["moves"]}
    # each dependent starts the working day after its predecessor's new due date and keeps
    # its working days: 1-2 (10 wd) and 1-3 (5 wd) from Mon 11-30, 1-4 after 1-2, 1-5 after 1-4
    assert moves == {made[1]["id"]: ("2026-11-30", "2026-12-11", 7),
                     made[2]["id"]: ("2026-11-30", "2026-12-04", 7),
                     made[3]["id"]: ("2026-12-14", "2026-12-18", 7),
                     made[4]["id"]: ("2026-12-21", "2026-12-25", 7)}
    assert [m["id"] for m in impact["milestones"]] == [made[3]["id"]]
    assert impact["past_project_due"] is False


def test_delay_reminders_to_the_approvers_not_yet_approved(ws, running, clock):
    project, made = running
    delay = delays.request_delay(ws.acting_as("zhao"), made[0]["id"], "2026-11-24", "x")
    rem = delays.reminders(ws, project, clock.now())
    assert [(r.kind, r.who, r.overdue) for r in rem] == [("delay.approval", ("wang", "pat"), False)]
    delays.approve_delay(ws.acting_as("wang"), delay["id"])
    deadline = local("2026-11-21 00:00")
    assert delays.reminders(ws, project, deadline - timedelta(seconds=1))[0].who == ("pat",)
    assert delays.reminders(ws, project, deadline)[0].overdue
