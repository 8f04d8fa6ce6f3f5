"""The app on a database that goes away: the header says so ("database unreachable,
retrying…", in Chinese too), a form saved meanwhile fails in one line and keeps what was
typed, and once the server is back the header clears and the same form saves."""

from __future__ import annotations

import asyncio
import time
from types import SimpleNamespace

import pytest
from textual.widgets import Input, Label, Select

from store.core.i18n import set_language
from store.projects.project import list_projects
from tui.app import make_app
from tui.dialogs.project_form import ProjectForm
from tui.screens.projects import ProjectsScreen
from tui.widgets.header import HuddleHeader, reachability_label

pytestmark = pytest.mark.usefixtures("backend")

SIZE = (120, 36)


def test_the_header_text_in_english_and_chinese():
    down, up = SimpleNamespace(offline="Cannot connect to x: refused"), SimpleNamespace()
    assert reachability_label(down) == "database unreachable, retrying…"
    assert reachability_label(up) == ""  # a folder workspace has no `offline`
    set_language("zh")
    assert reachability_label(down) == "数据库无法连接，正在重试…"


async def _until(pilot, check, seconds: float) -> bool:
    """Let the app run (its change loop, the header's tick) until `check()` or the time is up."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if check():
            return True
        await asyncio.sleep(0.05)
    await pilot.pause()
    return check()


async def test_header_and_form_while_the_database_is_down(workspace, pg_cluster):
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        header = app.screen.query_one(HuddleHeader)
        assert header.part("offline") == ""
        await pilot.press("a")  # a new project: the form reads what it offers while up
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ProjectForm)
        form.query_one("#field-name", Input).value = "停机时写的 [b]项目[/b]"
        form.query_one("#field-pm", Input).value = "chen"
        form.query_one("#field-initiator_dept", Select).value = "Product"
        form.query_one("#field-lead_dept", Select).value = "Engineering"
        form.query_one("#field-due", Input).value = "2024-12-01"
        form.query_one("#field-goal").text = "上线"
        pg_cluster.pause()
        try:
            # the app's change loop finds the server gone; the header's tick shows it
            assert await _until(pilot, lambda: header.part("offline") != "", 5.0)
            assert header.part("offline") == "database unreachable, retrying…"
            assert "Cannot connect" in str(header.tooltip)
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.screen is form  # refused: still open, everything typed still there
            error = str(form.query_one("#form-error", Label).content)
            assert error.startswith("Cannot connect to ") and "\n" not in error.strip()
            assert form.query_one("#field-name", Input).value == "停机时写的 [b]项目[/b]"
            assert form.query_one("#field-due", Input).value == "2024-12-01"
        finally:
            pg_cluster.resume()
        assert await _until(pilot, lambda: header.part("offline") == "", 6.0)
        assert header.tooltip is None
        await pilot.press("ctrl+s")  # the same form, untouched: saved now
        await pilot.pause()
        assert isinstance(app.screen, ProjectsScreen)
    assert [p["name"] for p in list_projects(workspace)] == ["停机时写的 [b]项目[/b]"]
