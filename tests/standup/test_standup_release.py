"""A closed standup screen is freed within about a second, not kept for the 30 s of its
refresh: a stopped timer's pending sleep holds the context of the screen that started it."""

from __future__ import annotations

import gc
import time
import weakref

from tui.app import make_app

from standup_helpers import SIZE, open_standup, until


async def test_a_closed_standup_screen_is_freed_soon(workspace, team):
    app = make_app(workspace, poll_interval=0.05)
    async with app.run_test(size=SIZE) as pilot:
        screen = weakref.ref(await open_standup(pilot))
        await pilot.pause(0.3)               # its timers are asleep
        await pilot.press("f2")
        await until(pilot, lambda: type(pilot.app.screen).__name__ == "ProjectsScreen")
        app.remove_mode("standup")           # as when the area is built afresh
        deadline = time.monotonic() + 3.0    # a 1 s timer's last sleep at most, not 30 s
        while time.monotonic() < deadline:
            gc.collect()
            if screen() is None:
                return
            await pilot.pause(0.1)
        raise AssertionError("the closed standup screen is still alive after 3 s")
