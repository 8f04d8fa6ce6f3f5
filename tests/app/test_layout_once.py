"""A new screen is laid out once for its size (tui/textual_adapter/layout_once.py): the
`Resize` Textual sends the screen after its first layout does not lay it out again; a
widget that changes in its own resize still gets its layout, and a new terminal size
still lays the screen out."""

from __future__ import annotations

import inspect

import pytest
from textual._compositor import Compositor
from textual.app import App, ComposeResult
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

from tui.textual_adapter import lay_out_once, screen_lines
from tui.textual_adapter.layout_once import TEXTUAL_SCREEN_RESIZED

lay_out_once()


def test_the_private_api_it_relies_on():
    assert list(inspect.signature(TEXTUAL_SCREEN_RESIZED).parameters) == ["self", "size"]
    assert "self._refresh_layout(size)" in inspect.getsource(TEXTUAL_SCREEN_RESIZED)
    assert "self._screen_resized(event.size)" in inspect.getsource(Screen._on_resize)
    reflow = inspect.getsource(Compositor.reflow)
    assert "self.root = parent" in reflow and "self.size = size" in reflow


class Grows(Static):
    """Takes one more line once it learns its width (a widget changing in its resize)."""

    def on_resize(self) -> None:
        if self.size.width and self.styles.height.value == 1:
            self.styles.height = 2
            self.update(f"width {self.size.width}\nsecond line")


class Detail(Screen):
    def compose(self) -> ComposeResult:
        yield Label("top", id="top")
        yield Grows("width ?", id="grows")
        yield Label("bottom", id="bottom")

    def on_mount(self) -> None:
        self.query_one("#grows").styles.height = 1


class Host(App):
    def compose(self) -> ComposeResult:
        yield Label("home")


async def _open(pilot, reflows: list) -> Detail:
    screen = Detail()
    reflows.clear()
    await pilot.app.push_screen(screen)
    for _ in range(5):
        await pilot.pause()
    return screen


@pytest.fixture
def reflows(monkeypatch):
    made: list = []
    original = Compositor.reflow

    def counted(self, parent, size):
        made.append((parent, size))
        return original(self, parent, size)
    monkeypatch.setattr(Compositor, "reflow", counted)
    return made


async def test_a_new_screen_is_laid_out_once_and_its_widgets_follow(reflows, monkeypatch):
    async with Host().run_test(size=(60, 12)) as pilot:
        screen = await _open(pilot, reflows)
        ours = [r for r in reflows if r[0] is screen]
        lines = screen_lines(screen)
    assert lines[1].startswith("width 60") and lines[2].startswith("second line")
    assert lines[3].startswith("bottom")
    monkeypatch.setattr(Screen, "_screen_resized", TEXTUAL_SCREEN_RESIZED)
    async with Host().run_test(size=(60, 12)) as pilot:
        screen = await _open(pilot, reflows)
        theirs = [r for r in reflows if r[0] is screen]
        assert screen_lines(screen) == lines  # the same screen, drawn with one layout less
    assert len(ours) == len(theirs) - 1


async def test_a_new_terminal_size_still_lays_the_screen_out(reflows):
    async with Host().run_test(size=(60, 12)) as pilot:
        screen = await _open(pilot, reflows)
        reflows.clear()
        await pilot.resize_terminal(40, 10)
        for _ in range(5):
            await pilot.pause()
        assert [size for parent, size in reflows if parent is screen][-1] == (40, 10)
        assert screen.query_one("#grows").region.width == 40
        assert screen_lines(screen)[0].startswith("top")


class Dialog(ModalScreen):
    DEFAULT_CSS = "Dialog { align: center middle; } Dialog Label { width: 10; height: 1; }"

    def compose(self) -> ComposeResult:
        yield Label("dialog")


async def test_a_screen_changed_as_a_dialog_opens_shows_the_change_under_it(reflows):
    """Only the current screen's update timer lays it out: the screen under a new dialog
    is laid out by the dialog's first resize, as in Textual, even at the same size."""
    async with Host().run_test(size=(60, 12)) as pilot:
        screen = await _open(pilot, reflows)
        screen.query_one("#top").styles.height = 3  # changed, and at once a dialog over it
        await pilot.app.push_screen(Dialog())
        for _ in range(5):
            await pilot.pause()
        assert screen.query_one("#grows").region.y == 3  # below the taller label, under it
