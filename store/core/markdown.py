"""Markdown building blocks for the exports. User text is data: in a table cell
`|` is escaped and line breaks become `<br>`, so a cell can never split a row."""

from __future__ import annotations

from datetime import datetime

from .clock import local_text
from .i18n import tr


class Doc:
    """Collects Markdown lines in one language."""

    def __init__(self, lang: str | None):
        self.lang = lang
        self.lines: list[str] = []

    def t(self, text: str, **values: object) -> str:
        return tr(text, self.lang, **values)

    def h(self, level: int, text: str) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")
        self.lines += ["#" * level + " " + one_line(text), ""]

    def para(self, text: str) -> None:
        self.lines += [text, ""]

    def fields(self, rows: list[tuple[str, object]]) -> None:
        """A two-column table of label → value (labels translated)."""
        self.table([self.t("Field"), self.t("Content")],
                   [[self.t(label), value] for label, value in rows])

    def table(self, headers: list[str], rows: list[list[object]]) -> None:
        self.lines.append("| " + " | ".join(cell(h) for h in headers) + " |")
        self.lines.append("|" + "---|" * len(headers))
        for row in rows:
            self.lines.append("| " + " | ".join(cell(v) for v in row) + " |")
        self.lines.append("")

    def text_section(self, title: str, body: str | None) -> None:
        self.h(2, self.t(title))
        self.para(body.strip() if body and body.strip() else "—")

    def render(self) -> str:
        while self.lines and self.lines[-1] == "":
            self.lines.pop()
        return "\n".join(self.lines) + "\n"


def cell(value: object) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        value = "✓" if value else ""
    text = str(value).replace("\r\n", "\n").strip()
    return text.replace("\\|", "\\\\|").replace("|", "\\|").replace("\n", "<br>")


def one_line(text: object) -> str:
    return " ".join(str(text).split())


def when(value: str | datetime | None, tz) -> str:
    return local_text(value, tz) if value else ""
