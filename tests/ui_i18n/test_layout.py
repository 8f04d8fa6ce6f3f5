"""Every main screen (and the main dialogs) at 80×24 and 120×36, in English and Chinese:
no control cut off, every table's columns on screen and aligned with CJK text, nothing
overlapping, and the screen's own keys visible in the Footer (layout_checks.py).

The screens are the pinned demo of tests/huddle_scenes.py, the same the snapshots and
the README screenshots show.
"""

from __future__ import annotations

import pytest
from huddle_scenes import SCENES, open_scene
from layout_checks import problems, table_lines

from tui.app import make_app

SIZES = [(80, 24), (120, 36)]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("scene", list(SCENES))
async def test_the_screen_fits(demo, scene, size, lang):
    app = make_app(demo, lang=lang)
    async with app.run_test(size=size) as pilot:
        await open_scene(pilot, scene)
        found = problems(app.screen)
        assert not found, "\n".join([f"{scene} at {size[0]}×{size[1]} in {lang}:", *found])


async def test_the_checks_catch_a_table_too_wide_and_a_footer_too_long(demo):
    """The checks themselves: a table whose columns do not fit is reported."""
    from textual.widgets import DataTable
    app = make_app(demo, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_scene(pilot, "projects")
        table = app.screen.query_one("#projects", DataTable)
        table.add_column("超长的一列" * 4, width=60)
        await pilot.pause()
        found = problems(app.screen)
        assert any("columns are cut off" in p for p in found), found
        widths = {len(line) for line in table_lines(table)}
        assert len(widths) > 1  # CJK rows have fewer characters than cells: cells are counted
