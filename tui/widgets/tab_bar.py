"""`TabBar`: one line of tab titles ("1 Overview  2 Tasks  3 Plan …"), the active one
highlighted; a click on a title posts `TabBar.Chosen(name)`.

Why not Textual's `Tabs`/`TabbedContent`: each tab there is a widget of its own with an
animated underline, and eight of them cost about 45 ms every time a project screen opens
(bench: "open the 1,000-task project"). This bar is one widget that draws one line.
Switching the panes is the screen's job (it shows one and hides the others).
"""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget


class TabBar(Widget):
    DEFAULT_CSS = """
    TabBar {
        height: 1;
        width: 1fr;
        color: $text-muted;
    }
    TabBar > .tab-bar--active {
        color: $text;
        background: $primary 40%;
        text-style: bold;
    }
    """
    COMPONENT_CLASSES = {"tab-bar--active"}

    active: reactive[str] = reactive("")

    class Chosen(Message):
        """A tab title was clicked."""

        def __init__(self, bar: "TabBar", name: str) -> None:
            super().__init__()
            self.bar = bar
            self.name = name

        @property
        def control(self) -> "TabBar":
            return self.bar

    def __init__(self, titles: dict[str, str], active: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.titles = dict(titles)  # name -> title, in order
        self.set_reactive(TabBar.active, active)
        self._spans: list[tuple[int, int, str]] = []  # (start cell, end cell, name)

    def set_titles(self, titles: dict[str, str]) -> None:
        if titles != self.titles:
            self.titles = dict(titles)
            self.refresh()

    def render(self) -> Content:
        active_style = self.get_visual_style("tab-bar--active")
        # " title " with a space between; where that does not fit (80 columns), "title" with
        # two spaces between, then one: every tab stays visible
        titles = sum(cell_len(t) for t in self.titles.values())
        gaps = len(self.titles) - 1
        pad, gap = next(((pad, gap) for pad, gap in ((" ", 1), ("", 2), ("", 1))
                         if titles + 2 * len(pad) * len(self.titles) + gap * gaps
                         <= self.size.width), ("", 1))
        parts: list[Content] = []
        self._spans = []
        at = 0
        for name, title in self.titles.items():
            cell = Content(f"{pad}{title}{pad}")  # titles are ours, never markup
            if name == self.active:
                cell = cell.stylize(active_style)
            self._spans.append((at, at + cell.cell_length, name))
            at += cell.cell_length + gap
            parts.append(cell)
        return Content(" " * gap).join(parts)

    def on_click(self, event: events.Click) -> None:
        for start, end, name in self._spans:
            if start <= event.x < end:
                self.post_message(self.Chosen(self, name))
                return
