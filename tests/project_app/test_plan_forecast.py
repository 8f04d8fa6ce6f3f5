"""Pilot: with a task overdue the Plan tab shows the forecast beside the plan, the task's
detail says it is late, the Gantt's legend names the late colour, and the Overview lists
the forecast among the risks. flow_ws (conftest): 1-1 需求评审 09-02…09-06, 1-2 Build
09-09…09-20 after 1-1, 1-3 Test 09-23…09-27 after 1-2 (milestone); due 2024-10-31."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from project_app_helpers import SIZE, lines, open_project, static_text

from store.projects.plan import plan_summary
from tui.app import make_app
from tui.widgets.gantt import GanttView

TZ = ZoneInfo("Asia/Shanghai")


async def test_plan_tab_shows_the_forecast_and_the_late_task(flow_ws, clock):
    clock.set(datetime(2024, 9, 10, 9, 0, tzinfo=TZ))      # 1-1 was due Fri 09-06, at 0 %
    ahead = plan_summary(flow_ws, 1)["forecast"]
    assert ahead["overdue"] == ["1-1"] and ahead["end_shift"] > 0
    app = make_app(flow_ws.acting_as("bob"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_project(pilot, tab="plan")
        status = static_text(screen, "#plan-status")
        assert "Critical path: 1-1 → 1-2 → 1-3" in status
        assert ahead["message"] in status and "Forecast: 1 task overdue; end " in status
        gantt = screen.query_one("#gantt", GanttView)
        legend = lines(gantt)[0].split("│", 1)[0]
        assert "late" in legend
        gantt.select("1-1")
        await pilot.pause()
        assert "overdue: past its due date, not done" in static_text(screen, "#plan-detail")
        assert gantt.rows[0].late and not gantt.rows[1].late
        await pilot.press("1")                               # the Overview tab
        await pilot.pause()
        overview = static_text(screen, "#overview-text")
        assert ahead["message"] in overview
