"""One hire's onboarding checklist, and the hire's own view of it (SPEC §4).

`HireChecklist` is the checklist widget both views share: the steps grouped by
when they are due (before day 1, day 1, week 1, month 1) with owner, due
date, status and host check, and under it the selected step's detail, the
host's verdict and the notes. Space ticks or unticks the selected step, `n`
adds a note, `r` runs the host checks again.

The steps the jump host can verify are checked when the checklist is shown
(and again on refresh, at most every CHECK_EVERY seconds) in a worker thread;
the store writes only what changed, so the poller never loops.

`HireScreen(hire_id)` is the checklist as managers, buddies, IT and HR see it
(pushed from the Onboarding list). `HireOwnView(hire_id)` is what the hire
sees on F6: their contact person and manager, their duties, and the workflow.
"""

from __future__ import annotations

import time

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Static

from store.onboarding import checklists as ob
from store.core.clock import local_text
from store.core.errors import NotFound, StoreError
from store.onboarding.hostcheck import describe
from store.core.i18n import tr
from store.onboarding.templates import GROUP_LABELS, ROLE_LABELS
from store.people.members import display_name, find_member
from store import topics

from ..dialogs.onboarding_forms import OnboardingNoteForm
from ..widgets.keyed_table import Col, KeyedTable
from ..widgets.labels import text, themed
from .base import HuddleScreen, touches

CHECK_EVERY = 30.0
COLUMNS = (
    Col("n", "#", 3),
    Col("group", "When", 12, min_width=90),
    Col("title", "Step", None, min_flex=16),
    Col("owner", "Owner", 12),
    Col("due", "Due", 10),
    Col("status", "Status", 10),
    Col("check", "Host check", 14, min_width=100),
    Col("notes", "Notes", 5, min_width=110),
)


def person_line(ws, login: str | None, role: str) -> Text:
    """"Buddy: 陈静 (chen) · Product · title" as plain Text."""
    line = Text(f"{tr(role)}: ", style="bold")
    member = find_member(ws, login) if login else None
    if member is None:
        line.append(login or "—")
        return line
    line.append(f"{member['name']} ({member['login']})")
    extra = [v for v in (member.get("dept"), member.get("title")) if v]
    if extra:
        line.append("  ·  " + "  ·  ".join(extra))
    return line


class HireChecklist(Vertical):
    """The checklist of one onboarding; keys act on the step under the cursor."""

    BINDINGS = [
        Binding("space", "toggle", "Done/undo", id="hire.toggle"),
        Binding("n", "note", "Add note", id="hire.note"),
        Binding("r", "check", "Check host", id="hire.check"),
    ]
    CHECK_RUNNER = None   # tests may set store.onboarding.hostcheck runner/reader here
    CHECK_READER = None

    class Loaded(Message):
        def __init__(self, hire: dict) -> None:
            super().__init__()
            self.hire = hire

    def __init__(self, hire_id: int, *, id: str | None = "checklist") -> None:
        super().__init__(id=id)
        self.hire_id = hire_id
        self.hire: dict = {}
        self.last_check = 0.0

    def compose(self) -> ComposeResult:
        yield KeyedTable(COLUMNS, id="steps")
        with VerticalScroll(id="step-detail"):
            yield Static(id="step-text")

    @property
    def table(self) -> KeyedTable:
        return self.query_one("#steps", KeyedTable)

    def on_mount(self) -> None:
        self.reload()
        self.run_checks()

    # -- data ------------------------------------------------------------
    def reload(self) -> None:
        if not self.is_attached:
            return  # a host check finished after the screen was closed
        ws = self.app.ws  # type: ignore[attr-defined]
        try:
            self.hire = ob.get_hire(ws, self.hire_id)
        except NotFound:
            self.hire = {}
            return
        today = ws.today()
        rows = [(str(s["n"]), self.cells(ws, s, today)) for s in self.hire["steps"]]
        self.table.show(rows)
        self.show_detail()
        self.post_message(self.Loaded(self.hire))

    def refresh_data(self, changed: set[str]) -> None:
        if touches(changed, "onboarding", topics.PEOPLE):
            self.reload()
        if time.monotonic() - self.last_check > CHECK_EVERY:
            self.run_checks()

    def cells(self, ws, step: dict, today) -> dict:
        done = bool(step.get("done_at"))
        overdue = ob.is_overdue(step, today)
        style = "dim" if done else ""
        if done:
            status = text("✓ " + tr("done"), "dim")
        elif overdue:
            status = themed(self.app, "! " + tr("overdue"), "text-error", bold=True)
        else:
            status = text(tr("optional") if step["optional"] else tr("open"))
        verified = step.get("verified")
        if not step.get("check"):
            check = text("")
        elif verified is None:
            check = text("… " + tr("not checked"), "dim")
        elif verified["ok"]:
            check = themed(self.app, "✓ " + tr("verified"), "text-success")
        else:
            check = themed(self.app, "✗ " + tr("not verified"), "text-warning")
        owner = display_name(ws, step["owner"])
        return {
            "n": text(step["n"]),
            "group": text(tr(GROUP_LABELS[step["group"]]), style),
            "title": themed(self.app, step["title"], "text-error") if overdue
            else text(step["title"], style),
            "owner": text(owner + (" *" if step.get("stand_in") else ""), style),
            "due": themed(self.app, step["due"], "text-error") if overdue
            else text(step["due"], style),
            "status": status,
            "check": check,
            "notes": text(len(step.get("notes", [])) or ""),
        }

    def selected_step(self) -> dict | None:
        key = self.table.selected_key
        if not key or not self.hire:
            return None
        return next((s for s in self.hire["steps"] if str(s["n"]) == key), None)

    def show_detail(self) -> None:
        step = self.selected_step()
        out = Text()
        if step is not None:
            ws = self.app.ws  # type: ignore[attr-defined]
            out.append(step["title"], style="bold")
            role = tr(ROLE_LABELS[step["owner_role"]])
            out.append(f"\n{role}: {display_name(ws, step['owner'])}")
            if step.get("stand_in"):
                out.append("  " + tr("(the manager stands in: no owner is set for this role)"),
                           style="italic")
            out.append(f"  ·  {tr('Due')}: {step['due']}")
            if step.get("done_at"):
                who = tr("the jump host") if step.get("done_by") == ob.HOST \
                    else display_name(ws, step.get("done_by"))
                out.append(f"  ·  {tr('done by {who}', who=who)}")
            if step.get("detail"):
                out.append("\n")
                out.append(step["detail"])
            if step.get("check"):
                verified = step.get("verified")
                out.append(f"\n{describe(step['check'])}: ")
                if verified is None:
                    out.append(tr("not checked yet"))
                else:
                    out.append(tr("verified") if verified["ok"] else tr("not verified"),
                               style="bold")
                    out.append(f" — {verified['why']}")
            for note in step.get("notes", []):
                out.append(f"\n• {display_name(ws, note['by'])} {local_text(note['at'], ws.tz)}: ",
                           style="dim")
                out.append(note["text"])
        self.query_one("#step-text", Static).update(out)

    @on(DataTable.RowHighlighted, "#steps")
    def highlighted(self) -> None:
        self.show_detail()

    # -- host checks -------------------------------------------------------
    def run_checks(self) -> None:
        if self.hire and self.hire.get("state") != "cancelled":
            self.last_check = time.monotonic()
            self._check_worker()

    @work(thread=True, exclusive=True, group="hostcheck", exit_on_error=False)
    def _check_worker(self) -> None:
        ws = self.app.ws  # type: ignore[attr-defined]
        try:
            ob.run_checks(ws, self.hire_id, self.CHECK_RUNNER, self.CHECK_READER)
        except StoreError as exc:
            self.app.call_from_thread(self.app.notify, str(exc), severity="error", markup=False)
            return
        self.app.call_from_thread(self.reload)

    # -- actions -----------------------------------------------------------
    def action_toggle(self) -> None:
        step = self.selected_step()
        if step is None:
            return
        try:
            ob.toggle_step(self.app.ws, self.hire_id, step["n"])  # type: ignore[attr-defined]
        except StoreError as exc:
            self.app.notify(str(exc), severity="error", timeout=10, markup=False)
            return
        self.reload()

    def action_note(self) -> None:
        step = self.selected_step()
        if step is not None:
            self.app.push_screen(OnboardingNoteForm(self.hire_id, step), self._noted)

    def _noted(self, hire: dict | None) -> None:
        if hire is not None:
            self.reload()

    def action_check(self) -> None:
        self.run_checks()
        self.app.notify(tr("Checking the jump host…"), markup=False)


def hire_summary(ws, hire: dict) -> Text:
    summary = ob.summary(hire, ws.today())
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(display_name(ws, hire["login"]), style="bold")
    line.append(f" ({hire['login']})  ·  {hire['role']}  ·  {tr('Start')}: {hire['start']}")
    line.append("  ·  " + tr("{done} of {total} required steps ({percent}%)",
                             done=summary["done"], total=summary["required"],
                             percent=summary["progress"]))
    if summary["overdue"]:
        line.append(f"  ·  {tr('{n} overdue', n=summary['overdue'])}", style="bold")
    if hire["state"] != "active":
        line.append(f"  ·  {tr(ob.STATE_LABELS[hire['state']])}", style="bold")
    return line


class HireScreen(HuddleScreen):
    """One hire's checklist, pushed from the Onboarding list. Escape goes back."""

    TITLE = "Onboarding"
    CSS_PATH = "onboarding.tcss"
    AUTO_FOCUS = "#steps"
    BINDINGS = [Binding("escape", "back", "Back", id="hire.back")]

    def __init__(self, hire_id: int) -> None:
        super().__init__()
        self.hire_id = hire_id

    def compose_body(self) -> ComposeResult:
        yield Static(id="hire-info")
        yield HireChecklist(self.hire_id)

    def header_title(self) -> str:
        return f"{tr(self.TITLE)} H{self.hire_id}"

    @on(HireChecklist.Loaded)
    def loaded(self, event: HireChecklist.Loaded) -> None:
        ws = self.ws
        info = Text("\n").join([hire_summary(ws, event.hire),
                                person_line(ws, event.hire["buddy"], "Buddy") + "   " +
                                person_line(ws, event.hire["manager"], "Manager")])
        self.query_one("#hire-info", Static).update(info)

    def refresh_data(self, changed: set[str]) -> None:
        self.query_one(HireChecklist).refresh_data(changed)
        if not self.query_one(HireChecklist).hire:
            self.notify(tr("No onboarding with id {id}", id=self.hire_id), severity="error")
            self.app.pop_screen()

    def on_screen_resume(self) -> None:  # the base class's handler runs too (MRO dispatch)
        self.query_one(HireChecklist).run_checks()

    def action_back(self) -> None:
        self.app.pop_screen()


class HireOwnView(Vertical):
    """What a new hire sees: welcome, contact person, duties, then the workflow checklist."""

    def __init__(self, hire: dict) -> None:
        super().__init__(id="own-view")
        self.hire = hire

    def compose(self) -> ComposeResult:
        yield Static(id="own-intro")
        yield HireChecklist(self.hire["id"])

    @on(HireChecklist.Loaded)
    def loaded(self, event: HireChecklist.Loaded) -> None:
        ws = self.app.ws  # type: ignore[attr-defined]
        hire = event.hire
        intro = Text()
        intro.append(tr("Welcome, {name}!", name=display_name(ws, hire["login"])), style="bold")
        intro.append("\n")
        intro.append_text(hire_summary(ws, hire))
        intro.append("\n")
        intro.append_text(person_line(ws, hire["buddy"], "Your contact person (对接人)"))
        intro.append("\n")
        intro.append_text(person_line(ws, hire["manager"], "Your manager"))
        intro.append(f"\n{tr('Your duties')}: ", style="bold")
        intro.append(hire.get("duties") or "—")
        mine = [s for s in hire["steps"] if s["owner"] == hire["login"] and not s.get("done_at")]
        if mine:
            intro.append(f"\n{tr('Your next steps')}: ", style="bold")
            intro.append("; ".join(f"{s['title']} ({s['due']})" for s in mine[:3]))
        self.query_one("#own-intro", Static).update(intro)

    def refresh_data(self, changed: set[str]) -> None:
        self.query_one(HireChecklist).refresh_data(changed)
