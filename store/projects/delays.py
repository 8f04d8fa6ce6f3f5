"""Delay requests (延期申请, SPEC §1.10).

The task owner files a request at least 2 days before the task's deadline,
with the reason, the new date and the adjusted plan. Definitions:
- deadline = the end of the due day in the workspace's timezone (next day 00:00);
- "at least 2 days before" = at least 48 hours before the deadline: filing at
  deadline − 48 h exactly is accepted, one second later is refused with the
  reason and the last moment it was possible.
The request needs the approval of BOTH the project manager and the head of the
requesting (initiating) department; one person holding both roles approves
both at once. Either may reject it with a comment. When both have approved,
the task's due date moves to the new date and the old one is appended to the
task's `due_history` ([{"due": old, "until": new, "at", "delay": id}]).
Before approving, `delay_impact` shows which dependent tasks and milestones
slip and by how much (store/projects/plan.py). The approval moves exactly those
dependents, computed again under the lock (the plan may have changed since the
preview): each gets a `due_history` entry with its start too
({"due", "until", "at", "delay", "start", "new_start", "after": the task that
pushed it}), and the request keeps the list as `moved`. One pending request per task.

Records: project shard table "delays", ids "<project>-d<n>".

    request_delay(ws, task_id, new_due, reason, plan="") -> dict
        keys: id, project, task, requested_by, requested_at, old_due, new_due, reason, plan,
        state ("pending"|"approved"|"rejected"|"withdrawn"),
        approvals {"pm": None|{"by","at","comment"}, "head": None|{…}},
        rejection None|{"by","role","at","comment"}, decided_at,
        moved [{"id","old_start","old_due","new_start","new_due","after"}] (once approved)
    filing_deadline(ws, task) -> datetime     # the last instant a request may be filed
    approve_delay(ws, delay_id, comment="", seen=None) -> dict
    reject_delay(ws, delay_id, comment) -> dict          (comment required)
    withdraw_delay(ws, delay_id) -> dict                 (the requester, while pending)
    delay_impact(ws, delay_id) -> plan.slip_preview(...)
    get_delay(ws, delay_id), list_delays(ws, project=None, *, state=None, task=None)
    waiting_for(ws, delay, login) -> list[str]   # roles ("pm", "head") `login` may still give
    approvals_for(ws, login) -> list[delay]      # pending delays waiting for `login`
    reminders(ws, project, now) -> list[Reminder]
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from ..core import validate
from ..core.clock import to_iso
from ..core.errors import IllegalTransition, InvalidValue, PermissionDenied
from ..core.i18n import tr
from .project import emit_project
from .plan import preview_of, slip_preview
from .plan_engine import moved_start
from .roles import (as_record, end_of_day, load_record, record_id, require_open, records_of,
                    requesting_head, table_records)
from .project import get_project, open_tasks, shard_name
from ..reminders.model import Candidate, Reminder, at_instant, local_day
from .tasks import TASKS, as_task, get_task, parse_task_id
from ..people.workdays import WorkCalendar
from ..core.workspace import Workspace

TABLE = "delays"
NOTICE = timedelta(hours=48)
ROLES = ("pm", "head")


def deadline_of(ws: Workspace, task: dict) -> datetime:
    return end_of_day(date.fromisoformat(task["due"]), ws.tz)


def filing_deadline(ws: Workspace, task: dict) -> datetime:
    return deadline_of(ws, task) - NOTICE


def request_delay(ws: Workspace, task_id: str, new_due: str | date, reason: str,
                  plan: str = "") -> dict:
    task = get_task(ws, task_id)
    project = get_project(ws, task["project"])
    require_open(project)
    if ws.actor.login != task["owner"]:
        raise PermissionDenied(tr("Only the task's owner ({owner}) may ask to delay it",
                                  owner=task["owner"]))
    if task["state"] != "open":
        raise IllegalTransition(tr("Task {id} is {state}; only an open task can be delayed",
                                   id=task["id"], state=tr(task["state"])))
    new = validate.day("new_due", new_due)
    if new <= task["due"]:
        raise InvalidValue("new_due", tr("new_due: {new} is not after the current due date {due}",
                                         new=new, due=task["due"]))
    now = ws.now()
    last = filing_deadline(ws, task)
    if now > last:
        raise IllegalTransition(tr(
            "Too late to ask for a delay of task {id}: a request must be filed at least 2 days "
            "(48 hours) before the deadline {deadline}, that is by {last}",
            id=task["id"], deadline=_local(ws, deadline_of(ws, task)), last=_local(ws, last)))
    doc = {"task": task["id"], "requested_by": ws.actor.login, "requested_at": to_iso(now),
           "old_due": task["due"], "new_due": new,
           "reason": validate.text("reason", reason, required=True, multiline=True, max_len=2000),
           "plan": validate.text("plan", plan, multiline=True, max_len=5000),
           "state": "pending", "approvals": {"pm": None, "head": None}, "rejection": None,
           "decided_at": None}
    pid = project["id"]
    with ws.transaction(shard_name(pid)) as tx:
        if any(d["task"] == task["id"] and d["state"] == "pending"
               for d in tx.table(TABLE).all()):
            raise IllegalTransition(tr("Task {id} already has a delay request waiting for "
                                       "approval", id=task["id"]))
        n = tx.table(TABLE).insert(doc)
        tx.audit("delay.request", record_id(pid, "d", n), task=task["id"], new_due=new)
        emit_project(tx, project, "delay.requested", record_id(pid, "d", n), by=ws.actor.login, **doc)
    return as_record(pid, "d", n, doc)


def get_delay(ws: Workspace, delay_id: str) -> dict:
    return load_record(ws, delay_id, "d", "delay request")


def list_delays(ws: Workspace, project: int | str | None = None, *, state: str | None = None,
                task: str | None = None) -> list[dict]:
    found = [d for d in records_of(ws, project, "d")
             if (state is None or d["state"] == state) and (task is None or d["task"] == task)]
    return sorted(found, key=lambda d: (d["requested_at"], d["id"]))


def roles_of(ws: Workspace, project: dict, login: str) -> list[str]:
    roles = []
    if login == project.get("pm"):
        roles.append("pm")
    if login == requesting_head(ws, project):
        roles.append("head")
    return roles


def waiting_for(ws: Workspace, delay: dict, login: str) -> list[str]:
    if delay["state"] != "pending":
        return []
    project = get_project(ws, delay["project"])
    return [r for r in roles_of(ws, project, login) if delay["approvals"][r] is None]


def _decide(ws: Workspace, delay_id: str):
    delay = get_delay(ws, delay_id)
    project = get_project(ws, delay["project"])
    roles = roles_of(ws, project, ws.actor.login)
    if not roles:
        raise PermissionDenied(tr("Only the project manager ({pm}) or the head of {dept} ({head}) "
                                  "may decide on delay request {id}", pm=project.get("pm"),
                                  dept=project["initiator_dept"],
                                  head=requesting_head(ws, project) or "-", id=delay["id"]))
    if delay["state"] != "pending":
        raise IllegalTransition(tr("Delay request {id} is already {state}", id=delay["id"],
                                   state=tr(delay["state"])))
    return delay, project, roles


def approve_delay(ws: Workspace, delay_id: str, comment: str = "",
                  seen: list[dict] | None = None) -> dict:
    """Approve for the roles the acting member holds. The second approval moves the due
    date and the dependents that must move, computed again under the lock from the plan as
    it is then (`moved` on the returned record); `seen` (the preview's moves the approver
    looked at) sets `changed_since_preview` when the plan changed in between."""
    delay, project, roles = _decide(ws, delay_id)
    calendar = WorkCalendar.of(ws)
    text = validate.text("comment", comment, multiline=True, max_len=2000)
    now = to_iso(ws.now())
    pid, n = project["id"], int(delay["id"].split("-d")[1])
    number = parse_task_id(delay["task"])[1]
    with ws.transaction(shard_name(pid)) as tx:
        current = tx.table(TABLE).get(doc_id=n)
        if current["state"] != "pending":
            raise IllegalTransition(tr("Delay request {id} is already {state}", id=delay["id"],
                                       state=tr(current["state"])))
        approvals = dict(current["approvals"])
        mine = [r for r in roles if approvals[r] is None]
        if not mine:
            raise IllegalTransition(tr("You have already approved delay request {id}; it waits "
                                       "for the other approver", id=delay["id"]))
        for role in mine:
            approvals[role] = {"by": ws.actor.login, "at": now, "comment": text}
        change: dict = {"approvals": approvals}
        if all(approvals[r] for r in ROLES):
            task = tx.table(TASKS).get(doc_id=number)
            if delay["new_due"] <= task["due"]:
                raise IllegalTransition(tr("Task {id} is already due {due}, not before {new}",
                                           id=delay["task"], due=task["due"],
                                           new=delay["new_due"]))
            moves = _apply_slip(tx, project, calendar, delay, now)
            change.update(state="approved", decided_at=now, old_due=task["due"], moved=moves)
            if seen is not None:
                change["changed_since_preview"] = _shape(seen) != _shape(moves)
        tx.table(TABLE).update(change, doc_ids=[n])
        tx.audit("delay.approve", delay["id"], roles=",".join(mine))
        emit_project(tx, project, "delay.decided", delay["id"], decision=change.get("state", "partial"), comment=text, task=delay["task"], new_due=delay["new_due"], owner=delay.get("requested_by"))
    return get_delay(ws, delay["id"])


def _apply_slip(tx, project: dict, calendar: WorkCalendar, delay: dict, now: str) -> list[dict]:
    """Move the task and, exactly as the preview computes it now, its dependents; each
    move lands in that task's `due_history`."""
    pid = project["id"]
    table = tx.table(TASKS)
    docs = {doc.doc_id: doc for doc in table.all()}
    current = [as_task(pid, {**doc, "doc_id": n}) for n, doc in docs.items()]
    preview = preview_of(project, current, calendar, delay["task"], delay["new_due"])
    own = {"id": delay["task"], "old_start": None, "old_due": preview["old_due"],
           "new_start": None, "new_due": delay["new_due"], "after": None}
    mine = next(t for t in current if t["id"] == delay["task"])
    if mine.get("milestone"):  # a milestone moves whole: a point stays a point
        own["new_start"] = moved_start(mine, delay["new_due"], calendar)
    moves = [{k: m[k] for k in own} for m in preview["moves"]]
    for move in [own, *moves]:
        number = parse_task_id(move["id"])[1]
        doc = docs[number]
        entry = {"due": doc["due"], "until": move["new_due"], "at": now, "delay": delay["id"]}
        change = {"due": move["new_due"]}
        if move["new_start"]:  # a dependent (after `after`) or a milestone: its start too
            entry.update(start=doc["start"], new_start=move["new_start"], after=move["after"])
            change["start"] = move["new_start"]
        table.update({**change, "due_history": [*doc.get("due_history", []), entry]},
                     doc_ids=[number])
        tx.audit("task.due_moved", move["id"], due=move["new_due"], delay=delay["id"])
    return moves


def _shape(moves: list[dict]) -> list[tuple]:
    return sorted((m["id"], m["new_start"], m["new_due"]) for m in moves)


def reject_delay(ws: Workspace, delay_id: str, comment: str) -> dict:
    delay, project, roles = _decide(ws, delay_id)
    text = validate.text("comment", comment, multiline=True, max_len=2000)
    if not text:
        raise InvalidValue("comment", tr("comment: say why the delay is rejected"))
    now = to_iso(ws.now())
    n = int(delay["id"].split("-d")[1])
    with ws.transaction(shard_name(project["id"])) as tx:
        if tx.table(TABLE).get(doc_id=n)["state"] != "pending":
            raise IllegalTransition(tr("Delay request {id} is no longer pending", id=delay["id"]))
        tx.table(TABLE).update({"state": "rejected", "decided_at": now,
                                "rejection": {"by": ws.actor.login, "role": roles[0], "at": now,
                                              "comment": text}}, doc_ids=[n])
        tx.audit("delay.reject", delay["id"])
        emit_project(tx, project, "delay.decided", delay["id"], decision="rejected", comment=text, task=delay["task"], new_due=delay["new_due"], owner=delay.get("requested_by"))
    return get_delay(ws, delay["id"])


def withdraw_delay(ws: Workspace, delay_id: str) -> dict:
    delay = get_delay(ws, delay_id)
    if ws.actor.login != delay["requested_by"]:
        raise PermissionDenied(tr("Only who asked for delay {id} may withdraw it", id=delay["id"]))
    n = int(delay["id"].split("-d")[1])
    with ws.transaction(shard_name(delay["project"])) as tx:
        if tx.table(TABLE).get(doc_id=n)["state"] != "pending":
            raise IllegalTransition(tr("Delay request {id} is no longer pending", id=delay["id"]))
        tx.table(TABLE).update({"state": "withdrawn", "decided_at": to_iso(ws.now())},
                               doc_ids=[n])
        tx.audit("delay.withdraw", delay["id"])
    return get_delay(ws, delay["id"])


def delay_impact(ws: Workspace, delay_id: str) -> dict:
    delay = get_delay(ws, delay_id)
    return slip_preview(ws, delay["task"], delay["new_due"])


def approvals_for(ws: Workspace, login: str) -> list[dict]:
    return [d for d in list_delays(ws, state="pending") if waiting_for(ws, d, login)]


def reminders(ws: Workspace, project: dict, now: datetime) -> list[Reminder]:
    return at_instant(candidates(ws, project, local_day(ws, now)), now)


def candidates(ws: Workspace, project: dict, day: date) -> list[Candidate]:
    """A pending request, for each approver who has not approved; due at the task's
    current deadline (after it, the decision comes too late)."""
    found = []
    for delay in table_records(ws, project["id"], "d"):  # from the shard's head
        if delay["state"] != "pending":
            continue
        pid, number = parse_task_id(delay["task"])
        # an open task's due day is in the shard's head: the file is not parsed for it
        task = open_tasks(ws, pid).get(str(number)) or get_task(ws, delay["task"])
        due_at = deadline_of(ws, task)
        who = tuple(dict.fromkeys(
            login for role, login in (("pm", project.get("pm")),
                                      ("head", requesting_head(ws, project)))
            if login and delay["approvals"][role] is None))
        if who:
            found.append(Candidate(Reminder(
                "delay.approval", delay["id"],
                tr("Delay request {id} for task {task}: {old} → {new} waits for your approval",
                   id=delay["id"], task=delay["task"], old=delay["old_due"],
                   new=delay["new_due"]),
                who, due_at, False), overdue_from=due_at))
    return found


def _local(ws: Workspace, instant: datetime) -> str:
    return instant.astimezone(ws.tz).strftime("%Y-%m-%d %H:%M")
