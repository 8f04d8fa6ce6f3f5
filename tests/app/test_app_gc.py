"""The collector kept out of a key's answer (tui/idle_collector.py): a key press holds the
middle generation's collections until HOLD_SECONDS pass without input (then one), Python
still making one after HELD_AT_MOST young collections; a full collection waits for a moment
without input (`_collect_when_idle`), but never for more than GC_PUT_OFF_AT_MOST of them,
and comes at the first such moment once a screen has closed."""

from __future__ import annotations

import gc
import time

import pytest

import tui.idle_collector as collector
from tui.app import make_app
from tui.idle_collector import GC_PUT_OFF_AT_MOST, HELD_AT_MOST, HOLD_SECONDS, NEVER


@pytest.mark.parametrize("gen1_runs, seconds_since_key, closed, collects", [
    (3, 10.0, False, False),                            # not due yet
    (10, 10.0, False, True),                            # due, and nobody typing
    (10, 0.2, False, False),                            # due, but a key was just pressed
    (10 * GC_PUT_OFF_AT_MOST, 0.2, False, True),        # put off five times: now anyway
    (1, 10.0, True, True),                              # a screen closed: the first pause
    (1, 0.2, True, False),                              # … not in the middle of typing
    (0, 10.0, True, False),                             # … nor before a middle collection
])
def test_full_collection_waits_for_idle_but_not_forever(workspace, monkeypatch, gen1_runs,
                                                         seconds_since_key, closed, collects):
    app = make_app(workspace)
    app._gc_threshold = (700, 10, 10)
    collected: list[int] = []
    monkeypatch.setattr(collector.gc, "get_count", lambda: (0, 0, gen1_runs))
    monkeypatch.setattr(collector.gc, "collect", lambda *a: collected.append(1) or 0)
    monkeypatch.setattr(collector.time, "monotonic", lambda: 1000.0)
    app._last_input = 1000.0 - seconds_since_key
    if closed:
        app._note_screen_closed()
    app._collect_when_idle()
    assert collected == ([1] if collects else [])
    assert app._screen_closed == (closed and not collects)  # one collection answers it


async def test_a_closed_screen_is_collected_in_the_next_pause(app_ws):
    """By keyboard: a project opened and closed with Escape; the first quiet second after a
    middle collection makes a full one, which frees the closed screen."""
    import weakref
    app = make_app(app_ws)
    async with app.run_test() as pilot:
        while not app.first_painted:
            await pilot.pause(0.05)
        await pilot.press("enter")
        await pilot.pause()
        project = weakref.ref(app.screen)
        assert type(project()).__name__ == "ProjectDetailScreen"
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "ProjectsScreen" and app._screen_closed
        gc.collect(1)  # a middle collection since, as the closing's garbage makes one
        app._last_input = time.monotonic() - 5.0  # (asyncio's clock is this one: not patched)
        app._collect_when_idle()
        assert not app._screen_closed and project() is None


class _Collector:
    """gc's thresholds and counts as the mixin sees them, recorded (the real ones stay)."""

    def __init__(self, monkeypatch) -> None:
        self.threshold, self.collected = (700, 10, NEVER), []
        monkeypatch.setattr(collector.gc, "set_threshold",
                            lambda *t: setattr(self, "threshold", t))
        monkeypatch.setattr(collector.gc, "collect", lambda *a: self.collected.append(a) or 0)


@pytest.mark.parametrize("quiet_for, released", [
    (HOLD_SECONDS, True),                 # the pause after the answer: collect now
    (HOLD_SECONDS / 2, False),            # typing on: wait for the pause
])
def test_a_key_holds_the_middle_generation_until_a_pause(workspace, monkeypatch, quiet_for,
                                                         released):
    app = make_app(workspace)
    app._gc_threshold = (700, 10, 10)  # Python's, as `_settle_gc` found them
    gc_ = _Collector(monkeypatch)
    timers: list[float] = []
    monkeypatch.setattr(app, "set_timer", lambda delay, callback: timers.append(delay))
    monkeypatch.setattr(collector.time, "monotonic", lambda: 1000.0)
    app._last_input = 1000.0
    app._hold_gc()
    # held: the middle generation after HELD_AT_MOST young collections, not Python's 10
    assert gc_.threshold == (700, HELD_AT_MOST, NEVER) and timers == [HOLD_SECONDS]
    app._hold_gc()  # a second key while held: no second timer
    assert timers == [HOLD_SECONDS]
    app._last_input = 1000.0 - quiet_for
    app._release_gc()
    assert gc_.threshold == ((700, 10, NEVER) if released else (700, HELD_AT_MOST, NEVER))
    assert gc_.collected == ([(1,)] if released else [])
    assert timers == [HOLD_SECONDS] + ([] if released else [pytest.approx(HOLD_SECONDS / 2)])


def test_no_hold_before_the_first_paint(workspace, monkeypatch):
    """Until `_settle_gc`, the start's own setting stands (the command line turns it off)."""
    app = make_app(workspace)
    gc_ = _Collector(monkeypatch)
    monkeypatch.setattr(app, "set_timer", lambda *a: pytest.fail("no hold expected"))
    app._hold_gc()
    assert gc_.threshold == (700, 10, NEVER)


async def test_a_key_press_holds_the_collector_and_the_pause_releases_it(workspace):
    """By keyboard, with the real collector: held from the key, released after the pause,
    and as it was once the app has closed."""
    before = gc.get_threshold()
    app = make_app(workspace)
    try:
        async with app.run_test() as pilot:
            while not app.first_painted:
                await pilot.pause(0.05)
            settled = gc.get_threshold()
            assert settled[1] != NEVER and settled[2] == NEVER
            await pilot.press("down")
            assert gc.get_threshold()[1] == HELD_AT_MOST and app._gc_held
            await pilot.pause(HOLD_SECONDS * 3)
            assert gc.get_threshold() == settled and not app._gc_held
            await pilot.press("down")
            assert gc.get_threshold()[1] == HELD_AT_MOST
        assert gc.get_threshold() == before  # closed while held: as it was
    finally:
        gc.set_threshold(*before)


async def test_what_the_warm_up_made_is_frozen_once_it_is_done(workspace, monkeypatch):
    """Once the warm-up has read ahead and imported, what exists is frozen (once), so a full
    collection no longer walks it; the app's close unfreezes it all."""
    app = make_app(workspace)
    async with app.run_test() as pilot:
        while not app.first_painted:
            await pilot.pause(0.05)
        at_first_paint = gc.get_freeze_count()
        while app.warm_up.running or app.warm_up.todo:
            await pilot.pause(0.05)
        assert app._warm_frozen and gc.get_freeze_count() > at_first_paint
        again: list[int] = []
        monkeypatch.setattr(collector.gc, "freeze", lambda: again.append(1))
        app._freeze_warmed_up()  # a later end of the warm-up (another project read ahead)
        assert again == []
        monkeypatch.undo()
    assert gc.get_freeze_count() == 0


async def test_nothing_is_frozen_while_a_screen_is_open_over_the_first(app_ws, monkeypatch):
    """A project or dialog open when the warm-up ends, in any area, would never be collected
    once closed."""
    app = make_app(app_ws)
    froze: list[int] = []
    monkeypatch.setattr(collector.gc, "freeze", lambda: froze.append(1))
    async with app.run_test() as pilot:
        while not app.first_painted or app.warm_up.running or app.warm_up.todo:
            await pilot.pause(0.05)
        app._warm_frozen = False  # as if the warm-up were ending now
        froze.clear()
        await pilot.press("f1")  # the help screen, over the Projects list
        await pilot.pause()
        assert len(app.screen_stack) > 1
        app._freeze_warmed_up()
        assert froze == [] and not app._warm_frozen
        await pilot.press("escape", "enter")  # a project open, then another area's key:
        await pilot.pause()                    # the project stays under the Projects area
        assert type(app.screen).__name__ == "ProjectDetailScreen"
        await pilot.press("f4")
        await pilot.pause()
        assert len(app.screen_stack) == 1
        app._freeze_warmed_up()
        assert froze == [] and not app._warm_frozen
        await pilot.press("f2")  # the Projects list: the project kept for F2's second press
        await pilot.pause()
        assert len(app.screen_stack) == 1 and app.area_keys.parked
        app._freeze_warmed_up()
        assert froze == [] and not app._warm_frozen
        await pilot.press("f2", "escape")  # back to the project, and closed
        await pilot.pause()
        app._freeze_warmed_up()
        assert froze == [1] and app._warm_frozen
