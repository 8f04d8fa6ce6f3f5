"""Routine sync and customer requests (SPEC §5), pushed from the Knowledge base (`c`).

Two tabs (`1`, `2`):
- Customer requests (客户需求对接): open ones first, overdue in red; `f` cycles
  open / overdue / all. `a` logs a request, space moves it on (received →
  confirmed → in progress → close), `x` closes it with a resolution, `c`
  records a change the customer asked for, `y` records the customer's answer.
- Routine sync (例行信息同步): minutes of weekly, phase-review and monthly
  meetings and every open action item; `m` files minutes (archived to the
  knowledge base), `d` marks the highlighted action done, `k` opens the
  minutes' knowledge-base entry.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from store.customers import requests as cr
from store.meetings import routines
from store.core.clock import local_text
from store.core.errors import StoreError
from store.core.i18n import tr
from store.meetings.minutes import KIND_LABELS, complete_action
from store.people.members import display_name
from store import topics

from ..dialogs.customer_forms import (CustomerAnswerForm, CustomerChangeForm, CustomerCloseForm,
                                      CustomerRequestForm, RoutineMinutesForm)
from ..widgets.keyed_table import Col, KeyedTable
from ..widgets.labels import text, themed
from .base import HuddleScreen, touches

REQUEST_COLUMNS = (
    Col("id", "ID", 4),
    Col("customer", "Customer", 14, min_width=80),
    Col("title", "Request", None, min_flex=14),
    Col("owner", "Owner", 10),
    Col("due", "Due", 10),
    Col("state", "State", 12),
    Col("changes", "Changes", 7, min_width=100),
)
MINUTES_COLUMNS = (
    Col("id", "ID", 4),
    Col("held", "Held at", 16),
    Col("kind", "Meeting", 14),
    Col("title", "Title", None, min_flex=14),
    Col("decisions", "Decisions", 9, min_width=90),
    Col("open", "Open actions", 12, min_width=100),
)
ACTION_COLUMNS = (
    Col("id", "ID", 5),
    Col("text", "Action item", None, min_flex=14),
    Col("owner", "Owner", 10),
    Col("due", "Due", 10),
    Col("minutes", "Minutes", 20, min_width=90),
)
FILTERS = ("open", "overdue", "all")
FILTER_LABELS = {"open": "Open requests", "overdue": "Overdue requests", "all": "All requests"}


class CustomersScreen(HuddleScreen):
    TITLE = "Routine sync & customer requests"
    CSS_PATH = "onboarding.tcss"
    AUTO_FOCUS = "#requests"
    BINDINGS = [
        Binding("1", "tab('requests')", "Requests", id="customers.tab_requests"),
        Binding("2", "tab('routine')", "Routine sync", id="customers.tab_routine"),
        Binding("a", "add", "New request", id="customers.add"),
        Binding("space", "advance", "Move on", id="customers.advance"),
        Binding("x", "close", "Close", id="customers.close"),
        Binding("c", "change", "Change", id="customers.change"),
        Binding("y", "answer", "Customer's answer", id="customers.answer"),
        Binding("f", "filter", "Filter", id="customers.filter"),
        Binding("m", "minutes", "File minutes", id="customers.minutes"),
        Binding("d", "done", "Action done", id="customers.done"),
        Binding("k", "open_entry", "Open in KB", id="customers.kb"),
        Binding("escape", "back", "Back", id="customers.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filter = "open"
        self.requests: dict[str, dict] = {}
        self.minutes: dict[str, dict] = {}
        self.actions: dict[str, dict] = {}

    def compose_body(self) -> ComposeResult:
        with TabbedContent(id="customer-tabs", initial="requests-tab"):
            with TabPane(tr("Customer requests"), id="requests-tab"):
                yield Static(id="requests-info")
                yield KeyedTable(REQUEST_COLUMNS, id="requests")
                yield Static(id="request-detail")
            with TabPane(tr("Routine sync"), id="routine-tab"):
                yield KeyedTable(MINUTES_COLUMNS, id="minutes")
                yield Static(Text(tr("Open action items")), classes="section-title")
                yield KeyedTable(ACTION_COLUMNS, id="actions")

    def on_mount(self) -> None:
        self.safely(self.reload)

    @property
    def tab(self) -> str:
        active = self.query_one("#customer-tabs", TabbedContent).active
        return "routine" if active == "routine-tab" else "requests"

    # -- data ------------------------------------------------------------
    def refresh_data(self, changed: set[str]) -> None:
        if touches(changed, "customers", "minutes", topics.PEOPLE):
            self.reload()

    def reload(self) -> None:
        ws = self.ws
        today = ws.today()
        found = cr.list_requests(ws, open_only=self.filter == "open",
                                 overdue_only=self.filter == "overdue")
        self.requests = {f"C{r['id']}": r for r in found}
        self.query_one("#requests", KeyedTable).show(
            [(key, self.request_cells(r)) for key, r in self.requests.items()])
        every = cr.list_requests(ws, open_only=True, today=today)
        info = Text(tr(FILTER_LABELS[self.filter]), style="bold")
        info.append("  ·  " + tr("{open} open, {late} overdue", open=len(every),
                                  late=sum(1 for r in every if r["overdue"])))
        self.query_one("#requests-info", Static).update(info)
        self.show_request()
        self.minutes = {str(m["id"]): m for m in routines.list_routine(ws)}
        self.query_one("#minutes", KeyedTable).show(
            [(key, self.minutes_cells(m)) for key, m in self.minutes.items()])
        self.actions = {f"{a['minutes']}.{a['index'] + 1}": a
                        for a in routines.open_actions(ws, today)}
        self.query_one("#actions", KeyedTable).show(
            [(key, self.action_cells(key, a)) for key, a in self.actions.items()])
        self.refresh_bindings()

    def request_cells(self, r: dict) -> dict:
        late = r["overdue"]
        state = tr(cr.STATE_LABELS[r["state"]])
        return {
            "id": text(f"C{r['id']}"), "customer": text(r["customer"]),
            "title": themed(self.app, r["title"], "text-error") if late else text(r["title"]),
            "owner": text(display_name(self.ws, r["owner"])),
            "due": themed(self.app, r["due"], "text-error", bold=True) if late else text(r["due"]),
            "state": themed(self.app, "! " + state, "text-error", bold=True) if late
            else text(state, "dim" if r["state"] == "closed" else ""),
            "changes": themed(self.app, r["pending_changes"], "text-warning", bold=True)
            if r["pending_changes"] else text(""),
        }

    def minutes_cells(self, m: dict) -> dict:
        return {"id": text(m["id"]), "held": text(local_text(m["held_at"], self.ws.tz)),
                "kind": text(tr(KIND_LABELS[m["kind"]])), "title": text(m["title"]),
                "decisions": text(len(m["decisions"])),
                "open": text(sum(1 for a in m["actions"] if not a.get("done_at")) or "")}

    def action_cells(self, key: str, a: dict) -> dict:
        due = themed(self.app, a["due"], "text-error", bold=True) if a["overdue"] \
            else text(a["due"] or "")
        return {"id": text(key), "text": text(a["text"]),
                "owner": text(display_name(self.ws, a["owner"])), "due": due,
                "minutes": text(a["title"])}

    def selected_request(self) -> dict | None:
        key = self.query_one("#requests", KeyedTable).selected_key
        return self.requests.get(key) if key else None

    def show_request(self) -> None:
        r = self.selected_request()
        out = Text()
        if r is not None:
            tz = self.ws.tz
            out.append(f"C{r['id']} ", style="bold")
            out.append(r["customer"], style="bold")
            if r.get("contact"):
                out.append(f" ({r['contact']})")
            out.append(f"  ·  {tr('Received')} {local_text(r['received_at'], tz)}"
                       f"  ·  {tr('Confirm by')} {r['confirm_by']}  ·  {tr('Due')} {r['due']}")
            if r.get("detail"):
                out.append("\n")
                out.append(r["detail"])
            for c in r["changes"]:
                state = tr(cr.CHANGE_LABELS[c["state"]])
                out.append(f"\n{tr('Change')} {c['n']} [{state}]: ", style="bold")
                out.append(c["text"] + (f" → {c['due']}" if c.get("due") else ""))
                if c.get("confirmed_by"):
                    out.append(f" — {c['confirmed_by']}")
            if r.get("resolution"):
                out.append(f"\n{tr('Resolution')}: ", style="bold")
                out.append(r["resolution"])
        self.query_one("#request-detail", Static).update(out)

    @on(DataTable.RowHighlighted, "#requests")
    def request_highlighted(self) -> None:
        self.show_request()
        self.refresh_bindings()

    # -- keys ------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.is_mounted:
            return True
        if action in ("add", "advance", "close", "change", "answer", "filter"):
            if self.tab != "requests":
                return False
            r = self.selected_request()
            if action in ("advance", "close", "change"):
                return r is not None and r["state"] != "closed"
            if action == "answer":
                return bool(r and r["pending_changes"])
        if action in ("minutes", "done", "open_entry"):
            if self.tab != "routine":
                return False
            if action == "done":
                return bool(self.actions)
            if action == "open_entry":
                return bool(self.minutes)
        return True

    @on(TabbedContent.TabActivated)
    def tab_activated(self) -> None:
        self.refresh_bindings()

    def action_tab(self, name: str) -> None:
        self.query_one("#customer-tabs", TabbedContent).active = f"{name}-tab"
        self.query_one("#requests" if name == "requests" else "#minutes").focus()

    def action_filter(self) -> None:
        self.filter = FILTERS[(FILTERS.index(self.filter) + 1) % len(FILTERS)]
        self.reload()

    def action_add(self) -> None:
        self.app.push_screen(CustomerRequestForm(), self._saved)

    def action_advance(self) -> None:
        r = self.selected_request()
        if r is None:
            return
        if r["state"] == "in_progress":
            self.action_close()
            return
        move = cr.confirm if r["state"] == "received" else cr.start
        try:
            self._saved(move(self.ws, r["id"]))
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10, markup=False)

    def action_close(self) -> None:
        r = self.selected_request()
        if r is not None:
            self.app.push_screen(CustomerCloseForm(r), self._saved)

    def action_change(self) -> None:
        r = self.selected_request()
        if r is not None:
            self.app.push_screen(CustomerChangeForm(r), self._saved)

    def action_answer(self) -> None:
        r = self.selected_request()
        if r is not None:
            self.app.push_screen(CustomerAnswerForm(r), self._saved)

    def _saved(self, r: dict | None) -> None:
        if r is None:
            return
        self.safely(self.reload)
        self.query_one("#requests", KeyedTable).select_key(f"C{r['id']}")
        self.notify(tr("C{id}: {state}", id=r["id"], state=tr(cr.STATE_LABELS[r["state"]])),
                    markup=False)

    def action_minutes(self) -> None:
        self.app.push_screen(RoutineMinutesForm(), self._filed)

    def _filed(self, minutes: dict | None) -> None:
        if minutes is not None:
            self.safely(self.reload)
            self.notify(tr("Minutes filed and archived as K{id}", id=minutes.get("kb")),
                        markup=False)

    def action_done(self) -> None:
        key = self.query_one("#actions", KeyedTable).selected_key
        action = self.actions.get(key) if key else None
        if action is None:
            return
        try:
            complete_action(self.ws, action["minutes"], action["index"])
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10, markup=False)
            return
        self.reload()

    def action_open_entry(self) -> None:
        key = self.query_one("#minutes", KeyedTable).selected_key
        minutes = self.minutes.get(key) if key else None
        if minutes is None or not minutes.get("kb"):
            return
        self.app.pop_screen()
        below = self.app.screen
        if hasattr(below, "show_entry"):
            below.show_entry(minutes["kb"])  # type: ignore[attr-defined]

    def action_back(self) -> None:
        self.app.pop_screen()
