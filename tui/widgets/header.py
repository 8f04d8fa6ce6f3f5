"""The Huddle header: the area's title, the workspace folder, who is acting, and the clock."""

from __future__ import annotations

import os

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label

from store.i18n import tr
from store.people import display_name

from .labels import WEEKDAYS


def acting_user(ws) -> str:
    """"Alice Wang (alice)", or "admin root for Alice Wang (alice)" when an admin acts for someone."""
    actor = ws.actor
    name = display_name(ws, actor.login)
    who = f"{name} ({actor.login})" if name != actor.login else actor.login
    if actor.on_behalf:
        return tr("admin {admin} for {member}", admin=actor.real, member=who)
    return who


def workspace_label(ws) -> str:
    path = str(ws.folder)
    home = os.path.expanduser("~")
    if home not in ("", "/") and (path == home or path.startswith(home + os.sep)):
        path = "~" + path[len(home):]
    return path


def clock_label(ws) -> str:
    now = ws.local_now()
    return f"{now:%Y-%m-%d} {tr(WEEKDAYS[now.weekday()])} {now:%H:%M}"


class HuddleHeader(Horizontal):
    """One line: title · workspace path · acting user · clock (from ws.local_now(), ticking)."""

    DEFAULT_CSS = """
    HuddleHeader { height: 1; width: 1fr; }
    HuddleHeader > Label { height: 1; padding: 0 1; text-wrap: nowrap; }
    HuddleHeader > #header-path { width: 1fr; text-overflow: ellipsis; }
    """

    def __init__(self, title: str) -> None:
        super().__init__()
        self._title = title

    def compose(self) -> ComposeResult:
        ws = self.app.ws
        yield Label(Text(self._title), id="header-title")
        yield Label(Text(workspace_label(ws)), id="header-path")
        yield Label(Text(acting_user(ws)), id="header-user")
        yield Label(Text(clock_label(ws)), id="header-clock")

    def on_mount(self) -> None:
        self._shown = ""
        self.tick()
        self.set_interval(1.0, self.tick)

    def set_title(self, title: str) -> None:
        self._title = title
        if self.is_mounted:
            self.query_one("#header-title", Label).update(Text(title))

    def tick(self) -> None:
        label = clock_label(self.app.ws)
        if label != self._shown:
            self._shown = label
            self.query_one("#header-clock", Label).update(Text(label))

    def refresh_user(self) -> None:
        """Re-read the acting user's display name (after a directory change)."""
        self.query_one("#header-user", Label).update(Text(acting_user(self.app.ws)))
