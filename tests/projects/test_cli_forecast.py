"""The forecast, the late flag, the grouped critical path and the slip in working days on the
command line and in the 模板3 export, at pinned instants (HUDDLE_NOW)."""

from store.exports import export_project

from .conftest import local, new_project, start_project
from .test_cli import clock, folder, js, ok, run, ws  # noqa: F401  (fixtures)


def test_project_plan_shows_the_forecast_and_the_late_flag(ws, run, clock):
    project = new_project(ws, due="2026-12-23")
    start_project(ws, project)
    out = ok(run("project", "plan", project["id"])).stdout
    assert "Forecast: no task overdue; as planned" in out
    assert "Critical path: 1-1 → 1-2 → 1-4 → 1-5 (25 working days)" in out
    clock.set(local("2026-11-24 09:00"))       # 1-1 was due Fri 11-20, still at 0 %
    out = ok(run("project", "plan", project["id"])).stdout
    assert ("Forecast: 1 task overdue; end 2026-12-22 (+2 working days); buffer 1 of 28 "
            "(3.6 %)  ⚠") in out
    assert "Buffer: 3 of 28 working days (10.7 %)" in out   # the plan, as it was
    row = next(line for line in out.splitlines() if line.startswith("1-1 "))
    assert row.rstrip().endswith("* late")
    assert "late: past its due date and not done" in out
    zh = ok(run("--lang", "zh", "project", "plan", project["id"])).stdout
    assert "预测：1 个任务逾期；预计完成 2026-12-22（顺延 2 个工作日）" in zh
    assert "* 逾期" in zh
    view = js(run("project", "plan", project["id"], "--json"))
    assert view["forecast"]["overdue"] == ["1-1"] and view["forecast"]["end_shift"] == 2
    full = project["id"]
    text = export_project(ws, full, "plan", "en")
    assert "| Forecast | Forecast: 1 task overdue; end 2026-12-22 (+2 working days)" in text
    assert "| Critical path | 1-1 → 1-2 → 1-4 → 1-5 |" in text
    assert "| 预测 | 预测：1 个任务逾期" in export_project(ws, full, "plan", "zh")


def test_delay_impact_in_working_days(ws, run):
    made = start_project(ws, new_project(ws))
    d = js(run("delay", "request", made[0]["id"], "--to", "2026-11-24", "--reason", "需求变更",
               "--json", who="zhao"))
    out = ok(run("delay", "impact", d["id"])).stdout
    assert "Task 1-1: 2026-11-20 → 2026-11-24 (+2 working days)" in out
    row = next(line for line in out.splitlines() if line.startswith("1-4 "))
    assert "2026-12-09…2026-12-15" in row and " +2 " in row + " "
    assert "Working days" in out and " Days " not in out
    zh = ok(run("--lang", "zh", "delay", "impact", d["id"])).stdout
    assert "任务 1-1：2026-11-20 → 2026-11-24（顺延 2 个工作日）" in zh
    tracking = export_project(ws, made[0]["project"], "tracking", "en")
    assert "| 1-d1 | 1-1 | 2026-11-20 | 2026-11-24 | +2 working days |" in tracking
    assert "| 顺延 |" in export_project(ws, made[0]["project"], "tracking", "zh")
