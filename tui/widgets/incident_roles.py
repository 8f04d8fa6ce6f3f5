"""The roles panel of an incident: who holds which role since when, and whether each
mobilised member has confirmed ready (or how long they have left)."""

from __future__ import annotations

from datetime import datetime

from rich.cells import cell_len
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from store.warroom import sla
from store.warroom.reports import countdown, fmt_time
from store.warroom.incidents import role_label
from store.core.i18n import tr
from store.people.members import display_name
from store.core.workspace import Workspace


def roles_table(ws: Workspace, inc: dict, now: datetime) -> Table:
    ready = {d.login: d for d in sla.deadlines(inc) if d.rule == "ready"}
    dim = Style(dim=True)
    rows = [(Text(role_label(r["role"])), Text(display_name(ws, r["login"])),
             Text(fmt_time(ws, r["assumed_at"])[11:]), ready_cell(ready.get(r["login"]), now))
            for r in inc["roles"] if r["renounced_at"] is None]
    rows += [(Text(role_label(r["role"]), style=dim), Text(display_name(ws, r["login"]), style=dim),
              Text(fmt_time(ws, r["assumed_at"])[11:], style=dim),
              Text("→ " + fmt_time(ws, r["renounced_at"])[11:], style=dim))
             for r in inc["roles"] if r["renounced_at"] is not None]
    # The ready countdown ("… -12:34", "✓ 已到位") is never cut: its column is as wide as
    # its widest cell, and Role and Member give way (at 80 columns: "… -0…" before).
    ready_width = max([cell_len(tr("Ready"))] + [row[3].cell_len for row in rows])
    table = Table(box=None, expand=True, show_edge=False, pad_edge=False, header_style="bold")
    table.add_column(tr("Role"), no_wrap=True, overflow="ellipsis", ratio=1)
    table.add_column(tr("Member"), no_wrap=True, overflow="ellipsis", ratio=1)
    table.add_column(tr("Since"), no_wrap=True, width=5)
    table.add_column(tr("Ready"), no_wrap=True, overflow="ellipsis", width=ready_width)
    for row in rows:
        table.add_row(*row)
    return table


def ready_cell(deadline: sla.Deadline | None, now: datetime) -> Text:
    if deadline is None:
        return Text("")
    status = deadline.status(now)
    if deadline.met_at is not None:
        return Text("✓ " + tr("ready"), style=Style(bold=True))
    if status == "cancelled" or deadline.closed_at is not None:
        return Text(tr("stood down"), style=Style(dim=True))
    left = countdown(deadline.remaining(now))
    return Text(f"… {left}", style=Style(bold=status == "overdue", italic=True))


class IncidentRoles(Static):
    DEFAULT_CSS = """
    IncidentRoles { height: auto; padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple = ()

    def show(self, ws: Workspace, inc: dict, now: datetime) -> None:
        ready = tuple((d.login, d.status(now), countdown(d.remaining(now)))
                      for d in sla.deadlines(inc) if d.rule == "ready")
        shown = (repr(inc["roles"]), ready)
        if shown == self._shown:
            return  # nothing moved: no repaint
        self._shown = shown
        if inc["roles"]:
            self.update(roles_table(ws, inc, now))
        else:
            self.update(Text(tr("No roles yet: press r to assign the lead.")))
