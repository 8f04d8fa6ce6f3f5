"""Deliveries: one row per (event, channel) in the `notify_state` shard.

    ingest(ws, events, now)   -> rows queued (an event is taken once: `seen`)
    claim(ws, now)            -> the rows this process won; nobody else sends them
    record(ws, row, outcome)  -> delivered, or the next try (backoff), or failed after a day
    failures(ws) / pending_count(ws)

Exactly once across processes: `claim` marks rows under the shard's lock (like
store.reminders.engine.claim), so of two senders asking together one gets each row. A
sender that dies holding a claim loses it after LEASE and another sends the row again: the
only case where a post can arrive twice.
"""

from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta

from ..core.clock import parse_instant, to_iso
from ..core.workspace import AUDIT, Workspace

STATE = "notify_state"
DELIVERIES, SEEN = "deliveries", "seen"
LEASE = timedelta(seconds=120)
GIVE_UP = timedelta(days=1)
FIRST_RETRY, MAX_RETRY = timedelta(seconds=30), timedelta(hours=1)
KEEP = timedelta(days=7)   # longer than outbox.KEEP: an event is never taken twice
# a reminder stays due or overdue for as long as nobody acts: remember it as long as the
# reminder engine remembers a ring (store.reminders.engine._KEEP)
KEEP_REMINDERS = timedelta(days=45)
REMINDER_EVENTS = ("rem:", "sla:")
BATCH = 20


def me() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, … at most an hour between tries."""
    return min(MAX_RETRY, FIRST_RETRY * (2 ** max(0, attempts - 1)))


def rows(ws: Workspace) -> list[dict]:
    return ws.rows(STATE, DELIVERIES) if ws.exists(STATE) else []


def seen_ids(ws: Workspace) -> set[str]:
    if not ws.exists(STATE):
        return set()
    return {doc["event"] for doc in ws.table(STATE, SEEN).values()}


def ingest(ws: Workspace, items: list[tuple[dict, list[dict]]], now: datetime) -> int:
    """Queue each (event, channels) not taken before; returns how many rows were added."""
    if not items:
        return 0
    stamp = to_iso(now)
    added = 0
    with ws.transaction(STATE) as tx:
        seen = tx.table(SEEN)
        taken = {doc["event"] for doc in seen.all()}
        deliveries = tx.table(DELIVERIES)
        fresh = [(e, chans) for e, chans in items if e["id"] not in taken]
        for event, channels in fresh:
            seen.insert({"event": event["id"], "at": stamp})
            for channel in channels:
                deliveries.insert({
                    "event": event["id"], "channel": channel["name"], "topic": event["topic"],
                    "subject": event.get("subject", ""), "shard": event.get("shard"),
                    "event_at": event.get("at", stamp), "data": event.get("data", {}),
                    "queued_at": stamp, "state": "pending", "attempts": 0,
                    "next_try": stamp, "claimed_by": None, "claimed_until": None,
                    "delivered_at": None, "last_error": None})
                added += 1
        cutoff = to_iso(now - KEEP)
        long_cutoff = to_iso(now - KEEP_REMINDERS)
        old_seen = [d.doc_id for d in seen.all() if d["at"] < (
            long_cutoff if d["event"].startswith(REMINDER_EVENTS) else cutoff)]
        old_rows = [d.doc_id for d in deliveries.all()
                    if d["state"] in ("delivered", "failed") and d["queued_at"] < cutoff]
        # this shard's own trail of claims and tries is bookkeeping, rewritten with every
        # post: keep 45 days of it so that the file (and each commit) stays small
        trail = tx.table(AUDIT)
        old_trail = [d.doc_id for d in trail.all() if d.get("at", "") < long_cutoff]
        if old_trail:
            trail.remove(doc_ids=old_trail)
        if old_seen:
            seen.remove(doc_ids=old_seen)
        if old_rows:
            deliveries.remove(doc_ids=old_rows)
        # never claimed within a day: no sender holds this channel's secrets
        late = to_iso(now - GIVE_UP)
        stale = [d.doc_id for d in deliveries.all() if d["state"] == "pending"
                 and d["attempts"] == 0 and d["queued_at"] < late
                 and (d["claimed_until"] is None or d["claimed_until"] < stamp)]
        if stale:
            deliveries.update({"state": "failed", "last_try": stamp,
                               "last_error": "not sent within a day: no sender has the "
                                             "channel's secrets"}, doc_ids=stale)
        if fresh or old_seen or old_rows or stale or old_trail:
            tx.audit("notify.queue", None, events=len(fresh), deliveries=added,
                     pruned=len(old_rows))
    return added


def _claimable(doc: dict, stamp: str) -> bool:
    return (doc["state"] == "pending" and doc["next_try"] <= stamp
            and (doc["claimed_until"] is None or doc["claimed_until"] < stamp))


def claim(ws: Workspace, now: datetime, limit: int = BATCH, wanted=None) -> list[dict]:
    """Claim up to `limit` due deliveries (only those `wanted(row)` accepts, if given)."""
    stamp = to_iso(now)
    ok = (lambda doc: _claimable(doc, stamp) and (wanted is None or wanted(doc)))
    if not any(ok(d) for d in rows(ws)):
        return []  # the common case: read only, no lock
    won: list[dict] = []
    with ws.transaction(STATE) as tx:
        table = tx.table(DELIVERIES)
        for doc in sorted(table.all(), key=lambda d: (d["event_at"], d.doc_id)):
            if len(won) >= limit:
                break
            if not ok(doc):
                continue
            claim_doc = {"claimed_by": me(), "claimed_until": to_iso(now + LEASE)}
            table.update(claim_doc, doc_ids=[doc.doc_id])
            won.append({**doc, **claim_doc, "doc_id": doc.doc_id})
        if won:
            tx.audit("notify.claim", None, count=len(won))
    return won


def record(ws: Workspace, row: dict, ok: bool, error: str, now: datetime, *,
           retry: bool = True, retry_after: float | None = None) -> dict:
    """The outcome of one send of a claimed row."""
    stamp = to_iso(now)
    with ws.transaction(STATE) as tx:
        table = tx.table(DELIVERIES)
        current = table.get(doc_id=row["doc_id"])
        if current is None or current.get("claimed_by") != row["claimed_by"]:
            return dict(current or row)  # pruned, or the lease ran out and it moved on
        attempts = current["attempts"] + 1
        changes: dict = {"attempts": attempts, "claimed_by": None, "claimed_until": None,
                         "last_try": stamp}
        if ok:
            changes.update(state="delivered", delivered_at=stamp, last_error=None)
        else:
            wait = backoff(attempts)
            if retry_after is not None:
                wait = max(wait, timedelta(seconds=min(retry_after, 3600)))
            give_up = not retry or now + wait - parse_instant(current["queued_at"]) > GIVE_UP
            changes.update(last_error=error[:300], next_try=to_iso(now + wait),
                           state="failed" if give_up else "pending")
        table.update(changes, doc_ids=[row["doc_id"]])
        tx.audit("notify.deliver", row["channel"], event=row["event"], ok=ok,
                 attempts=attempts, state=changes.get("state", "pending"))
    return {**current, **changes}


def failures(ws: Workspace) -> list[dict]:
    """Deliveries given up on (shown on the Reminders screen and in `huddle notify list`)."""
    return sorted((d for d in rows(ws) if d["state"] == "failed"),
                  key=lambda d: d.get("last_try", ""), reverse=True)


def summary(ws: Workspace) -> dict[str, dict[str, int]]:
    """channel -> {state: count}."""
    found: dict[str, dict[str, int]] = {}
    for doc in rows(ws):
        counts = found.setdefault(doc["channel"], {})
        counts[doc["state"]] = counts.get(doc["state"], 0) + 1
    return found
