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
CHANNELS_SHARD, CHANNELS_TABLE = "notify", "channels"  # where store/notify keeps its channels
KEEP = timedelta(days=3)


def emit(tx, topic: str, subject: str, **data: object) -> None:
    """Queue `topic` about record `subject` (e.g. "INC-2", "3-5") in `tx`'s shard."""
    try:
        if not (tx.ws.exists(CHANNELS_SHARD) and tx.ws.table(CHANNELS_SHARD, CHANNELS_TABLE)):
            return  # no channel configured: no outbox grows
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


def events(ws, shard: str) -> list[dict]:
    """The events waiting in `shard`'s outbox, oldest first, each with its shard."""
    rows = ws.table(shard, OUTBOX)
    order = sorted(rows.items(), key=lambda kv: (kv[1].get("at", ""), int(kv[0])))
    return [{**doc, "shard": shard} for _, doc in order]
