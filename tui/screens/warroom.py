"""The war room (紧急事务响应): every incident, active ones first, with severity,
state, age ("12 minutes ago"), lead and the next SLA deadline counting down.

Enter opens an incident, `n` declares one. The list refreshes when an
incident shard changes (the app's poller) and re-counts every second; when an
SLA deadline passes the app rings and notifies once.
"""

from __future__ import annotations

from functools import partial

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable

from store.warroom import listing
from store.warroom import incidents
from store.core.i18n import tr
from store.warroom.reports import ago, countdown, who
from store import topics

from ..dialogs.incident_forms import DeclareForm
from ..widgets.keyed_table import Col, KeyedTable
from ..widgets.labels import text, themed
from ..widgets.sla_countdown import ring_passed
from .base import HuddleScreen, touches
from .incident import CSS, IncidentScreen
COLUMNS = (
    Col("id", "ID", 7),
    Col("severity", "Sev.", 4),
    Col("state", "State", 11),
    Col("title", "Title", None, min_flex=16),
    Col("age", "Reported", 16, min_width=94),
    Col("lead", "Lead", 14, min_width=90),
    Col("next", "Next deadline", 24),
)
STATUS_COLOURS = {"pending": "text-success", "warning": "text-warning", "overdue": "text-error"}


class IncidentTable(KeyedTable):
    BINDINGS = [Binding("enter", "select_cursor", "Open", id="warroom.open")]


class WarRoomScreen(HuddleScreen):
    TITLE = "War room"
    CSS_PATH = CSS
    AUTO_FOCUS = "#incidents"
    BINDINGS = [
        Binding("n", "declare", "Declare incident", id="warroom.declare"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.incidents: list[dict] = []

    def compose_body(self) -> ComposeResult:
        yield IncidentTable(COLUMNS, id="incidents")

    @property
    def table(self) -> IncidentTable:
        return self.query_one("#incidents", IncidentTable)

    def on_mount(self) -> None:
        self.safely(self.reload)
        self.set_interval(1.0, self.tick)

    # -- data ----------------------------------------------------------------
    def refresh_data(self, changed: set[str]) -> None:
        if touches(changed, topics.INCIDENTS, topics.PEOPLE):
            self.reload()

    def refresh_styles(self) -> None:
        self.show_rows()

    def reload(self) -> None:
        self.incidents = listing.incident_rows(self.ws)  # a closed one: its head's row
        self.show_rows()

    def tick(self) -> None:
        """Every second: ages and countdowns move on; passed deadlines ring once."""
        if not self.is_current or not self.incidents:
            return
        self.show_rows()
        if self.app.screen is self:
            ring_passed(self.app, [i for i in self.incidents if incidents.is_active(i)],
                        self.ws.now())

    def show_rows(self) -> None:
        now = self.ws.now()
        self.table.show([(inc["id"], partial(self.cells, inc, now)) for inc in self.incidents])

    def cells(self, inc: dict, now) -> dict:
        nxt = listing.next_deadline(inc, self.ws)
        if nxt is None:
            took = listing.resolution_minutes(inc)
            deadline = text(tr("resolved in {n} min", n=took) if took is not None else "—")
        else:
            status = nxt.status(now)
            deadline = themed(self.app, f"{nxt.label} {countdown(nxt.remaining(now))}",
                              STATUS_COLOURS.get(status, "text-muted"),
                              bold=status == "overdue")
        severity = themed(self.app, inc["severity"], "text-error", bold=True) \
            if inc["severity"] == "S1" and incidents.is_active(inc) else text(inc["severity"])
        return {"id": text(inc["id"]), "severity": severity,
                "state": text(incidents.state_label(inc["state"])), "title": text(inc["title"]),
                "age": text(ago(now, inc["reported_at"])), "lead": text(who(self.ws, inc["lead"])),
                "next": deadline}

    # -- actions -------------------------------------------------------------
    @on(DataTable.RowSelected, "#incidents")
    def row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.open(self.table.selected_key)

    def open(self, incident_id: str | None) -> None:
        if incident_id:
            self.app.push_screen(IncidentScreen(incidents.parse_incident_id(incident_id)))

    def action_declare(self) -> None:
        self.app.push_screen(DeclareForm(), self._declared)

    def _declared(self, inc: dict | None) -> None:
        if inc is None:
            return
        self.safely(self.reload)
        self.table.select_key(inc["id"])
        self.open(inc["id"])
