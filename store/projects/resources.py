"""Resource requests (资源需求, SPEC §1.6): people, budget or equipment a project
needs, with the member who approves and the date they must decide by
(e.g. "+2 engineers, HR to approve within 3 days").

A project manager or a project member files it; the named approver approves or
rejects (with a comment). `decide_by` defaults to 3 working days after today;
the decision is due by the end of that day (local) and overdue from then on.

Records: project shard table "resources", ids "<project>-r<n>".

    request_resource(ws, project_id, kind, what, *, approver, decide_by=None,
                     amount="", reason="") -> dict
        keys: id, project, kind ("people"|"budget"|"equipment"|"other"), what, amount,
        reason, approver, decide_by (YYYY-MM-DD), requested_by, requested_at,
        state ("pending"|"approved"|"rejected"), decision None|{"by","at","comment"}
    approve_resource(ws, resource_id, comment="") / reject_resource(ws, resource_id, comment)
    get_resource(ws, resource_id), list_resources(ws, project_id=None, *, state=None)
    decision_due_at(ws, record) -> datetime
    approvals_for(ws, login) -> list[dict]
    reminders(ws, project, now) -> list[Reminder]
"""

from __future__ import annotations

from datetime import date, datetime

from ..core import validate
from ..core.clock import to_iso
from ..core.errors import IllegalTransition, InvalidValue, PermissionDenied
from ..core.i18n import tr
from ..people.members import find_member
from .roles import (as_record, end_of_day, load_record, record_id, require_open, records_of,
                    role_of, table_records)
from .project import can_manage, get_project, shard_name
from ..reminders.model import Candidate, Reminder, at_instant, local_day
from ..people.workdays import WorkCalendar
from ..core.workspace import Workspace

TABLE = "resources"
KINDS = ("people", "budget", "equipment", "other")
DEFAULT_WORKING_DAYS = 3


def request_resource(ws: Workspace, project_id: int | str, kind: str, what: str, *,
                     approver: str, decide_by: str | date | None = None, amount: str = "",
                     reason: str = "") -> dict:
    project = get_project(ws, project_id)
    require_open(project)
    if not can_manage(ws, project) and "member" not in role_of(ws, project):
        raise PermissionDenied(tr("Only a project manager or a member of project {id} may ask "
                                  "for resources", id=project["id"]))
    login = validate.login("approver", approver)
    if find_member(ws, login) is None:
        raise InvalidValue("approver", tr("approver: no member with login {login!r}", login=login))
    today = ws.today()
    if decide_by is None:
        by = WorkCalendar.of(ws).add_working_days(today, DEFAULT_WORKING_DAYS).isoformat()
    else:
        by = validate.day("decide_by", decide_by)
        if by < today.isoformat():
            raise InvalidValue("decide_by", tr("decide_by: {day} is in the past", day=by))
    doc = {"kind": validate.choice("kind", kind, KINDS),
           "what": validate.text("what", what, required=True, max_len=500),
           "amount": validate.text("amount", amount, max_len=100),
           "reason": validate.text("reason", reason, multiline=True, max_len=2000),
           "approver": login, "decide_by": by, "requested_by": ws.actor.login,
           "requested_at": to_iso(ws.now()), "state": "pending", "decision": None}
    with ws.transaction(shard_name(project["id"])) as tx:
        n = tx.table(TABLE).insert(doc)
        tx.audit("resource.request", record_id(project["id"], "r", n), approver=login)
    return as_record(project["id"], "r", n, doc)


def get_resource(ws: Workspace, resource_id: str) -> dict:
    return load_record(ws, resource_id, "r", "resource request")


def list_resources(ws: Workspace, project_id: int | str | None = None, *,
                   state: str | None = None) -> list[dict]:
    found = [r for r in records_of(ws, project_id, "r") if state is None or r["state"] == state]
    return sorted(found, key=lambda r: (r["requested_at"], r["id"]))


def _decide(ws: Workspace, resource_id: str, state: str, comment: str) -> dict:
    record = get_resource(ws, resource_id)
    if ws.actor.login != record["approver"]:
        raise PermissionDenied(tr("Only the approver ({login}) may decide on resource request "
                                  "{id}", login=record["approver"], id=record["id"]))
    text = validate.text("comment", comment, multiline=True, max_len=2000)
    if state == "rejected" and not text:
        raise InvalidValue("comment", tr("comment: say why the request is rejected"))
    n = int(record["id"].split("-r")[1])
    with ws.transaction(shard_name(record["project"])) as tx:
        if tx.table(TABLE).get(doc_id=n)["state"] != "pending":
            raise IllegalTransition(tr("Resource request {id} is already decided", id=record["id"]))
        tx.table(TABLE).update({"state": state, "decision": {
            "by": ws.actor.login, "at": to_iso(ws.now()), "comment": text}}, doc_ids=[n])
        tx.audit(f"resource.{state[:-1]}", record["id"])  # approve / reject
    return get_resource(ws, record["id"])


def approve_resource(ws: Workspace, resource_id: str, comment: str = "") -> dict:
    return _decide(ws, resource_id, "approved", comment)


def reject_resource(ws: Workspace, resource_id: str, comment: str) -> dict:
    return _decide(ws, resource_id, "rejected", comment)


def decision_due_at(ws: Workspace, record: dict) -> datetime:
    return end_of_day(date.fromisoformat(record["decide_by"]), ws.tz)


def approvals_for(ws: Workspace, login: str) -> list[dict]:
    return [r for r in list_resources(ws, state="pending") if r["approver"] == login]


def reminders(ws: Workspace, project: dict, now: datetime) -> list[Reminder]:
    return at_instant(candidates(ws, project, local_day(ws, now)), now)


def candidates(ws: Workspace, project: dict, day: date) -> list[Candidate]:
    found = []
    for record in table_records(ws, project["id"], "r"):
        if record["state"] == "pending":
            due_at = decision_due_at(ws, record)
            found.append(Candidate(Reminder(
                "resource.decision", record["id"],
                tr("Resource request {id} ({what}) needs your decision by {day}",
                   id=record["id"], what=record["what"], day=record["decide_by"]),
                (record["approver"],), due_at, False), overdue_from=due_at))
    return found
