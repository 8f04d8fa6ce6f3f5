"""The outbox: an event lands in the shard being written, in the same transaction as the
change it reports, so it is posted if and only if the change was saved.

    emit(tx, topic, subject, **data)          # any shard
    emit_incident(t, topic, **data)           # inside an IncidentTx (store.warroom.records)
    emit_project(tx, project, topic, **data)  # inside a project shard's transaction

Nothing here touches the network: `store.notify.sender` reads the outboxes later. An event
that cannot be built is dropped rather than cost the user their write. Events older than
KEEP are pruned by the next write to the same shard (the sender has taken them long before).
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from ..core.clock import parse_instant, to_iso

OUTBOX = "outbox"
KEEP = timedelta(days=3)


def emit(tx, topic: str, subject: str, **data: object) -> None:
    """Queue `topic` about record `subject` (e.g. "INC-2", "3-5") in `tx`'s shard."""
    try:
        from .channels import any_channel
        if not any_channel(tx.ws):
            return  # nothing configured: no outbox grows
        now = tx.ws.now()
        table = tx.table(OUTBOX)
        cutoff = to_iso(now - KEEP)
        old = [doc.doc_id for doc in table.all() if doc.get("at", "") < cutoff]
        if old:
            table.remove(doc_ids=old)
        table.insert({"id": uuid.uuid4().hex, "topic": topic, "subject": str(subject),
                      "at": to_iso(now), "by": tx.ws.actor.login, "data": data})
    except Exception:  # noqa: BLE001 - a notification must never cost the user their write
        return


def emit_incident(t, topic: str, **data: object) -> None:
    """An incident event: id, title, severity and the people holding a role come along."""
    try:
        from ..warroom.records import current_roles
        inc = t.inc
        who = list(dict.fromkeys([*current_roles(inc).values(), inc.get("reporter")]))
        if topic == "incident.resolved" and inc.get("began_at"):
            data["minutes"] = int((t.ws.now() - parse_instant(inc["began_at"]))
                                  .total_seconds() // 60)
        emit(t.tx, topic, inc["id"], title=inc.get("title", ""),
             severity=inc.get("severity", ""), who=[w for w in who if w], **data)
    except Exception:  # noqa: BLE001
        return


def emit_project(tx, project: dict, topic: str, subject: object = None, **data: object) -> None:
    """A project event: the project's id, name, PM and members come along."""
    try:
        if topic == "project.requested":
            from ..people.members import department_head
            data.setdefault("approver", department_head(tx.ws, project.get("initiator_dept", "")))
        members = [m.get("login") for m in project.get("members", []) if m.get("login")]
        who = list(dict.fromkeys([project.get("pm"), *members]))
        emit(tx, topic, subject if subject is not None else project.get("id"),
             project=project.get("id"), name=project.get("name", ""), pm=project.get("pm"),
             who=[w for w in who if w], **data)
    except Exception:  # noqa: BLE001
        return


def emit_help(tx, entry: dict) -> None:
    """A daily update flagged 【需协助】: the helper is mentioned (store.projects.progress)."""
    if not entry.get("help_from"):
        return
    try:
        pid, number = (int(part) for part in str(entry["task"]).split("-", 1))
        task = tx.table("tasks").get(doc_id=number) or {}
        project = {**(tx.table("project").get(doc_id=1) or {}), "id": pid}
        emit_project(tx, project, "progress.help", entry["task"], task_title=task.get("title", ""),
                     owner=entry.get("owner"), helper=entry["help_from"],
                     problems=entry.get("problems", ""), percent=entry.get("percent"))
    except Exception:  # noqa: BLE001
        return


def events(ws, shard: str) -> list[dict]:
    """The events waiting in `shard`'s outbox, oldest first, each with its shard."""
    rows = ws.table(shard, OUTBOX)
    order = sorted(rows.items(), key=lambda kv: (kv[1].get("at", ""), int(kv[0])))
    return [{**doc, "shard": shard} for _, doc in order]
