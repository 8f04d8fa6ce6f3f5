"""The shell: help, areas (modes) on F-keys, live refresh, themes, language, small terminals."""

from __future__ import annotations

import asyncio
import sys
import time

import pytest
from app_helpers import REPO, SIZE, cell_texts, label_text, rendered, row_keys
from textual.widgets import Label

from store.projects.project import create_project, edit_project
from store.projects.tasks import add_task
from themes import THEME_NAMES
from tui.app import AREAS, MODES, HuddleApp, make_app
from tui.dialogs.task_form import TaskForm
from tui.screens.base import HuddleScreen
from tui.screens.help import HelpScreen
from tui.screens.project_detail import ProjectDetailScreen as ProjectScreen  # tabbed
from tui.screens.projects import ProjectsScreen

pytestmark = pytest.mark.usefixtures("backend")  # on the folder and on PostgreSQL


class FakeWork(HuddleScreen):
    TITLE = "My work"
    seen: list[set[str]] = []

    def compose_body(self):
        yield Label("my work body", id="fake-body")

    def refresh_data(self, changed: set[str]) -> None:
        self.seen.append(set(changed))


def footer_keys(app) -> dict[str, str]:
    """key → description of what the Footer shows now."""
    from tui.widgets.footer import HuddleFooter
    return {k.key: k.description for k in app.screen.query_one(HuddleFooter).keys}


async def test_help_lists_the_screens_bindings(app_ws):
    app = make_app(app_ws)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = {(key, description) for _group, key, description, _tip in app.screen.rows}
        for expected in [("a", "Add project"), ("e", "Edit project"), ("/", "Filter"),
                         ("⏎", "Open"), ("?", "Help"), ("f1", "Help"), ("f2", "Projects"),
                         ("^q", "Quit")]:
            assert expected in rows
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ProjectsScreen)
        # F1 works as well, and on the project screen it lists that screen's keys
        await pilot.press("enter", "f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        descriptions = {d for _g, _k, d, _t in app.screen.rows}
        assert {"Add task", "Edit task", "Back"} <= descriptions
        assert "Add project" not in descriptions
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, ProjectScreen)


def test_every_binding_has_a_description_and_an_id():
    from tui.dialogs.confirm import ConfirmDialog
    from tui.dialogs.form import FormDialog
    from tui.widgets.task_table import TaskTable
    from tui.screens.projects import ProjectTable
    for cls in (HuddleApp, ProjectsScreen, ProjectScreen, HelpScreen, FormDialog,
                ConfirmDialog, TaskTable, ProjectTable):
        for binding in cls.BINDINGS:
            assert binding.description and binding.id, (cls.__name__, binding)


def test_areas_registry():
    assert [a.key for a in AREAS] == ["f2", "f3", "f4", "f5", "f6", "f7", "f8"]
    assert "projects" in MODES and HuddleApp.MODES is MODES


async def test_f_keys_switch_areas_and_changes_wait_for_the_hidden_screen(app_ws, monkeypatch):
    monkeypatch.setattr(HuddleApp, "MODES", {"projects": MODES["projects"], "mywork": FakeWork})
    FakeWork.seen = []
    app = make_app(app_ws)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        keys = footer_keys(app)
        assert keys.get("f2") == "Areas"               # one Footer entry for F2–F8 …
        assert "f3" not in keys and "f4" not in keys
        assert app.check_action("switch_area", ("mywork",))       # … each key still works
        assert not app.check_action("switch_area", ("standup",))  # an area without a module
        await pilot.press("f4")                        # … and its key does nothing
        assert app.current_mode == "projects"
        await pilot.press("f3")
        await pilot.pause()
        assert app.current_mode == "mywork" and isinstance(app.screen, FakeWork)
        assert app.screen.header.part("title") == "My work"
        assert len(app.screen.query_children("#body")) == 1  # the frame: banners go above it
        # a change while Projects is hidden reaches it when it is shown again
        create_project(app_ws, "Made while away", pm="bob", initiator_dept="Engineering",
                       lead_dept="Engineering", goal="g", due="2024-12-31")
        assert {"projects", "project 3"} == app.poll_now()   # topics, not files (not "people")
        assert FakeWork.seen and "project 3" in FakeWork.seen[-1]
        await pilot.press("f2")
        await pilot.pause()
        assert app.current_mode == "projects"
        assert row_keys(app.screen.table) == ["1", "2", "3"]


async def test_pushed_screen_refreshes_and_the_list_below_catches_up(app_ws):
    app = make_app(app_ws, poll_interval=30)          # the test drives the poller itself
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        project = app.screen
        add_task(app_ws, 1, "Written meanwhile", owner="chen", due="2024-09-20")
        edit_project(app_ws, 2, name="Hiring drive (renamed)")
        assert "project 1" in app.poll_now()
        assert row_keys(project.tasks) == ["1-1", "1-3", "1-2"]     # sorted by due date
        await pilot.press("escape")
        await pilot.pause()
        assert cell_texts(app.screen.table, "name")[1] == "Hiring drive (renamed)"
        assert cell_texts(app.screen.table, "progress")[0] == "17%"


async def test_live_refresh_from_another_process(app_ws):
    """A write by another process shows on the Projects screen within 1 s, no key pressed."""
    app = make_app(app_ws)                            # the default 0.5 s poll
    script = (
        "import sys, time\n"
        "from store.core.locate import open_workspace\n"
        "from store.projects.project import create_project\n"
        "ws = open_workspace(sys.argv[1])\n"
        "create_project(ws, '外部写入 [b]live[/b]', pm='chen', initiator_dept='Product',"
        " lead_dept='Engineering', goal='g', due='2024-12-31')\n"
        "print(time.time())\n"
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.table
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-c", script, str(app_ws.folder), cwd=str(REPO),
            stdout=asyncio.subprocess.PIPE)
        out, _ = await proc.communicate()
        assert proc.returncode == 0
        written_at = float(out.decode().strip())
        shown_at = None
        while time.time() - written_at < 1.5:
            if "3" in row_keys(table) and any("外部写入 [b]live[/b]" in line
                                              for line in rendered(table)):
                shown_at = time.time()
                break
            await asyncio.sleep(0.02)
        assert shown_at is not None, "the other process's project never appeared"
        assert shown_at - written_at < 1.0


async def test_header_shows_admin_acting_for_a_member(app_ws):
    app = make_app(app_ws.acting_as("alice"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.header.part("user") == \
            f"admin {app_ws.actor.real} for Alice Wang (alice)"


async def test_themes_registered_and_switchable(app_ws):
    app = make_app(app_ws)
    remembered = []
    app.remember_theme = remembered.append
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert THEME_NAMES == ("huddle-dark", "huddle-light", "huddle-contrast")
        assert all(app.get_theme(name) is not None for name in THEME_NAMES)
        assert app.theme == "huddle-dark"
        await pilot.press("enter")
        await pilot.pause()
        before = app.screen.tasks.get_cell("1-1", "due")
        app.theme = "huddle-light"
        await pilot.pause()
        assert remembered == ["huddle-light"]
        after = app.screen.tasks.get_cell("1-1", "due")
        assert before.spans[0].style != after.spans[0].style       # re-coloured for the theme
        app.theme = "huddle-contrast"
        await pilot.pause()
        from themes import resolve_theme
        assert resolve_theme(app, "no-such-theme") == "huddle-dark"


async def test_chinese(app_ws):
    app = make_app(app_ws, lang="zh")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.table
        assert cell_texts(table, "state") == ["进行中", "已申请"]
        assert app.screen.header.part("title") == "项目"
        assert "周一" in app.screen.header.part("clock")
        header = rendered(table)[0]
        for label in ("编号", "名称", "状态", "项目经理", "截止日期", "逾期"):
            assert label in header
        keys = footer_keys(app)
        assert keys["a"] == "新建项目" and keys["question_mark"] == "帮助"
        await pilot.press("enter")
        await pilot.pause()
        assert cell_texts(app.screen.tasks, "priority") == ["高", "中"]
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, TaskForm)
        app.screen.query_one("#field-title").value = "压测"
        app.screen.query_one("#field-owner").value = "chen"
        app.screen.query_one("#field-due").value = "明天"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "明天" in label_text(app, "#error-due")


async def test_small_terminal_80x24(app_ws):
    app = make_app(app_ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        lines = rendered(app.screen.table)
        for label in ("ID", "Name", "State", "PM", "Due", "Done", "Overdue"):
            assert label in lines[0]
        assert all(len(line) <= 78 for line in lines)
        await pilot.press("enter", "2")                  # the project, its Tasks tab
        await pilot.pause()
        header = rendered(app.screen.tasks)[0]
        for label in ("ID", "Title", "Owner", "Due", "Done", "Depends", "◆"):
            assert label in header
        assert "Start" not in header                      # dropped to make room
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, TaskForm)
        await pilot.press("escape", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


def test_run_app_opens_the_session_workspace(app_ws, monkeypatch):
    from store.core.i18n import get_language
    from tui.cli.common import Session
    from tui.launch import run_app
    ran = []
    monkeypatch.setattr(HuddleApp, "run", lambda self, *a, **k: ran.append(self))
    monkeypatch.setenv("HUDDLE_NOW", "2024-09-02T02:00:00+00:00")
    run_app(Session(workspace=str(app_ws.folder), lang="zh"))
    assert len(ran) == 1 and ran[0].ws.folder == app_ws.folder
    assert ran[0].ws.actor == app_ws.actor
    assert ran[0].ws.local_now().isoformat() == "2024-09-02T10:00:00+08:00"
    assert get_language() == "zh"
