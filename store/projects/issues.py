"""Issue feedback (SPEC §1.11, template 5 问题反馈表).

An issue is filed within 24 hours of its discovery: description, level
general/urgent/major (一般/紧急/重大), impact. Filed more than 24 hours after
discovery it is flagged `late` (exactly 24 hours is still on time). An urgent
issue must start the emergency flow (§2) within 2 hours of filing: the war
room creates an incident and calls `link_incident`; until then the issue is
due, and overdue from filed_at + 2 h on (the instant itself counts as overdue).

A major issue (重大) needs a response within 24 hours of filing: the lead
department analyses it and decides the measure (seed 001: 牵头部门需立即牵头分析
原因, 协调解决; the 24-hour rhythm of the issue form itself). The PM or the head of
the lead department records it with `respond_issue`; linking an incident (the
emergency flow, as for a 客户重大投诉) answers it too. Reminded to the lead
department's head and the PM (`issue.respond`), due filed_at + 24 h, overdue from
then; a response at or after it is kept with `late` and `late_for`.

Records live in the project shard table "issues"; ids "<project>-i<n>".

    file_issue(ws, project_id, description, *, level, impact="", discovered_at=None) -> dict
        keys: id, project, description, level, impact, discovered_at, filed_at, filed_by,
        late (bool), incident (None or id), state ("open"|"closed"), closed_at,
        resolution, escalate_by (urgent only: filed_at + 2 h, else None),
        respond_by (major only: filed_at + 24 h, else None),
        response None|{"by", "at", "measure", "late", "late_for"}
    get_issue(ws, issue_id) -> dict
    list_issues(ws, project_id=None, *, level=None, state=None) -> list[dict]  (by filed_at)
    link_incident(ws, issue_id, incident_id) -> dict    # any member; both ways via audit
    close_issue(ws, issue_id, resolution="") -> dict    # the filer or a project manager
    respond_issue(ws, issue_id, measure) -> dict        # major: the PM or the lead head
    escalation_overdue(issue, now) -> bool
    reminders(ws, project, now) -> list[Reminder]       # used by project_reminders
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from ..core import lateness
from ..core import validate
from ..core.clock import parse_instant, to_iso
from ..core.errors import IllegalTransition, InvalidValue, PermissionDenied
from ..core.i18n import tr
from ..people.members import require_member
from .roles import (as_record, instant, lead_head, load_record, record_id, records_of,
                    require_open, role_of, table_records, unique)
from .project import can_manage, get_project, project_ids, shard_name
from ..reminders.model import Candidate, Reminder, at_instant, local_day
from ..core.workspace import Workspace

TABLE = "issues"
LEVELS = ("general", "urgent", "major")
LATE_AFTER = timedelta(hours=24)
ESCALATE_WITHIN = timedelta(hours=2)
RESPOND_WITHIN = timedelta(hours=24)  # major issues


def file_issue(ws: Workspace, project_id: int | str, description: str, *, level: str,
               impact: str = "", discovered_at: datetime | str | None = None) -> dict:
    """Any member files an issue on a project that is not closed."""
    require_member(ws)
    project = get_project(ws, project_id)
    require_open(project)
    now = ws.now()
    found = now if discovered_at is None else instant(discovered_at, "discovered_at")
    if found > now:
        raise InvalidValue("discovered_at", tr("discovered_at: {at} is in the future",
                                               at=to_iso(found)))
    level = validate.choice("level", level, LEVELS)
    doc = {"description": validate.text("description", description, required=True,
                                        multiline=True, max_len=5000),
           "level": level,
           "impact": validate.text("impact", impact, multiline=True, max_len=2000),
           "discovered_at": to_iso(found), "filed_at": to_iso(now),
           "filed_by": ws.actor.login, "late": now - found > LATE_AFTER,
           "incident": None, "state": "open", "closed_at": None, "resolution": "",
           "escalate_by": to_iso(now + ESCALATE_WITHIN) if level == "urgent" else None,
           "respond_by": to_iso(now + RESPOND_WITHIN) if level == "major" else None,
           "response": None}
    with ws.transaction(shard_name(project["id"])) as tx:
        n = tx.table(TABLE).insert(doc)
        tx.audit("issue.file", record_id(project["id"], "i", n), level=level, late=doc["late"])
    return as_record(project["id"], "i", n, doc)


def get_issue(ws: Workspace, issue_id: str) -> dict:
    return load_record(ws, issue_id, "i", "issue")


def list_issues(ws: Workspace, project_id: int | str | None = None, *, level: str | None = None,
                state: str | None = None) -> list[dict]:
    found = [i for i in records_of(ws, project_id, "i")
             if (level is None or i["level"] == level) and (state is None or i["state"] == state)]
    return sorted(found, key=lambda i: (i["filed_at"], i["id"]))


def link_incident(ws: Workspace, issue_id: str, incident_id: str) -> dict:
    """Record the incident started for this issue (the war room calls this)."""
    require_member(ws)
    issue = get_issue(ws, issue_id)
    incident = validate.text("incident", incident_id, required=True, max_len=100)
    pid, number = issue["project"], int(issue["id"].split("-i")[1])
    with ws.transaction(shard_name(pid)) as tx:
        current = tx.table(TABLE).get(doc_id=number)
        if current.get("incident") not in (None, incident):
            raise IllegalTransition(tr("Issue {id} is already linked to incident {incident}",
                                       id=issue["id"], incident=current["incident"]))
        tx.table(TABLE).update({"incident": incident, "linked_at": to_iso(ws.now())},
                               doc_ids=[number])
        tx.audit("issue.link_incident", issue["id"], incident=incident)
    return get_issue(ws, issue["id"])


def close_issue(ws: Workspace, issue_id: str, resolution: str = "") -> dict:
    issue = get_issue(ws, issue_id)
    project = get_project(ws, issue["project"])
    if ws.actor.login != issue["filed_by"] and not can_manage(ws, project):
        raise PermissionDenied(tr("Only who filed issue {id} or a project manager may close it",
                                  id=issue["id"]))
    if issue["state"] == "closed":
        raise IllegalTransition(tr("Issue {id} is already closed", id=issue["id"]))
    text = validate.text("resolution", resolution, multiline=True, max_len=5000)
    number = int(issue["id"].split("-i")[1])
    with ws.transaction(shard_name(project["id"])) as tx:
        tx.table(TABLE).update({"state": "closed", "closed_at": to_iso(ws.now()),
                                "closed_by": ws.actor.login, "resolution": text},
                               doc_ids=[number])
        tx.audit("issue.close", issue["id"])
    return get_issue(ws, issue["id"])


def respond_issue(ws: Workspace, issue_id: str, measure: str) -> dict:
    """The lead department's answer to a major issue: the cause analysed and the measure."""
    issue = get_issue(ws, issue_id)
    project = get_project(ws, issue["project"])
    require_open(project)
    if not role_of(ws, project) & {"pm", "lead_head"}:
        raise PermissionDenied(tr("Only the project manager or the head of {dept} may answer "
                                  "issue {id}", dept=project["lead_dept"], id=issue["id"]))
    if issue["level"] != "major":
        raise IllegalTransition(tr("Issue {id} is not major; only a major issue needs a "
                                   "response", id=issue["id"]))
    if issue.get("response"):
        raise IllegalTransition(tr("Issue {id} was already answered", id=issue["id"]))
    text = validate.text("measure", measure, required=True, multiline=True, max_len=5000)
    now = ws.now()
    response = {"by": ws.actor.login, "at": to_iso(now), "measure": text,
                **lateness.stamp(parse_instant(issue["respond_by"]), now)}
    number = int(issue["id"].split("-i")[1])
    with ws.transaction(shard_name(project["id"])) as tx:
        tx.table(TABLE).update({"response": response}, doc_ids=[number])
        tx.audit("issue.respond", issue["id"], late=response["late"])
    return get_issue(ws, issue["id"])


def needs_response(issue: dict) -> bool:
    """A major issue still open, not answered and not turned into an incident."""
    return bool(issue.get("respond_by") and not issue.get("response")
                and not issue.get("incident") and issue.get("state") == "open")


def escalation_overdue(issue: dict, now: datetime) -> bool:
    return bool(issue.get("escalate_by") and not issue.get("incident")
                and issue.get("state") == "open" and now >= parse_instant(issue["escalate_by"]))


def reminders(ws: Workspace, project: dict, now: datetime) -> list[Reminder]:
    return at_instant(candidates(ws, project, local_day(ws, now)), now)


def candidates(ws: Workspace, project: dict, day: date) -> list[Candidate]:
    """An urgent issue without an incident: due 2 h after filing, overdue from then. A major
    issue without a response: due 24 h after filing, to the lead head and the PM."""
    found = []
    for issue in table_records(ws, project["id"], "i"):
        if needs_response(issue):
            due_at = parse_instant(issue["respond_by"])
            found.append(Candidate(Reminder(
                "issue.respond", issue["id"],
                tr("Major issue {id} needs the lead department's response: {text}",
                   id=issue["id"], text=issue["description"][:80]),
                unique(lead_head(ws, project), project.get("pm")), due_at, False),
                overdue_from=due_at))
        if issue.get("escalate_by") and not issue["incident"] and issue["state"] == "open":
            due_at = parse_instant(issue["escalate_by"])
            found.append(Candidate(Reminder(
                "issue.escalate", issue["id"],
                tr("Urgent issue {id} needs an incident: {text}", id=issue["id"],
                   text=issue["description"][:80]),
                unique(issue["filed_by"], project.get("pm")), due_at, False),
                overdue_from=due_at))
    return found
