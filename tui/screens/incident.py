"""One incident: big countdowns to the next SLA deadlines, the live timeline (newest at
the bottom, following new events) and the roles panel.

Quick keys: u status update, r assign role, c confirm ready, l log a note,
p pin/unpin the highlighted event, m mitigated, x resolve, n customer
notice, w postmortem, e export, Escape back to the list. Keys that do not
apply in the incident's state are greyed out; the store still checks who
may do what and its refusal is shown.

Every watcher sees a new event within a second: the app's poller calls
`refresh_data` when the incident's shard changes. A one-second tick moves
the countdowns and rings the bell (once) when a deadline passes.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Static

from store.warroom import sla
from store.warroom import incidents
from store.core.errors import NotFound
from store.warroom.reports import ago, fmt_minutes, fmt_time, who
from store.core.i18n import tr
from store import topics

from ..dialogs.incident_export import ExportDialog
from ..dialogs.incident_forms import (MitigateForm, NoteForm, NoticeForm, PostmortemForm,
                                      ReadyForm, ResolveForm, RoleForm, UpdateForm)
from ..widgets.incident_roles import IncidentRoles
from ..widgets.incident_timeline import IncidentTimeline
from ..widgets.sla_countdown import SlaCountdowns, ring_passed
from .base import HuddleScreen, touches

CSS = Path(__file__).with_name("incident.tcss")  # the war room's sheet, shared by both screens

# action -> (form, the state it needs: a TRANSITIONS target or "active")
FORMS = {"update": (UpdateForm, "active"), "role": (RoleForm, "active"),
         "ready": (ReadyForm, "active"), "note": (NoteForm, None),
         "mitigate": (MitigateForm, "mitigating"), "resolve": (ResolveForm, "resolved"),
         "notice": (NoticeForm, "closed"), "postmortem": (PostmortemForm, "postmortem_done")}


def summary_text(ws, inc: dict, now) -> Text:
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(f"{inc['id']} {inc['severity']} ", style="bold")
    line.append(inc["title"], style="bold")
    line.append(f"  ·  {incidents.state_label(inc['state'])}")
    line.append(f"  ·  {tr('Lead')}: {who(ws, inc['lead'])}")
    detail = Text(no_wrap=True, overflow="ellipsis")
    detail.append(f"{tr('Began at')} {fmt_time(ws, inc['began_at'])[5:]}  ·  "
                  f"{tr('Reported')} {ago(now, inc['reported_at'])}  ·  {tr('Impact')}: ")
    detail.append(" ".join(inc["impact"].split()))
    return Text("\n", no_wrap=True, overflow="ellipsis").join([line, detail])


class IncidentScreen(HuddleScreen):
    TITLE = "Incident"
    CSS_PATH = CSS
    AUTO_FOCUS = "#timeline"
    BINDINGS = [
        Binding("u", "form('update')", "Status update", id="incident.update"),
        Binding("r", "form('role')", "Assign role", id="incident.role"),
        Binding("c", "form('ready')", "Ready", id="incident.ready"),
        Binding("l", "form('note')", "Log note", id="incident.note"),
        Binding("p", "pin", "Pin", id="incident.pin"),
        Binding("m", "form('mitigate')", "Mitigated", id="incident.mitigate"),
        Binding("x", "form('resolve')", "Resolve", id="incident.resolve"),
        Binding("n", "form('notice')", "Customer notice", id="incident.notice"),
        Binding("w", "form('postmortem')", "Postmortem", id="incident.postmortem"),
        Binding("e", "export", "Export", id="incident.export"),
        Binding("escape", "back", "Back", id="incident.back"),
    ]

    def __init__(self, number: int) -> None:
        super().__init__()
        self.number = number
        self.inc: dict | None = None
        self._summary = ""
        self._keys: tuple = ()

    def header_title(self) -> str:
        return f"{tr(self.TITLE)} {incidents.label(self.number)}"

    def compose_body(self) -> ComposeResult:
        yield Static(id="incident-summary")
        yield SlaCountdowns(id="countdowns")
        with Horizontal(id="incident-main"):
            with Vertical(id="timeline-pane"):
                yield Label(Text(tr("Timeline")), classes="pane-title")
                yield IncidentTimeline(id="timeline")
            with Vertical(id="roles-pane"):
                yield Label(Text(tr("Roles")), classes="pane-title")
                yield IncidentRoles(id="roles")

    @property
    def timeline(self) -> IncidentTimeline:
        return self.query_one("#timeline", IncidentTimeline)

    def on_mount(self) -> None:
        self.safely(self.reload)
        self.set_interval(1.0, self.tick)

    # -- data ----------------------------------------------------------------
    def refresh_data(self, changed: set[str]) -> None:
        if touches(changed, topics.incident(self.number), topics.PEOPLE):
            self.reload()

    def reload(self) -> None:
        try:
            self.inc = incidents.get_incident(self.ws, self.number)
        except NotFound:
            self.inc = None
            raise
        self.timeline.show_events(self.ws, self.inc["events"])
        self.show_clock()
        keys = (self.inc["state"], bool(self.inc["events"]))
        if keys != self._keys:  # the Footer recomposes on every refresh: only when it matters
            self._keys = keys
            self.refresh_bindings()

    def show_clock(self) -> None:
        """What depends on the time: summary (age), countdowns, readiness."""
        if self.inc is None:
            return
        now = self.ws.now()
        inc = self.inc
        summary = summary_text(self.ws, inc, now)
        if summary.plain != self._summary:
            self._summary = summary.plain
            self.query_one("#incident-summary", Static).update(summary)
        quiet = tr("{state}: no SLA deadline is open.", state=incidents.state_label(inc["state"]))
        if not incidents.is_active(inc):
            m = sla.measures(inc)
            quiet = tr("{state}. Time to roles {roles} · to mitigation {mitigation} · to "
                       "resolution {resolution}", state=incidents.state_label(inc["state"]),
                       roles=fmt_minutes(m["time_to_roles"]),
                       mitigation=fmt_minutes(m["time_to_mitigation"]),
                       resolution=fmt_minutes(m["time_to_resolution"]))
        self.query_one("#countdowns", SlaCountdowns).show(sla.named(self.ws, sla.countdowns(inc)), now, quiet)
        self.query_one("#roles", IncidentRoles).show(self.ws, inc, now)

    def tick(self) -> None:
        if self.inc is None or not self.is_current:
            return
        self.show_clock()
        if self.app.screen is self:
            ring_passed(self.app, [self.inc], self.ws.now())

    # -- keys ----------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that do not apply in the incident's state are greyed out (None) and say why
        when pressed (`why_not`)."""
        inc = self.inc
        if inc is None:
            return action == "back"
        if action == "form":
            _, needs = FORMS[str(parameters[0])]
            if needs == "active":
                return incidents.is_active(inc) or None
            if needs == "closed":
                return inc["state"] in ("resolved", "postmortem_done") or None
            if needs is not None:
                return needs in incidents.TRANSITIONS[inc["state"]] or None
        if action == "pin":
            return bool(inc["events"]) or None
        return True

    def why_not(self, action: str, parameters: tuple[object, ...]) -> str | None:
        if self.inc is None:
            return None
        state = incidents.state_label(self.inc["state"])
        if action == "pin":
            return tr("the timeline is empty")
        if action != "form":
            return None
        _, needs = FORMS[str(parameters[0])]
        if needs == "active":
            return tr("the incident is {state}, no longer being worked on", state=state)
        if needs == "closed":
            return tr("only once the incident is resolved")
        return tr("not from the state “{state}”", state=state)

    def action_form(self, name: str) -> None:
        if self.inc is None:
            return
        form, _ = FORMS[name]
        self.app.push_screen(form(self.inc), self._done)

    def _done(self, result: object) -> None:
        if result is not None:
            self.safely(self.reload)

    def action_pin(self) -> None:
        no = self.timeline.selected_no
        if self.inc is None or no is None:
            return
        event = next((e for e in self.inc["events"] if e["no"] == no), None)
        if event is None:
            return
        pinned = not event.get("pinned")
        if self.safely(incidents.pin_event, self.ws, self.number, no, pinned):
            self.notify(tr("Pinned #{no}", no=no) if pinned else tr("Unpinned #{no}", no=no),
                        markup=False)
            self.safely(self.reload)

    def action_export(self) -> None:
        if self.inc is None:
            return
        form = {"resolved": "report", "postmortem_done": "postmortem"}.get(self.inc["state"],
                                                                            "initial")
        self.app.push_screen(ExportDialog(self.inc, form), self._exported)

    def _exported(self, path: str | None) -> None:
        if path:
            self.notify(tr("Saved {path}", path=path), markup=False)

    def action_back(self) -> None:
        self.app.pop_screen()
