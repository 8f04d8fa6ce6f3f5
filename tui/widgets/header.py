"""The Huddle header: the area's title, the workspace folder, who is acting, and the clock;
and, while a database workspace cannot be reached, "database unreachable, retrying…"."""

from __future__ import annotations

import os

from textual.content import Content
from textual.widget import Widget

from store.core.i18n import tr
from store.people.members import display_name

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


def reachability_label(ws) -> str:
    """What the header says while the store cannot reach its database ("" when it can).
    `ws.offline` is the PostgreSQL backend's (store/postgres/reachability.py); a folder has
    none. Reading it costs nothing: the change feed sets it as it asks the server."""
    return tr("database unreachable, retrying…") if getattr(ws, "offline", None) else ""


def clock_label(ws) -> str:
    now = ws.local_now()
    return f"{now:%Y-%m-%d} {tr(WEEKDAYS[now.weekday()])} {now:%H:%M}"


class HuddleHeader(Widget):
    """One line: title · workspace path · [database unreachable] · acting user · clock (from
    ws.local_now(), ticking; the ticks also bring the reachability part up to date).

    One widget that draws four parts, not four Labels in a row: every screen has a header,
    and each widget fewer makes every screen open sooner. The path takes the room left and
    is cut with "…"; `part(name)` is the text of one part ("title", "path", "offline", "user",
    "clock"; "offline" is empty unless the database cannot be reached: then the tooltip says why).
    """

    DEFAULT_CSS = """
    HuddleHeader { height: 1; width: 1fr; }
    """
    COMPONENT_CLASSES = {"header--title", "header--path", "header--offline", "header--user",
                         "header--clock"}

    def __init__(self, title: str) -> None:
        super().__init__()
        self._parts = {"title": title, "path": "", "offline": "", "user": "", "clock": ""}
        self._reason: str | None = None  # the tooltip of the "offline" part

    def on_mount(self) -> None:
        ws = self.app.ws
        self._parts.update(path=workspace_label(ws), user=acting_user(ws))
        self.tick()
        self.set_interval(1.0, self.tick)

    def part(self, name: str) -> str:
        return self._parts[name]

    def _set(self, name: str, text: str) -> None:
        if self._parts[name] != text:
            self._parts[name] = text
            self.refresh()

    def set_title(self, title: str) -> None:
        self._set("title", title)

    def tick(self) -> None:
        ws = self.app.ws
        self._set("clock", clock_label(ws))
        self._set("offline", reachability_label(ws))
        reason = getattr(ws, "offline", None) if self._parts["offline"] else None
        if reason != self._reason:  # the server's words are data, never markup
            self._reason = reason
            self.tooltip = Content(reason) if reason else None

    def refresh_user(self) -> None:
        """Re-read the acting user's display name (after a directory change)."""
        self._set("user", acting_user(self.app.ws))

    def render(self) -> Content:
        # user text (names, the folder) is data: Content(...) never parses markup
        cells = {name: Content(f" {text} ").stylize(self.get_visual_style(f"header--{name}"))
                 if text or name != "offline" else Content("")
                 for name, text in self._parts.items()}
        room = self.size.width - sum(cells[n].cell_length
                                     for n in ("title", "offline", "user", "clock"))
        if room < 0 and self._parts["offline"]:  # 80 columns: the time without the date
            short = Content(f" {self._parts['clock'].rsplit(' ', 1)[-1]} ")
            short = short.stylize(self.get_visual_style("header--clock"))
            room += cells["clock"].cell_length - short.cell_length
            cells["clock"] = short
        path = cells["path"]
        if path.cell_length > room:
            path = path.truncate(max(room - 1, 0)) + "…" if room > 0 else Content("")
        path = path.pad_right(max(room - path.cell_length, 0))
        return Content.assemble(cells["title"], path, cells["offline"], cells["user"],
                                cells["clock"])
