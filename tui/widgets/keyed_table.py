"""A DataTable whose rows have keys and are refreshed by diffing, never by `clear()`.

Give it column specs and call `show(rows)` with `(key, {column: cell})` pairs
in the order you want; it removes, adds and updates only what changed
(`remove_row` / `add_row` / `update_cell`), keeps the cursor on the same
record, and fits one flexible column (e.g. a title) to the width it has.
Columns can drop out below a table width (`min_width`) so that 80×24 works;
only a resize that changes the columns rebuilds the table.
Keep the row key as the first column's text: the order is then restored with a
sort; otherwise rows are re-added in order.

Speed (a table may hold a thousand rows): every column has a set width, so cells are
never measured, and a new width for the flexible column is set in place (widths from
tui/widgets/column_layout.py, set through `tui.textual_adapter.FixedWidthDataTable`, the
one user of Textual's private DataTable API). An empty table that gets many rows shows
the first FIRST_ROWS at once and the rest in batches after the screen is drawn; a row's
cells may be a function, called when the row is added.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.widgets.data_table import CellType, RowDoesNotExist

from store.core.i18n import tr

from ..textual_adapter import FixedWidthDataTable
from .column_layout import Col, column_layout, expected_width, measure

Cells = Mapping[str, CellType]
RowCells = Cells | Callable[[], Cells]  # the cells, or a function that makes them
FIRST_ROWS = 60    # rows an empty table adds at once (more than a screen shows)
ALL_AT_ONCE = 200  # a table this short gets every row at once: a second pass costs more
BATCH_ROWS = 300   # then this many per refresh
REMOVE_AT_MOST = 8  # more go: filled afresh (Textual's remove_row renumbers every row)


def same(a: object, b: object) -> bool:
    """Cell equality that also sees style changes (rich's Text.__eq__ ignores the base style)."""
    if isinstance(a, Text) and isinstance(b, Text):
        return a.plain == b.plain and a.style == b.style and a.spans == b.spans
    return type(a) is type(b) and a == b


class KeyedTable(FixedWidthDataTable):
    """Rows keyed by record id; `show()` diffs. `selected_key` is the row under the cursor."""

    DEFAULT_CSS = """
    KeyedTable { height: 1fr; }
    """
    # j/k beside the arrows, / to filter any list: unless the screen has its own key (the
    # project screen's k Kickoff, the projects list's own filter), which then wins.
    BINDINGS = [
        Binding("j", "vi('down')", "Down", show=False, id="table.down"),
        Binding("k", "vi('up')", "Up", show=False, id="table.up"),
        Binding("slash", "filter", "Filter", id="table.filter"),
    ]
    filter_query = ""  # words every row shown contains (set_filter)

    def __init__(self, columns: Sequence[Col], *, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, cursor_type="row", zebra_stripes=True)
        self.specs = tuple(columns)
        self._rows: dict[str, RowCells] = {}  # every row given to show(), all columns
        self._order: list[str] = []
        self._backlog: list[str] = []         # rows still to add, in order
        self._stale: list[str] = []           # rows whose cells are still to bring up to date
        self._deferred = False                # rows wait for the table's first width
        self._deferred_select: str | None = None
        self._layout: tuple[tuple[str, int | None], ...] = ()

    # -- public ----------------------------------------------------------
    @property
    def selected_key(self) -> str | None:
        if not self.row_count:
            return None
        try:
            key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        except RowDoesNotExist:
            return None
        return key.value

    def select_key(self, key: str) -> None:
        if self._deferred:
            self._deferred_select = key
            return
        if key in self._backlog:
            self._add_rows(self._backlog[:self._backlog.index(key) + 1])
        try:
            self.move_cursor(row=self.get_row_index(key))
        except RowDoesNotExist:
            pass

    # -- keys and filter ----------------------------------------------------
    def _screen_takes(self, action: str) -> bool:
        """Whether the screen binds the key of this table's `action` itself."""
        mine = {b.key for b in KeyedTable.BINDINGS if isinstance(b, Binding) and b.action == action}
        screen = self.screen
        for binding in getattr(screen, "BINDINGS", ()):
            if isinstance(binding, Binding) and set(binding.key.split(",")) & mine:
                return True
        return False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("vi", "filter"):
            key_action = f"vi({parameters[0]!r})" if action == "vi" else action
            return not self._screen_takes(key_action)
        return True

    def action_vi(self, direction: str) -> None:
        self.action_cursor_down() if direction == "down" else self.action_cursor_up()

    def action_filter(self) -> None:
        from .table_filter import TableFilter
        for existing in self.screen.query(TableFilter):
            if existing.table is self:
                existing.open()
                return
        # above the table; above its row when it sits beside others (the standup's team)
        anchor = self if self._stacked() else self.parent
        if anchor is not None and anchor.parent is not None:
            anchor.parent.mount(TableFilter(self), before=anchor)

    def set_filter(self, query: str) -> None:
        """Show only the rows whose cells contain every word of `query` (any case)."""
        if query != self.filter_query:
            self.filter_query = query
            self.show(self._given)

    def _matches(self, cells: Cells) -> bool:
        words = self.filter_query.casefold().split()
        haystack = " ".join(c.plain if isinstance(c, Text) else str(c)
                            for c in cells.values()).casefold()
        return all(word in haystack for word in words)

    _given: Sequence[tuple[str, RowCells]] = ()

    def show(self, rows: Sequence[tuple[str, RowCells]]) -> None:
        """Make the table show exactly `rows` (those the filter lets through), in this order,
        touching only what changed."""
        self._given = rows
        if self.filter_query:
            rows = [(key, cells() if callable(cells) else cells) for key, cells in rows]
            rows = [(key, cells) for key, cells in rows if self._matches(cells)]
        self._show(rows)
        if self._layout and self.columns:  # new text: the spare width may go elsewhere
            layout = self._layout_for(self._width())
            if layout != self._layout and [k for k, _ in layout] == [k for k, _ in self._layout]:
                self._resize_columns(layout)
        self.show_detail()

    # -- the detail line ---------------------------------------------------
    _detail = None  # a TableDetail under the table, mounted the first time a cell is cut

    def cut_cells(self, key: str | None) -> list[tuple[str, str]]:
        """(column label, whole text) of the cells of row `key` that the columns cut."""
        if key is None or key not in self._rows:
            return []
        cells = self._cells(key)
        labels = {c.key: c.label for c in self.specs}
        cut = []
        for column, width in self._layout:
            cell = cells.get(column, "")
            text = cell.plain if isinstance(cell, Text) else str(cell)
            if width is not None and (cell_len(text) > width or "\n" in text.strip()):
                cut.append((tr(labels[column]), text))
        return cut

    def show_detail(self) -> None:
        cut = self.cut_cells(self.selected_key) if self.row_count else []
        if cut and self._detail is None and self._stacked():
            from .table_detail import TableDetail
            self._detail = TableDetail(classes="table-detail")
            self.parent.mount(self._detail, after=self)
        if self._detail is not None:
            self._detail.show(cut)

    def _stacked(self) -> bool:
        """Whether a line can go under the table (its parent stacks its children)."""
        parent = self.parent
        layout = getattr(getattr(parent, "styles", None), "layout", None)
        return self.is_mounted and parent is not None and \
            getattr(layout, "name", "vertical") == "vertical"

    def on_data_table_row_highlighted(self) -> None:
        self.show_detail()

    def _show(self, rows: Sequence[tuple[str, RowCells]]) -> None:
        selected = self.selected_key
        self._rows = {key: cells for key, cells in rows}
        self._order = [key for key, _ in rows]
        self._backlog, self._stale = [], []
        if not self._layout:
            if self._deferred or self._size_coming():
                self._deferred = True  # drawn once the table has its width (see on_resize)
                if selected is not None:
                    self._deferred_select = selected
                return
            self._relayout()
            return
        columns = [key for key, _ in self._layout]
        present = [row.key.value for row in self.ordered_rows]
        gone = [key for key in present if key not in self._rows]
        if len(gone) > REMOVE_AT_MOST:  # a new search's results: start afresh
            self.clear()
            present = []
        if not present:
            self._fill()
            if selected is not None and selected in self._rows:
                self.select_key(selected)
            return
        for key in gone:
            self.remove_row(key)
        present_set = set(present)
        added = False
        kept = []
        for key in self._order:
            if key not in present_set:
                cells = self._cells(key)
                self.add_row(*(cells.get(c, "") for c in columns), key=key)
                added = True
            else:
                kept.append(key)
        if added or [row.key.value for row in self.ordered_rows] != self._order:
            self._sort()
        if len(kept) <= FIRST_ROWS:
            self._update_cells(kept)
        else:  # the rows on screen now, the others in batches once it has been drawn
            shown = self._on_screen()
            self._update_cells([key for key in kept if key in shown])
            self._stale = [key for key in kept if key not in shown]
            self.call_after_refresh(self._update_stale)
        if selected is not None and selected in self._rows:
            self.select_key(selected)

    def _update_cells(self, keys: list[str]) -> None:
        """Bring the cells of the rows `keys` (all present) up to date with `_rows`."""
        columns = [key for key, _ in self._layout]
        for key in keys:
            if key not in self._rows or key not in self.rows:
                continue
            cells = self._cells(key)
            for column in columns:
                new = cells.get(column, "")
                if not same(self.get_cell(key, column), new):
                    self.update_cell(key, column, new)

    def _update_stale(self) -> None:
        if self._stale:
            batch, self._stale = self._stale[:BATCH_ROWS], self._stale[BATCH_ROWS:]
            self._update_cells(batch)
            if self._stale:
                self.call_after_refresh(self._update_stale)

    def _on_screen(self) -> set[str]:
        """The keys of the rows in view (and around them), and the one under the cursor."""
        top = max(0, int(self.scroll_offset.y) - FIRST_ROWS // 2)
        rows = self.ordered_rows[top:top + (self.size.height or 0) + FIRST_ROWS]
        keys = {row.key.value for row in rows}
        if self.selected_key is not None:
            keys.add(self.selected_key)
        return keys

    def _cells(self, key: str) -> Cells:
        cells = self._rows[key]
        if callable(cells):
            cells = self._rows[key] = cells()
        return cells

    def _fill(self) -> None:
        """Add every row of `_order` to an empty table: a long one a screenful now, the rest in
        batches after the screen is drawn."""
        first = len(self._order) if len(self._order) <= ALL_AT_ONCE else FIRST_ROWS
        self._add_rows(self._order[:first])
        self._backlog = self._order[first:]
        if self._backlog:
            self.call_after_refresh(self._add_backlog)

    def _add_backlog(self) -> None:
        if self._backlog:
            self._add_rows(self._backlog[:BATCH_ROWS])
            if self._backlog:
                self.call_after_refresh(self._add_backlog)

    def _add_rows(self, keys: list[str]) -> None:
        columns = [key for key, _ in self._layout]
        for key in keys:
            if key in self._rows and key not in self.rows:
                cells = self._cells(key)
                self.add_row(*(cells.get(c, "") for c in columns), key=key)
        added = set(keys)
        self._backlog = [key for key in self._backlog if key not in added]

    # -- layout ----------------------------------------------------------
    def _layout_for(self, width: int) -> tuple[tuple[str, int | None], ...]:
        # measured only for a table short enough to measure at once (a thousand rows
        # are never measured)
        return column_layout(self.specs, width, self.cell_padding, self._need())

    _measured: tuple = (None, {})  # (the rows measured, what their text needs)

    def _need(self) -> dict[str, int]:
        """What each column's text needs in `_rows` (a new dict each `show()`), measured once
        for them; a long table, or one with cells still to make, is not measured."""
        rows, need = self._measured
        if rows is self._rows:
            return need
        rows = self._rows
        if len(rows) > ALL_AT_ONCE or any(callable(cells) for cells in rows.values()):
            return {}  # (cells made later are measured at the next layout, as before)
        need = measure(self.specs, rows)  # type: ignore[arg-type]
        self._measured = (rows, need)
        return need

    def _relayout(self) -> None:
        """(Re)build columns for the current width; rows are re-added from `_rows`."""
        layout = self._layout_for(self._width())
        if layout == self._layout and self.columns:
            return
        if self.columns and [k for k, _ in layout] == [k for k, _ in self._layout]:
            self._resize_columns(layout)  # the same columns, another width: keep the rows
            return
        selected = self.selected_key
        self._layout = layout
        labels = {c.key: c.label for c in self.specs}
        self.clear(columns=True)
        for key, col_width in layout:
            self.add_column(Text(tr(labels[key]), no_wrap=True, overflow="ellipsis"),
                            width=col_width, key=key)
        self._backlog = []
        self._fill()
        if selected is not None and selected in self._rows:
            self.select_key(selected)

    def _resize_columns(self, layout: tuple[tuple[str, int | None], ...]) -> None:
        self.resize_columns(dict(layout))
        self._layout = layout

    def _sort(self) -> None:
        position = {key: i for i, key in enumerate(self._order)}
        first = self._layout[0][0]

        def plain(cell: CellType) -> str:
            return cell.plain if isinstance(cell, Text) else str(cell)

        if all(plain(self.get_cell(key, first)) == key for key in self._order):
            self.sort(first, key=lambda cell: position[plain(cell)])
            return
        # The first column does not show the key: re-add the rows in order instead.
        columns = [key for key, _ in self._layout]
        for key in self._order:
            self.remove_row(key)
        for key in self._order:
            cells = self._cells(key)
            self.add_row(*(cells.get(c, "") for c in columns), key=key)

    def _size_coming(self) -> bool:
        """Not laid out yet, but shown: its width is about to be known. Columns laid out for
        the screen's width would be redrawn once it is (e.g. 118 columns, not 120)."""
        if self.size.width or not self.is_attached:
            return False
        if any(node.styles.display == "none" for node in self.ancestors_with_self):
            return False  # e.g. in a hidden tab: filled now, resized in place when shown
        if self.expected_width():
            return False  # laid out now for the width it will have: rows in the first frame
        self.call_after_refresh(self._end_deferral)
        return True

    def _width(self) -> int:
        """The table's width: laid out, else the one it will have, else the terminal's."""
        if self.size.width or not self.is_attached:
            return self.size.width
        return self.expected_width() or self.app.size.width

    def expected_width(self) -> int:
        """The width its first layout will give it, where that is sure (column_layout.py)."""
        return expected_width(self)

    def _end_deferral(self) -> None:
        if self._deferred:
            self._deferred = False
            self._relayout()
            if self._deferred_select is not None:
                key, self._deferred_select = self._deferred_select, None
                if key in self._rows:
                    self.select_key(key)

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self.show_detail)
        if self._deferred:
            if event.size.width:
                self._end_deferral()
            return
        if self._layout and self._layout_for(event.size.width) != self._layout:
            self._relayout()
