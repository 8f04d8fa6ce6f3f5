"""Helpers for the Pilot tests (a plain module: tests/app is on sys.path)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable

REPO = Path(__file__).resolve().parents[2]
SIZE = (120, 36)


def rendered(table: DataTable) -> list[str]:
    """The table as it is drawn now, one string per line."""
    return [table.render_line(y).text for y in range(table.size.height)]


def cell_texts(table: DataTable, column: str) -> list[str]:
    """The plain text of one column, top to bottom."""
    return [table.get_cell(row.key, column).plain for row in table.ordered_rows]


def row_keys(table: DataTable) -> list[str]:
    return [row.key.value for row in table.ordered_rows]


def label_text(app, selector: str) -> str:
    """The plain text of a Label/Static on the active screen."""
    from rich.text import Text
    content = app.screen.query_one(selector).content
    return content.plain if isinstance(content, Text) else str(content)


def shard_bytes(ws, shard: str) -> bytes:
    """The shard's snapshot and journal (a commit appends to the latter)."""
    journal = Path(ws.folder) / f"{shard}.journal"
    return (Path(ws.folder) / f"{shard}.json").read_bytes() + (
        journal.read_bytes() if journal.exists() else b"")
