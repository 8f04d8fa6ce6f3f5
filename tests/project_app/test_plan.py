"""Pilot: the Plan tab draws a 40-task plan at 120×36 — bars by date, the critical path
marked, milestones, dependencies, today, the buffer — and scrolls by week; the Gantt
widget renders only what is visible (1,000 tasks stay fast)."""

from __future__ import annotations

from datetime import date, timedelta

from project_app_helpers import SIZE, lines, open_project, start_project, static_text
from rich.cells import cell_len
from textual.app import App

from store.projects.plan import project_plan
from tui.app import make_app
from textual.color import Color

from tui.widgets.gantt import FIXED, GanttView

MONDAY = date(2024, 9, 2)


def forty_tasks() -> list[tuple]:
    """A chain of 8 one-week tasks (the critical path), 32 short side tasks."""
    specs = []
    for week in range(8):
        start = MONDAY + timedelta(weeks=week)
        specs.append((f"主线阶段{week + 1} 核心模块开发", "chen", start.isoformat(),
                      (start + timedelta(days=4)).isoformat(), (week - 1,) if week else (),
                      week in (1, 7)))
    for n in range(32):
        start = MONDAY + timedelta(days=(n * 3) % 45)
        specs.append((f"Side task {n + 1}", "alice" if n % 2 else "bob", start.isoformat(),
                      (start + timedelta(days=2)).isoformat(), (), False))
    return specs


async def test_plan_tab_draws_forty_tasks_with_the_critical_path(workspace):
    # the chain ends Fri 10-25; due Fri 11-01 → 5 of 45 working days after it (11.1 %)
    start_project(workspace, due="2024-11-01", tasks=forty_tasks())
    plan = project_plan(workspace, 1)
    assert len(plan["tasks"]) == 40 and len(plan["critical_path"]) == 8
    app = make_app(workspace.acting_as("bob"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_project(pilot, tab="plan")
        gantt = screen.query_one("#gantt", GanttView)
        assert app.focused is gantt
        status = static_text(screen, "#plan-status")
        assert "8 tasks, 40 working days, ends 2024-10-25" in status
        assert "Buffer: 5 of 45 working days (11.1 %)" in status
        drawn = lines(gantt)
        assert len(drawn) >= 20                                 # readable: 20+ rows at 120×36
        # every line: the names column, then "│" at the same cell, then the timeline
        bars = {cell_len(line.split("│", 1)[0]) for line in drawn}
        assert bars == {gantt.name_width}
        assert all(cell_len(line) <= SIZE[0] for line in drawn)
        header, ruler, buffer = drawn[:FIXED]
        assert "09-02" in header and "09-09" in header
        assert ruler.split("│", 1)[1].startswith("▼")          # today: Monday 09-02
        assert "Buffer 11.1 % ✓" in buffer and "░" in buffer and "┃" in buffer
        rows = drawn[FIXED:]
        critical = [r for r in rows if r.startswith("●")]
        others = [r for r in rows if r.startswith(" ") and r.strip()]
        assert critical and others
        assert all("█" in r.split("│", 1)[1] for r in critical)
        assert not any("█" in r.split("│", 1)[1] for r in others)
        assert any("━" in r for r in others)
        assert any("主线阶段1 核心模块开发" in r for r in critical)  # CJK name, aligned
        assert any("◆" in r for r in critical)                  # milestones on the chain
        assert any("→" in r for r in critical)                  # dependency markers
        # week by week to the right, and back to today
        await pilot.press("right")
        await pilot.pause()
        assert lines(gantt)[0].split("│", 1)[1].startswith("09-09")
        await pilot.press("left_square_bracket", "left_square_bracket")
        await pilot.pause()
        assert lines(gantt)[0].split("│", 1)[1].startswith("08-26")
        await pilot.press("t")
        await pilot.pause()
        assert "▼" in lines(gantt)[1]
        # down to the last task: it scrolls, the detail line follows the selection
        await pilot.press("end")
        await pilot.pause()
        last = gantt.rows[-1]
        assert gantt.selected_id == last.id and round(gantt.scroll_y) > 0
        assert any(f" {last.id} " in line for line in lines(gantt))
        assert static_text(screen, "#plan-detail").startswith(last.id)
        # z: a week per column shows the whole plan
        await pilot.press("z")
        await pilot.pause()
        assert gantt.scale == 7


class GanttApp(App):
    def compose(self):
        yield GanttView(id="gantt")


def big_plan(n: int) -> dict:
    tasks = []
    for i in range(1, n + 1):
        start = MONDAY + timedelta(days=i % 90)
        tasks.append({"id": f"1-{i}", "title": f"任务 [bold]{i}[/]", "start": start.isoformat(),
                      "due": (start + timedelta(days=i % 9)).isoformat(), "progress": i % 100,
                      "critical": i % 7 == 0, "milestone": i % 50 == 0,
                      "depends": [f"1-{i - 1}"] if i % 3 == 0 else [], "lagging": False,
                      "state": "open"})
    return {"tasks": tasks, "today": "2024-09-10", "due": "2024-12-31",
            "buffer": {"ok": False, "flag": "short", "percent": 4.0, "end": "2024-12-25"}}


async def test_gantt_renders_only_what_is_visible():
    app = GanttApp()
    async with app.run_test(size=SIZE) as pilot:
        gantt = app.query_one(GanttView)
        drawn_rows: list[int] = []
        task_line = gantt._task_line

        def counting(row, selected):
            drawn_rows.append(1)
            return task_line(row, selected)
        gantt._task_line = counting  # count the task rows drawn, whatever the machine's speed
        gantt.show(big_plan(1000))
        await pilot.pause()
        drawn = lines(gantt)
        await pilot.press("end")
        await pilot.pause()
        drawn_end = lines(gantt)
        assert gantt.virtual_size.height == 1000 + FIXED
        assert len(drawn) == SIZE[1]
        assert any("任务 [bold]" in line for line in drawn)      # user text, never markup
        assert any(gantt.rows[-1].id in line for line in drawn_end)
        assert "Buffer 4.0 % !" in drawn[2]
        # two screens' worth of rows per paint at most, not 1,000 (the speed is bench's job)
        assert 0 < len(drawn_rows) <= 6 * SIZE[1], len(drawn_rows)


async def test_weekend_and_today_shades_are_blended_not_solid():
    """A part's background with alpha ($boost for weekends, $warning 20% for today) is blended
    over the Gantt's own: a partial style alone drew weekends pure white on a dark theme."""
    app = GanttApp()
    async with app.run_test(size=SIZE) as pilot:
        app.theme = "textual-dark"
        gantt = app.query_one(GanttView)
        gantt.show(big_plan(20))
        await pilot.pause()
        own = gantt.background_colors[1]
        for part in ("weekend", "today"):
            shade = gantt.get_component_styles(f"gantt--{part}").background
            assert 0 < shade.a < 1, part
            drawn = gantt.part_style(part, partial=True).bgcolor
            assert drawn == (own + shade).rich_color, part
            assert drawn.triplet != (255, 255, 255), part
        weekend = gantt.part_style("weekend", True).bgcolor
        drawn_styles = {seg.style.bgcolor for y in range(FIXED, FIXED + 8)
                        for seg in gantt.render_line(y) if seg.style}
        assert weekend in drawn_styles and Color(255, 255, 255).rich_color not in drawn_styles
        app.theme = "textual-light"                            # drawn already: blended anew
        await pilot.pause()
        shade = gantt.get_component_styles("gantt--weekend").background
        blended = (gantt.background_colors[1] + shade).rich_color if shade.a else None
        assert gantt.part_style("weekend", partial=True).bgcolor == blended != weekend
