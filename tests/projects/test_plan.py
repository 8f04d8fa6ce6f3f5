import pytest

from store import lagging, plan, settings
from store.errors import IllegalTransition, PermissionDenied
from store.workdays import WorkCalendar

from .conftest import local, new_project, start_project


def test_critical_path_by_working_days(ws, running):
    project, made = running
    path = plan.critical_path(made, WorkCalendar.of(ws))
    assert path == {"tasks": [made[0]["id"], made[1]["id"], made[3]["id"], made[4]["id"]],
                    "working_days": 25, "end": "2026-12-18"}


def test_a_holiday_shortens_working_durations_and_moves_the_path(ws, running):
    _, made = running
    settings.update_settings(ws, holidays=[f"2026-11-{d}" for d in range(23, 31)] + [
        "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04"])
    cal = WorkCalendar.of(ws)
    assert plan.working_duration(made[1], cal) == 0 and plan.working_duration(made[2], cal) == 0
    # both branches are now 0 working days: the tie goes to the branch ending later (前端)
    assert plan.critical_path(made, cal)["tasks"] == [made[0]["id"], made[1]["id"],
                                                      made[3]["id"], made[4]["id"]]


@pytest.mark.parametrize("due, flag, slack, span, percent", [
    ("2026-12-17", "late", -1, 32, -3.1),
    ("2026-12-21", "short", 3, 36, 8.3),
    ("2026-12-22", None, 4, 37, 10.8),
    ("2026-12-23", None, 5, 38, 13.2),
    ("2026-12-24", "long", 6, 39, 15.4),
])
def test_buffer_check_10_to_15_percent(ws, due, flag, slack, span, percent):
    project = new_project(ws, due=due)
    start_project(ws, project)
    check = plan.project_plan(ws, project["id"])["buffer"]
    assert (check["flag"], check["slack_days"], check["span_days"], check["percent"]) == \
        (flag, slack, span, percent)
    assert check["ok"] is (flag is None)
    assert check["start"] == "2026-11-16" and check["end"] == "2026-12-18"
    assert str(span) in check["message"]


def test_buffer_with_no_tasks(ws, project):
    assert plan.buffer_check(project, [], WorkCalendar.of(ws))["flag"] == "empty"


def test_project_plan_for_the_gantt(ws, running, clock):
    project, made = running
    view = plan.project_plan(ws, project["id"])
    assert view["critical_path"] == [made[i]["id"] for i in (0, 1, 3, 4)]
    assert [m["id"] for m in view["milestones"]] == [made[3]["id"]]
    assert [r["critical"] for r in view["tasks"]].count(True) == 4
    assert view["start"] == "2026-11-16" and view["end"] == "2026-12-18"
    assert view["today"] == "2026-11-16" and view["resources"] == []


def test_slip_propagates_through_dependencies_keeping_duration(ws, running):
    _, made = running
    moves = plan.slip(made, made[0]["id"], "2026-11-24")
    assert {m["id"]: m["shift_days"] for m in moves} == {made[1]["id"]: 1, made[2]["id"]: 1}
    big = plan.slip_preview(ws, made[1]["id"], "2026-12-16")
    shifts = {m["id"]: (m["new_start"], m["new_due"]) for m in big["moves"]}
    assert shifts == {made[3]["id"]: ("2026-12-16", "2026-12-20"),
                      made[4]["id"]: ("2026-12-20", "2026-12-24")}
    assert big["new_end"] == "2026-12-24" and not big["past_project_due"]
    assert big["buffer_after"]["slack_days"] == 7


# -- lagging ------------------------------------------------------------------
def test_expected_share_by_whole_days():
    task = {"start": "2026-11-16", "due": "2026-11-25", "state": "open", "progress": 20}
    from datetime import date
    assert lagging.expected_percent(task, date(2026, 11, 16)) == 0
    assert lagging.expected_percent(task, date(2026, 11, 18)) == 20
    assert not lagging.is_lagging(task, date(2026, 11, 18))
    assert lagging.is_lagging(task, date(2026, 11, 19))  # 30 % expected
    assert lagging.expected_percent(task, date(2026, 11, 26)) == 100
    assert lagging.expected_percent(task, date(2026, 11, 1)) == 0


def test_lagging_at_exact_local_midnight(ws, running, clock):
    project, made = running
    from store import progress
    clock.set(local("2026-11-17 12:00"))
    progress.record_progress(ws.acting_as("zhao"), made[0]["id"], 20)  # 5-day task
    assert lagging.lagging_tasks(ws, project["id"], local("2026-11-17 23:59:59")) == []
    found = lagging.lagging_tasks(ws, project["id"], local("2026-11-18 00:00"))
    assert [(f["task"]["id"], f["progress"], f["expected"]) for f in found] == \
        [(made[0]["id"], 20, 40)]


def test_lead_department_records_cause_and_measure(ws, running, clock):
    project, made = running
    clock.set(local("2026-11-18 09:00"))
    with pytest.raises(PermissionDenied, match="研发部"):
        lagging.record_cause(ws.acting_as("zhao"), made[0]["id"], "resources", "加人")
    with pytest.raises(PermissionDenied):
        lagging.record_cause(ws.acting_as("pat"), made[0]["id"], "resources", "加人")
    rem = lagging.reminders(ws, project, clock.now())
    assert [(r.kind, r.who, r.overdue) for r in rem] == [("task.lagging", ("li", "wang"), False)]
    note = lagging.record_cause(ws.acting_as("li"), made[0]["id"], "requirement_change",
                                "申请增调1名设计师")
    assert note["id"] == f"{project['id']}-l1" and (note["progress"], note["expected"]) == (0, 40)
    assert lagging.reminders(ws, project, clock.now()) == []
    assert lagging.lagging_tasks(ws, project["id"])[0]["causes"][0]["cause"] == "requirement_change"
    with pytest.raises(IllegalTransition, match="not lagging"):
        lagging.record_cause(ws.acting_as("wang"), made[4]["id"], "other", "x")
