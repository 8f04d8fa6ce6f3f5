"""Onboarding (F6): every hire with progress and overdue steps — or, when the acting
user is a new hire with a checklist under way, their own view of it.

List keys: Enter opens a hire's checklist (`HireScreen`), `a` starts an
onboarding, `t` shows the templates (admins add and remove steps there).
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from store.onboarding import checklists as ob
from store.onboarding import templates
from store.core.errors import StoreError
from store.onboarding.hostcheck import describe
from store.core.i18n import tr, trn
from store.people.members import display_name, is_admin
from store import topics

from ..dialogs.confirm import ConfirmDialog
from ..dialogs.onboarding_forms import OnboardingStartForm, OnboardingStepForm
from ..widgets.keyed_table import Col, KeyedTable
from ..widgets.labels import text, themed
from .base import HuddleScreen, touches
from .hire import HireChecklist, HireOwnView, HireScreen

COLUMNS = (
    Col("id", "ID", 4),
    Col("hire", "New hire", None, min_flex=12),
    Col("role", "Job role", 14, min_width=90),
    Col("start", "Start", 10),
    Col("buddy", "Buddy", 10, min_width=100),
    Col("manager", "Manager", 10, min_width=110),
    Col("progress", "Done", 5),
    Col("overdue", "Overdue", 7),
    Col("state", "State", 9),
)
STEP_COLUMNS = (
    Col("n", "#", 3),
    Col("group", "When", 12),
    Col("title", "Step", None, min_flex=16),
    Col("owner", "Owner", 10),
    Col("offset", "Offset", 6),
    Col("optional", "Optional", 8, min_width=100),
    Col("check", "Host check", 22, min_width=90),
)


class HireTable(KeyedTable):
    BINDINGS = [Binding("enter", "select_cursor", "Open", id="onboarding.open")]


class OnboardingScreen(HuddleScreen):
    TITLE = "Onboarding"
    CSS_PATH = "onboarding.tcss"
    BINDINGS = [
        Binding("a", "start", "Start onboarding", id="onboarding.start"),
        Binding("t", "templates", "Templates", id="onboarding.templates"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.hires: dict[str, dict] = {}
        self.own: dict | None = None

    def compose_body(self) -> ComposeResult:
        self.own = ob.active_hire_of(self.ws, self.ws.actor.login)
        if self.own is not None:
            yield HireOwnView(self.own)
        else:
            yield Static(id="hires-info")
            yield HireTable(COLUMNS, id="hires")

    def on_mount(self) -> None:
        if self.own is None:
            self.safely(self.reload)
            self.query_one("#hires").focus()
        else:
            self.query_one("#steps").focus()

    # -- data ------------------------------------------------------------
    def refresh_data(self, changed: set[str]) -> None:
        if not touches(changed, "onboarding", topics.PEOPLE):
            return
        own = ob.active_hire_of(self.ws, self.ws.actor.login)
        if (own is None) != (self.own is None):
            self.refresh(recompose=True)
            self.call_after_refresh(self.on_mount)
            return
        if self.own is not None:
            self.query_one(HireOwnView).refresh_data(changed)
        else:
            self.reload()

    def on_screen_resume(self) -> None:
        """Back from a checklist: show its progress now; a hire's view checks the host again."""
        if not self.is_mounted:
            return
        if self.own is None:
            self.safely(self.reload)
        else:
            for checklist in self.query(HireChecklist):
                checklist.run_checks()

    def reload(self) -> None:
        ws = self.ws
        hires = ob.list_hires(ws)
        self.hires = {f"H{h['id']}": h for h in hires}
        self.query_one("#hires", HireTable).show([(key, self.cells(h))
                                                  for key, h in self.hires.items()])
        active = [h for h in hires if h["state"] == "active"]
        late = sum(h["summary"]["overdue"] for h in active)
        info = tr("{under_way}, {overdue}",
                  under_way=trn("{n} onboarding under way", "{n} onboardings under way",
                                len(active)),
                  overdue=trn("{n} overdue step", "{n} overdue steps", late))
        self.query_one("#hires-info", Static).update(Text(info))

    def cells(self, h: dict) -> dict:
        ws = self.ws
        style = "dim" if h["state"] != "active" else ""
        overdue = h["summary"]["overdue"] if h["state"] == "active" else 0
        return {
            "id": text(f"H{h['id']}"),
            "hire": text(f"{display_name(ws, h['login'])} ({h['login']})", style),
            "role": text(h["role"], style),
            "start": text(h["start"], style),
            "buddy": text(display_name(ws, h["buddy"]), style),
            "manager": text(display_name(ws, h["manager"]), style),
            "progress": text(f"{h['summary']['progress']}%", style),
            "overdue": themed(self.app, overdue, "text-error", bold=True) if overdue else text(""),
            "state": text(tr(ob.STATE_LABELS[h["state"]]), style),
        }

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("start", "templates"):
            return self.own is None or None  # greyed out: says why (why_not)
        return True

    def why_not(self, action: str, parameters: tuple[object, ...]) -> str | None:
        if action in ("start", "templates"):
            return tr("this screen shows your own onboarding checklist")
        return None

    # -- actions ---------------------------------------------------------
    @on(DataTable.RowSelected, "#hires")
    def row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        key = event.row_key.value
        if key in self.hires:
            self.app.push_screen(HireScreen(self.hires[key]["id"]))

    def action_start(self) -> None:
        self.app.push_screen(OnboardingStartForm(), self._started)

    def _started(self, hire: dict | None) -> None:
        if hire is None:
            return
        self.safely(self.reload)
        self.query_one("#hires", HireTable).select_key(f"H{hire['id']}")
        self.notify(tr("Onboarding H{id} started", id=hire["id"]), markup=False)

    def action_templates(self) -> None:
        self.app.push_screen(TemplatesScreen())


class TemplatesScreen(HuddleScreen):
    """The checklist templates and their steps; admins add (`a`) and delete (`d`) steps."""

    TITLE = "Onboarding templates"
    CSS_PATH = "onboarding.tcss"
    AUTO_FOCUS = "#template-steps"
    BINDINGS = [
        Binding("[", "cycle(-1)", "Previous template", id="templates.prev"),
        Binding("]", "cycle(1)", "Next template", id="templates.next"),
        Binding("a", "add_step", "Add step", id="templates.add"),
        Binding("d", "delete_step", "Delete step", id="templates.delete"),
        Binding("escape", "back", "Back", id="templates.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.index = 0
        self.templates: list[dict] = []

    def compose_body(self) -> ComposeResult:
        yield Static(id="template-info")
        yield KeyedTable(STEP_COLUMNS, id="template-steps")

    def on_mount(self) -> None:
        self.safely(self.reload)

    def refresh_data(self, changed: set[str]) -> None:
        if touches(changed, "onboarding"):
            self.reload()

    @property
    def current(self) -> dict | None:
        return self.templates[self.index] if self.templates else None

    def reload(self) -> None:
        self.templates = templates.list_templates(self.ws)
        self.index = min(self.index, max(0, len(self.templates) - 1))
        tpl = self.current
        info = Text()
        if tpl is None:
            info.append(tr("No templates yet. Import one with "
                           "`huddle onboarding template import FILE.json`."))
        else:
            info.append(f"{tpl['name']} — {tpl['role']}", style="bold")
            info.append(f"   ({self.index + 1}/{len(self.templates)}, {tr('version')} "
                        f"{tpl.get('version', 1)})")
            owners = templates.owners_config(self.ws)
            info.append(f"\nIT: {display_name(self.ws, tpl.get('it') or owners['it']) or '—'}"
                        f"   HR: {display_name(self.ws, tpl.get('hr') or owners['hr']) or '—'}")
            if tpl.get("duties"):
                info.append(f"\n{tr('Duties')}: ")
                info.append(tpl["duties"])
        self.query_one("#template-info", Static).update(info)
        steps = tpl["steps"] if tpl else []
        self.query_one("#template-steps", KeyedTable).show([
            (str(i), {"n": text(i), "group": text(tr(templates.GROUP_LABELS[s["group"]])),
                      "title": text(s["title"]),
                      "owner": text(tr(templates.ROLE_LABELS[s["owner"]])),
                      "offset": text(f"{s['offset']:+d}"),
                      "optional": text(tr("yes") if s["optional"] else ""),
                      "check": text(describe(s.get("check")))})
            for i, s in enumerate(steps, 1)])
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        admin = is_admin(self.ws, self.ws.actor.real)
        if action in ("add_step", "delete_step"):
            return (admin and self.current is not None) or None  # greyed out: why_not
        if action == "cycle":
            return len(self.templates) > 1 or None
        return True

    def why_not(self, action: str, parameters: tuple[object, ...]) -> str | None:
        if action == "cycle":
            return tr("there is only one template")
        if action in ("add_step", "delete_step"):
            if self.current is None:
                return tr("there is no template")
            return tr("only an admin can change the templates")
        return None

    def action_cycle(self, step: int) -> None:
        if self.templates:
            self.index = (self.index + step) % len(self.templates)
            self.reload()

    def action_add_step(self) -> None:
        if self.current is not None:
            self.app.push_screen(OnboardingStepForm(self.current["name"]),
                                 lambda tpl: tpl and self.reload())

    def action_delete_step(self) -> None:
        tpl = self.current
        key = self.query_one("#template-steps", KeyedTable).selected_key
        if tpl is None or key is None:
            return
        step = tpl["steps"][int(key) - 1]

        def answered(yes: bool | None) -> None:
            if yes:
                try:
                    templates.remove_template_step(self.ws, tpl["name"], int(key))
                except StoreError as exc:
                    self.notify(str(exc), severity="error", timeout=10, markup=False)
                self.reload()

        self.app.push_screen(ConfirmDialog(tr("Delete step “{title}” from {name}?",
                                              title=step["title"], name=tpl["name"])), answered)

    def action_back(self) -> None:
        self.app.pop_screen()
