"""One table cell's line drawn by rich's own steps, without its generic dispatch (about a
third of drawing a screenful of a table): `FixedWidthDataTable._render_cell`
(tui/textual_adapter/data_table.py) uses it for a one-line Text cell;
tests/app/test_textual_adapter.py compares its segments with Textual's."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import DEFAULT_JUSTIFY, DEFAULT_OVERFLOW, Text

_NULL = Style.null()  # Padding's style ("none")


def text_cell_line(console, cell: Text, width: int, padding: int, pre_style: Style,
                   post_style: Style) -> list[Segment] | None:
    """The line `console.render_lines(Styled(Padding(cell, (0, padding)), pre_style,
    post_style), options)` gives for a Text in a one-line row (the options of
    `App.console_options` for `width` and height 1, no_wrap: no justify or overflow of
    their own), by rich's own steps (Text.__rich_console__, Padding, Styled, render_lines'
    crop and pad) without its generic dispatch; None where rich would render nothing."""
    inner = width - 2 * padding
    if inner < 1:
        return None
    line = _one_style_line(console, cell, inner)
    if line is not None:  # most cells
        plain, style = line
        return _plain_line(plain, style, inner - cell_len(plain), padding, pre_style,
                           post_style)
    tab_size = console.tab_size if cell.tab_size is None else cell.tab_size
    wrapped = cell.wrap(console, inner, tab_size=tab_size or 8,
                        justify=cell.justify or DEFAULT_JUSTIFY,
                        overflow=cell.overflow or DEFAULT_OVERFLOW,
                        no_wrap=cell.no_wrap if cell.no_wrap is not None else True)
    segments = Text("\n").join(wrapped).render(console, end=cell.end)
    line = next(iter(Segment.split_and_crop_lines(segments, inner, style=_NULL, pad=True,
                                                  include_new_lines=False)), None)
    if line is None:
        line = [Segment(" " * inner, _NULL)]
    if padding:
        space = Segment(" " * padding, _NULL)
        line = [space, *line, space]
    return Segment.adjust_line_length(list(Segment.apply_style(line, pre_style, post_style)),
                                      width, pad=True)


def _one_style_line(console, cell: Text, inner: int) -> tuple[str, Style] | None:
    """The text and style rich shows for a one-line Text in one style (its own, or a span
    over all of it, as `themed` makes) in `inner` cells: cut as rich's `truncate` cuts
    when the cell does not wrap; None for any other cell (rich's steps then)."""
    plain, spans = cell.plain, cell._spans
    if (not plain or "\n" in plain or "\t" in plain or cell.justify not in (None, "default")
            or len(spans) > 1 or (spans and (spans[0].start, spans[0].end) != (0, len(plain)))):
        return None
    if cell_len(plain) > inner:
        overflow = cell.overflow or DEFAULT_OVERFLOW
        if cell.no_wrap is False or overflow == "ignore":
            return None
        plain = set_cell_size(plain, inner - 1) + "…" if overflow == "ellipsis" \
            else set_cell_size(plain, inner)
    style = console.get_style(cell.style, default=_NULL)
    if spans:
        style = style + console.get_style(spans[0].style, default=_NULL)
    return plain, style


def _plain_line(plain: str, style: Style, room: int, padding: int, pre_style: Style,
                post_style: Style) -> list[Segment]:
    """What rich's steps give for text in one style: the text in its style, then the room
    and the padding unstyled (only the row's and cursor's styles: tests/app/
    test_textual_adapter.py compares)."""
    blank = pre_style + _NULL + post_style
    line = [Segment(plain, pre_style + style + post_style)]
    if room:
        line.append(Segment(" " * room, blank))
    if padding:
        space = Segment(" " * padding, blank)
        line = [space, *line, space]
    return line
