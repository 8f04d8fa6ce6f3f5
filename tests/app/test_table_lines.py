"""A table's lines drawn from its reactives read once per render (tui/textual_adapter/
data_table.py `_View`) are exactly Textual's: every line of tables in every cursor type,
with and without zebra stripes, header, row labels, fixed rows and columns, a hover
position, focus and a scroll offset."""

from __future__ import annotations

import inspect

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.widgets import DataTable

from tui.textual_adapter import FixedWidthDataTable


def test_the_private_api_it_relies_on():
    """The three methods are Textual 8.2.8's, read from the held view (the pieces it copies)."""
    row = inspect.getsource(DataTable._render_line_in_row)
    for piece in ("self._labelled_row_exists and self.show_row_labels",
                  'Style.from_meta({"fixed": True})', "remaining_space = max(0, widget_width",
                  "background_color = self.background_colors[1]", "blend(\n",
                  '{"row": row_index, "column": 0, "out_of_bounds": True}'):
        assert piece in row, piece
    line = inspect.getsource(DataTable._render_line)
    for piece in ("self._get_offsets(y)", "line_crop(scrollable_line, x1 + fixed_width, x2, width)",
                  "Strip(segments).adjust_cell_length(width, base_style).simplify()"):
        assert piece in line, piece
    assert "if y > len(y_offsets):" in inspect.getsource(DataTable._get_offsets)
    assert "y += scroll_y" in inspect.getsource(DataTable.render_line)


class Tables(App):
    CSS = "DataTable { height: 12; }"

    def compose(self) -> ComposeResult:
        yield FixedWidthDataTable(id="mine")


def _fill(table: DataTable, labels: bool) -> None:
    for n, width in enumerate((4, 9, 14, 6)):
        table.add_column(Text(f"col {n}", overflow="ellipsis"), width=width, key=f"c{n}")
    for r in range(30):
        cells = [Text(f"{r}"), Text(f"row {r} 宽字符", overflow="ellipsis"),
                 Text.assemble(("red", "red"), f" {r}"), f"[b]{r}[/b]"]
        table.add_row(*cells, key=f"r{r}", label=f"L{r}" if labels else None)


CASES = [
    dict(cursor_type="row"), dict(cursor_type="cell"), dict(cursor_type="column"),
    dict(cursor_type="none"), dict(cursor_type="row", zebra_stripes=True),
    dict(cursor_type="cell", show_header=False), dict(cursor_type="row", fixed_rows=2),
    dict(cursor_type="cell", fixed_columns=1), dict(cursor_type="row", labels=True),
    dict(cursor_type="row", show_cursor=False),
    dict(cursor_type="cell", fixed_rows=1, fixed_columns=1, zebra_stripes=True, labels=True),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: ",".join(f"{k}={v}" for k, v in c.items()))
async def test_every_line_is_textuals(case):
    case = dict(case)
    labels = case.pop("labels", False)
    app = Tables()
    async with app.run_test(size=(60, 16)) as pilot:
        table = app.query_one("#mine", FixedWidthDataTable)
        _fill(table, labels)
        for name, value in case.items():
            setattr(table, name, value)
        table.focus()
        await pilot.pause()
        compared = 0
        for cursor, hover, scroll in (((0, 0), (0, 0), (0, 0)), ((5, 2), (3, 1), (0, 4)),
                                      ((20, 3), (21, 0), (7, 12)), ((29, 1), (2, 2), (0, 30))):
            table.move_cursor(row=cursor[0], column=cursor[1], animate=False, scroll=False)
            table.hover_coordinate = type(table.cursor_coordinate)(*hover)
            table._show_hover_cursor = True
            table.scroll_to(*scroll, animate=False, immediate=True)
            await pilot.pause()
            crop = Region(0, 0, table.size.width, table.size.height)
            for focused in (True, False):
                table.can_focus = True
                (table.focus if focused else table.blur)()
                await pilot.pause()
                table._clear_caches()
                table._styles_cache.clear()
                mine = table.render_lines(crop)                   # from the held view
                table._clear_caches()
                table._styles_cache.clear()
                textuals = DataTable.render_lines(table, crop)    # Textual's reads
                assert [list(s) for s in mine] == [list(s) for s in textuals], \
                    (case, cursor, hover, scroll, focused)
                compared += len(mine)
        assert compared == 4 * 2 * table.size.height and table._held_view is None
