"""The incident war room (SPEC §2, 紧急事务响应): declaring an incident, its roles
and readiness, the append-only timeline and the legal state changes
reported → mobilising → mitigating → resolved → postmortem done.

Records and reading live in `incident_core` (re-exported here), the SLA timers
and measures in `incident_sla`, the reports, customer notice, postmortem and
knowledge-base archive in `incident_reports`. Every write takes the incident
shard's lock, checks the rule and the permission against `ws.actor.login`
inside it, appends to the timeline and audits.
"""

from __future__ import annotations

from datetime import timedelta

from ..core import validate
from ..core.clock import to_iso
from ..core.errors import InvalidValue, NotFound, PermissionDenied, StoreError
from ..core.i18n import tr
from .records import (  # noqa: F401  (re-exported: the war room's one import)
                      ACTIVE_STATES, DEFAULT_SEVERITY, EVENTS, INCIDENT, INDEX, INDEX_SHARD, LEAD,
                      MEMBERS, NOTE_KINDS, ROLE_SUGGESTIONS, ROLES, SEVERITIES, STATES,
                      TRANSITIONS, IncidentTx, can_assign, can_pin, current_roles, existing_number,
                      get_event, get_incident, incident_numbers, is_active, is_lead, label,
                      list_incidents, member_login, member_record, parse_incident_id, parse_time,
                      pending_ready, require_active, require_lead, role_key, role_label, roles_of,
                      severity, shard_name, state_label, timeline)
from ..core.outbox import emit as emit_event
from .records import emit_incident
from ..people.members import require_member
from ..core.workspace import Workspace
from . import listing  # noqa: F401  (registers the incident shards' head)
from .reports import archive
from ..projects import issues as project_issues


# -- writing -------------------------------------------------------------------
def declare(ws: Workspace, title: str, *, impact: str, measures: str = "",
            severity_level: str = DEFAULT_SEVERITY, began_at: object = None,
            reporter: str | None = None, lead: str | None = None,
            source: dict | None = None) -> dict:
    """The initial information form (紧急事务初始信息表). Any member may declare."""
    require_member(ws)
    now = ws.now()
    doc = {
        "title": validate.text("title", title, required=True, max_len=200),
        "impact": validate.text("impact", impact, required=True, multiline=True, max_len=2000),
        "measures": validate.text("measures", measures, multiline=True, max_len=2000),
        "severity": severity(severity_level),
        "reporter": member_login(ws, "reporter", reporter or ws.actor.login),
    }
    began = now if began_at in (None, "") else parse_time(ws, "began", began_at)
    if began > now + timedelta(minutes=1):
        raise InvalidValue("began", tr("began: {time} is in the future",
                                       time=f"{began.astimezone(ws.tz):%Y-%m-%d %H:%M}"))
    lead_login = member_login(ws, "lead", lead) if lead else None
    doc.update(began_at=to_iso(began), reported_at=to_iso(now), declared_by=ws.actor.login,
               state="reported", source=source, resolution=None, notice=None, postmortem=None,
               kb={})
    with ws.transaction(INDEX_SHARD) as itx:  # the number and the new shard, all or nothing
        number = itx.table(INDEX).insert({"title": doc["title"], "created_at": to_iso(now)})
        itx.audit("incident.number", label(number), title=doc["title"])
        tx = itx.join(shard_name(number), new=True)
        tx.table(INCIDENT).insert(doc)
        tx.table(EVENTS).insert({
            "at": to_iso(now), "author": ws.actor.login, "kind": "declared", "text": doc["title"],
            "pinned": False, "data": {k: doc[k] for k in ("severity", "began_at", "impact",
                                                         "measures", "reporter")}})
        tx.audit("incident.declare", label(number), title=doc["title"], severity=doc["severity"])
        emit_event(tx, "incident.declared", label(number), who=[doc["reporter"]], **{k: doc[k] for k in ("title", "severity", "impact", "measures", "reporter")})
    if lead_login:
        assign_role(ws, number, LEAD, lead_login)
    return get_incident(ws, number)


def assign_role(ws: Workspace, incident_id: object, role: str, login: str) -> dict:
    """Give `role` to `login` (a handoff renounces the previous holder). The person is
    mobilised and must confirm ready. A lead plus one more role moves the incident
    from reported to mobilising."""
    require_member(ws)
    number = existing_number(ws, incident_id)
    role = role_key(role)
    login = member_login(ws, "login", login)
    with ws.transaction(shard_name(number)) as tx:
        t = IncidentTx(ws, tx, number)
        inc = t.inc
        require_active(inc)
        if not can_assign(ws, inc, role):
            if inc["lead"] is None:
                raise PermissionDenied(tr("{id} has no incident lead yet: assign the lead role "
                                          "first.", id=inc["id"]))
            raise PermissionDenied(tr("Only the incident lead ({lead}) may assign roles.",
                                      lead=inc["lead"]))
        roles = tx.table(ROLES)
        previous = current_roles(inc).get(role)
        if previous == login:
            raise InvalidValue("login", tr("login: {login} already holds the role {role}",
                                           login=login, role=role_label(role)))
        for r in inc["roles"]:
            if r["role"] == role and r["renounced_at"] is None:
                roles.update({"renounced_at": t.now, "renounced_by": ws.actor.login},
                             doc_ids=[r["no"]])
                r["renounced_at"] = t.now
        no = roles.insert({"role": role, "login": login, "assumed_at": t.now,
                           "assumed_by": ws.actor.login, "renounced_at": None,
                           "renounced_by": None})
        inc["roles"].append({"role": role, "login": login, "renounced_at": None, "no": no})
        t.event("role", "", action="handoff" if previous else "assumed", role=role,
                login=login, previous=previous)
        _mobilise(t, login)
        if previous:
            _stand_down_if_idle(t, previous)
        held = current_roles(inc)
        if inc["state"] == "reported" and LEAD in held and len(held) > 1:
            t.transition("mobilising")
        t.audit("incident.role", role=role, login=login, previous=previous)
        emit_incident(t, "incident.role", role=role, login=login)
    return _assignment(get_incident(ws, number), role)


def renounce_role(ws: Workspace, incident_id: object, role: str) -> dict:
    """The holder gives up a role, or the lead relieves someone of it. History is kept."""
    require_member(ws)
    number = existing_number(ws, incident_id)
    role = role_key(role)
    with ws.transaction(shard_name(number)) as tx:
        t = IncidentTx(ws, tx, number)
        inc = t.inc
        require_active(inc)
        holder = current_roles(inc).get(role)
        if holder is None:
            raise InvalidValue("role", tr("role: nobody holds {role} in {id}",
                                          role=role_label(role), id=inc["id"]))
        if ws.actor.login != holder and not is_lead(ws, inc):
            raise PermissionDenied(tr("Only {login} or the incident lead may give up the role "
                                      "{role}.", login=holder, role=role_label(role)))
        for r in inc["roles"]:
            if r["role"] == role and r["renounced_at"] is None:
                tx.table(ROLES).update({"renounced_at": t.now, "renounced_by": ws.actor.login},
                                       doc_ids=[r["no"]])
                r["renounced_at"] = t.now
        t.event("role", "", action="renounced", role=role, login=holder, previous=holder)
        _stand_down_if_idle(t, holder)
        t.audit("incident.renounce", role=role, login=holder)
    return get_incident(ws, number)


def _assignment(inc: dict, role: str) -> dict:
    for r in reversed(inc["roles"]):
        if r["role"] == role:
            return {**r, "incident": inc["id"]}
    raise NotFound(role)  # pragma: no cover - just written


def _mobilise(t: IncidentTx, login: str) -> None:
    """A new role holder is mobilised and owes a ready confirmation within 30 minutes;
    someone who takes a role themselves is plainly there, so they are ready at once."""
    rec = member_record(t.inc, login)
    table = t.tx.table(MEMBERS)
    self_assigned = login == t.ws.actor.login
    ready = {"ready_at": t.now if self_assigned else None, "ready_note": ""}
    if rec is None:
        no = table.insert({"login": login, "mobilised_at": t.now,
                           "mobilised_by": t.ws.actor.login, **ready, "stood_down_at": None})
        t.inc["members"].append({"login": login, "ready_at": ready["ready_at"],
                                 "stood_down_at": None, "no": no})
    elif rec["ready_at"] is None and rec["stood_down_at"] is not None:
        table.update({"mobilised_at": t.now, "mobilised_by": t.ws.actor.login, **ready,
                      "stood_down_at": None}, doc_ids=[rec["no"]])
        rec["stood_down_at"], rec["ready_at"] = None, ready["ready_at"]
    else:
        return
    if self_assigned:
        t.event("ready", "", login=login)


def _stand_down_if_idle(t: IncidentTx, login: str) -> None:
    """Someone who holds no role any more and never confirmed is no longer awaited."""
    rec = member_record(t.inc, login)
    waiting = rec is not None and rec["ready_at"] is None and rec["stood_down_at"] is None
    if waiting and not roles_of(t.inc, login):
        t.tx.table(MEMBERS).update({"stood_down_at": t.now}, doc_ids=[rec["no"]])
        rec["stood_down_at"] = t.now


def confirm_ready(ws: Workspace, incident_id: object, note: str = "") -> dict:
    """A mobilised member confirms they are ready (到位并反馈准备情况)."""
    require_member(ws)
    number = existing_number(ws, incident_id)
    note = validate.text("note", note, multiline=True, max_len=2000)
    with ws.transaction(shard_name(number)) as tx:
        t = IncidentTx(ws, tx, number)
        require_active(t.inc)
        rec = member_record(t.inc, ws.actor.login)
        if rec is None or rec["stood_down_at"] is not None:
            raise StoreError(tr("{login} has not been mobilised for {id}.",
                                login=ws.actor.login, id=t.inc["id"]))
        if rec["ready_at"] is not None:
            raise StoreError(tr("{login} already confirmed ready for {id}.",
                                login=ws.actor.login, id=t.inc["id"]))
        tx.table(MEMBERS).update({"ready_at": t.now, "ready_note": note}, doc_ids=[rec["no"]])
        t.event("ready", note, login=ws.actor.login)
        t.audit("incident.ready", login=ws.actor.login)
    return member_record(get_incident(ws, number), ws.actor.login) or {}


def post_update(ws: Workspace, incident_id: object, text: str) -> dict:
    """The lead's status update for management (every 30 minutes until resolved)."""
    require_member(ws)
    number = existing_number(ws, incident_id)
    text = validate.text("text", text, required=True, multiline=True, max_len=4000)
    with ws.transaction(shard_name(number)) as tx:
        t = IncidentTx(ws, tx, number)
        require_active(t.inc)
        require_lead(ws, t.inc, tr("post status updates"))
        no = t.event("update", text)
        t.audit("incident.update", event=no)
        emit_incident(t, "incident.update", text=text)
    return get_event(ws, number, no)


def log_note(ws: Workspace, incident_id: object, text: str, kind: str = "note") -> dict:
    """Any member appends a note or a decision to the timeline."""
    require_member(ws)
    number = existing_number(ws, incident_id)
    kind = validate.choice("kind", kind, NOTE_KINDS)
    text = validate.text("text", text, required=True, multiline=True, max_len=4000)
    with ws.transaction(shard_name(number)) as tx:
        t = IncidentTx(ws, tx, number)
        no = t.event(kind, text)
        t.audit("incident.log", event=no, kind=kind)
    return get_event(ws, number, no)


def pin_event(ws: Workspace, incident_id: object, event_no: object, pinned: bool = True) -> dict:
    """Pin (or unpin) an event: its author or the lead. Nothing else of an event changes."""
    require_member(ws)
    number = existing_number(ws, incident_id)
    event = get_event(ws, number, event_no)
    with ws.transaction(shard_name(number)) as tx:
        t = IncidentTx(ws, tx, number)
        current = next((e for e in t.inc["events"] if e["no"] == event["no"]), None)
        if current is None:  # pragma: no cover - events are never deleted
            raise NotFound(tr("No event #{no} in {id}", no=event["no"], id=t.inc["id"]))
        if not can_pin(ws, t.inc, current):
            raise PermissionDenied(tr("Only the author of an event or the incident lead may "
                                      "pin it."))
        tx.table(EVENTS).update({"pinned": bool(pinned), "pinned_by": ws.actor.login,
                                 "pinned_at": t.now}, doc_ids=[event["no"]])
        t.audit("incident.pin" if pinned else "incident.unpin", event=event["no"])
    return get_event(ws, number, event["no"])


def mark_mitigated(ws: Workspace, incident_id: object, text: str) -> dict:
    """The lead records the mitigation in place: mobilising → mitigating."""
    require_member(ws)
    number = existing_number(ws, incident_id)
    text = validate.text("text", text, required=True, multiline=True, max_len=4000)
    with ws.transaction(shard_name(number)) as tx:
        t = IncidentTx(ws, tx, number)
        require_lead(ws, t.inc, tr("mark the incident mitigated"))
        t.transition("mitigating", text)
        t.audit("incident.mitigate")
        emit_incident(t, "incident.mitigated", text=text)
    return get_incident(ws, number)


def resolve(ws: Workspace, incident_id: object, *, cause: str, measures: str) -> dict:
    """Only the lead resolves: the resolution report's cause and measures; the duration
    comes from the timeline. The report is archived to the knowledge base."""
    require_member(ws)
    number = existing_number(ws, incident_id)
    cause = validate.text("cause", cause, required=True, multiline=True, max_len=4000)
    measures = validate.text("measures", measures, required=True, multiline=True, max_len=4000)
    with ws.transaction(shard_name(number)) as tx:
        t = IncidentTx(ws, tx, number)
        require_lead(ws, t.inc, tr("resolve the incident"))
        t.transition("resolved", cause)
        tx.table(INCIDENT).update({"resolution": {"cause": cause, "measures": measures,
                                                  "by": ws.actor.login, "at": t.now}},
                                  doc_ids=[1])
        t.audit("incident.resolve")
        emit_incident(t, "incident.resolved", cause=cause, measures=measures)
    archive(ws, number)
    return get_incident(ws, number)


def escalate_issue(ws: Workspace, issue_id: object, *, severity_level: str | None = None) -> dict:
    """Turn an urgent (or major) project issue into an incident, linked both ways.

    Uses `store.projects.issues.get_issue(ws, issue_id)` and
    `link_incident(ws, issue_id, incident_id)`. Escalating twice returns the
    incident already opened for that issue.
    """
    require_member(ws)
    issue = project_issues.get_issue(ws, issue_id)
    key = str(issue.get("id", issue_id))
    if issue.get("incident"):
        return get_incident(ws, issue["incident"])
    for inc in list_incidents(ws):
        src = inc.get("source") or {}
        if src.get("kind") == "project_issue" and str(src.get("id")) == key:
            return inc
    level = str(issue.get("level", "")).lower()
    if level not in ("urgent", "major"):
        raise InvalidValue("level", tr("Only an urgent or major issue becomes an incident; "
                                       "issue {id} is {level}.", id=key, level=tr(level or "?")))
    description = str(issue.get("description") or "")
    title = str(issue.get("title") or "").strip() or (
        description.strip().splitlines()[0] if description.strip() else tr("Issue {id}", id=key))
    inc = declare(ws, title[:200], impact=str(issue.get("impact") or description or title),
                  measures=str(issue.get("measures") or ""),
                  severity_level=severity_level or ("S1" if level == "major" else "S2"),
                  source={"kind": "project_issue", "id": key,
                          "project": issue.get("project")})
    with ws.transaction(shard_name(inc["number"])) as tx:
        t = IncidentTx(ws, tx, inc["number"])
        t.event("link", "", source="project_issue", id=key, project=issue.get("project"))
        t.audit("incident.link", issue=key)
    project_issues.link_incident(ws, key, inc["id"])
    return get_incident(ws, inc["number"])
