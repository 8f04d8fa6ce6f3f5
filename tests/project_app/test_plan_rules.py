"""Pilot: the task form refuses a start before a predecessor finishes (next to the field,
naming it) unless the Overlap box is ticked; the task dialog shows the due-date history an
approved delay left; the Gantt marks overlaps, broken dependencies, float and lateness.

flow_ws (conftest): 1-1 需求评审 09-02…09-06, 1-2 Build 09-09…09-20 after 1-1,
1-3 Test 09-23…09-27 after 1-2 (milestone); due 2024-10-31; PM bob."""

from __future__ import annotations

from project_app_helpers import SIZE, lines, open_project, start_project, static_text
from textual.widgets import Checkbox, Input, Label

from store.projects import delays, tasks
from tui.app import make_app
from tui.dialogs.task_form import TaskForm
from tui.widgets.gantt import FIXED, GanttView


def label(form, selector: str) -> str:
    return str(form.query_one(selector, Label).render())


async def test_form_refuses_an_early_start_then_accepts_the_overlap(flow_ws):
    app = make_app(flow_ws.acting_as("bob"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_project(pilot, tab="tasks")
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, TaskForm)
        for name, value in (("title", "压测准备"), ("owner", "alice"), ("start", "2024-09-18"),
                            ("due", "2024-09-27"), ("depends", "1-2")):
            form.query_one(f"#field-{name}", Input).value = value
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form                                  # refused, nothing written
        error = label(form, "#error-start")
        assert "1-2 “Build” finishes (2024-09-20)" in error and "2024-09-23 or later" in error
        assert app.focused is form.query_one("#field-start", Input)
        assert len(tasks.project_tasks(flow_ws, 1)) == 3
        form.query_one("#field-overlap", Checkbox).value = True     # on purpose
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        added = tasks.get_task(flow_ws, "1-4")
        assert (added["start"], added["overlap"], added["depends"]) == ("2024-09-18", True, ["1-2"])


async def test_task_dialog_shows_the_due_date_history_of_a_moved_dependent(flow_ws, clock):
    delay = delays.request_delay(flow_ws.acting_as("chen"), "1-2", "2024-09-25", "范围扩大")
    delays.approve_delay(flow_ws.acting_as("bob"), delay["id"])
    delays.approve_delay(flow_ws.acting_as("alice"), delay["id"])
    app = make_app(flow_ws.acting_as("bob"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_project(pilot, tab="tasks")
        screen.tasks.select_key("1-3")
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, TaskForm) and form.original["id"] == "1-3"
        history = label(form, "#field-history")
        assert history == ("2024-09-02 10:00: 2024-09-27 → 2024-10-02, start 2024-09-23 → "
                           "2024-09-26 (moved after 1-2, delay 1-d1)")
        assert form.query_one("#field-start", Input).value == "2024-09-26"


async def test_gantt_marks_overlap_conflict_float_and_late(workspace):
    start_project(workspace, due="2024-09-25", tasks=[
        ("需求评审", "chen", "2024-09-02", "2024-09-06", (), False),
        ("Build", "chen", "2024-09-09", "2024-09-20", (0,), False),
        ("Test", "alice", "2024-09-23", "2024-09-27", (1,), True),     # past the due date
        ("Docs", "bob", "2024-09-09", "2024-09-12", (0,), False)])     # float to 09-27
    tasks.edit_task(workspace.acting_as("bob"), "1-3", start="2024-09-19", overlap=True)
    with workspace.transaction("project-1") as tx:                    # data from before the rule
        tx.table("tasks").update({"start": "2024-09-05"}, doc_ids=[4])
        tx.audit("test", "1-4")
    app = make_app(workspace.acting_as("bob"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_project(pilot, tab="plan")
        gantt = screen.query_one("#gantt", GanttView)
        drawn = lines(gantt)
        assert "Late: 2 wd over !" in drawn[2] and "▓" in drawn[2]
        by_id = {}
        for line in drawn[FIXED:]:
            head = line.split("│", 1)[0]
            for tid in ("1-1", "1-2", "1-3", "1-4"):
                if f"{tid} " in head:
                    by_id[tid] = line
        assert by_id["1-3"][1] == "⇄" and "⇄" in by_id["1-3"].split("│", 1)[1]
        assert by_id["1-4"][1] == "!" and "!" in by_id["1-4"].split("│", 1)[1]
        assert "▓" in by_id["1-3"].split("│", 1)[1] and "◆" in by_id["1-3"]
        assert "┄" in by_id["1-4"].split("│", 1)[1]                  # float up to 09-27
        status = static_text(screen, "#plan-status")
        assert "Late: milestone 1-3 finishes after the project's due date 2024-09-25" in status
        assert "Starts before a predecessor finishes: 1-4" in status
        gantt.select("1-4")
        await pilot.pause()
        detail = static_text(screen, "#plan-detail")
        assert "starts before 1-1 finishes!" in detail and "float" in detail


async def test_approval_applies_what_the_plan_asks_when_it_changed_since_the_preview(flow_ws):
    delay = delays.request_delay(flow_ws.acting_as("chen"), "1-2", "2024-09-25", "范围扩大")
    delays.approve_delay(flow_ws.acting_as("bob"), delay["id"])
    app = make_app(flow_ws.acting_as("alice"))
    said = []
    notify = app.notify
    app.notify = lambda message, *a, **k: (said.append(message), notify(message, *a, **k))[1]
    async with app.run_test(size=SIZE) as pilot:
        await open_project(pilot)
        await pilot.press("y")
        await pilot.pause()
        summary = static_text(app.screen, "#decision-summary")
        assert "1-3 Test  2024-09-23…2024-09-27 → 2024-09-26…2024-10-02 (+3 working days)" \
            in summary
        # meanwhile the PM moves Test later by hand: the slip no longer moves it
        tasks.edit_task(flow_ws.acting_as("bob"), "1-3", start="2024-09-30", due="2024-10-04")
        await pilot.press("ctrl+s")
        await pilot.pause()
    done = delays.get_delay(flow_ws, delay["id"])
    assert done["state"] == "approved" and done["moved"] == [] and done["changed_since_preview"]
    assert any("The plan changed since the preview; moved: none" in str(m) for m in said)
    assert tasks.get_task(flow_ws, "1-3")["start"] == "2024-09-30"
