"""Toasts that inform without blocking (issue 15, point 3).

- Short: a toast shows at most `TOAST_LINES` lines of its message, cut with "…" at
  the width the toast has (`short_message`); the whole text goes to the history.
- History: every notification, whole, newest last (`NoticeLog`, kept by the app as
  `app.notices`); the Reminders screen (F8) opens it with `h`.
- Withdrawn: a toast given a `key` (`app.notify(…, key="reminder:<occurrence>")`)
  is taken down with `app.withdraw(key)` once what it announced is done (a delay
  request approved elsewhere, a reminder acknowledged).
- Out of the way: while a dialog is open, toasts sit at the top right (huddle.tcss),
  away from the dialog's buttons at its bottom.
"""

from __future__ import annotations

from collections import deque
from datetime import datetime

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from store.core.record import FrozenRecord

TOAST_LINES = 2
TOAST_WIDTH = 50         # huddle.tcss: Toast { width: 50; max-width: 45%; }
TOAST_SHARE = 0.45
TOAST_FRAME = 4          # the toast's left border and padding (0 1), and a cell to spare
HISTORY_SIZE = 200

_MEASURE = Console(width=200, color_system=None, legacy_windows=False)


class Notice(FrozenRecord):  # not a dataclass nor a NamedTuple: start-up time (record.py)
    __slots__ = ("at", "title", "message", "severity")

    def __init__(self, at: datetime, title: str, message: str, severity: str) -> None:
        self._set(at=at, title=title, message=message, severity=severity)


class NoticeLog:
    """The notifications of this app session, whole, the latest `HISTORY_SIZE`."""

    def __init__(self, size: int = HISTORY_SIZE) -> None:
        self._entries: deque[Notice] = deque(maxlen=size)

    def add(self, notice: Notice) -> None:
        self._entries.append(notice)

    def __iter__(self):
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def newest_first(self) -> list[Notice]:
        return list(reversed(self._entries))


def toast_text_width(screen_width: int) -> int:
    """The cells a toast has for its text on a terminal `screen_width` wide."""
    return max(10, min(TOAST_WIDTH, int(screen_width * TOAST_SHARE)) - TOAST_FRAME)


def short_message(message: str, width: int, lines: int = TOAST_LINES) -> str:
    """`message` as it fits `lines` lines of `width` cells, the last cut with "…"."""
    text = Text(" ".join(message.split("\n")))
    wrapped = text.wrap(_MEASURE, width)
    if len(wrapped) <= lines:
        return message
    kept = [line.plain.rstrip() for line in wrapped[:lines]]
    last = kept[-1]
    while last and cell_len(last) > width - 1:
        last = last[:-1]
    kept[-1] = last + "…"
    return "\n".join(kept)
