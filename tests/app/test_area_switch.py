"""An area switch is drawn once, when its screen is ready (tui/textual_adapter/area_switch.py):
the hold Textual's `switch_mode` puts on updates ends when the new screen is mounted, and
nothing is rendered while it lasts (that frame would be dropped)."""

from __future__ import annotations

import asyncio
import inspect
import time

from textual._compositor import Compositor
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Label

from tui.textual_adapter import PromptAreaSwitch, screen_lines
from tui.textual_adapter.area_switch import render_nothing_while_held


def test_the_private_api_it_relies_on():
    assert "self.delay_update()" in inspect.getsource(App.switch_mode)
    delay = inspect.getsource(App.delay_update)
    for piece in ("self._begin_batch()", "self._end_batch()", "self.screen.refresh()",
                  'name="delay_update"'):
        assert piece in delay, piece
    assert "if self._batch_count:\n                return" in inspect.getsource(App._display)
    assert list(inspect.signature(Screen._compositor_refresh).parameters) == ["self"]
    assert list(inspect.signature(Screen._invoke_and_clear_callbacks).parameters) == ["self"]
    assert "await self._invoke_and_clear_callbacks()" in inspect.getsource(Screen._on_idle)
    assert "self.call_later(self._compositor_refresh)" in \
        inspect.getsource(Screen._refresh_layout)


class Filled(Screen):
    def compose(self) -> ComposeResult:
        yield Label("empty", id="what")

    frames_before_callback: int | None = None

    def on_mount(self) -> None:
        self.query_one("#what", Label).update("filled by on_mount")
        self.call_after_refresh(self.after_refresh)

    def after_refresh(self) -> None:
        self.frames_before_callback = len([n for n in FRAMES if n == 0])


FRAMES: list[int] = []  # the app's batch count at each render


class SwitchApp(PromptAreaSwitch, App[None]):
    MODES = {"first": Screen, "second": Filled}
    DEFAULT_MODE = "first"

    def delay_update(self, delay: float = 0.05) -> None:
        super().delay_update(600.0)  # only the mount can end the hold in time


async def test_the_hold_ends_when_the_screen_is_mounted_and_nothing_is_run_or_drawn_during_it():
    render_nothing_while_held()
    app = SwitchApp()
    held_renders = FRAMES
    original = Compositor.render_update

    def counting(self, *args, **kwargs):
        held_renders.append(app._batch_count)
        return original(self, *args, **kwargs)

    async with app.run_test(size=(40, 5)) as pilot:
        await pilot.pause()
        Compositor.render_update = counting
        try:
            held_renders.clear()
            start = time.monotonic()
            await app.switch_mode("second")
            while app._batch_count and time.monotonic() - start < 30:
                await asyncio.sleep(0.001)
            assert app._batch_count == 0  # not the 600 s: the mount ended it
            await pilot.pause()
        finally:
            Compositor.render_update = original
        assert held_renders and not any(held_renders)  # every render came after the hold
        assert app.screen.frames_before_callback  # "after refresh" means after a frame drawn
        assert "filled by on_mount" in "\n".join(screen_lines(app.screen))


async def test_switching_areas_in_the_app_is_held_until_mounted(app_ws):
    from tui.app import make_app
    app = make_app(app_ws, lang="en")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("f5")
        await pilot.pause()
        assert type(app.screen).__name__ == "WarRoomScreen"
        assert app._batch_count == 0 and app._holds == 0
        assert any("War room" in line for line in screen_lines(app.screen))
