"""Publishing the task list (《项目任务清单》, SPEC §1.5) and receipt confirmation.

A project manager publishes the task list; every open task not yet published
gets `published_at` and its owner is asked to confirm receipt. The first
publication moves the project kicked_off → in_progress; later publications
(tasks added since) are allowed while the project is in progress.

Receipt of a published task is derived, never stored as a status:
    - "pending"           before published_at + 24 h, not confirmed;
    - "confirmed"         the owner confirmed (at = confirmed_at);
    - "default_accepted"  24 h after publication without a confirmation
                          (默认接受; at = published_at + 24 h; from that instant on).
An owner may confirm only while the receipt is pending.

    publish_tasks(ws, project_id) -> {"project": project, "published_at": iso,
                                      "tasks": [task ids published now]}
    confirm_receipt(ws, task_id) -> task          # the task owner only
    receipt(task, now) -> {"status": "unpublished"|"pending"|"confirmed"|"default_accepted",
                           "at": iso|None, "due_at": iso|None}
    pending_confirmations(ws, login, now) -> list[task]   # tasks `login` should confirm
    reminders(ws, project, now) -> list[Reminder]
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from ..core import lateness
from ..core.clock import parse_instant, to_iso
from ..core.errors import IllegalTransition, PermissionDenied
from ..core.i18n import tr
from .project import emit_project
from .flow import apply_transition
from .project import (CLOSED_STATES, PROJECT, get_project, list_projects, open_tasks,
                      require_manager, shard_name)
from ..reminders.model import Candidate, Reminder, at_instant, local_day
from .tasks import TASKS, get_task, parse_task_id, project_tasks, sorted_tasks
from ..core.workspace import Workspace

CONFIRM_WITHIN = timedelta(hours=24)
PUBLISH_STATES = ("kicked_off", "in_progress")


def publish_tasks(ws: Workspace, project_id: int | str) -> dict:
    project = get_project(ws, project_id)
    require_manager(ws, project)
    if project["state"] not in PUBLISH_STATES:
        raise IllegalTransition(tr("The task list of project {id} can be published after the "
                                   "kickoff and while the project is in progress; it is {state}",
                                   id=project["id"], state=tr(project["state"])))
    if not sorted_tasks(ws, project["id"]):
        raise IllegalTransition(tr("Project {id} has no tasks to publish", id=project["id"]))
    now = to_iso(ws.now())
    with ws.transaction(shard_name(project["id"])) as tx:
        if project["state"] == "kicked_off":
            apply_transition(tx, project["id"], "in_progress", "project.start")
        table = tx.table(TASKS)
        numbers = [doc.doc_id for doc in table.all()
                   if doc.get("state") == "open" and not doc.get("published_at")]
        if not numbers and project.get("published_at"):
            raise IllegalTransition(tr("Every open task of project {id} is already published",
                                       id=project["id"]))
        table.update({"published_at": now}, doc_ids=numbers)
        tx.table(PROJECT).update({"published_at": project.get("published_at") or now,
                                  "last_published_at": now}, doc_ids=[1])
        tx.audit("tasks.publish", project["id"], tasks=len(numbers))
        emit_project(tx, project, "tasks.published", tasks=[f"{project['id']}-{n}" for n in sorted(numbers)])
    ids = [f"{project['id']}-{n}" for n in sorted(numbers)]
    return {"project": get_project(ws, project["id"]), "published_at": now, "tasks": ids}


def receipt(task: dict, now: datetime) -> dict:
    """{"status": "unpublished"|"pending"|"confirmed"|"default_accepted", "at", "due_at"},
    plus "late": True and "late_for" for a receipt confirmed at or after its deadline."""
    if not task.get("published_at"):
        return {"status": "unpublished", "at": None, "due_at": None}
    due_at = receipt_due_at(task)
    if task.get("confirmed_at"):
        found = {"status": "confirmed", "at": task["confirmed_at"], "due_at": to_iso(due_at)}
        if task.get("confirmed_late"):
            found.update(late=True, late_for=task.get("confirmed_late_for"))
        return found
    if lateness.missed(due_at, now):
        return {"status": "default_accepted", "at": to_iso(due_at), "due_at": to_iso(due_at)}
    return {"status": "pending", "at": None, "due_at": to_iso(due_at)}


def receipt_due_at(task: dict) -> datetime:
    return parse_instant(task["published_at"]) + CONFIRM_WITHIN


def confirm_receipt(ws: Workspace, task_id: str) -> dict:
    """The owner confirms receiving a published task. After the 24 hours the task already
    counts as accepted (默认接受); a confirmation then is still kept, stamped
    `confirmed_late` with `confirmed_late_for` (the deadline it missed)."""
    task = get_task(ws, task_id)
    if ws.actor.login != task["owner"]:
        raise PermissionDenied(tr("Only the task's owner ({owner}) may confirm receiving it",
                                  owner=task["owner"]))
    state = receipt(task, ws.now())
    if state["status"] == "unpublished":
        raise IllegalTransition(tr("Task {id} has not been published yet", id=task["id"]))
    if state["status"] == "confirmed":
        raise IllegalTransition(tr("Task {id} is already confirmed", id=task["id"]))
    now = ws.now()
    late = lateness.stamp(receipt_due_at(task), now)
    pid, number = parse_task_id(task["id"])
    with ws.transaction(shard_name(pid)) as tx:
        tx.table(TASKS).update({"confirmed_at": to_iso(now), "confirmed_by": ws.actor.login,
                                "confirmed_late": late["late"],
                                "confirmed_late_for": late["late_for"]}, doc_ids=[number])
        tx.audit("task.confirm", task["id"], late=late["late"])
    return get_task(ws, task["id"])


def pending_confirmations(ws: Workspace, login: str, now: datetime | None = None) -> list[dict]:
    now = now or ws.now()
    found = []
    for project in list_projects(ws):
        if project["state"] in CLOSED_STATES or not project.get("published_at"):
            continue
        with ws.skip_damaged(shard_name(project["id"])):  # store/core/damage.py
            found.extend(t for t in project_tasks(ws, project["id"])
                         if t["owner"] == login and t["state"] == "open"
                         and receipt(t, now)["status"] == "pending")
    return found


def reminders(ws: Workspace, project: dict, now: datetime) -> list[Reminder]:
    return at_instant(candidates(ws, project, local_day(ws, now)), now)


def candidates(ws: Workspace, project: dict, day: date) -> list[Candidate]:
    """Each owner of a published, unconfirmed task, until the 24 hours have passed."""
    if not project.get("published_at"):
        return []
    found = []
    pid = project["id"]
    for number, task in sorted(open_tasks(ws, pid).items(),  # the order of project_tasks
                               key=lambda kv: (kv[1]["due"], int(kv[0]))):
        if not task.get("published_at") or task.get("confirmed_at"):
            continue
        due_at = receipt_due_at(task)
        tid = f"{pid}-{number}"
        # receipt(): pending until then, accepted by default after
        found.append(Candidate(Reminder("task.receipt", tid,
                                        tr("Confirm you received task {id} “{title}” (accepted "
                                           "by default after 24 hours)", id=tid,
                                           title=task["title"]),
                                        (task["owner"],), due_at, False), until=due_at))
    return found
