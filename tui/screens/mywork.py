"""My work (F3): what the acting member has to do across every project.

On top, today's obligations: the updates due before 17:00, how many decisions
and receipts wait, and who asked for your help (【需协助】). Then "Waiting for
you" — requests, delays, resource requests and acceptances you decide, and
published tasks you have to confirm — and your open tasks with today's update
status and the plan. Enter opens the project on the matching tab; `y` decides
the selected item (the same forms as the project screen, a delay with its
slip), `c` confirms a receipt, `u` records progress, `d` asks for a delay.
Everything comes from `store.projects.my_work.my_work`.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from store.core.clock import local_text
from store.core.i18n import tr
from store.projects.my_work import my_work
from store.people.members import display_name
from store.projects.project import get_project
from store.projects.publication import receipt
from store import topics

from ..dialogs.delay_forms import DelayRequestForm
from ..dialogs.progress_entry import ProgressEntryDialog
from ..dialogs.project_decisions import decided_message, decision_form
from ..dialogs.project_forms import ConfirmReceiptForm
from ..widgets.keyed_table import Col, KeyedTable
from ..widgets.labels import text, themed
from .base import HuddleScreen, touches
from .project_tabs.base import one_line
from store.projects.outlook import KIND_LABELS
from .project_detail import ProjectDetailScreen

WAITING_COLUMNS = (
    Col("key", "Item", 12),
    Col("kind", "Kind", 16),
    Col("project", "Project", 16, min_width=90),
    Col("title", "What", None, min_flex=12),
    Col("due", "Due", 16),
)
TASK_COLUMNS = (
    Col("id", "Task", 7),
    Col("project", "Project", 16, min_width=90),
    Col("title", "Title", None, min_flex=12),
    Col("due", "Due", 10),
    Col("progress", "Done", 5),
    Col("expected", "Plan", 5, min_width=70),
    Col("today", "Today", 12),
)
TAB_OF = {"request": "overview", "delay": "approvals", "resource": "approvals",
          "acceptance": "deliverables", "receipt": "tasks"}


class MyWorkScreen(HuddleScreen):
    TITLE = "My work"
    CSS_PATH = "mywork.tcss"
    AUTO_FOCUS = "#mywork-waiting"
    BINDINGS = [
        Binding("enter", "open", "Open project", id="mywork.open"),
        Binding("y", "decide", "Approve/reject", id="mywork.decide"),
        Binding("c", "confirm", "Confirm a task", id="mywork.confirm"),
        Binding("u", "update", "Update progress", id="mywork.update"),
        Binding("d", "delay", "Request delay", id="mywork.delay"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.work: dict = {}
        self.items: dict[str, dict] = {}     # waiting rows: key → {"kind", "record", "project"}
        self.tasks: dict[str, dict] = {}
        self.names: dict[int, str] = {}

    def compose_body(self) -> ComposeResult:
        yield Static(id="mywork-summary")
        yield Static(Text(tr("Waiting for you")), classes="section-title")
        yield KeyedTable(WAITING_COLUMNS, id="mywork-waiting")
        yield Static(Text(tr("My tasks")), classes="section-title")
        yield KeyedTable(TASK_COLUMNS, id="mywork-tasks")
        yield Static(id="mywork-help")

    @property
    def waiting(self) -> KeyedTable:
        return self.query_one("#mywork-waiting", KeyedTable)

    @property
    def task_table(self) -> KeyedTable:
        return self.query_one("#mywork-tasks", KeyedTable)

    def on_mount(self) -> None:
        self.safely(self.reload)

    # -- data --------------------------------------------------------------
    def refresh_data(self, changed: set[str]) -> None:
        if touches(changed, topics.PROJECTS):
            self.reload()

    def refresh_styles(self) -> None:
        self.reload()

    def project_name(self, pid: int) -> str:
        if pid not in self.names:
            self.names[pid] = get_project(self.ws, pid)["name"]
        return self.names[pid]

    def reload(self) -> None:
        ws = self.ws
        self.names = {}
        work = self.work = my_work(ws, ws.actor.login)
        items: dict[str, dict] = {}
        for a in work["approvals"]:
            items[f"{a['kind']}:{a['id']}"] = {"kind": a["kind"], "record": a["record"],
                                               "project": a["project"], "id": a["id"],
                                               "title": a["title"], "due_at": a["due_at"]}
        for t in work["confirmations"]:
            items[f"receipt:{t['id']}"] = {"kind": "receipt", "record": t, "project": t["project"],
                                           "id": t["id"], "title": t["title"],
                                           "due_at": receipt(t, ws.now())["due_at"]}
        self.items = items
        self.waiting.show([(key, self.waiting_cells(item)) for key, item in items.items()])
        self.tasks = {t["id"]: t for t in work["tasks"]}
        due_today = {t["id"] for t in work["updates_due"]}
        self.task_table.show([(t["id"], self.task_cells(t, t["id"] in due_today))
                              for t in work["tasks"]])
        self.show_summary()
        self.refresh_bindings()

    def waiting_cells(self, item: dict) -> dict:
        now = self.ws.now().isoformat()
        late = bool(item["due_at"]) and now >= item["due_at"]
        due = local_text(item["due_at"], self.ws.tz) if item["due_at"] else ""
        return {
            "key": text(item["id"]),
            "kind": themed(self.app, tr(KIND_LABELS[item["kind"]]), "text-accent", bold=True),
            "project": text(self.project_name(item["project"])),
            "title": text(one_line(item["title"])),
            "due": themed(self.app, due, "text-error", bold=True) if late else text(due),
        }

    def task_cells(self, t: dict, due_today: bool) -> dict:
        if due_today:
            today = themed(self.app, tr("update due"), "text-warning", bold=True)
        elif t.get("latest") and t["latest"]["day"] == self.ws.today().isoformat():
            today = themed(self.app, tr("updated"), "text-success")
        else:
            today = text("")
        progress = t.get("progress", 0)
        return {
            "id": text(t["id"]), "project": text(self.project_name(t["project"])),
            "title": themed(self.app, one_line(t["title"]), "text-warning") if t["lagging"]
            else text(one_line(t["title"])),
            "due": text(t["due"]),
            "progress": themed(self.app, f"{progress}%", "text-warning", bold=True)
            if t["lagging"] else text(f"{progress}%"),
            "expected": text(f"{t['expected']}%"), "today": today,
        }

    def show_summary(self) -> None:
        work, ws = self.work, self.ws
        out = Text()
        if work["update_deadline"]:
            deadline = local_text(work["update_deadline"], ws.tz, with_date=False)
            n = len(work["updates_due"])
            late = ws.now().isoformat() >= work["update_deadline"]
            style = "text-error" if n and late else "text-warning" if n else "text-success"
            out.append_text(themed(self.app, tr("Updates due today by {time}: {n}", time=deadline,
                                                n=n), style, bold=bool(n)))
        else:
            out.append(tr("No daily update today (not a working day)."))
        approvals = len(work["approvals"])
        out.append("  ·  " + tr("Waiting for your decision: {n}", n=approvals),
                   style="bold" if approvals else "")
        out.append("  ·  " + tr("To confirm: {n}", n=len(work["confirmations"])))
        self.query_one("#mywork-summary", Static).update(out)
        help_text = Text()
        for entry in work["help_asked"]:
            if help_text.plain:
                help_text.append("\n")
            help_text.append_text(themed(self.app, "【需协助】", "text-warning", bold=True))
            help_text.append(" " + tr("{who} asks you for help with {task}",
                                      who=display_name(ws, entry["owner"]), task=entry["task"]))
            if entry.get("problems"):
                help_text.append(": ")
                help_text.append(one_line(entry["problems"]))
        self.query_one("#mywork-help", Static).update(help_text)
        self.query_one("#mywork-help", Static).display = bool(help_text.plain)

    # -- selection ---------------------------------------------------------
    def selected_item(self) -> dict | None:
        key = self.waiting.selected_key
        return self.items.get(key) if key else None

    def selected_task(self) -> dict | None:
        key = self.task_table.selected_key
        return self.tasks.get(key) if key else None

    def decision_item(self) -> dict | None:
        item = self.selected_item()
        if item is not None and item["kind"] != "receipt" and self.waiting.has_focus:
            return item
        return next((i for i in self.items.values() if i["kind"] != "receipt"), None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.is_mounted or not self.work:
            return True
        if action in self.work["allowed"]:  # outlook.member_allowed: the store decides
            return True if self.work["allowed"][action] else None
        if action == "open":
            return True if (self.waiting.row_count or self.task_table.row_count) else None
        return True

    def why_not(self, action: str, parameters: tuple[object, ...]) -> str | None:
        return {"decide": tr("nothing waits for your decision"),
                "confirm": tr("no task waits for you to confirm receipt"),
                "update": tr("you have no open task"), "delay": tr("you have no open task"),
                "open": tr("the lists are empty")}.get(action)

    # -- actions -----------------------------------------------------------
    def open_form(self, form, done: Callable[[dict], str]) -> None:
        def saved(record: dict | None) -> None:
            if record is not None:
                self.safely(self.reload)
                self.notify(done(record), markup=False)
        self.app.push_screen(form, saved)

    @on(DataTable.RowSelected)
    def row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        if self.task_table.has_focus and self.selected_task():
            task = self.selected_task()
            self.app.push_screen(ProjectDetailScreen(task["project"], "tasks"))
        elif self.selected_item():
            item = self.selected_item()
            self.app.push_screen(ProjectDetailScreen(item["project"], TAB_OF[item["kind"]]))

    def action_decide(self) -> None:
        item = self.decision_item()
        if item is not None:
            kind = item["kind"]
            self.open_form(decision_form(kind, item["record"]),
                           lambda record: decided_message(kind, record))

    def action_confirm(self) -> None:
        tasks = self.work.get("confirmations", [])
        item = self.selected_item()
        selected = item["id"] if item and item["kind"] == "receipt" else None
        if tasks:
            self.open_form(ConfirmReceiptForm(tasks, selected),
                           lambda t: tr("Confirmed task {id}", id=t["id"]))

    def action_update(self) -> None:
        tasks = self.work.get("tasks", [])
        if tasks:
            task = self.selected_task()
            selected = task["id"] if task else (self.work["updates_due"][0]["id"]
                                                if self.work["updates_due"] else None)
            self.open_form(ProgressEntryDialog(self.ws.actor.login, tasks, selected),
                           lambda e: tr("Progress of {task}: {percent} %", task=e["task"],
                                        percent=e["percent"]))

    def action_delay(self) -> None:
        tasks = self.work.get("tasks", [])
        if tasks:
            task = self.selected_task()
            self.open_form(DelayRequestForm(tasks, task["id"] if task else None),
                           lambda d: tr("Delay {id} requested; it waits for the PM and the head",
                                        id=d["id"]))

