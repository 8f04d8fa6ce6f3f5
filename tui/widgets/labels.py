"""Translated labels for store codes (the tables are store/labels.py) and theme-coloured
table cells.

Store codes stay English identifiers ("in_progress", "high"); what a person
reads goes through `tr()`. Cells are `rich.text.Text`, never markup, so user
text such as "[bold]x" shows literally.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.style import Style
from rich.text import Text
from textual.app import App

from store.core.i18n import tr
from store.labels import PRIORITY_LABELS, PROJECT_STATE_LABELS, TASK_STATE_LABELS
from themes import theme_color

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def state_label(state: str) -> str:
    return tr(PROJECT_STATE_LABELS.get(state, state))


def priority_label(priority: str) -> str:
    return tr(PRIORITY_LABELS.get(priority, priority))


def task_state_label(state: str) -> str:
    return tr(TASK_STATE_LABELS.get(state, state))


def text(value: object, style: str | Style = "") -> Text:
    """User data as a plain Text: never parsed as markup, one line."""
    return Text("" if value is None else str(value).replace("\n", " "), style=style,
                no_wrap=True, overflow="ellipsis")


def themed(app: App, value: object, variable: str, *, bold: bool = False) -> Text:
    """Text coloured with a theme variable (e.g. "text-error"), for Rich renderables."""
    color = theme_color(app, variable)
    style = Style(color=color or None, bold=bold)
    cell = text(value)
    cell.stylize(style)  # a span, so that two cells differing only in colour compare unequal
    return cell


def joined(values: Iterable[object], sep: str = ", ") -> Text:
    return text(sep.join(str(v) for v in values))
