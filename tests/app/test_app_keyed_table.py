"""KeyedTable: rows keyed by id, refreshed by diffing (no clear), cursor kept, order kept; a new
set of rows (a new search's results) fills it afresh."""

from __future__ import annotations

from rich.text import Text
from textual.app import App

from tui.widgets.keyed_table import Col, KeyedTable

COLS = (Col("id", "ID", 4), Col("title", "Title", None), Col("n", "N", 3))


def rows(*items):
    return [(k, {"id": Text(k), "title": Text(t), "n": Text(str(n))}) for k, t, n in items]


class TableApp(App):
    def compose(self):
        yield KeyedTable(COLS, id="t")


async def test_show_diffs_rows():
    app = TableApp()
    async with app.run_test(size=(60, 12)) as pilot:
        table = app.query_one(KeyedTable)
        table.show(rows(("1", "a", 1), ("2", "b", 2), ("3", "c", 3)))
        await pilot.pause()
        table.select_key("2")
        cleared, updated = [], []
        table.clear = lambda *a, **k: cleared.append(1)            # type: ignore[method-assign]
        original_update = table.update_cell
        table.update_cell = lambda *a, **k: (updated.append(a[:2]),  # type: ignore[method-assign]
                                             original_update(*a, **k))
        table.show(rows(("0", "new", 0), ("2", "b", 2), ("3", "c!", 3)))
        await pilot.pause()
        assert [r.key.value for r in table.ordered_rows] == ["0", "2", "3"]
        assert updated == [("3", "title")]
        assert cleared == []
        assert table.selected_key == "2"
        # a style-only change is seen as a change (rich's Text == ignores the base style)
        table.show([(k, {**c, "n": Text(c["n"].plain, style="bold")} if k == "0" else c)
                    for k, c in rows(("0", "new", 0), ("2", "b", 2), ("3", "c!", 3))])
        assert ("0", "n") in updated


async def test_a_new_set_of_rows_fills_the_table_afresh_keeping_the_selected_row():
    """More than REMOVE_AT_MOST rows gone: cleared and filled (Textual's remove_row renumbers
    every row each time), the selected row kept if it stays, the order as given."""
    from tui.widgets.keyed_table import REMOVE_AT_MOST
    app = TableApp()
    old = [(str(n), "old", n) for n in range(40)]
    async with app.run_test(size=(60, 12)) as pilot:
        table = app.query_one(KeyedTable)
        table.show(rows(*old))
        await pilot.pause()
        table.select_key("30")
        removed, cleared = [], []
        original_remove, original_clear = table.remove_row, table.clear
        table.remove_row = lambda key: (removed.append(key), original_remove(key))  # type: ignore
        table.clear = lambda *a, **k: (cleared.append(1), original_clear(*a, **k))  # type: ignore
        table.show(rows(("new", "fresh", 1), ("30", "old", 30), ("5", "five", 5)))
        await pilot.pause()
        assert cleared == [1] and removed == []
        assert [r.key.value for r in table.ordered_rows] == ["new", "30", "5"]
        assert table.selected_key == "30"
        assert table.get_cell("5", "title").plain == "five"
        # a few rows gone: removed one by one, nothing cleared
        table.show(rows(*[(str(n), "x", n) for n in range(REMOVE_AT_MOST + 3)]))
        removed.clear(), cleared.clear()
        table.show(rows(*[(str(n), "x", n) for n in range(REMOVE_AT_MOST, REMOVE_AT_MOST + 3)]))
        await pilot.pause()
        assert removed == [str(n) for n in range(REMOVE_AT_MOST)] and cleared == []


class StackedApp(App):
    """A table full-width under a margin (as the Projects list), and one beside a panel."""
    CSS = "#stacked { margin: 1 2; } #side { width: 20; }"

    def compose(self):
        from textual.containers import Horizontal, Vertical
        from textual.widgets import Static
        with Vertical():
            yield KeyedTable(COLS, id="stacked")
        with Horizontal():
            yield Static("panel", id="side")
            yield KeyedTable(COLS, id="beside")

    def on_mount(self) -> None:
        self.widths_at_mount = {t.id: t.expected_width() for t in self.query(KeyedTable)}
        for table in self.query(KeyedTable):
            table.show(rows(("1", "a", 1), ("2", "b", 2)))
        self.rows_at_mount = {t.id: t.row_count for t in self.query(KeyedTable)}


async def test_a_stacked_table_has_its_rows_at_mount_for_the_width_it_gets():
    """Laid out before its first layout for the width it will have (the terminal's less the
    margins): its rows are in the first frame and no second layout redraws them."""
    app = StackedApp()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        stacked, beside = app.query_one("#stacked", KeyedTable), app.query_one("#beside",
                                                                              KeyedTable)
        assert app.widths_at_mount == {"stacked": 56, "beside": 0}  # 60 − 2×2; unsure: 0
        assert stacked.size.width == 56
        assert app.rows_at_mount == {"stacked": 2, "beside": 0}  # beside: once it has a width
        assert beside.row_count == 2 and stacked.row_count == 2
        assert stacked._layout == stacked._layout_for(stacked.size.width)
        assert beside._layout == beside._layout_for(beside.size.width)
