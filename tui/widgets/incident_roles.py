"""The roles panel of an incident: who holds which role since when, and whether each
mobilised member has confirmed ready (or how long they have left)."""

from __future__ import annotations

from datetime import datetime

from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from store import incident_sla as sla
from store.incident_reports import countdown, fmt_time, who
from store.incidents import current_roles, role_label
from store.i18n import tr
from store.workspace import Workspace


def roles_table(ws: Workspace, inc: dict, now: datetime) -> Table:
    table = Table(box=None, expand=True, show_edge=False, pad_edge=False, header_style="bold")
    table.add_column(tr("Role"), no_wrap=True, overflow="ellipsis", ratio=2)
    table.add_column(tr("Member"), no_wrap=True, overflow="ellipsis", ratio=3)
    table.add_column(tr("Ready"), no_wrap=True, ratio=2)
    ready = {d.login: d for d in sla.deadlines(inc) if d.rule == "ready"}
    since = {r["role"]: r["assumed_at"] for r in inc["roles"] if r["renounced_at"] is None}
    for role, login in current_roles(inc).items():
        table.add_row(Text(role_label(role)),
                      Text(f"{who(ws, login)} {fmt_time(ws, since[role])[11:]}"),
                      ready_cell(ready.get(login), now))
    past = [r for r in inc["roles"] if r["renounced_at"] is not None]
    for r in past:
        table.add_row(Text(role_label(r["role"]), style=Style(dim=True)),
                      Text(f"{who(ws, r['login'])} {fmt_time(ws, r['assumed_at'])[11:]}–"
                           f"{fmt_time(ws, r['renounced_at'])[11:]}", style=Style(dim=True)),
                      Text(""))
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
