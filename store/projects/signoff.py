"""Department heads sign the published task allocation (模板2 is the
"各部门负责人签字确认版", seed 001 第二步).

Once the task list is published, the head of every department that owns a task
in the project (the owner's department; cancelled tasks left out) signs it off
for their department. Only that head may sign (an admin acting for them with
`--as` has their rights, audit-logged). A sign-off stands for the department's
tasks as published then: publishing a task of theirs again later asks that
department (only) for a new one. Each head is reminded (`task.signoff`) until they sign; the
seeds give no deadline, so the reminder is never overdue; it stops once the project
is delivered (or closed).

Records: project shard table "signoffs", one per signature:
{"dept", "by", "real", "at"}.

    departments_to_sign(ws, project) -> list[str]
    signoff_status(ws, project_id) -> [{"dept", "head", "signed": record|None,
                                        "published_at": ISO|None, "current": bool}]
    sign_off(ws, project_id, dept) -> record
    reminders(ws, project, now) -> list[Reminder]     (project_reminders.RULES)
"""

from __future__ import annotations

from datetime import datetime

from ..core import validate
from ..core.clock import parse_instant, to_iso
from ..core.errors import IllegalTransition, InvalidValue, PermissionDenied
from ..core.i18n import tr
from ..people.members import department_head, find_member
from .roles import require_open
from .project import get_project, shard_name
from ..reminders.model import Reminder
from .tasks import sorted_tasks
from ..core.workspace import Workspace

TABLE = "signoffs"
EXECUTION = ("kicked_off", "in_progress")  # kickoff.ACTIVE_STATES


def _published_by_dept(ws: Workspace, project: dict) -> dict[str, str]:
    """Department → when its newest published task was published ("" if none published)."""
    found: dict[str, str] = {}
    depts: dict[str, str | None] = {}  # owner -> department: one look-up per owner, not task
    for task in sorted_tasks(ws, project["id"]):
        if task["state"] == "cancelled":
            continue
        owner = task["owner"]
        if owner not in depts:
            member = find_member(ws, owner)
            depts[owner] = member.get("dept") if member else None
        dept = depts[owner]
        if dept:
            found[dept] = max(found.get(dept, ""), task.get("published_at") or "")
    return found


def departments_to_sign(ws: Workspace, project: dict) -> list[str]:
    """The departments of the owners of the project's tasks (not cancelled)."""
    return sorted(_published_by_dept(ws, project))


def _latest(ws: Workspace, pid: int) -> dict[str, dict]:
    found: dict[str, dict] = {}
    for row in sorted(ws.table(shard_name(pid), TABLE).values(), key=lambda r: r["at"]):
        found[row["dept"]] = row
    return found


def signoff_status(ws: Workspace, project_id: int | str) -> list[dict]:
    """A signature is current when it is no older than the publication of the department's
    newest published task (a republished list asks again only the departments it changed)."""
    project = get_project(ws, project_id)
    signed = _latest(ws, project["id"])
    rows = []
    for dept, published in sorted(_published_by_dept(ws, project).items()):
        record = signed.get(dept)
        rows.append({"dept": dept, "head": department_head(ws, dept), "signed": record,
                     "published_at": published or None,
                     "current": bool(record and published and record["at"] >= published)})
    return rows


def sign_off(ws: Workspace, project_id: int | str, dept: str) -> dict:
    project = get_project(ws, project_id)
    require_open(project)
    dept = validate.text("dept", dept, required=True, max_len=100)
    if not project.get("published_at"):
        raise IllegalTransition(tr("Project {id} has not published its task list yet",
                                   id=project["id"]))
    status = {row["dept"]: row for row in signoff_status(ws, project["id"])}
    if dept not in status:
        raise InvalidValue("dept", tr("dept: {dept} owns no task in project {id} (to sign: "
                                      "{depts})", dept=dept, id=project["id"],
                                      depts="、".join(status) or "—"))
    if not status[dept]["published_at"]:
        raise IllegalTransition(tr("Project {id} has not published its task list yet",
                                   id=project["id"]))
    head = status[dept]["head"]
    if ws.actor.login != head:
        raise PermissionDenied(tr("Only the head of {dept} ({head}) may sign off its tasks",
                                  dept=dept, head=head or "-"))
    if status[dept]["current"]:
        raise IllegalTransition(tr("{dept} already signed off the task list of project {id}",
                                   dept=dept, id=project["id"]))
    record = {"dept": dept, "by": ws.actor.login, "real": ws.actor.real, "at": to_iso(ws.now())}
    with ws.transaction(shard_name(project["id"])) as tx:
        tx.table(TABLE).insert(record)
        tx.audit("tasks.signoff", project["id"], dept=dept)
    return record


def reminders(ws: Workspace, project: dict, now: datetime) -> list[Reminder]:
    """Each head whose department has not signed the task list as last published, while the
    project is executed (kicked off, in progress): once delivered, the allocation is history."""
    published = project.get("last_published_at") or project.get("published_at")
    if not published or project["state"] not in EXECUTION:
        return []
    return [Reminder("task.signoff", f"{project['id']}:{row['dept']}",
                     tr("Sign off the task allocation of “{name}” for {dept}",
                        name=project["name"], dept=row["dept"]),
                     (row["head"],), parse_instant(row["published_at"]), False)
            for row in signoff_status(ws, project["id"])
            if not row["current"] and row["head"] and row["published_at"]]
