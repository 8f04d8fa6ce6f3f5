"""Project screen: tasks sorted by due date, add and edit tasks through the modal form."""

from __future__ import annotations

from app_helpers import SIZE, cell_texts, label_text, rendered, row_keys, shard_bytes
from textual.widgets import Checkbox, Input, Select

from store.projects.tasks import get_task, project_tasks
from tui.app import make_app
from tui.dialogs.task_form import TaskForm
from tui.screens.project_detail import ProjectDetailScreen as ProjectScreen  # tabbed
from tui.screens.projects import ProjectsScreen


async def open_project_1(pilot) -> ProjectScreen:
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ProjectScreen) and screen.project_id == 1
    await pilot.press("2")  # the Tasks tab
    await pilot.pause()
    return screen


async def test_project_shows_summary_and_tasks_by_due_date(app_ws):
    app = make_app(app_ws)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_project_1(pilot)
        info = label_text(app, "#project-info")
        for part in ("Q3 迭代", "In progress", "Alice Wang", "Product → Engineering", "留存率提升 5%"):
            assert part in info
        table = screen.tasks
        assert row_keys(table) == ["1-1", "1-2"]
        assert cell_texts(table, "owner") == ["Alice Wang", "Bob Li"]
        assert cell_texts(table, "priority") == ["High", "Medium"]
        assert cell_texts(table, "start") == ["2024-08-01", "2024-09-02"]
        assert cell_texts(table, "due") == ["2024-08-30", "2024-10-15"]
        assert cell_texts(table, "progress") == ["50%", "0%"]
        assert cell_texts(table, "depends") == ["", "1-1"]
        assert cell_texts(table, "milestone") == ["", "◆"]
        overdue, on_time = (table.get_cell(k, "due") for k in ("1-1", "1-2"))
        assert overdue.spans and not on_time.spans          # overdue is highlighted
        assert app.screen.header.part("title") == "Project #1"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ProjectsScreen)


async def test_add_task_bad_date_then_good(app_ws):
    app = make_app(app_ws)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_project_1(pilot)
        before = shard_bytes(app_ws, "project-1")
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, TaskForm)
        assert app.focused is form.query_one("#field-title", Input)
        await pilot.press(*"Load")
        form.query_one("#field-owner", Input).value = "bob"
        form.query_one("#field-due", Input).focus()
        await pilot.press(*"2024-13-45")
        form.query_one("#field-depends", Input).value = "1-2"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        error = label_text(app, "#error-due")
        assert "2024-13-45" in error and "YYYY-MM-DD" in error
        assert form.query_one("#row-due").has_class("-invalid")
        assert not form.query_one("#row-title").has_class("-invalid")
        assert app.focused is form.query_one("#field-due", Input)
        assert shard_bytes(app_ws, "project-1") == before            # nothing written
        assert len(project_tasks(app_ws, 1)) == 2

        form.query_one("#field-title", Input).value = "Load test"
        form.query_one("#field-due", Input).value = "２０２４-10-20"  # full-width digits (IME)
        await pilot.press("enter")                                    # Enter in a field saves
        await pilot.pause()
        assert app.screen is screen
        task = get_task(app_ws, "1-3")
        assert (task["title"], task["owner"], task["due"], task["depends"]) == \
            ("Load test", "bob", "2024-10-20", ["1-2"])
        assert task["start"] == "2024-10-16"           # defaulted to the day after 1-2 is due
        assert row_keys(screen.tasks) == ["1-1", "1-2", "1-3"]
        assert screen.tasks.selected_key == "1-3"
        assert any("Load test" in line for line in rendered(screen.tasks))


async def test_task_form_shows_store_errors_next_to_fields(app_ws):
    app = make_app(app_ws)
    async with app.run_test(size=SIZE) as pilot:
        await open_project_1(pilot)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        form.query_one("#field-title", Input).value = "bad\x1b[31mtitle"
        form.query_one("#field-owner", Input).value = "alice"
        form.query_one("#field-due", Input).value = "2024-10-01"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "control character" in label_text(app, "#error-title")
        form.query_one("#field-title", Input).value = "ok"
        form.query_one("#field-depends", Input).value = "1-99"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "1-99" in label_text(app, "#error-depends")
        assert not form.query_one("#row-title").has_class("-invalid")  # old errors cleared
        assert len(project_tasks(app_ws, 1)) == 2
        await pilot.press("escape", "y")                 # changed: asks first; y discards
        await pilot.pause()
        assert isinstance(app.screen, ProjectScreen)
        assert len(project_tasks(app_ws, 1)) == 2


async def test_edit_task(app_ws):
    app = make_app(app_ws)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_project_1(pilot)
        await pilot.press("down", "e")                                # task 1-2
        await pilot.pause()
        form = app.screen
        assert isinstance(form, TaskForm)
        assert form.query_one("#field-title", Input).value == "Build"
        assert form.query_one("#field-depends", Input).value == "1-1"
        assert form.query_one("#field-milestone", Checkbox).value is True
        form.query_one("#field-title", Input).value = "Build [v2]"
        form.query_one("#field-priority", Select).value = "high"
        form.query_one("#field-depends", Input).value = ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        task = get_task(app_ws, "1-2")
        assert (task["title"], task["priority"], task["depends"], task["milestone"]) == \
            ("Build [v2]", "high", [], True)
        assert cell_texts(screen.tasks, "title") == ["Design", "Build [v2]"]
        assert cell_texts(screen.tasks, "priority") == ["High", "High"]
        # Enter on a row edits it too; a cycle is refused next to "depends"
        await pilot.press("up", "enter")
        await pilot.pause()
        assert app.screen.query_one("#field-title", Input).value == "Design"
        app.screen.query_one("#field-depends", Input).value = "1-2"
        app.screen.query_one("#field-overlap", Checkbox).value = True  # Design ends first
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert get_task(app_ws, "1-1")["depends"] == ["1-2"]
        assert cell_texts(screen.tasks, "depends") == ["1-2", ""]
        screen.tasks.select_key("1-2")
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#field-depends", Input).value = "1-1"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "cycle" in label_text(app, "#error-depends")
