"""The war room at any size (issue 15, point 6): the timeline follows the newest entry
after a shared tmux session shrinks (120 → 90 columns), and the ready countdowns in the
roles panel stay whole at 80 columns."""

from __future__ import annotations

import pytest

from store.warroom import incidents
from tui.app import make_app

from incident_helpers import mobilised, open_incident


def last_line_in_view(timeline) -> bool:
    return timeline.highlighted == timeline.option_count - 1 and \
        timeline.scroll_y >= timeline.max_scroll_y


async def test_the_timeline_follows_the_newest_entry_after_a_resize(workspace, clock):
    mobilised(workspace, clock)
    lead = workspace.acting_as("alice")
    for n in range(25):
        clock.advance(seconds=20)
        incidents.log_note(lead, 1, f"排查进展 {n}：检查支付网关、数据库连接池和回调队列的状态")
    app = make_app(workspace, lang="zh")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_incident(pilot)
        await pilot.pause()
        assert last_line_in_view(screen.timeline)
        await pilot.resize_terminal(90, 36)
        await pilot.pause()
        await pilot.pause()
        assert last_line_in_view(screen.timeline)
        clock.advance(minutes=1)
        incidents.log_note(lead, 1, "新的进展：回调恢复")
        app.poll_now()
        await pilot.pause()
        await pilot.pause()
        assert last_line_in_view(screen.timeline)
        assert "回调恢复" in screen.timeline.texts()[-1]


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_ready_countdowns_are_whole_at_80_columns(workspace, clock, lang):
    mobilised(workspace, clock)
    clock.advance(minutes=40)                       # bob's ready deadline has passed
    app = make_app(workspace, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_incident(pilot)
        await pilot.pause()
        roles = screen.query_one("#roles")
        lines = [roles.render_line(y).text for y in range(roles.size.height)]
        bob = next(line for line in lines if "Bob" in line)
        assert "… -10:00" in bob, lines
