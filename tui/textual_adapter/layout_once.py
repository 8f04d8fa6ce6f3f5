"""`lay_out_once()`: a screen is not laid out again for a size it is laid out for.

Textual lays a new screen out when it is resumed, and sends every widget that layout
showed a `Resize`, the screen itself included. The screen's `Resize` handler lays it out
again (`Screen._screen_resized`), at the same size: a second reflow and render of the
whole screen (~7 ms of opening the 1,000-task project). A widget whose size changes in
either layout asks for the next one itself (`refresh(layout=True)`), so skipping the
same-size one loses nothing; a real change of the terminal's size still lays out. The
screens under a new dialog are laid out as Textual does: only the current screen's update
timer lays it out, so that `Resize` is their only layout while the dialog is up.
"""

from __future__ import annotations

from textual.screen import Screen

TEXTUAL_SCREEN_RESIZED = Screen._screen_resized


def _screen_resized(self: Screen, size) -> None:
    compositor = self._compositor
    if self.is_current and compositor.root is self and compositor.size == size \
            and self.is_attached:
        return  # laid out at this size already; anything that changed asked for a layout
    TEXTUAL_SCREEN_RESIZED(self, size)  # (a screen under a dialog: its only layout then)


def lay_out_once() -> None:
    Screen._screen_resized = _screen_resized  # type: ignore[method-assign]
