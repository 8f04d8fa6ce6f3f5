"""Nothing is rendered where nothing of it shows (tui/textual_adapter/compositor.py): a
container under its children, or a screen under its body, renders only the lines where
some of it is seen; the screen's lines are what Textual's own compositor draws, also after
a child is hidden and shows what was under it."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

from tui.textual_adapter import keep_wide_characters_whole, screen_lines
from tui.textual_adapter.compositor import _textual_render_chops

keep_wide_characters_whole()


class Stacked(App):
    CSS = """
    #covered { height: 4; background: $primary; }
    #covered > Static { height: 2; }
    #taller { height: 5; background: $secondary; }
    #taller > Static { height: 2; background: $panel; }
    """

    def compose(self) -> ComposeResult:
        with Vertical(id="covered"):
            yield Static("one", id="one")
            yield Static("two", id="two")
        with Vertical(id="taller"):
            yield Static("three", id="three")
            yield Static("four", id="four")


def _textual_lines(screen) -> list[str]:
    compositor = screen._compositor
    chops = _textual_render_chops(compositor, compositor.size.region, lambda y: True)
    return [Strip.join(chop.values()).text for chop in chops]


async def test_a_container_renders_only_the_lines_where_it_shows(monkeypatch):
    rendered: dict[str, list[tuple[int, int]]] = {}
    original = Widget.render_lines

    def render_lines(self, crop):
        rendered.setdefault(self.id or type(self).__name__, []).append(
            (crop.y, crop.height))
        return original(self, crop)
    app = Stacked()
    async with app.run_test(size=(30, 12)) as pilot:
        await pilot.pause()
        monkeypatch.setattr(Widget, "render_lines", render_lines)
        app.screen._compositor.render_update(full=True)
        assert "covered" not in rendered  # its two children cover it
        assert rendered["taller"] == [(4, 1)]  # the line under its children
        assert rendered["_default"] == [(9, 3)]  # the three lines under the containers
        assert rendered["one"] == [(0, 2)] and rendered["four"] == [(0, 2)]
        assert screen_lines(app.screen) == _textual_lines(app.screen)

        app.query_one("#one").display = False  # the container shows where it was
        await pilot.pause()
        lines = screen_lines(app.screen)
        assert lines == _textual_lines(app.screen)
        assert lines[0].startswith("two")
