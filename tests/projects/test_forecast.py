"""The forecast beside the plan (store/projects/forecast.py), the slip in working days, a
delayed milestone moving whole, and parallel critical tasks as a group, at exact instants.

The fixture's plan (docs/projects.md, worked example): 1-1 11-16…11-20, 1-2 11-23…12-04
and 1-3 11-23…11-27 after 1-1, milestone 1-4 12-07…12-11 after both, 1-5 12-14…12-18;
project due Wed 12-23 (buffer 3 of 28)."""

from datetime import date

from store.core.i18n import trn
from store.people.workdays import WorkCalendar
from store.projects import delays, plan, tasks
from store.projects.critical_path import groups, path_text
from store.projects.forecast import forecast, forecast_message, is_overdue
from store.projects.plan_engine import analyse, slip

from .conftest import local, new_project, start_project

CAL = WorkCalendar()


def T(tid, start, due, *depends, **extra):
    return {"id": tid, "title": tid, "owner": "x", "start": start, "due": due,
            "depends": list(depends), "state": "open", "progress": 0, **extra}


def fixture_plan(**first):
    return [T("1-1", "2026-11-16", "2026-11-20", **first),
            T("1-2", "2026-11-23", "2026-12-04", "1-1"),
            T("1-3", "2026-11-23", "2026-11-27", "1-1"),
            T("1-4", "2026-12-07", "2026-12-11", "1-2", "1-3", milestone=True),
            T("1-5", "2026-12-14", "2026-12-18", "1-4")]


def run_forecast(items, today, due="2026-12-23"):
    return forecast(items, CAL, analyse(items, CAL, due), date.fromisoformat(today))


def test_no_task_overdue_on_its_due_day_the_forecast_is_the_plan():
    found = run_forecast(fixture_plan(progress=80), "2026-11-20")   # 1-1 due today: on time
    assert found["overdue"] == [] and found["moves"] == []
    assert (found["end"], found["end_shift"], found["buffer"]["buffer_days"]) == \
        ("2026-12-18", 0, 3)
    assert forecast_message(found) == "Forecast: no task overdue; as planned"


def test_an_overdue_task_finishes_today_and_pushes_its_dependents_in_working_days():
    # Tue 11-24, 1-1 (due Fri 11-20) at 80 %: forecast to finish today; 1-2 (10 wd) runs
    # 11-25…12-08, 1-3 11-25…12-01, 1-4 12-09…12-15, 1-5 12-16…12-22: +2 working days
    found = run_forecast(fixture_plan(progress=80), "2026-11-24")
    assert found["overdue"] == ["1-1"] and found["finish"] == "2026-11-24"
    moves = {m["id"]: (m["new_start"], m["new_due"], m["shift_wd"]) for m in found["moves"]}
    assert moves == {"1-1": ("2026-11-16", "2026-11-24", 2),
                     "1-2": ("2026-11-25", "2026-12-08", 2),
                     "1-3": ("2026-11-25", "2026-12-01", 2),
                     "1-4": ("2026-12-09", "2026-12-15", 2),
                     "1-5": ("2026-12-16", "2026-12-22", 2)}
    assert (found["planned_end"], found["end"], found["end_shift"]) == \
        ("2026-12-18", "2026-12-22", 2)
    check = found["buffer"]
    assert (check["buffer_days"], check["planned_days"], check["percent"], check["flag"]) == \
        (1, 28, 3.6, "short")
    assert forecast_message(found) == ("Forecast: 1 task overdue; end 2026-12-22 "
                                       "(+2 working days); buffer 1 of 28 (3.6 %)")
    assert forecast_message(found, "zh") == ("预测：1 个任务逾期；预计完成 2026-12-22（顺延 2 个"
                                             "工作日）；缓冲期 28 个工作日中剩 1 个（3.6 %）")


def test_on_a_weekend_the_forecast_finish_is_the_next_working_day():
    # Sat 11-21: 1-1 finishes Mon 11-23, so 1-2 and 1-3 start Tue 11-24 (one working day)
    found = run_forecast(fixture_plan(), "2026-11-21")
    assert found["finish"] == "2026-11-23"
    assert {m["id"]: m["new_due"] for m in found["moves"]}["1-5"] == "2026-12-21"
    assert found["end_shift"] == 1 and found["buffer"]["buffer_days"] == 2


def test_done_or_complete_tasks_are_not_overdue_and_lateness_past_the_due_date():
    assert not is_overdue(T("1-1", "2026-11-16", "2026-11-20", state="done"), date(2026, 12, 1))
    assert not is_overdue(T("1-1", "2026-11-16", "2026-11-20", progress=100), date(2026, 12, 1))
    # Fri 12-18, nothing done: 1-1 finishes 12-18, 1-2 (10 wd) 12-21…01-01, 1-4 01-04…01-08,
    # 1-5 01-11…01-15: 17 working days after the due date 12-23 (12-24 … 01-15)
    found = run_forecast(fixture_plan(), "2026-12-18")
    assert found["overdue"] == ["1-1", "1-2", "1-3", "1-4"]
    assert found["end"] == "2027-01-15" and found["buffer"]["flag"] == "late"
    assert found["buffer"]["late_milestones"] == ["1-4"]
    assert forecast_message(found).endswith(
        "; 17 working days after the project's due date 2026-12-23")


def test_plan_summary_forecasts_from_the_instant_asked(ws):
    project = new_project(ws, due="2026-12-23")
    made = start_project(ws, project)
    before = plan.plan_summary(ws, project["id"], now=local("2026-11-20 23:59:59"))
    assert before["forecast"]["overdue"] == [] and before["buffer"]["buffer_days"] == 3
    after = plan.plan_summary(ws, project["id"], now=local("2026-11-21 00:00"))
    assert after["forecast"]["overdue"] == [made[0]["id"]]
    assert after["forecast"]["message"].startswith("Forecast: 1 task overdue; end 2026-12-21")
    assert after["buffer"]["buffer_days"] == 3            # the plan itself is unchanged
    rows = {r["id"]: r for r in plan.project_plan(ws, project["id"],
                                                  now=local("2026-11-21 00:00"))["tasks"]}
    assert rows[made[0]["id"]]["late"] and not rows[made[1]["id"]]["late"]


def test_the_slip_is_said_in_working_days(ws):
    made = start_project(ws, new_project(ws))
    # Fri 11-20 → Tue 11-24: 4 calendar days, 2 working days (the weekend skipped)
    preview = plan.slip_preview(ws, made[0]["id"], "2026-11-24")
    assert (preview["slip_days"], preview["slip_wd"]) == (4, 2)
    assert {m["id"]: m["shift_wd"] for m in preview["moves"]} == {"1-2": 2, "1-3": 2, "1-4": 2,
                                                                "1-5": 2}
    assert trn("Impact: the task slips {n} working day", "Impact: the task slips {n} working days",
               preview["slip_wd"], "zh") == "影响：该任务顺延 2 个工作日"


POINT = [("设计", "zhao", "2026-11-16", "2026-11-20", (), False),
         ("评审", "zhao", "2026-11-23", "2026-11-23", (0,), True),      # a point milestone
         ("开发", "qian", "2026-11-24", "2026-11-27", (1,), False)]


def test_an_approved_delay_moves_a_milestone_as_a_point(ws):
    project = new_project(ws)
    made = start_project(ws, project, POINT)
    d = delays.request_delay(ws.acting_as("zhao"), made[1]["id"], "2026-11-25", "评审推迟")
    impact = delays.delay_impact(ws, d["id"])
    assert [(m["id"], m["new_start"], m["new_due"]) for m in impact["milestones"]] == \
        [(made[1]["id"], "2026-11-25", "2026-11-25")]
    delays.approve_delay(ws.acting_as("wang"), d["id"])
    delays.approve_delay(ws.acting_as("pat"), d["id"])
    moved = tasks.get_task(ws, made[1]["id"])
    assert (moved["start"], moved["due"]) == ("2026-11-25", "2026-11-25")
    assert moved["due_history"][-1]["new_start"] == "2026-11-25"
    after = tasks.get_task(ws, made[2]["id"])                # 4 wd after the milestone
    assert (after["start"], after["due"]) == ("2026-11-26", "2026-12-01")


def test_slip_moves_a_dependent_milestone_as_a_point():
    items = [T("1-1", "2026-11-16", "2026-11-20"),
             T("1-2", "2026-11-23", "2026-11-23", "1-1", milestone=True)]
    assert [(m["id"], m["new_start"], m["new_due"]) for m in
            slip(items, CAL, "1-1", "2026-11-25")] == [("1-2", "2026-11-26", "2026-11-26")]


def test_parallel_critical_tasks_are_a_group():
    items = [T("1-1", "2026-11-16", "2026-11-20"), T("1-2", "2026-11-23", "2026-11-27", "1-1"),
             T("1-4", "2026-11-30", "2026-12-04", "1-2"),    # iOS
             T("1-5", "2026-11-30", "2026-12-04", "1-2"),    # Android
             T("1-6", "2026-12-07", "2026-12-11", "1-4", "1-5")]
    found = analyse(items, CAL, "2026-12-18")
    assert found["critical_path"] == ["1-1", "1-2", "1-4", "1-5", "1-6"]
    assert path_text(groups(found["critical_path"], found["tasks"])) == \
        "1-1 → 1-2 → {1-4, 1-5} → 1-6"
    assert path_text([]) == "—"


def test_the_plan_lists_the_critical_groups(ws):
    project = new_project(ws)
    add = [("A", "zhao", "2026-11-16", "2026-11-20", (), False),
           ("B", "qian", "2026-11-23", "2026-11-27", (0,), False),
           ("C", "zhou", "2026-11-23", "2026-11-27", (0,), False),
           ("D", "zhao", "2026-11-30", "2026-12-04", (1, 2), True)]
    made = start_project(ws, project, add)
    ids = [t["id"] for t in made]
    view = plan.project_plan(ws, project["id"])
    assert view["critical_groups"] == [[ids[0]], [ids[1], ids[2]], [ids[3]]]
