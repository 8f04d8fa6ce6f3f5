"""Markdown building blocks for every export (project forms, incident forms, minutes,
the standup digest). User text is data, escaped by one rule (`escape`): backslashes
doubled and `|` escaped, so a cell can never split a row nor a backslash eat the next
delimiter; in a table cell line breaks become `<br>` (`cell`), elsewhere a space
(`inline`)."""

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


def escape(text: object) -> str:
    """The one Markdown escaping rule for user text."""
    return str(text).replace("\r\n", "\n").replace("\\", "\\\\").replace("|", "\\|")


def cell(value: object) -> str:
    """A table cell: escaped, line breaks as `<br>`."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        value = "✓" if value else ""
    return escape(str(value).strip()).replace("\n", "<br>")


def inline(text: object) -> str:
    """A list item or heading: escaped, on one line."""
    return escape(text).replace("\n", " ")


def one_line(text: object) -> str:
    return " ".join(str(text).split())


def when(value: str | datetime | None, tz) -> str:
    return local_text(value, tz) if value else ""
