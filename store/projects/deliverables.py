"""Deliverables and acceptance (成果交付说明 / 验收, SPEC §1.12).

A project manager, project member or task owner submits a deliverable:
version, feature list, test report (the project goes in_progress → delivered).
The initiating department accepts (发起部门组织验收): its head, whom the head named
(`projects.name_acceptor`, project["acceptor"]) or the initiator answers within 24
hours (due at submitted_at + 24 h; overdue from that instant; an answer at or after
it is kept and flagged `late` with `late_for`, lateness.stamp). The reminder goes to
those who may answer: the named acceptor (else the head) and the initiator: passed
(→ accepted) or changes needed with comments (→ in_progress). A resubmission
is a new record with a new version number; every version is kept and linked
through `previous`.

Records: project shard table "deliverables", ids "<project>-v<n>".

    submit_deliverable(ws, project_id, version, features, test_report, notes="") -> dict
        keys: id, project, version, features, test_report, notes, submitted_by, submitted_at,
        due_at, state ("pending"|"passed"|"changes"),
        review None|{"by","at","comment","late","late_for"},
        previous (id of the version before, or None)
    review_deliverable(ws, deliverable_id, *, passed: bool, comment="") -> dict
        (changes need a comment)
    get_deliverable(ws, id), list_deliverables(ws, project_id=None) (oldest first)
    latest_deliverable(ws, project_id) -> dict | None
    acceptance_for(ws, login) -> list[dict]       # pending ones `login` may accept
    reminders(ws, project, now) -> list[Reminder]
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from ..core import lateness
from ..core import validate
from ..core.clock import parse_instant, to_iso
from ..core.errors import IllegalTransition, InvalidValue, PermissionDenied
from ..core.i18n import tr
from .project import emit_project
from .flow import apply_transition, check_transition
from .roles import (as_record, load_record, record_id, records_of, requesting_head, role_of,
                    table_records, unique)
from .project import can_manage, get_project, project_ids, shard_name
from ..reminders.model import Candidate, Reminder, at_instant, local_day
from .tasks import sorted_tasks
from ..core.workspace import Workspace

TABLE = "deliverables"
ACCEPT_WITHIN = timedelta(hours=24)
ACCEPTORS = {"initiator", "requesting_head", "acceptor"}


def acceptors(ws: Workspace, project: dict) -> tuple[str, ...]:
    """Whom acceptance is reminded to: the named acceptor (else the requesting department's
    head), and the initiator."""
    return unique(project.get("acceptor") or requesting_head(ws, project),
                  project.get("initiator"))


def submit_deliverable(ws: Workspace, project_id: int | str, version: str, features: str,
                       test_report: str, notes: str = "") -> dict:
    project = get_project(ws, project_id)
    owners = {t["owner"] for t in sorted_tasks(ws, project["id"])}
    if not (can_manage(ws, project) or "member" in role_of(ws, project)
            or ws.actor.login in owners):
        raise PermissionDenied(tr("Only a member of project {id} may submit a deliverable",
                                  id=project["id"]))
    check_transition(project, "delivered")
    version = validate.text("version", version, required=True, max_len=50)
    earlier = list_deliverables(ws, project["id"])
    if any(d["version"] == version for d in earlier):
        raise InvalidValue("version", tr("version: {version} was already submitted; give the "
                                         "new version a new number", version=version))
    now = ws.now()
    doc = {"version": version,
           "features": validate.text("features", features, required=True, multiline=True),
           "test_report": validate.text("test_report", test_report, required=True,
                                        multiline=True),
           "notes": validate.text("notes", notes, multiline=True),
           "submitted_by": ws.actor.login, "submitted_at": to_iso(now),
           "due_at": to_iso(now + ACCEPT_WITHIN), "state": "pending", "review": None,
           "previous": earlier[-1]["id"] if earlier else None}
    with ws.transaction(shard_name(project["id"])) as tx:
        n = tx.table(TABLE).insert(doc)
        tx.audit("deliverable.submit", record_id(project["id"], "v", n), version=version)
        emit_project(tx, project, "deliverable.submitted", record_id(project["id"], "v", n), version=version, features=doc["features"], initiator=project.get("initiator"))
        apply_transition(tx, project["id"], "delivered", "project.deliver",
                         deliverable=record_id(project["id"], "v", n))
    return as_record(project["id"], "v", n, doc)


def review_deliverable(ws: Workspace, deliverable_id: str, *, passed: bool,
                       comment: str = "") -> dict:
    record = get_deliverable(ws, deliverable_id)
    project = get_project(ws, record["project"])
    if not role_of(ws, project) & ACCEPTORS:
        named = project.get("acceptor")
        raise PermissionDenied(
            tr("Only the initiator ({initiator}), the head of {dept} ({head}) or whom the head "
               "named ({acceptor}) may accept deliverable {id}",
               initiator=project.get("initiator"), dept=project["initiator_dept"],
               head=requesting_head(ws, project) or "-", acceptor=named or "-",
               id=record["id"]))
    if record["state"] != "pending":
        raise IllegalTransition(tr("Deliverable {id} was already reviewed", id=record["id"]))
    text = validate.text("comment", comment, multiline=True, max_len=5000)
    if not passed and not text:
        raise InvalidValue("comment", tr("comment: say what needs to change"))
    now = ws.now()
    review = {"by": ws.actor.login, "at": to_iso(now), "comment": text,
              **lateness.stamp(parse_instant(record["due_at"]), now)}
    state = "passed" if passed else "changes"
    n = int(record["id"].split("-v")[1])
    with ws.transaction(shard_name(project["id"])) as tx:
        if tx.table(TABLE).get(doc_id=n)["state"] != "pending":
            raise IllegalTransition(tr("Deliverable {id} was already reviewed", id=record["id"]))
        tx.table(TABLE).update({"state": state, "review": review}, doc_ids=[n])
        tx.audit("deliverable.review", record["id"], result=state, late=review["late"])
        emit_project(tx, project, "deliverable.reviewed", record["id"], passed=passed, comment=text)
        apply_transition(tx, project["id"], "accepted" if passed else "in_progress",
                         "project.accept" if passed else "project.changes",
                         deliverable=record["id"])
    return get_deliverable(ws, record["id"])


def get_deliverable(ws: Workspace, deliverable_id: str) -> dict:
    return load_record(ws, deliverable_id, "v", "deliverable")


def list_deliverables(ws: Workspace, project_id: int | str | None = None) -> list[dict]:
    found = records_of(ws, project_id, "v")
    return sorted(found, key=lambda d: (d["project"], d["submitted_at"], d["id"]))


def latest_deliverable(ws: Workspace, project_id: int | str) -> dict | None:
    found = list_deliverables(ws, project_id)
    return found[-1] if found else None


def acceptance_for(ws: Workspace, login: str) -> list[dict]:
    found = []
    for pid in project_ids(ws):
        with ws.skip_damaged(shard_name(pid)):  # a damaged project is left out
            pending = [d for d in table_records(ws, pid, "v") if d["state"] == "pending"]
            if pending and role_of(ws, get_project(ws, pid), login) & ACCEPTORS:
                found.extend(pending)
    return found


def reminders(ws: Workspace, project: dict, now: datetime) -> list[Reminder]:
    return at_instant(candidates(ws, project, local_day(ws, now)), now)


def candidates(ws: Workspace, project: dict, day: date) -> list[Candidate]:
    found = []
    for record in table_records(ws, project["id"], "v"):
        if record["state"] == "pending":
            due_at = parse_instant(record["due_at"])
            found.append(Candidate(Reminder(
                "deliverable.acceptance", record["id"],
                tr("Deliverable {version} of “{name}” awaits acceptance (passed or changes "
                   "needed)", version=record["version"], name=project["name"]),
                acceptors(ws, project), due_at, False), overdue_from=due_at))
    return found
