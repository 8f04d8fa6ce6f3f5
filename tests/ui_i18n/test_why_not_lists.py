"""Issue 15, point 6: on the list screens too (Projects, Knowledge, Reminders, Onboarding,
the standup), a key that does not apply now is greyed out and, when pressed, says why in
the line above the Footer instead of doing nothing."""

from __future__ import annotations

import pytest
from huddle_scenes import open_scene

from tui.app import make_app


def note(app) -> str:
    found = app.screen.query("#key-note")  # mounted the first time a note is shown
    return found.first().content.plain if found and found.first().display else ""


@pytest.mark.parametrize("lang, why", [("en", "no project is listed"), ("zh", "列表中没有项目")])
async def test_e_on_an_empty_project_list_says_why(demo, lang, why):
    app = make_app(demo, lang=lang)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_scene(pilot, "projects")
        await pilot.press("slash", *"zzzqqq", "down")   # a filter nothing matches, to the list
        await pilot.pause()
        assert app.screen.query_one("#projects").row_count == 0
        await pilot.press("e")
        await pilot.pause()
        assert type(app.screen).__name__ == "ProjectsScreen"  # no form opened
        assert why in note(app)


async def test_the_standup_says_c_needs_a_started_meeting_and_s_is_done_once(demo):
    app = make_app(demo, lang="zh")
    async with app.run_test(size=(120, 36)) as pilot:
        await open_scene(pilot, "standup")
        assert app.screen.session is None
        await pilot.press("c")
        await pilot.pause()
        assert "请先开始会议（s）" in note(app)
        assert type(app.screen).__name__ == "StandupScreen"  # nothing asked, nothing saved
        await pilot.press("s")
        await pilot.pause()
        assert app.screen.session is not None
        await pilot.press("s")
        await pilot.pause()
        assert "会议已经开始" in note(app)


async def test_v_on_a_page_with_one_version_says_why(demo):
    app = make_app(demo, lang="zh")
    async with app.run_test(size=(120, 36)) as pilot:
        await open_scene(pilot, "knowledge")
        await pilot.press("down")                       # from the search box to the results
        screen = app.screen
        key = next(k for k, e in screen.results.items() if e["version"] == 1)
        screen.table.select_key(key)
        await pilot.pause()
        await pilot.press("v")
        await pilot.pause()
        assert type(app.screen).__name__ == "KnowledgeScreen"  # no versions dialog
        assert "此页面只有一个版本" in note(app)
