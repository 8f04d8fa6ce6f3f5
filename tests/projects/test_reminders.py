import pytest

from store.projects import (delays, kickoff, my_work, progress, issues as project_issues,
                            publication, resources)
from store.reminders import registry as reminders
from store.people import settings
from store.core.errors import IllegalTransition
from store.core.identity import Actor
from store.core.workspace import Workspace

from .conftest import local, make_org


@pytest.fixture(params=["folder", "postgres"])
def ws(request, tmp_path, clock):
    """The organisation of tests/projects/conftest.py on the folder and on PostgreSQL (there
    the admin is the database role of the OS account, not "admin")."""
    if request.param == "postgres":
        from store.core.locate import open_workspace
        cluster = request.getfixturevalue("pg_cluster")
        pg = open_workspace(cluster.url(request.getfixturevalue("pg_database")), clock=clock)
        request.addfinalizer(pg.close)
        return make_org(pg)
    return make_org(Workspace(tmp_path, clock, Actor("admin", "admin")))


def test_weekly_meeting_minutes_due_the_day_after(ws, running, clock):
    project, _ = running
    wed = local("2026-11-18 10:00")
    assert kickoff.weekly_days(ws, project, local("2026-11-17 23:59")) == []
    rem = [r for r in kickoff.reminders(ws, project, wed) if r.kind == "weekly.minutes"]
    assert [(r.subject, r.who, r.due_at, r.overdue) for r in rem] == [
        (f"{project['id']}:2026-11-18", ("wang",), local("2026-11-20 00:00"), False)]
    assert kickoff.reminders(ws, project, local("2026-11-20 00:00"))[-1].overdue
    status = kickoff.weekly_status(ws, project["id"], "2026-11-18", local("2026-11-20 00:00"))
    assert status["overdue"] and status["minutes"] is None
    clock.set(local("2026-11-19 18:00"))
    filed = kickoff.file_weekly_minutes(ws.acting_as("wang"), project["id"], "2026-11-18",
                                        progress="UI 80%", risks="联调风险", measures="加人")
    assert filed["meeting"] == f"weekly:{project['id']}:2026-11-18"
    assert not [r for r in kickoff.reminders(ws, project, local("2026-11-20 00:00"))
                if r.kind == "weekly.minutes"]
    with pytest.raises(IllegalTransition):
        kickoff.file_weekly_minutes(ws.acting_as("wang"), project["id"], "2026-11-18")


def test_no_weekly_meeting_on_a_holiday_wednesday(ws, running):
    project, _ = running
    settings.update_settings(ws, holidays=["2026-11-25"])
    assert kickoff.weekly_days(ws, project, local("2026-11-26 10:00")) == \
        [local("2026-11-18 00:00").date()]


def test_provider_collects_every_rule_and_skips_closed_projects(ws, running, clock):
    project, made = running
    project_issues.file_issue(ws.acting_as("zhou"), project["id"], "崩溃", level="urgent")
    delays.request_delay(ws.acting_as("zhao"), made[0]["id"], "2026-11-24", "x")
    resources.request_resource(ws.acting_as("wang"), project["id"], "budget", "1万", approver="hr")
    kinds = {r.kind for r in reminders.collect(ws, clock.now())}
    assert {"kickoff.minutes", "task.receipt", "issue.escalate", "delay.approval",
            "resource.decision"} <= kinds
    from store.projects import flow as project_flow
    project_flow.cancel_project(ws.acting_as("chen"), project["id"])
    kinds = {r.kind for r in reminders.collect(ws, clock.now())}
    assert not kinds & {"kickoff.minutes", "task.receipt", "issue.escalate", "delay.approval"}


def test_my_work(ws, running, clock):
    project, made = running
    clock.set(local("2026-11-16 11:00"))
    work = my_work.my_work(ws, "zhao")
    assert [t["id"] for t in work["tasks"]] == [made[0]["id"], made[2]["id"]]
    assert [t["id"] for t in work["confirmations"]] == [made[0]["id"], made[2]["id"]]
    assert [t["id"] for t in work["updates_due"]] == [made[0]["id"]]  # the only one started
    assert work["update_deadline"] == "2026-11-16T09:00:00+00:00"
    assert {r.kind for r in work["reminders"]} == {"task.receipt"}
    publication.confirm_receipt(ws.acting_as("zhao"), made[0]["id"])
    progress.record_progress(ws.acting_as("zhao"), made[0]["id"], 10, help_from="li")
    delay = delays.request_delay(ws.acting_as("zhao"), made[0]["id"], "2026-11-24", "x")
    work = my_work.my_work(ws, "zhao")
    assert work["updates_due"] == [] and len(work["confirmations"]) == 1
    assert work["tasks"][0]["latest"]["percent"] == 10
    assert work["tasks"][0]["receipt"]["status"] == "confirmed"
    li = my_work.my_work(ws, "li")
    assert [e["task"] for e in li["help_asked"]] == [made[0]["id"]]
    pm = my_work.my_work(ws, "wang")
    assert [(a["kind"], a["id"]) for a in pm["approvals"]] == [("delay", delay["id"])]
    assert pm["approvals"][0]["due_at"] == "2026-11-20T16:00:00+00:00"
    assert my_work.my_work(ws, "zhao", local("2026-11-21 10:00"))["update_deadline"] is None


def test_my_work_lists_request_and_acceptance_approvals(ws, project):
    work = my_work.my_work(ws, "pat")
    assert [(a["kind"], a["id"]) for a in work["approvals"]] == [("request", str(project["id"]))]
