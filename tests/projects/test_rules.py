"""The project rules of the second round: closed projects are quiet, lateness on the
record, one set of minutes, the acceptor, the helper's reminder, major issues, sign-off,
the requirements document. Exact instants in Asia/Shanghai (conftest)."""

import pytest

from store.projects import (deliverables, kickoff, my_work, progress, flow as project_flow,
                            project as projects, tasks)
from store.meetings import minutes, standup
from store.reminders import registry as reminders
from store.core.errors import InvalidValue, PermissionDenied

from .conftest import local


def kinds_for(ws, login, now):
    return {r.kind for r in reminders.collect(ws, now) if login in r.who}


# -- 1 closed projects are quiet ---------------------------------------------
@pytest.mark.parametrize("close", ["cancel", "reject"])
def test_no_reminder_of_any_kind_for_a_closed_project(ws, project, clock, close):
    if close == "reject":
        project_flow.reject_request(ws.acting_as("pat"), project["id"], "不做")
        assert not [r for r in reminders.collect(ws, local("2027-02-01 10:00"))]
        return
    from .conftest import start_project
    made = start_project(ws, project)
    progress.record_progress(ws.acting_as("zhao"), made[0]["id"], 10, help_from="li")
    minutes.file_minutes(ws.acting_as("wang"), "phase", "阶段评审", meeting="phase:x",
                         held_at=clock.now(), project=project["id"],
                         actions=[{"text": "补测试", "owner": "qian", "due": "2026-11-17"}])
    later = local("2027-01-05 10:00")  # every task past its due day, the action too
    assert {"task.due", "minutes.action"} <= {r.kind for r in reminders.collect(ws, later)}
    assert "help.asked" in {r.kind for r in reminders.collect(ws, clock.now())}
    project_flow.cancel_project(ws.acting_as("chen"), project["id"], "预算取消")
    assert reminders.collect(ws, later) == [] and reminders.collect(ws, clock.now()) == []
    assert my_work.my_work(ws, "zhao", later)["tasks"] == []


# -- 6 acceptance: the initiating department's head or whom they name ----------
def test_the_head_names_an_acceptor_who_is_reminded_and_may_accept(ws, running, clock):
    project, _ = running
    with pytest.raises(PermissionDenied, match="head of 产品部"):
        projects.name_acceptor(ws.acting_as("wang"), project["id"], "zhou")
    with pytest.raises(InvalidValue, match="nobody"):
        projects.name_acceptor(ws.acting_as("pat"), project["id"], "nobody")
    named = projects.name_acceptor(ws.acting_as("pat"), project["id"], "zhou")
    assert named["acceptor"] == "zhou"
    v1 = deliverables.submit_deliverable(ws.acting_as("zhao"), project["id"], "v1", "登录",
                                         "通过")
    rem = [r for r in reminders.collect(ws, clock.now()) if r.kind == "deliverable.acceptance"]
    assert [r.who for r in rem] == [("zhou", "chen")]          # not the PM: refused anyway
    assert [a["id"] for a in my_work.my_work(ws, "zhou")["approvals"]
            if a["kind"] == "acceptance"] == [v1["id"]]
    with pytest.raises(PermissionDenied, match="zhou"):
        deliverables.review_deliverable(ws.acting_as("wang"), v1["id"], passed=True)
    clock.set(local("2026-11-17 09:00"))  # submitted 09:00 + 24 h: the deadline instant
    done = deliverables.review_deliverable(ws.acting_as("zhou"), v1["id"], passed=True)
    assert done["review"]["late"] and done["review"]["late_for"] == "2026-11-17T01:00:00+00:00"


# -- 8 major issues: the lead department answers within 24 hours ---------------
def test_major_issue_needs_a_response_within_24_hours(ws, running, clock):
    from store.projects import issues as project_issues
    from store.core.errors import IllegalTransition
    project, _ = running
    issue = project_issues.file_issue(ws.acting_as("zhou"), project["id"], "物料不符合品牌规范",
                                      level="major", impact="活动延期3天")
    assert issue["respond_by"] == "2026-11-17T01:00:00+00:00" and issue["escalate_by"] is None

    def respond(now):
        return [(r.who, r.due_at, r.overdue) for r in reminders.collect(ws, now)
                if r.kind == "issue.respond"]
    assert respond(local("2026-11-17 08:59:59")) == [(("li", "wang"), local("2026-11-17 09:00"),
                                                      False)]
    assert respond(local("2026-11-17 09:00"))[0][2]
    with pytest.raises(PermissionDenied):
        project_issues.respond_issue(ws.acting_as("zhou"), issue["id"], "换供应商")
    with pytest.raises(InvalidValue):
        project_issues.respond_issue(ws.acting_as("li"), issue["id"], " ")
    clock.set(local("2026-11-17 08:59:59"))
    done = project_issues.respond_issue(ws.acting_as("li"), issue["id"], "设计部重做物料，周三复查")
    assert done["response"]["by"] == "li" and not done["response"]["late"]
    assert respond(local("2026-11-18 09:00")) == []
    with pytest.raises(IllegalTransition):
        project_issues.respond_issue(ws.acting_as("li"), issue["id"], "again")
    general = project_issues.file_issue(ws.acting_as("zhou"), project["id"], "x", level="general")
    with pytest.raises(IllegalTransition):
        project_issues.respond_issue(ws.acting_as("li"), general["id"], "y")


def test_major_issue_answered_late_or_by_an_incident(ws, running, clock):
    from store.projects import issues as project_issues
    project, _ = running
    late = project_issues.file_issue(ws.acting_as("zhou"), project["id"], "a", level="major")
    linked = project_issues.file_issue(ws.acting_as("zhou"), project["id"], "b", level="major")
    project_issues.link_incident(ws.acting_as("zhou"), linked["id"], "INC-7")
    clock.set(local("2026-11-17 09:00"))
    done = project_issues.respond_issue(ws.acting_as("wang"), late["id"], "加人")
    assert done["response"]["late"] and done["response"]["late_for"] == late["respond_by"]
    assert not [r for r in reminders.collect(ws, clock.now()) if r.kind == "issue.respond"]


# -- 5 department heads sign the published task allocation ---------------------
def test_each_department_owning_tasks_signs_off(ws, running, clock):
    from store.projects import publication, signoff
    from store.core.errors import IllegalTransition
    from .conftest import add_tasks
    project, _ = running  # tasks owned by 研发部 (zhao, qian) and 市场部 (zhou)
    assert signoff.departments_to_sign(ws, project) == ["市场部", "研发部"]

    def asked(now):
        return sorted((r.subject, r.who, r.overdue) for r in reminders.collect(ws, now)
                      if r.kind == "task.signoff")
    pid = project["id"]
    assert asked(clock.now()) == [(f"{pid}:市场部", ("ma",), False), (f"{pid}:研发部", ("li",), False)]
    with pytest.raises(PermissionDenied, match="ma"):
        signoff.sign_off(ws.acting_as("wang"), pid, "市场部")
    with pytest.raises(InvalidValue, match="产品部"):
        signoff.sign_off(ws.acting_as("pat"), pid, "产品部")
    clock.advance(hours=1)
    signed = signoff.sign_off(ws.acting_as("ma"), pid, "市场部")
    assert signed == {"dept": "市场部", "by": "ma", "real": "admin", "at": "2026-11-16T02:00:00+00:00"}
    with pytest.raises(IllegalTransition):
        signoff.sign_off(ws.acting_as("ma"), pid, "市场部")
    assert asked(clock.now()) == [(f"{pid}:研发部", ("li",), False)]
    # a new task for 市场部 published later: its head signs again
    add_tasks(ws, pid, [("渠道物料", "zhou", "2026-12-14", "2026-12-18", (), False)])
    clock.advance(hours=1)
    publication.publish_tasks(ws.acting_as("wang"), pid)
    assert [r[0] for r in asked(clock.now())] == [f"{pid}:市场部", f"{pid}:研发部"]
    rows = {r["dept"]: r for r in signoff.signoff_status(ws, pid)}
    assert rows["市场部"]["signed"]["by"] == "ma" and not rows["市场部"]["current"]


def test_signoff_needs_a_published_list(ws, project):
    from store.projects import signoff
    from store.core.errors import IllegalTransition
    from .conftest import start_project
    start_project(ws, project, publish=False)
    with pytest.raises(IllegalTransition, match="not published"):
        signoff.sign_off(ws.acting_as("li"), project["id"], "研发部")
    assert not [r for r in reminders.collect(ws, ws.now()) if r.kind == "task.signoff"]
