"""KeyedTable: rows keyed by id, refreshed by diffing (no clear), cursor kept, order kept."""

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
