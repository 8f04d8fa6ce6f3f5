"""The plan engine (store/projects/plan_engine.py) on hand-computed plans, at exact dates.

Working days are Mon–Fri unless a test lists holidays (假日) and make-up workdays (调休)."""

import pytest

from store.projects import lagging, plan
from store.core.errors import IllegalTransition, PermissionDenied
from store.projects.plan_engine import analyse, slip
from store.people.workdays import WorkCalendar

from .conftest import local, new_project, start_project


def T(tid, start, due, *depends, **extra):
    return {"id": tid, "title": tid, "owner": "x", "start": start, "due": due,
            "depends": list(depends), **extra}


def floats(result):
    return {tid: row["float"] for tid, row in result["tasks"].items()}


def test_default_plan_path_floats_and_dates(ws, running):
    project, made = running
    view = plan.project_plan(ws, project["id"])
    ids = [t["id"] for t in made]
    assert view["critical_path"] == [ids[0], ids[1], ids[3], ids[4]]
    by_id = {r["id"]: r for r in view["tasks"]}
    # 测试用例编写 (11-23..11-27) may slip 5 working days before 联调测试 must move
    assert {i: by_id[i]["float"] for i in ids} == {ids[0]: 0, ids[1]: 0, ids[2]: 5, ids[3]: 0,
                                                   ids[4]: 0}
    assert (by_id[ids[2]]["es"], by_id[ids[2]]["ef"], by_id[ids[2]]["ls"],
            by_id[ids[2]]["lf"]) == ("2026-11-23", "2026-11-27", "2026-11-30", "2026-12-04")
    assert view["critical_days"] == 25 and view["end"] == "2026-12-18"
    assert [m["id"] for m in view["milestones"]] == [ids[3]]
    assert view["start"] == "2026-11-16" and view["today"] == "2026-11-16"
    assert view["conflicts"] == [] and view["resources"] == []


@pytest.mark.parametrize("due, flag, buffer, planned, percent", [
    ("2026-12-17", "late", -1, 24, -4.2),     # 市场预热 ends Fri 12-18, one working day over
    ("2026-12-22", "short", 2, 27, 7.4),      # Mon 12-21, Tue 12-22 after the last finish
    ("2026-12-23", None, 3, 28, 10.7),
    ("2026-12-24", None, 4, 29, 13.8),
    ("2026-12-25", "long", 5, 30, 16.7),
])
def test_buffer_in_working_days_after_the_last_finish(ws, due, flag, buffer, planned, percent):
    project = new_project(ws, due=due)
    start_project(ws, project)
    check = plan.project_plan(ws, project["id"])["buffer"]
    assert (check["flag"], check["buffer_days"], check["planned_days"], check["percent"]) == \
        (flag, buffer, planned, percent)
    assert check["ok"] is (flag is None)
    assert check["start"] == "2026-11-16" and check["end"] == "2026-12-18"


def test_a_gap_is_float_of_the_task_before_it():
    # B waits two working days (Mon 11-23, Tue 11-24) after A: A may slip 2 days
    result = analyse([T("1-1", "2026-11-16", "2026-11-20"),
                      T("1-2", "2026-11-25", "2026-12-01", "1-1")], WorkCalendar(), "2026-12-03")
    assert floats(result) == {"1-1": 2, "1-2": 0}
    assert result["tasks"]["1-2"]["es"] == "2026-11-23" and result["tasks"]["1-2"]["gap"] == 2
    assert result["tasks"]["1-1"]["lf"] == "2026-11-24"
    assert result["critical_path"] == ["1-2"]
    buffer = result["buffer"]   # Wed 12-02, Thu 12-03 of 11-16..12-03 (14 working days)
    assert (buffer["buffer_days"], buffer["planned_days"], buffer["percent"], buffer["flag"]) == \
        (2, 14, 14.3, None)


def test_the_reported_case_milestone_after_the_longest_chain():
    """The milestone 1-5 ends 09-25 after a short chain with a gap; the longest chain ends
    09-20. The buffer counts from 09-25: 3 of 21 working days; with the 2024 Mid-Autumn
    holidays (09-16, 09-17) and the make-up Saturday 09-14: 3 of 20 = 15.0 %."""
    tasks = [T("1-1", "2024-09-02", "2024-09-06"), T("1-2", "2024-09-09", "2024-09-20", "1-1"),
             T("1-4", "2024-09-02", "2024-09-03"),
             T("1-5", "2024-09-24", "2024-09-25", "1-4", milestone=True)]
    result = analyse(tasks, WorkCalendar(), "2024-09-30")
    assert result["end"] == "2024-09-25" and result["critical_path"] == ["1-5"]
    assert floats(result) == {"1-1": 3, "1-2": 3, "1-4": 14, "1-5": 0}
    assert (result["buffer"]["buffer_days"], result["buffer"]["planned_days"],
            result["buffer"]["percent"], result["buffer"]["flag"]) == (3, 21, 14.3, None)
    mid_autumn = WorkCalendar(frozenset({"2024-09-16", "2024-09-17"}), frozenset({"2024-09-14"}))
    result = analyse(tasks, mid_autumn, "2024-09-30")
    assert (result["buffer"]["planned_days"], result["buffer"]["percent"],
            result["buffer"]["ok"]) == (20, 15.0, True)
    assert floats(result)["1-2"] == 3 and floats(result)["1-4"] == 13


def test_a_milestone_past_the_due_date_is_late_not_a_large_buffer(ws):
    tasks = [T("1-1", "2026-09-01", "2026-09-30"),
             T("1-2", "2026-11-02", "2026-11-04", milestone=True)]
    check = analyse(tasks, WorkCalendar(), "2026-10-30")["buffer"]
    assert (check["flag"], check["ok"], check["late_milestones"], check["buffer_days"]) == \
        ("late", False, ["1-2"], -3)
    assert plan.buffer_message(check, "en") == (
        "Late: milestone 1-2 finishes after the project's due date 2026-10-30 (last finish "
        "2026-11-04, 3 working days over)")


def test_parallel_chains_and_several_sinks():
    result = analyse([T("1-1", "2026-11-16", "2026-11-20"), T("1-2", "2026-11-23", "2026-11-27", "1-1"),
                      T("1-3", "2026-11-16", "2026-11-18"), T("1-4", "2026-11-23", "2026-11-27", "1-3"),
                      T("1-5", "2026-11-16", "2026-11-17")], WorkCalendar(), "2026-11-30")
    # two sinks end at the last finish (Fri 11-27); 1-3 waits two days for 1-4; 1-5 ends early
    assert floats(result) == {"1-1": 0, "1-2": 0, "1-3": 2, "1-4": 0, "1-5": 8}
    assert result["critical_path"] == ["1-1", "1-2", "1-4"]
    assert result["critical_days"] == 10


def test_holidays_and_a_make_up_workday_inside_the_path():
    # National Day 10-01..10-07 (weekdays 10-01, 02, 05, 06, 07 off), make-up Saturday 10-10
    cal = WorkCalendar(frozenset(f"2026-10-0{d}" for d in range(1, 8)), frozenset({"2026-10-10"}))
    tasks = [T("1-1", "2026-09-28", "2026-09-30"), T("1-2", "2026-10-08", "2026-10-13", "1-1")]
    result = analyse(tasks, cal, "2026-10-14")
    assert result["tasks"]["1-2"]["es"] == "2026-10-08"        # the working day after 09-30
    assert result["tasks"]["1-2"]["duration"] == 5             # 08, 09, Sat 10, 12, 13
    assert result["critical_path"] == ["1-1", "1-2"] and floats(result) == {"1-1": 0, "1-2": 0}
    assert (result["buffer"]["buffer_days"], result["buffer"]["planned_days"],
            result["buffer"]["percent"]) == (1, 9, 11.1)
    moves = slip(tasks, cal, "1-1", "2026-10-08")
    assert [(m["id"], m["new_start"], m["new_due"]) for m in moves] == \
        [("1-2", "2026-10-09", "2026-10-14")]                  # 09, Sat 10, 12, 13, 14


def test_a_broken_dependency_is_a_conflict_with_negative_float():
    result = analyse([T("1-1", "2026-01-05", "2026-01-22"), T("1-2", "2026-01-10", "2026-01-30", "1-1")],
                     WorkCalendar(), "2026-02-27")
    assert result["conflicts"] == [{"task": "1-2", "depends_on": "1-1", "start": "2026-01-10",
                                    "depends_due": "2026-01-22"}]
    # 1-2 (from Sat 01-10) needs 1-1 done by Fri 01-09: 1-1 is 9 working days too long
    assert result["tasks"]["1-2"]["conflicts"] == ["1-1"] and floats(result)["1-1"] == -9
    assert result["tasks"]["1-2"]["es"] == "2026-01-23"


def test_an_overlap_on_purpose_is_shown_not_a_conflict():
    result = analyse([T("1-1", "2026-01-05", "2026-01-22"),
                      T("1-2", "2026-01-12", "2026-01-30", "1-1", overlap=True)],
                     WorkCalendar(), "2026-02-27")
    assert result["conflicts"] == [] and result["overlaps"][0]["task"] == "1-2"
    assert result["tasks"]["1-2"]["es"] == "2026-01-12"
    # finish-to-finish: 1-1 may slip until 1-2's finish
    assert floats(result) == {"1-1": 6, "1-2": 0}


def test_slip_moves_only_what_must_move_keeping_working_days(ws, running):
    _, made = running
    ids = [t["id"] for t in made]
    moves = slip(made, WorkCalendar.of(ws), ids[0], "2026-11-24")
    assert {m["id"]: (m["new_start"], m["new_due"], m["after"]) for m in moves} == {
        ids[1]: ("2026-11-25", "2026-12-08", ids[0]), ids[2]: ("2026-11-25", "2026-12-01", ids[0]),
        ids[3]: ("2026-12-09", "2026-12-15", ids[1]), ids[4]: ("2026-12-16", "2026-12-22", ids[3])}
    # 测试用例编写 has 5 days of float: a 3-day slip of it moves nothing
    assert slip(made, WorkCalendar.of(ws), ids[2], "2026-12-02") == []
    big = plan.slip_preview(ws, ids[1], "2026-12-16")
    assert {m["id"]: (m["new_start"], m["new_due"]) for m in big["moves"]} == {
        ids[3]: ("2026-12-17", "2026-12-23"), ids[4]: ("2026-12-24", "2026-12-30")}
    assert big["new_end"] == "2026-12-30" and not big["past_project_due"]
    assert big["buffer_after"]["buffer_days"] == 1 and big["buffer_after"]["flag"] == "short"


def test_buffer_with_no_tasks(ws, project):
    assert plan.project_plan(ws, project["id"])["buffer"]["flag"] == "empty"


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
    from store.projects import progress
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


def test_plan_rows_are_built_once_per_day_and_copied_unless_shared(ws, running, clock):
    """The project screen reads the rows shared (built once per revision and day); every
    other caller gets its own copies of the same rows."""
    project, made = running
    clock.set(local("2026-11-16 10:00"))
    shared = plan.project_plan(ws, project["id"], shared=True)
    again = plan.project_plan(ws, project["id"], shared=True)
    assert again["tasks"] is shared["tasks"]
    copied = plan.project_plan(ws, project["id"])
    assert copied["tasks"] == shared["tasks"] and copied["tasks"] is not shared["tasks"]
    copied["tasks"][0]["conflicts"].append("x")  # the caller's own: the shared rows keep theirs
    assert "x" not in plan.project_plan(ws, project["id"], shared=True)["tasks"][0]["conflicts"]
    clock.set(local("2030-01-01 10:00"))  # another day: expected progress and lagging anew
    later = plan.project_plan(ws, project["id"], shared=True)
    assert later["tasks"] is not shared["tasks"]
    assert [t["expected"] for t in later["tasks"]] == [100] * len(made)
