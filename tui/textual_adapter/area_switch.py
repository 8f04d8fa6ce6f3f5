"""An area switch drawn once, as soon as its screen is ready (see the package's docstring).

Textual's `switch_mode` masks the switch by holding every update for 50 ms
(`App.delay_update`). Meanwhile the screen is laid out and rendered anyway, but that
frame is dropped (`App._display` writes nothing inside a batch), and when the hold ends
the whole screen is rendered again. On the company workspace the wasted render is
10–30 ms, and a screen built in 30 ms still waits out the 50. Inside the hold, "after
refresh" callbacks ran at once (no refresh to wait for): the war room's 240 rows beyond
the first screenful were added before its first frame.
"""

from __future__ import annotations

from textual.screen import Screen


class PromptAreaSwitch:
    """A mixin for the App (before it in the bases): the hold of a mode switch ends when the
    new screen is mounted (its `on_mount` has filled it) or after `delay` at the latest, and
    nothing is rendered while a hold lasts."""

    _holds = 0  # updates held by delay_update, not yet released
    _release_last_hold = None

    def delay_update(self, delay: float = 0.05) -> None:
        """`App.delay_update`, its end callable early (and only once)."""
        self._begin_batch()
        self._holds += 1
        released = False

        def release() -> None:
            nonlocal released
            if released:
                return
            released = True
            self._holds -= 1
            self._end_batch()
            if not self._batch_count:
                self.screen.refresh()

        self.set_timer(delay, release, name="delay_update")
        self._release_last_hold = release

    def switch_mode(self, mode: str):
        self._release_last_hold = None
        mounted = super().switch_mode(mode)
        release, self._release_last_hold = self._release_last_hold, None
        if release is not None:
            async def release_when_mounted() -> None:
                try:
                    await mounted
                finally:
                    release()
            self.call_next(release_when_mounted)
        return mounted


def _compositor_refresh(self: Screen) -> None:
    """`Screen._compositor_refresh`, except while the app holds updates for a switch: the
    frame would be dropped; the whole screen is marked to be drawn when the hold ends."""
    app = self.app
    if getattr(app, "_holds", 0) and self is app.screen and not app.is_inline:
        self._repaint_required = True
        return
    _original_compositor_refresh(self)


async def _invoke_and_clear_callbacks(self: Screen) -> None:
    """`Screen._invoke_and_clear_callbacks`, except while the app holds updates for a switch:
    Textual runs "after refresh" callbacks at once inside a batch (there is no refresh to
    wait for), so the rest of a long table was added before the first frame; they wait for
    the refresh that ends the hold."""
    app = self.app
    if getattr(app, "_holds", 0) and self is app.screen:
        return
    await _original_invoke_callbacks(self)


_original_compositor_refresh = Screen._compositor_refresh
_original_invoke_callbacks = Screen._invoke_and_clear_callbacks


def render_nothing_while_held() -> None:
    """Install the two replacements above (once; the app's factory calls it)."""
    Screen._compositor_refresh = _compositor_refresh  # type: ignore[method-assign]
    Screen._invoke_and_clear_callbacks = _invoke_and_clear_callbacks  # type: ignore

