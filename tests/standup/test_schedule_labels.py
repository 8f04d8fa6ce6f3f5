"""Every id shown to a person has a label: the Reminders screen names the schedules
("每日进度更新截止"), never their ids ("daily_update"), in both languages."""

from __future__ import annotations

import pytest

from tui.app import make_app
from tui.screens.reminders import RemindersScreen

from standup_helpers import SIZE, until


@pytest.mark.parametrize("lang, label, after", [
    ("zh", "每日进度更新截止", "每周站会之后的下一个工作日结束前"),
    ("en", "Daily progress update deadline", "end of the next working day after Weekly standup"),
])
async def test_the_reminders_screen_names_the_schedules(workspace, lang, label, after):
    app = make_app(workspace, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f8")
        await until(pilot, lambda: isinstance(app.screen, RemindersScreen))
        table = app.screen.query_one("#reminders-schedules")
        await until(pilot, lambda: table.row_count == 3)
        names = [table.get_cell(key, "name").plain for key in
                 ("daily_update", "weekly_standup", "weekly_minutes")]
        rules = table.get_cell("weekly_minutes", "rule").plain
    assert names[0] == label and not any("_" in name for name in names)
    assert rules == after
