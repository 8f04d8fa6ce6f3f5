"""One cross-department project (SPEC §1), in tabs: Overview, Tasks, Plan, Updates,
Delays & approvals, Deliverables, Issues, Retrospective (keys 1–8).

Every step of the process is a key that opens a modal form (tui/dialogs/): `y`
approve/reject what waits for you (the request, a delay — with the slip it
causes —, a resource request, a deliverable's acceptance), `k` kickoff, `p`
publish the task list, `c` confirm receipt, `u` record progress (with the
【需协助】 flag), `d` request a delay, `i` report an issue, `s` submit a
deliverable, `l` launch, `r` retrospective, `g` request resources, `w` why a
task lags, `a`/`e` add/edit a task; `m` minutes, `o` sign off the task list, `v`
answer a major issue, `n` name the acceptor (project_rules_actions.py). A key that does not apply now (the
project's state, your role, nothing selected) is greyed out (`check_action`
reads `ProjectView.allowed`). The store checks every rule again.

The screen reads one `ProjectView` (project_tabs/data.py) per refresh and each
tab draws from it; it refreshes when the project's shard or the directory
changes (`refresh_data`).
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.lazy import Lazy
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from store.projects import flow as project_flow, publication
from store.core.errors import NotFound
from store.core.i18n import tr, trn
from store import topics

from ..widgets.tab_bar import TabBar
from .base import HuddleScreen, touches
from .project import project_summary_text
from .project_rules_actions import RULE_ACTIONS, RULE_BINDINGS, RULE_TABS, ProjectRuleActions
from .project_tabs import TABS, ProjectTab
from store.projects.outlook import ProjectView, load_view
from store.projects.readiness import still_open

from .project_forms_index import decisions, form  # the forms, imported when first opened


# action → the key of ProjectView.allowed that enables it
ACTIONS = {"decide": "decide", "kickoff": "kickoff", "publish": "publish", "confirm": "confirm",
           "update": "update", "delay": "delay", "issue": "issue", "deliver": "deliver",
           "launch": "launch", "retro": "retro", "resource": "resource", "lag": "lag",
           "add_task": "add_task", "edit_task": "edit_task", **RULE_ACTIONS}
TASK_TABS = ("tasks", "plan")
LAZY_TABS = ("tasks", "plan", "updates")  # a row per task or update: drawn when opened
NARROW = 110  # columns: below, the tabs have their short titles (and less padding, .tcss)


class ProjectDetailScreen(ProjectRuleActions, HuddleScreen):
    TITLE = "Project"
    CSS_PATH = "project_detail.tcss"
    AUTO_FOCUS = None
    BINDINGS = [
        *(Binding(str(n), f"tab({tab.NAME!r})", tab.LABEL, show=False,
                  id=f"project.tab.{tab.NAME}") for n, tab in enumerate(TABS, start=1)),
        Binding("y", "decide", "Approve/reject", id="project.decide",
                tooltip="Decide what waits for you: request, delay, resources, acceptance"),
        Binding("u", "update", "Update progress", id="project.update",
                tooltip="Today's progress on one of your tasks, with a 【需协助】 flag"),
        Binding("c", "confirm", "Confirm a task", id="project.confirm",
                tooltip="Confirm you received a published task (within 24 hours)"),
        Binding("d", "delay", "Request delay", id="project.delay",
                tooltip="At least 2 days before the deadline; the PM and the head approve"),
        Binding("i", "issue", "Report issue", id="project.issue"),
        Binding("x", "escalate", "Escalate", id="project.escalate",
                tooltip="Open an incident in the war room for the selected urgent or major "
                        "issue (due within 2 hours of filing)"),
        Binding("s", "deliver", "Deliver", id="project.deliver",
                tooltip="Submit a deliverable: version, features, test report"),
        Binding("k", "kickoff", "Kickoff", id="project.kickoff"),
        Binding("p", "publish", "Publish tasks", id="project.publish"),
        Binding("l", "launch", "Launch", id="project.launch"),
        Binding("r", "retro", "Retrospective", id="project.retro"),
        Binding("g", "resource", "Request resources", id="project.resource"),
        Binding("w", "lag", "Lag cause", id="project.lag",
                tooltip="Record why a task lags the plan and the measure"),
        *RULE_BINDINGS,
        Binding("a", "add_task", "Add task", id="project.add_task"),
        Binding("e", "edit_task", "Edit task", id="project.edit_task"),
        Binding("escape", "back", "Back", id="project.back"),
    ]

    def __init__(self, project_id: int, tab: str = "overview") -> None:
        super().__init__()
        self.project_id = int(project_id)
        self.initial_tab = tab if any(t.NAME == tab for t in TABS) else "overview"
        self.view: ProjectView | None = None
        self._stale: set[str] = set()  # tabs not drawn from the current view yet
        self._active = self.initial_tab

    # -- layout ------------------------------------------------------------
    def compose_body(self) -> ComposeResult:
        yield Static(id="project-info")
        yield TabBar(self.tab_titles(), self._active, id="project-tabs")
        with Vertical(id="project-panes"):
            for tab in TABS:
                # the tab shown first now, the others (hidden) right after the screen is drawn
                yield tab() if tab.NAME == self.initial_tab else Lazy(tab())

    def tab_titles(self) -> dict[str, str]:
        """"3 Plan"; below NARROW columns the tab's short title, so all eight fit at 80."""
        narrow = self.app.size.width < NARROW
        return {tab.NAME: f"{n} {tr((tab.SHORT or tab.LABEL) if narrow else tab.LABEL)}"
                for n, tab in enumerate(TABS, start=1)}

    def on_resize(self) -> None:
        self.query_one(TabBar).set_titles(self.tab_titles())

    def header_title(self) -> str:
        return f"{tr(self.TITLE)} #{self.project_id}"

    @property
    def project(self) -> dict:
        return self.view.project if self.view else {"id": self.project_id}

    @property
    def tab_name(self) -> str:
        return self._active

    @property
    def current_tab(self) -> ProjectTab:
        return self.tab(self.tab_name)

    def tab(self, name: str) -> ProjectTab:
        """The tab `name`, drawn from the current view. The LAZY_TABS are drawn when opened or
        asked for, not on every reload (a 1,000-task project fills tables and a Gantt)."""
        found = self.query_one(f"#pane-{name}", ProjectTab)
        if self.view is not None and name in self._stale:
            self._stale.discard(name)
            found.show(self.view)
        return found

    @property
    def tasks(self):
        """The task table (Tasks tab)."""
        return self.tab("tasks").table  # type: ignore[attr-defined]

    def on_mount(self) -> None:
        if self.safely(self.reload):
            self.focus_tab()

    # -- data --------------------------------------------------------------
    def refresh_data(self, changed: set[str]) -> None:
        if touches(changed, topics.PEOPLE, topics.project(self.project_id)):
            self.reload()

    def reload(self) -> None:
        try:
            view = load_view(self.ws, self.project_id)
        except NotFound as exc:
            self.notify(str(exc), severity="error", markup=False)
            self.app.pop_screen()
            return
        before = self.view.allowed if self.view else None
        self.view = view
        self.query_one("#project-info", Static).update(project_summary_text(self.ws,
                                                                            view.project))
        self._stale = {tab.NAME for tab in TABS}
        self.tab(self.tab_name)
        # the hidden small tabs once the shown one is drawn (a change from elsewhere shows
        # first); the big ones (LAZY_TABS) when they are opened
        self.call_after_refresh(self._draw_small_tabs)
        if view.allowed != before:
            self.refresh_bindings()  # each refresh rebuilds the Footer: only when keys change

    def _draw_small_tabs(self) -> None:
        """Draw the tabs not in LAZY_TABS once they are mounted (see compose_body)."""
        waiting = False
        for tab in TABS:
            if tab.NAME in LAZY_TABS or tab.NAME not in self._stale:
                continue
            if self.query(f"#pane-{tab.NAME}"):
                self.tab(tab.NAME)
            else:
                waiting = True
        if waiting:
            self.call_after_refresh(self._draw_small_tabs)

    # -- tabs --------------------------------------------------------------
    def action_tab(self, name: str) -> None:
        if name != self._active:
            self._active = name
            self.query_one(TabBar).active = name
            for pane in self.query_one("#project-panes").query_children(ProjectTab):
                pane.display = pane.NAME == name
            self.tab(name)
            self.refresh_bindings()
        self.focus_tab()

    def focus_tab(self) -> None:
        target = self.current_tab.focus_target()
        if target is not None:
            target.focus()

    @on(TabBar.Chosen)
    def tab_chosen(self, event: TabBar.Chosen) -> None:
        self.action_tab(event.name)

    def selected_task_id(self) -> str | None:
        return self.current_tab.selected_task_id()

    # -- keys --------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "escalate":
            issue = (self.tab("issues").selected_issue()  # type: ignore[attr-defined]
                     if self.is_mounted and self.tab_name == "issues" else None)
            escalatable = (issue is not None and issue["state"] == "open"
                           and issue["level"] in ("urgent", "major") and not issue.get("incident"))
            return True if escalatable else None
        if action not in ACTIONS or self.view is None or not self.is_mounted:
            return True
        if not self.view.allowed.get(ACTIONS[action]):
            return None  # shown, greyed out: it does not apply now
        if action == "edit_task" and (self.tab_name not in TASK_TABS
                                      or not self.selected_task_id()):
            return None
        if self.tab_name not in RULE_TABS.get(action, (self.tab_name,)):
            return None  # a key of another tab (the Footer keeps to what this tab is about)
        return True

    def why_not(self, action: str, parameters: tuple[object, ...]) -> str | None:
        if action == "escalate":
            return tr("only an open urgent or major issue can be escalated")
        if action == "edit_task":
            return tr("highlight a task on the Tasks or Plan tab first")
        if action in ACTIONS:
            return tr("your role in this project, or its state, does not allow it")
        return None

    def open_form(self, form, done: Callable[[dict], str],
                  after: Callable[[dict], None] | None = None) -> None:
        """Push `form`; when it saves, reload, run `after(record)` and say `done(record)`."""
        def saved(record: dict | None) -> None:
            if record is None:
                return
            self.safely(self.reload)
            if after is not None:
                after(record)
            self.notify(done(record), markup=False)
        self.app.push_screen(form, saved)

    def show_task(self, task_id: str) -> None:
        """Open the Tasks tab with `task_id` under the cursor (the command palette's jump)."""
        self.action_tab("tasks")
        self.tasks.select_key(task_id)

    def select_task(self, task: dict) -> None:
        self.tasks.select_key(task["id"])
        self.tab("plan").gantt.select(task["id"])  # type: ignore[attr-defined]

    def action_decide(self) -> None:
        view = self.view
        if view is None or not view.my_waiting:
            return
        item = self.current_tab.selected_decision(view) or view.my_waiting[0]
        self.open_form(decisions().decision_form(item.kind, item.record),
                       lambda record: decisions().decided_message(item.kind, record))

    def action_update(self) -> None:
        if self.view and self.view.my_tasks:
            self.open_form(form("ProgressEntryDialog")(self.view.me, self.view.my_tasks,
                                               self.mine(self.selected_task_id())),
                           lambda e: tr("Progress of {task}: {percent} %", task=e["task"],
                                        percent=e["percent"]))

    def mine(self, task_id: str | None) -> str | None:
        tasks = self.view.my_tasks if self.view else []
        return task_id if any(t["id"] == task_id for t in tasks) else None

    def action_confirm(self) -> None:
        if self.view and self.view.my_confirmations:
            self.open_form(form("ConfirmReceiptForm")(self.view.my_confirmations,
                                              self.selected_task_id()),
                           lambda t: tr("Confirmed task {id}", id=t["id"]))

    def action_delay(self) -> None:
        if self.view and self.view.my_tasks:
            self.open_form(form("DelayRequestForm")(self.view.my_tasks,
                                                    self.mine(self.selected_task_id())),
                           lambda d: tr("Delay {id} requested; it waits for the PM and the head",
                                        id=d["id"]))

    def action_issue(self) -> None:
        self.open_form(form("IssueForm")(self.project),
                       lambda i: tr("Issue {id} filed", id=i["id"]))

    def action_escalate(self) -> None:
        """SPEC §1.11: one keystroke turns an urgent issue into an incident, linked both ways."""
        issue = self.tab("issues").selected_issue()  # type: ignore[attr-defined]
        if issue is None:
            return
        from store.warroom import incidents  # lazy: the war room's store, when escalating
        opened: list[dict] = []
        if self.safely(lambda: opened.append(incidents.escalate_issue(self.ws, issue["id"]))):
            incident = opened[0]
            self.safely(self.reload)
            self.notify(tr("Incident {id} opened for issue {issue}",
                           id=incidents.label(incident["number"]), issue=issue["id"]), markup=False)
            from .incident import IncidentScreen  # lazy: as the forms (project_forms_index)
            self.app.push_screen(IncidentScreen(incident["number"]))

    def action_deliver(self) -> None:
        previous = self.view.deliverables[-1] if self.view and self.view.deliverables else None
        self.open_form(form("DeliverableForm")(self.project, previous),
                       lambda d: tr("Deliverable {id} submitted; acceptance is due within 24 "
                                    "hours", id=d["id"]))

    def action_kickoff(self) -> None:
        self.open_form(form("KickoffForm")(self.project),
                       lambda p: tr("Kickoff recorded; the minutes are due within 2 hours"))

    def action_publish(self) -> None:
        ws, pid = self.ws, self.project_id
        count = sum(1 for t in (self.view.tasks if self.view else [])
                    if t["state"] == "open" and not t.get("published_at"))
        self.open_form(form("StepForm")(tr("Publish the task list"),
                                trn("Publish {n} task. Each owner confirms receipt within 24 "
                                    "hours; after that a task counts as accepted (默认接受).",
                                    "Publish {n} tasks. Each owner confirms receipt within 24 "
                                    "hours; after that a task counts as accepted (默认接受).",
                                    count),
                                lambda: publication.publish_tasks(ws, pid), tr("Publish")),
                       lambda r: trn("Published {n} task: {ids}",
                                     "Published {n} tasks: {ids}",
                                     len(r["tasks"]), n=len(r["tasks"]),
                                    ids=", ".join(r["tasks"])))

    def action_launch(self) -> None:
        ws, pid = self.ws, self.project_id
        still = still_open(ws, pid)  # said before the step, never in its way
        self.open_form(form("StepForm")(tr("Launch the project"),
                                tr("Record the launch (上线). The retrospective is then due "
                                   "within 3 working days.") + ("\n" + still if still else ""),
                                lambda: project_flow.launch_project(ws, pid), tr("Launch")),
                       lambda p: tr("Project {id} launched", id=p["id"]))

    def action_retro(self) -> None:
        self.open_form(form("RetroForm")(self.project),
                       lambda r: tr("Retrospective saved and archived as K{id}", id=r["kb"]))

    def action_resource(self) -> None:
        self.open_form(form("ResourceRequestForm")(self.project),
                       lambda r: tr("Resource request {id} sent to {approver}", id=r["id"],
                                    approver=r["approver"]))

    def action_lag(self) -> None:
        if self.view and self.view.lagging:
            self.open_form(form("LagCauseForm")(self.view.lagging, self.selected_task_id()),
                           lambda c: tr("Recorded the cause for task {id}", id=c["task"]))

    def action_add_task(self) -> None:
        self.open_form(form("TaskForm")(self.project_id),
                       lambda t: tr("Saved task {id}", id=t["id"]),
                       self.select_task)

    def action_edit_task(self) -> None:
        task_id = self.selected_task_id()
        task = self.view.task(task_id) if self.view and task_id else None
        if task is not None:
            self.open_form(form("TaskForm")(self.project_id, task),
                           lambda t: tr("Saved task {id}", id=t["id"]), self.select_task)

    @on(DataTable.RowSelected, "#tasks")
    def task_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if self.check_action("edit_task", ()):
            self.action_edit_task()

    def action_back(self) -> None:
        self.app.pop_screen()
