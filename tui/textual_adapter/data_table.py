"""`FixedWidthDataTable`: a DataTable that never measures its cells (see the package's docstring)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import chain

from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual._segment_tools import line_crop
from textual.color import Color
from textual.coordinate import Coordinate
from textual.geometry import Size
from textual.renderables.styled import Styled
from textual.strip import Strip
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
    _held_view: "_View | None" = None  # … and its reactives and column widths

    @property
    def rich_style(self) -> Style:
        held = self._held_style
        return held if held is not None else DataTable.rich_style.fget(self)

    def render_lines(self, crop):
        """Textual's, the table's style and its rows' worked out once (each a walk up its
        ancestors) for all the lines, not once per line (`render_line` asks `rich_style`
        for each, `_render_line_in_row` its row's style)."""
        self._held_style = self._held_view = None
        self._held_style, self._held_rows, self._held_parts = self.rich_style, {}, {}
        try:
            return super().render_lines(crop)
        finally:
            self._held_style = self._held_rows = self._held_parts = self._held_view = None

    def _view(self) -> "_View | None":
        """The table's reactives for this render (Textual reads ~47 a line, each through the
        descriptor's three `hasattr`); None outside a render. Made at the first line, after
        `DataTable.render_lines` has set the pseudo-class state."""
        if self._held_style is None:
            return None
        if self._held_view is None:
            self._held_view = _View(self)
        return self._held_view

    def render_line(self, y: int) -> Strip:
        """`DataTable.render_line` of Textual 8.2.8, from the held view."""
        view = self._view()
        if view is None:
            return super().render_line(y)
        if y >= view.fixed_rows_height:
            y += view.scroll_y
        return self._render_line(y, view.scroll_x, view.scroll_x + view.width, self._held_style)

    def _render_line(self, y: int, x1: int, x2: int, base_style: Style) -> Strip:
        """`DataTable._render_line` of Textual 8.2.8, from the held view."""
        view = self._view()
        if view is None:
            return super()._render_line(y, x1, x2, base_style)
        width = view.width
        if view.show_header:
            if y < view.header_height:
                row_key, offset = self._header_row_key, y
            else:
                row_key, offset = self._line_of(y - view.header_height, width, base_style)
        else:
            row_key, offset = self._line_of(y, width, base_style)
        if row_key is None:
            return offset  # a blank line
        cache_key = (y, x1, x2, width, view.cursor, view.hover, base_style, view.cursor_type,
                     self._show_hover_cursor, self._update_count, self._pseudo_class_state)
        found = self._line_cache.get(cache_key)
        if found is not None:
            return found
        fixed, scrollable = self._render_line_in_row(row_key, offset, base_style,
                                                     cursor_location=view.cursor,
                                                     hover_location=view.hover)
        fixed_line: list[Segment] = list(chain.from_iterable(fixed)) if fixed else []
        scrollable_line: list[Segment] = list(chain.from_iterable(scrollable))
        segments = fixed_line + line_crop(scrollable_line, x1 + view.fixed_width, x2, width)
        strip = Strip(segments).adjust_cell_length(width, base_style).simplify()
        self._line_cache[cache_key] = strip
        return strip

    def _line_of(self, y: int, width: int, base_style: Style):
        """`_get_offsets` past the header: (row key, line in the row), or (None, a blank
        strip) below the last row (Textual's LookupError)."""
        offsets = self._y_offsets
        if y >= len(offsets):  # Textual: LookupError past the end, IndexError at it
            return None, Strip.blank(width, base_style)
        return offsets[y]

    def _render_line_in_row(self, row_key, line_no: int, base_style: Style,
                            cursor_location: Coordinate, hover_location: Coordinate):
        """`DataTable._render_line_in_row` of Textual 8.2.8, from the held view."""
        view = self._view()
        if view is None:
            return super()._render_line_in_row(row_key, line_no, base_style, cursor_location,
                                               hover_location)
        cursor_type, show_cursor = view.cursor_type, view.show_cursor
        cache_key = (row_key, line_no, base_style, cursor_location, hover_location, cursor_type,
                     show_cursor, self._show_hover_cursor, self._update_count,
                     self._pseudo_class_state)
        found = self._row_render_cache.get(cache_key)
        if found is not None:
            return found
        highlight, render_cell = self._should_highlight, self._render_cell
        row_index = self._row_locations.get(row_key) if row_key in self._row_locations else -1
        fixed_row = []
        if view.labelled:
            cell_location = Coordinate(row_index, -1)
            fixed_row.append(render_cell(
                row_index, -1, self.get_component_styles("datatable--header").rich_style,
                width=self._row_label_column_width,
                cursor=highlight(cursor_location, cell_location, cursor_type),
                hover=highlight(hover_location, cell_location, cursor_type))[line_no])
        if view.fixed_columns:
            if row_key is self._header_row_key:
                fixed_style = self.get_component_styles("datatable--header").rich_style
            else:
                fixed_style = self.get_component_styles("datatable--fixed").rich_style
                fixed_style += Style.from_meta({"fixed": True})
            for column_index, width in enumerate(view.widths[:view.fixed_columns]):
                cell_location = Coordinate(row_index, column_index)
                fixed_row.append(render_cell(
                    row_index, column_index, fixed_style, width,
                    cursor=highlight(cursor_location, cell_location, cursor_type),
                    hover=highlight(hover_location, cell_location, cursor_type))[line_no])
        row_style = self._get_row_style(row_index, base_style)
        scrollable_row = []
        for column_index, width in enumerate(view.widths):
            cell_location = Coordinate(row_index, column_index)
            scrollable_row.append(render_cell(
                row_index, column_index, row_style, width,
                cursor=highlight(cursor_location, cell_location, cursor_type),
                hover=highlight(hover_location, cell_location, cursor_type))[line_no])
        remaining_space = max(0, view.width - view.table_width)
        if cursor_type == "row":
            extend_style, _ = self._get_styles_to_render_cell(
                row_index == -1, False, False,
                highlight(hover_location, Coordinate(row_index or 0, 0), cursor_type),
                row_index == cursor_location.row, show_cursor, self._show_hover_cursor,
                False, False)
            extend_style = row_style + extend_style
        elif row_style.bgcolor is not None:
            faded_color = Color.from_rich_color(row_style.bgcolor).blend(view.background,
                                                                         factor=0.25)
            extend_style = Style.from_color(color=row_style.color,
                                            bgcolor=faded_color.rich_color)
        else:
            extend_style = Style.from_color(row_style.color, row_style.bgcolor)
        extend_style += Style.from_meta({"row": row_index, "column": 0, "out_of_bounds": True})
        scrollable_row.append([Segment(" " * remaining_space, extend_style)])
        row_pair = (fixed_row, scrollable_row)
        self._row_render_cache[cache_key] = row_pair
        return row_pair

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
        view = self._view()
        is_header_cell, is_row_label_cell = row_index == -1, column_index == -1
        fixed_rows, fixed_columns = ((view.fixed_rows, view.fixed_columns) if view
                                     else (self.fixed_rows, self.fixed_columns))
        is_fixed_style_cell = (not is_header_cell and not is_row_label_cell and (
            row_index < fixed_rows or column_index < fixed_columns))
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
        show_cursor, css_foreground, css_background = (
            (view.show_cursor, view.css_foreground, view.css_background) if view else
            (self.show_cursor, self.cursor_foreground_priority == "css",
             self.cursor_background_priority == "css"))
        component_style, post_style = self._get_styles_to_render_cell(
            is_header_cell, is_row_label_cell, is_fixed_style_cell, hover, cursor,
            show_cursor, self._show_hover_cursor, css_foreground, css_background)
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


class _View:
    """A table's reactives and column widths, read once for one render."""

    __slots__ = ("width", "scroll_x", "scroll_y", "show_header", "header_height",
                 "fixed_rows", "fixed_columns", "fixed_rows_height", "cursor_type",
                 "show_cursor", "cursor", "hover", "widths", "fixed_width", "table_width",
                 "labelled", "background", "css_foreground", "css_background")

    def __init__(self, table: DataTable) -> None:
        self.width = table.size.width
        self.scroll_x, self.scroll_y = table.scroll_offset
        self.show_header, self.header_height = table.show_header, table.header_height
        self.fixed_rows, self.fixed_columns = table.fixed_rows, table.fixed_columns
        self.fixed_rows_height = sum(
            table.get_row_height(table._row_locations.get_key(index))
            for index in range(self.fixed_rows)) + (
            table.get_row_height(table._header_row_key) if self.show_header else 0)
        self.cursor_type, self.show_cursor = table.cursor_type, table.show_cursor
        self.cursor, self.hover = table.cursor_coordinate, table.hover_coordinate
        self.widths = [column.get_render_width(table) for column in table.ordered_columns]
        self.fixed_width = sum(self.widths[:self.fixed_columns])
        self.table_width = sum(self.widths[self.fixed_columns:]) + table._row_label_column_width
        self.labelled = table._labelled_row_exists and table.show_row_labels
        self.background = table.background_colors[1]
        self.css_foreground = table.cursor_foreground_priority == "css"
        self.css_background = table.cursor_background_priority == "css"
