"""A closed standup screen is freed within about a second, not kept for the 30 s of its
refresh: a stopped timer's pending sleep holds the context of the screen that started it,
so the screen's timers sleep at most a second and one of them counts to the refresh."""

from __future__ import annotations

from tui.app import make_app
from tui.screens import standup

from standup_helpers import SIZE, open_standup, until


async def test_the_standup_sleeps_at_most_a_second_and_still_refreshes(workspace, team,
                                                                        monkeypatch):
    monkeypatch.setattr(standup, "REFRESH_SECONDS", 1.5)
    app = make_app(workspace, poll_interval=0.05)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_standup(pilot)
        ticks: list[int] = []
        monkeypatch.setattr(screen, "_tick", lambda: ticks.append(1))
        assert screen._timers and all(timer._interval <= 1.0 for timer in screen._timers)
        await until(pilot, lambda: ticks, timeout=10.0)  # the refresh comes all the same
