"""The line under a list with the whole text of what the highlighted row shows cut
(KeyedTable.show_detail): "Name: Retrospective of the Q3 release · PM: 张伟 (zhangwei)".
Hidden while nothing of the highlighted row is cut, so it costs no space then."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from store.core.punctuation import labelled


class TableDetail(Static):
    DEFAULT_CSS = """
    TableDetail {
        display: none;
        height: auto;
        max-height: 3;
        padding: 0 1;
        margin: 0 1;
        background: $boost;
        border-left: thick $primary;
    }
    """

    def show(self, pairs: list[tuple[str, str]]) -> None:
        """(column label, whole text) for each cut cell of the highlighted row."""
        self.display = bool(pairs)
        if not pairs:
            return
        line = Text()
        for n, (label, value) in enumerate(pairs):
            if n:
                line.append("  ·  ")
            line.append(labelled(label), style="bold")  # "：" in Chinese
            line.append(" ".join(value.split()))
        self.update(line)

    @property
    def text(self) -> str:
        return self.content.plain if isinstance(self.content, Text) else str(self.content)
