"""Projects screen: listing, filtering, user text shown literally, project forms."""

from __future__ import annotations

from textual.color import Color

from app_helpers import SIZE, cell_texts, label_text, rendered, row_keys
from rich.cells import cell_len
from textual.widgets import Input, Select

from store.projects.project import create_project, get_project, list_projects
from tui.app import make_app
from tui.dialogs.project_form import ProjectForm
from tui.screens.projects import ProjectsScreen

TRICKY = ["[bold]x", "[/]", "[link=file:///etc/passwd]y",
          "跨部门协作需求申请表之二〇二四年第三季度产品迭代项目组长名称测试" * 3]


async def test_projects_listed_with_state_pm_progress_overdue(app_ws):
    app = make_app(app_ws)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ProjectsScreen)
        table = app.screen.table
        assert row_keys(table) == ["1", "2"]
        assert cell_texts(table, "name") == ["Q3 迭代", "Hiring drive"]
        assert cell_texts(table, "state") == ["In progress", "Requested"]
        assert cell_texts(table, "pm") == ["Alice Wang", "Bob Li"]
        assert cell_texts(table, "due") == ["2024-12-31", "2024-11-30"]
        assert cell_texts(table, "progress") == ["25%", "0%"]
        assert cell_texts(table, "overdue") == ["1", ""]
        lines = rendered(table)
        assert "Q3 迭代" in lines[1] and "In progress" in lines[1] and "25%" in lines[1]
        # the header: title, workspace folder, acting user, clock in the workspace's zone
        assert app.screen.header.part("title") == "Projects"
        assert app.screen.header.part("path").endswith("ws")
        assert app.screen.header.part("user") == f"Admin ({app_ws.actor.login})"
        assert app.screen.header.part("clock") == "2024-09-02 Mon 10:00"
        line = app.screen.header.render()  # one line, the clock at the right edge
        assert line.cell_length == app.screen.header.size.width
        assert line.plain.startswith(" Projects ") and line.plain.endswith(" 2024-09-02 Mon 10:00 ")
        title = next(iter(app.screen.header.render_line(0)))  # the title on the theme's primary
        assert title.text.strip() == "Projects"
        assert tuple(title.style.bgcolor.triplet) == Color.parse(app.theme_variables["primary"]).rgb
        assert len(app.screen.query_children("#body")) == 1  # the frame: banners go above it


async def test_filter_as_you_type(app_ws):
    app = make_app(app_ws)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.table
        await pilot.press("slash")
        assert app.focused is app.screen.query_one("#filter", Input)
        await pilot.press(*"hir")
        assert row_keys(table) == ["2"]
        await pilot.press("backspace", "backspace", "backspace")
        assert row_keys(table) == ["1", "2"]
        app.screen.query_one("#filter", Input).value = "alice"               # PM login
        await pilot.pause()
        assert row_keys(table) == ["1"]
        app.screen.query_one("#filter", Input).value = "bob li"              # PM name
        await pilot.pause()
        assert row_keys(table) == ["2"]
        app.screen.query_one("#filter", Input).value = "in progress"         # state label
        await pilot.pause()
        assert row_keys(table) == ["1"]
        app.screen.query_one("#filter", Input).value = "product"             # a department
        await pilot.pause()
        assert row_keys(table) == ["1"]
        app.screen.query_one("#filter", Input).value = "nothing matches"
        await pilot.pause()
        assert row_keys(table) == []
        await pilot.press("escape")                                           # clears, back to list
        assert row_keys(table) == ["1", "2"]
        assert app.focused is table


async def test_filter_enter_opens_the_match(app_ws):
    app = make_app(app_ws)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"hi", "enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "ProjectDetailScreen"
        assert app.screen.project_id == 2


async def test_user_text_is_shown_literally(workspace):
    for name in TRICKY:
        create_project(workspace, name, pm="alice", initiator_dept="Product",
                       lead_dept="Engineering", goal=name, due="2024-12-31")
    assert [p["name"] for p in list_projects(workspace)] == TRICKY  # stored as given
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.table
        assert cell_texts(table, "name") == TRICKY
        lines = rendered(table)
        for line, name in zip(lines[1:], TRICKY[:3]):
            assert name in line
        assert TRICKY[3][:10] in lines[4]            # long CJK: cut to the column, aligned
        due_columns = {cell_len(line[:line.index("2024-12-31")]) for line in lines[1:5]}
        assert len(due_columns) == 1
        # the project screen's summary shows them literally too
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert "[link=file:///etc/passwd]y" in label_text(app, "#project-info")


async def test_add_project_through_the_form(app_ws):
    app = make_app(app_ws)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ProjectForm)
        form.query_one("#field-name", Input).value = "客服系统升级"
        form.query_one("#field-pm", Input).value = "nobody"
        form.query_one("#field-initiator_dept", Select).value = "Product"
        form.query_one("#field-lead_dept", Select).value = "Engineering"
        form.query_one("#field-due", Input).value = "2024-12-01"
        form.query_one("#field-goal").text = "工单响应 < 2h"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form                                    # refused, still open
        assert "nobody" in label_text(app, "#error-pm")
        assert len(list_projects(app_ws)) == 2                       # nothing written
        form.query_one("#field-pm", Input).value = "chen"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ProjectsScreen)
        project = get_project(app_ws, 3)
        assert (project["name"], project["pm"], project["goal"]) == ("客服系统升级", "chen",
                                                                    "工单响应 < 2h")
        assert row_keys(app.screen.table) == ["1", "2", "3"]
        assert app.screen.table.selected_key == "3"


async def test_edit_project_and_cancel(app_ws):
    app = make_app(app_ws)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "e")                               # project 2
        await pilot.pause()
        form = app.screen
        assert form.query_one("#field-name", Input).value == "Hiring drive"
        form.query_one("#field-name", Input).value = "Hiring drive 2"
        await pilot.press("escape")                                  # changed: asks first
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmDialog"
        await pilot.press("y")                                       # discard: nothing saved
        await pilot.pause()
        assert get_project(app_ws, 2)["name"] == "Hiring drive"
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#field-due", Input).value = "2025-01-15"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert get_project(app_ws, 2)["due"] == "2025-01-15"
        assert cell_texts(app.screen.table, "due") == ["2024-12-31", "2025-01-15"]


async def test_permission_error_shown_in_the_form(app_ws):
    app = make_app(app_ws.acting_as("chen"))         # not PM, initiator, head or admin of 2
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "e")
        await pilot.pause()
        app.screen.query_one("#field-name", Input).value = "Taken over"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ProjectForm)
        assert "Only the project manager" in label_text(app, "#form-error")
        assert app.screen.query_one("#form-error").display
        assert get_project(app_ws, 2)["name"] == "Hiring drive"
