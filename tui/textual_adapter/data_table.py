"""`FixedWidthDataTable`: a DataTable that never measures its cells (see the package's docstring)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rich.padding import Padding
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.renderables.styled import Styled
from textual.widgets import DataTable

from ..widgets.text_cell import text_cell_line


class FixedWidthDataTable(DataTable):
    """A DataTable that never measures cells when every column has a width (see above)."""

    def resize_columns(self, widths: Mapping[str, int | None]) -> None:
        """Give columns (by key) new widths, keeping the rows."""
        for key, width in widths.items():
            self.columns[key].width = width  # type: ignore[index]
        self._clear_caches()
        self._require_update_dimensions = True
        self.check_idle()
        self.refresh()

    def _update_dimensions(self, new_rows: Iterable) -> None:  # type: ignore[override]
        """Textual measures every cell of every new row to size "auto" columns and rows; when
        every column has a width and every row one line, only the virtual size changes."""
        new_rows = list(new_rows)
        columns = list(self.columns.values())
        if not columns or any(c.auto_width for c in columns) or any(
                (row := self.rows.get(key)) is not None and (row.auto_height or row.label)
                for key in new_rows):
            super()._update_dimensions(new_rows)
            return
        width = sum(c.get_render_width(self) for c in columns) + self._row_label_column_width
        header = self.header_height if self.show_header else 0
        self.virtual_size = Size(width, self._total_row_height + header)

    _held_style: Style | None = None  # while rendering: the table's style
    _held_rows: dict | None = None     # … and each kind of row's
    _held_parts: dict | None = None    # … and its component styles (header, fixed, …)

    @property
    def rich_style(self) -> Style:
        held = self._held_style
        return held if held is not None else DataTable.rich_style.fget(self)

    def render_lines(self, crop):
        """Textual's, the table's style and its rows' worked out once (each a walk up its
        ancestors) for all the lines, not once per line (`render_line` asks `rich_style`
        for each, `_render_line_in_row` its row's style)."""
        self._held_style = None
        self._held_style, self._held_rows, self._held_parts = self.rich_style, {}, {}
        try:
            return super().render_lines(crop)
        finally:
            self._held_style = self._held_rows = self._held_parts = None

    def get_component_styles(self, *names: str):
        """Textual's; while rendering, made once per component with its `rich_style` (the
        render asks for the header's on every line: a new styles object and a walk up the
        ancestors each time)."""
        held = self._held_parts
        if held is None:
            return super().get_component_styles(*names)
        if names not in held:
            held[names] = _HeldComponent(super().get_component_styles(*names))
        return held[names]

    def _get_row_style(self, row_index: int, base_style: Style) -> Style:
        held = self._held_rows
        if held is None:
            return super()._get_row_style(row_index, base_style)
        kind = (row_index == -1, row_index < self.fixed_rows,
                self.zebra_stripes and row_index % 2, base_style)
        if kind not in held:
            held[kind] = super()._get_row_style(row_index, base_style)
        return held[kind]

    def _render_cell(self, row_index: int, column_index: int, base_style: Style, width: int,
                     cursor: bool = False, hover: bool = False):
        """`DataTable._render_cell` of Textual 8.2.8, a one-line Text cell made by
        `text_cell_line` (the same segments)."""
        is_header_cell, is_row_label_cell = row_index == -1, column_index == -1
        is_fixed_style_cell = (not is_header_cell and not is_row_label_cell and (
            row_index < self.fixed_rows or column_index < self.fixed_columns))
        row_key = self._header_row_key if is_header_cell \
            else self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        cell_cache_key = (row_key, column_key, base_style, cursor, hover,
                          self._show_hover_cursor, self._update_count, self._pseudo_class_state)
        if cell_cache_key in self._cell_render_cache:
            return self._cell_render_cache[cell_cache_key]
        base_style += Style.from_meta({"row": row_index, "column": column_index})
        row_label, row_cells = self._get_row_renderables(row_index)
        if is_row_label_cell:
            cell = row_label if row_label is not None else ""
        else:
            cell = row_cells[column_index]
        component_style, post_style = self._get_styles_to_render_cell(
            is_header_cell, is_row_label_cell, is_fixed_style_cell, hover, cursor,
            self.show_cursor, self._show_hover_cursor, self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css")
        console, pre_style = self.app.console, base_style + component_style
        row = None if is_header_cell else self.rows[row_key]
        row_height = self.header_height if row is None else row.height
        if type(cell) is Text and row_height == 1 and (row is None or not row.auto_height):
            line = text_cell_line(console, cell, width, self.cell_padding, pre_style, post_style)
            if line is not None:
                self._cell_render_cache[cell_cache_key] = lines = [line]
                return lines
        if row is not None and row.auto_height and row.height == 0:
            options = self.app.console_options.update_width(width)
        else:
            options = self.app.console_options.update_dimensions(width, row_height)
        if row_height == 1:
            options = options.update(no_wrap=True)
        lines = console.render_lines(Styled(Padding(cell, (0, self.cell_padding)),
                                            pre_style=pre_style, post_style=post_style), options)
        self._cell_render_cache[cell_cache_key] = lines
        return lines


class _HeldComponent:
    """A component's styles with its `rich_style` worked out once (for one render)."""

    __slots__ = ("_styles", "rich_style")

    def __init__(self, styles) -> None:
        self._styles = styles
        self.rich_style = styles.rich_style

    def __getattr__(self, name: str):
        return getattr(self._styles, name)
