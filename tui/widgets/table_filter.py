"""`/` on any list: a one-line filter above the table (KeyedTable.action_filter).

Typing filters the rows (every word, any case, in any column); Enter goes back to the
list with the filter kept, Escape clears it and closes the line."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Input, Label

from store.core.i18n import tr


class TableFilter(Horizontal):
    DEFAULT_CSS = """
    TableFilter { height: 1; margin: 0 1; }
    TableFilter > Label { width: auto; padding: 0 1 0 0; color: $text-muted; }
    TableFilter > Input { width: 1fr; }
    """
    BINDINGS = [Binding("escape", "close", "Clear filter", id="filter.close")]

    def __init__(self, table) -> None:
        super().__init__(classes="table-filter")
        self.table = table

    def compose(self) -> ComposeResult:
        yield Label(Text(tr("Filter")))
        yield Input(self.table.filter_query, placeholder=tr("words in any column"),
                    compact=True)

    def on_mount(self) -> None:
        self.open()

    def open(self) -> None:
        self.display = True
        self.query_one(Input).focus()

    @on(Input.Changed)
    def changed(self, event: Input.Changed) -> None:
        event.stop()
        self.table.set_filter(event.value)

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.table.focus()
        if not event.value:
            self.display = False

    def action_close(self) -> None:
        self.query_one(Input).value = ""
        self.table.set_filter("")
        self.display = False
        self.table.focus()
