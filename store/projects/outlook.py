"""The store decides, the screens show: one snapshot of a project for one member —
what waits for whom, which actions they may take now, which risks the project shows.

`load_view(ws, project_id)` reads the store once per refresh and every tab of the
project screen draws from the same `ProjectView`, so the tabs never disagree and a
refresh reads each table of the project shard once. `allowed` says which actions the
acting member can take now (the screen's `check_action` reads it); `risks(view)` lists
the project's risks and flags (the Overview tab draws them, the CLI prints them).

`Waiting` is one decision someone has to take (a request, a delay, a resource
request, an acceptance): who it waits for, by when, and whether it is the
acting member's (`mine`). The decision forms take one (see
`tui.dialogs.project_decisions.decision_form`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from ..core.clock import parse_instant, to_iso
from ..core.workspace import Workspace
from ..labels import WAITING_KIND_LABELS as KIND_LABELS  # noqa: F401  (re-exported)
from ..people.members import find_member
from ..people.workdays import WorkCalendar
from . import (delays, deliverables, kickoff, lagging, plan, progress, flow as project_flow,
               issues as project_issues, publication, resources, retro, signoff)
from .project import CLOSED_STATES, can_manage, get_project, project_ids, shard_name
from .roles import requesting_head, role_of
from .tasks import is_overdue, list_tasks, project_summary, sorted_tasks


@dataclass
class Waiting:
    kind: str                 # request | delay | resource | acceptance
    id: str
    project: int
    title: str
    who: tuple[str, ...]      # logins the decision waits for
    due_at: str | None        # ISO instant, or None
    record: dict
    mine: bool = False


class Receipts(Mapping):
    """Task id → `publication.receipt(task, now)`, worked out when first asked for: the screen
    asks for the acting member's tasks and the highlighted one, not a thousand."""

    def __init__(self, tasks: list[dict], now: datetime) -> None:
        self._tasks = {t["id"]: t for t in tasks}
        self._now = now
        self._found: dict[str, dict] = {}

    def __getitem__(self, task_id: str) -> dict:
        found = self._found.get(task_id)
        if found is None:
            found = self._found[task_id] = publication.receipt(self._tasks[task_id], self._now)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._tasks)

    def __len__(self) -> int:
        return len(self._tasks)


@dataclass
class ProjectView:
    project: dict
    me: str
    now: datetime
    today: date
    roles: set[str]
    manage: bool
    tasks: list[dict]                   # shared: read only (tasks.sorted_tasks)
    plan_summary: dict                  # plan.plan_summary: the plan's figures, not its rows
    summary: dict
    receipts: Mapping[str, dict]        # task id → publication.receipt (Receipts)
    missing: list[dict]                 # tasks without today's update
    deadline: datetime | None           # today's 17:00, None on a day off
    lagging: list[dict]
    delays: list[dict]
    resources: list[dict]
    issues: list[dict]
    deliverables: list[dict]
    retro: dict | None
    retro_due: datetime | None
    kickoff: dict | None
    waiting: list[Waiting]
    my_tasks: list[dict]                # open tasks the acting member owns
    my_confirmations: list[dict]
    calendar: WorkCalendar
    pending_minutes: list[dict] = field(default_factory=list)  # kickoff.pending_minutes
    signoffs: list[dict] = field(default_factory=list)         # signoff.signoff_status
    my_signoffs: list[str] = field(default_factory=list)       # departments I head, to sign
    allowed: dict[str, bool] = field(default_factory=dict)
    helps_today: list[dict] = field(default_factory=list)  # today's updates asking for help
    load_entries: Callable[[], list[dict]] = field(default=list, repr=False)
    _entries: list[dict] | None = field(default=None, repr=False)
    load_plan: Callable[[], dict] = field(default=dict, repr=False)
    _plan: dict | None = field(default=None, repr=False)

    @property
    def plan(self) -> dict:
        """`plan.project_plan` (shared: read only), built when first asked for: the Overview,
        the screen's first paint, shows only the figures (`plan_summary`); a row per task
        with its plan values is the Plan tab's (~5 ms for a thousand tasks, then memoised)."""
        if self._plan is None:
            self._plan = self.load_plan()
        return self._plan

    @property
    def entries(self) -> list[dict]:
        """Progress updates, newest first (shared: read only), read when first asked for: the
        Overview, the screen's first paint, shows none, and a year of the big project's
        updates costs ~35 ms to parse and sort (then memoised per shard revision)."""
        if self._entries is None:
            self._entries = self.load_entries()
        return self._entries

    @property
    def state(self) -> str:
        return self.project["state"]

    @property
    def my_waiting(self) -> list[Waiting]:
        return [w for w in self.waiting if w.mine]

    @property
    def overdue(self) -> list[dict]:
        return [t for t in self.tasks if is_overdue(t, self.today)]

    def task(self, task_id: str) -> dict | None:
        return next((t for t in self.tasks if t["id"] == task_id), None)


def waiting_items(ws: Workspace, project: dict, me: str, *, tasks: list[dict],
                  delay_list: list[dict], resource_list: list[dict],
                  deliverable_list: list[dict]) -> list[Waiting]:
    """Every decision pending in `project`, for whom, and which are `me`'s."""
    pid = project["id"]
    found: list[Waiting] = []
    if project["state"] == "requested":
        head = requesting_head(ws, project)
        found.append(Waiting("request", str(pid), pid, project["name"],
                             (head,) if head else (), None, project, head == me))
    pm, head = project.get("pm"), requesting_head(ws, project)
    for d in delay_list:
        if d["state"] != "pending":
            continue
        who = tuple(dict.fromkeys(login for role, login in (("pm", pm), ("head", head))
                                  if login and d["approvals"].get(role) is None))
        task = next((t for t in tasks if t["id"] == d["task"]), None)
        due_at = to_iso(delays.deadline_of(ws, task)) if task else None
        found.append(Waiting("delay", d["id"], pid,
                             f"{d['task']}: {d['old_due']} → {d['new_due']}", who, due_at, d,
                             bool(delays.waiting_for(ws, d, me))))
    for r in resource_list:
        if r["state"] == "pending":
            found.append(Waiting("resource", r["id"], pid, r["what"], (r["approver"],),
                                 to_iso(resources.decision_due_at(ws, r)), r,
                                 r["approver"] == me))
    accepters = deliverables.acceptors(ws, project)
    may_accept = bool(role_of(ws, project, me) & deliverables.ACCEPTORS)
    for v in deliverable_list:
        if v["state"] == "pending":
            found.append(Waiting("acceptance", v["id"], pid, v["version"], accepters,
                                 v["due_at"], v, may_accept))
    return found


def help_requests_of_day(ws: Workspace, pid: int, day: date) -> list[dict]:
    """The project's updates dated `day` that ask for help, newest first: from the recent
    updates its shard's head keeps (not a year of them: `progress.entries` with `since`)."""
    since = datetime.combine(day - timedelta(days=1), time.min, tzinfo=timezone.utc)
    return [e for e in reversed(progress.entries(ws, project=pid, since=since))
            if e["help_from"] and e["day"] == day.isoformat()]


def load_view(ws: Workspace, project_id: int) -> ProjectView:
    project = get_project(ws, project_id)
    pid = project["id"]
    me = ws.actor.login
    now = ws.now()
    today = now.astimezone(ws.tz).date()
    calendar = WorkCalendar.of(ws)
    summary = plan.plan_summary(ws, pid, now)
    tasks = sorted_tasks(ws, pid)  # shared: read only
    delay_list = delays.list_delays(ws, pid)
    resource_list = summary["resources"]
    deliverable_list = deliverables.list_deliverables(ws, pid)
    waiting = waiting_items(ws, project, me, tasks=tasks, delay_list=delay_list,
                            resource_list=resource_list, deliverable_list=deliverable_list)
    receipts = Receipts(tasks, now)
    my_tasks = [t for t in tasks if t["owner"] == me and t["state"] == "open"]
    view = ProjectView(
        project=project, me=me, now=now, today=today, roles=role_of(ws, project, me),
        manage=can_manage(ws, project), tasks=tasks, plan_summary=summary,
        load_plan=lambda: plan.project_plan(ws, pid, now, shared=True, summary=summary),
        summary=project_summary(ws, pid, today), receipts=receipts,
        load_entries=lambda: list(reversed(progress.project_entries(ws, pid))),
        helps_today=help_requests_of_day(ws, pid, today),
        missing=progress.missing_updates(ws, today, project=pid),
        deadline=progress.update_deadline(ws, today),
        lagging=lagging.lagging_tasks(ws, pid, now), delays=delay_list,
        resources=resource_list, issues=project_issues.list_issues(ws, pid),
        deliverables=deliverable_list, retro=retro.get_retrospective(ws, pid),
        retro_due=retro.retro_due_at(ws, project), kickoff=kickoff.kickoff_status(ws, pid, now),
        waiting=waiting, my_tasks=my_tasks,
        my_confirmations=[t for t in my_tasks if receipts[t["id"]]["status"] == "pending"],
        calendar=calendar, pending_minutes=kickoff.pending_minutes(ws, project, now),
        signoffs=signoff.signoff_status(ws, pid))
    view.my_signoffs = [r["dept"] for r in view.signoffs if r["head"] == me and not r["current"]]
    view.allowed = allowed_actions(ws, view)
    return view


# The member's own actions, one predicate each: the project screen asks them of one
# project, My work of every project the member has work in, so the two never disagree.
def may_confirm(state: str, my_confirmations: list[dict]) -> bool:
    return bool(my_confirmations) and state not in CLOSED_STATES


def may_update(state: str, my_tasks: list[dict]) -> bool:
    return state in progress.ACTIVE_STATES and bool(my_tasks)


def may_delay(state: str, my_tasks: list[dict]) -> bool:
    return state not in CLOSED_STATES and bool(my_tasks)


WAITING_ORDER = {"request": 0, "delay": 1, "resource": 2, "acceptance": 3}


def member_waiting(ws: Workspace, login: str) -> list[Waiting]:
    """Every decision waiting for `login`, over all projects: the `mine` items of
    `waiting_items` for each project (My work's list), kinds in WAITING_ORDER."""
    found: list[Waiting] = []
    for pid in project_ids(ws):
        with ws.skip_damaged(shard_name(pid)):  # a damaged project is left out
            project = get_project(ws, pid)
            delay_list = delays.list_delays(ws, pid)
            pending = any(d["state"] == "pending" for d in delay_list)
            found += [w for w in waiting_items(
                ws, project, login, tasks=list_tasks(ws, pid) if pending else [],
                delay_list=delay_list, resource_list=resources.list_resources(ws, pid),
                deliverable_list=deliverables.list_deliverables(ws, pid)) if w.mine]
    return sorted(found, key=lambda w: (WAITING_ORDER[w.kind],
                                        w.record.get("requested_at", "")
                                        if w.kind == "resource" else ""))


def member_allowed(projects: dict[int, dict], waiting: list[Waiting],
                   my_tasks: list[dict], my_confirmations: list[dict]) -> dict[str, bool]:
    """My work's decide/confirm/update/delay: allowed when the project screen of at
    least one project (`projects` by id) allows it."""
    def per_project(rows: list[dict], may) -> bool:
        by_project: dict[int, list[dict]] = {}
        for row in rows:
            by_project.setdefault(row["project"], []).append(row)
        return any(may(projects[pid]["state"], rows) for pid, rows in by_project.items())
    return {"decide": bool(waiting), "confirm": per_project(my_confirmations, may_confirm),
            "update": per_project(my_tasks, may_update),
            "delay": per_project(my_tasks, may_delay)}


def allowed_actions(ws: Workspace, view: ProjectView) -> dict[str, bool]:
    """What the acting member can do in this project now: the conditions the write
    functions check (state, role, open tasks), asked before offering the action."""
    state, closed = view.state, view.state in CLOSED_STATES
    member = "member" in view.roles or any(t["owner"] == view.me for t in view.tasks)
    unpublished = any(t["state"] == "open" and not t.get("published_at") for t in view.tasks)
    return {
        "decide": bool(view.my_waiting),
        "kickoff": state == "approved" and view.manage,
        "publish": state in publication.PUBLISH_STATES and view.manage and unpublished,
        "confirm": may_confirm(state, view.my_confirmations),
        "update": may_update(state, view.my_tasks),
        "delay": may_delay(state, view.my_tasks),
        "issue": not closed and find_member(ws, view.me) is not None,
        "deliver": project_flow.can_transition(state, "delivered") and state == "in_progress"
        and (view.manage or member),
        "launch": state == "accepted" and view.manage,
        "retro": state == "launched" and view.manage,
        "resource": not closed and (view.manage or "member" in view.roles),
        "lag": bool(view.lagging) and not closed and bool(view.roles & {"pm", "lead_head"}),
        "add_task": not closed and view.manage,
        "edit_task": not closed and view.manage and bool(view.tasks),
        "minutes": not closed and bool(view.project.get("kickoff"))
        and (view.manage or member),
        "signoff": not closed and bool(view.project.get("published_at"))
        and bool(view.my_signoffs),
        "acceptor": not closed and "requesting_head" in view.roles,
        "respond": not closed and bool(view.roles & {"pm", "lead_head"})
        and any(project_issues.needs_response(i) for i in view.issues),
    }


@dataclass(frozen=True)
class Risk:
    """One risk or flag the project shows. `level`: "error" (late) or "warning"."""
    kind: str      # overdue, lagging, buffer, forecast, updates, help, escalation, major, decision, retro
    level: str
    record: object = None            # the task, lag row, entry, issue or Waiting it is about
    at: datetime | None = None       # the deadline it is about, if any


def risks(view: ProjectView) -> list[Risk]:
    """The project's risks and flags, most pressing kinds first (SPEC §1.9–1.13)."""
    found = [Risk("overdue", "error", task) for task in view.overdue]
    found += [Risk("lagging", "warning", row) for row in view.lagging]
    if view.plan_summary["buffer"]["flag"] not in (None, "empty"):
        found.append(Risk("buffer", "warning", view.plan_summary["buffer"]))
    ahead = view.plan_summary.get("forecast")
    if ahead and ahead["overdue"] and (ahead["end_shift"] > 0 or not ahead["buffer"]["ok"]):
        # the overdue tasks push the end: the forecast against the project's due date
        found.append(Risk("forecast", "error" if ahead["buffer"]["flag"] == "late"
                          else "warning", ahead))
    if view.missing and view.deadline is not None:
        late = view.now >= view.deadline
        found.append(Risk("updates", "error" if late else "warning", view.missing, view.deadline))
    found += [Risk("help", "warning", entry) for entry in view.helps_today]
    for issue in view.issues:
        if issue["state"] != "open":
            continue
        if issue.get("escalate_by") and not issue.get("incident"):
            late = project_issues.escalation_overdue(issue, view.now)
            found.append(Risk("escalation", "error" if late else "warning", issue,
                              parse_instant(issue["escalate_by"])))
        elif issue["level"] == "major":
            found.append(Risk("major", "warning", issue))
    found += [Risk("decision", "error", item, parse_instant(item.due_at)) for item in view.waiting
              if item.due_at and view.now >= parse_instant(item.due_at)]
    if view.retro_due is not None and view.retro is None and view.state == "launched":
        found.append(Risk("retro", "error" if view.now >= view.retro_due else "warning", None,
                          view.retro_due))
    return found


def risk_subject(risk: Risk) -> str:
    """The id a risk is about ("3-2", "3-i1", "3-d1"), or "" for the project itself."""
    record = risk.record
    if risk.kind == "lagging":
        return record["task"]["id"]
    if risk.kind == "help":
        return record["task"]
    if risk.kind == "decision":
        return record.id
    if isinstance(record, dict) and "id" in record:
        return str(record["id"])
    return ""


def outlook_json(view: ProjectView) -> dict:
    """The outlook for the command line's --json: what waits, what may be done, the risks."""
    return {
        "waiting": [{"kind": w.kind, "id": w.id, "who": list(w.who), "due_at": w.due_at,
                     "mine": w.mine} for w in view.waiting],
        "allowed": sorted(name for name, ok in view.allowed.items() if ok),
        "risks": [{"kind": r.kind, "level": r.level, "subject": risk_subject(r),
                   "at": to_iso(r.at) if r.at else None} for r in risks(view)],
    }
