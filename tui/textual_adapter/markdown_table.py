"""`CompactMarkdown`: Textual's Markdown with each table drawn by one widget (see the
package's docstring)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Markdown
from textual.widgets._markdown import MarkdownTable

RULE, BAR = "─", " │ "


class TableLines(Widget):
    """A Markdown table's lines: the header in bold, a rule under it, the columns apart by
    │; when the width runs out the widest column gives way first, its cells cut with …."""

    DEFAULT_CSS = """
    TableLines { height: auto; width: 1fr; padding: 0 1; }
    """

    def __init__(self, headers: list[Content], rows: list[list[Content]]) -> None:
        super().__init__()
        self.show(headers, rows)

    def show(self, headers: list[Content], rows: list[list[Content]]) -> None:
        columns = max([len(headers), *map(len, rows)], default=0)
        self.headers = [*headers, *[Content("")] * (columns - len(headers))]
        self.rows = [[*row, *[Content("")] * (columns - len(row))] for row in rows]
        self.refresh(layout=True)

    def widths(self, room: int) -> list[int]:
        natural = [max((row[n].cell_length for row in [self.headers, *self.rows]), default=0)
                   for n in range(len(self.headers))]
        room -= len(BAR) * max(0, len(natural) - 1)
        widths = list(natural)
        while sum(widths) > room and max(widths, default=0) > 1:
            widest = widths.index(max(widths))
            widths[widest] -= 1
        return widths

    def render(self) -> Content:
        if not self.headers:
            return Content("")
        widths = self.widths(self.content_region.width or self.size.width)
        bar = Content.styled(BAR, "$foreground 30%")

        def line(cells: list[Content]) -> Content:
            return bar.join(cell.truncate(width, ellipsis=True, pad=True)
                            for cell, width in zip(cells, widths))

        header = line([cell.stylize("bold $text-primary") for cell in self.headers])
        rule = Content.styled("─┼─".join(RULE * width for width in widths), "$foreground 30%")
        return Content("\n").join([header, rule, *(line(row) for row in self.rows)])

    async def action_link(self, href: str) -> None:
        """A link in a cell, as Textual's table cells pass it on."""
        self.post_message(Markdown.LinkClicked(self.query_ancestor(Markdown), href))


class OneWidgetTable(MarkdownTable):
    """Textual's MarkdownTable, its cells drawn by one `TableLines` instead of a grid of a
    widget per cell."""

    def compose(self) -> ComposeResult:
        self._headers, self._rows = self._get_headers_and_rows()
        yield TableLines(self._headers, self._rows)

    async def _update_from_block(self, block) -> None:
        if isinstance(block, MarkdownTable):  # a streamed table grew: the same widget
            self._headers, self._rows = block._get_headers_and_rows()
            self.query_one(TableLines).show(self._headers, self._rows)
            return
        await super()._update_from_block(block)


class CompactMarkdown(Markdown):
    """Markdown whose tables are one widget each (the knowledge base's preview)."""

    BLOCKS = {**Markdown.BLOCKS, "table_open": OneWidgetTable}
