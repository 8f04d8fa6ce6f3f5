"""Pilot test: the standup's top line (tui/widgets/standup_widgets.py `StandupBar`): the day
and count at the left, cut with … when narrow, and the countdown timebox at the right in the
colour of its state: waiting, running, over (the bell rings once)."""

from __future__ import annotations

from datetime import timedelta

from rich.color import Color

from tui.app import make_app

from standup_helpers import local, open_standup, until


def _clock_background(bar) -> Color | None:
    """The background of the bar's last cell (the timebox's padding)."""
    line = bar.render_line(0)
    return line._segments[-1].style.bgcolor if line._segments else None


async def test_the_timebox_runs_in_the_colour_of_its_state(workspace, team, clock):
    clock.set(local("2024-09-02 10:00"))
    app = make_app(workspace, poll_interval=0.05)
    bells: list[int] = []
    async with app.run_test(size=(80, 24)) as pilot:
        app.bell = lambda: bells.append(1)
        screen = await open_standup(pilot)
        bar = screen.timebox
        text = bar.render().plain
        assert text.startswith("Standup 2024-09-02 Mon · ") and "…" in text  # cut at 80
        assert text.endswith(" ⏱ 15:00 timebox (s starts) ") and len(text) == bar.size.width
        waiting = _clock_background(bar)

        await pilot.press("s")                                    # the meeting starts
        await until(pilot, lambda: screen.session is not None)
        assert bar.render().plain.endswith(" ⏱ 15:00 left ")
        running = _clock_background(bar)
        clock.advance(minutes=14, seconds=50)
        bar.tick()
        await pilot.pause()
        assert bar.render().plain.endswith(" ⏱ 00:10 left ") and bells == []

        clock.advance(seconds=40)                                 # 30 s over
        bar.tick()
        bar.tick()
        await pilot.pause()
        assert bar.render().plain.endswith(" ⏱ over by 00:30 ")
        assert bells == [1]                                       # once
        over = _clock_background(bar)
        assert len({waiting, running, over}) == 3
        assert over == bar.get_component_rich_style("standup-bar--over").bgcolor
        assert "meeting in progress" in bar.title
        assert clock.now() - local("2024-09-02 10:00") == timedelta(minutes=15, seconds=30)
