"""The sender: take new outbox events and due reminders, deliver each once.

    run_once(ws, now=None, token=None) -> Pass     # `huddle remind` and each turn of the loop
    run(ws, stop, poll=1.0)                          # `huddle notify run`

Outboxes live in the shards written (`project-*`, `incident-*`); a pass reads only those
changed since the last (`ws.changes`), so the loop costs a stat per shard per second and a
post leaves within about a second of the commit. Reminders (SLA missed, and the kinds a
channel is linked to) are asked of the reminder engine every REMINDER_EVERY.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ..core.clock import to_iso
from ..core.errors import StoreError
from ..core.i18n import get_language, set_language
from ..core.workspace import Workspace
from . import channels as channels_mod
from . import formats, messages, queue, secrets, transport
from ..core.outbox import KEEP as OUTBOX_KEEP
from ..core.outbox import events as outbox_events

PREFIXES = ("project-", "incident-")
REMINDER_EVERY = timedelta(seconds=30)


@dataclass
class Pass:
    token: dict | None = None
    queued: int = 0
    delivered: int = 0
    retrying: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


def _outbox_shards(ws: Workspace, token: dict | None) -> tuple[list[str], dict]:
    changes = ws.changes(token)
    names = [n for n in (changes.changed if token is not None else changes.token)
             if n.startswith(PREFIXES) and n in changes.token]
    return sorted(names), changes.token


def new_events(ws: Workspace, token: dict | None = None,
               now: datetime | None = None) -> tuple[list[dict], dict]:
    """Outbox events not taken yet, from the shards changed since `token`. An event older
    than outbox.KEEP is ignored: it waits to be pruned by the next write to its shard, and
    the queue forgets what it took after queue.KEEP (longer)."""
    names, token = _outbox_shards(ws, token)
    seen = queue.seen_ids(ws)
    oldest = to_iso((now or ws.now()) - OUTBOX_KEEP)
    found = [e for name in names for e in outbox_events(ws, name)
             if e["id"] not in seen and e.get("at", "") >= oldest]
    return found, token


def reminder_events(ws: Workspace, now: datetime, lang: str) -> list[dict]:
    """Due reminders as events: overdue incident timers (SLA missed) and linked kinds."""
    chans = channels_mod.list_channels(ws)
    if not any(c.get("incidents") or c.get("reminders") for c in chans):
        return []
    from ..warroom.records import get_incident
    from ..reminders.engine import due, occurrence_id
    before = get_language()
    set_language(lang)  # reminder titles are translated when they are made
    try:
        reminders = due(ws, now)
    finally:
        set_language(before)
    found = []
    for r in reminders:
        data = {"kind": r.kind, "title": r.title, "who": list(r.who),
                "due": messages.due_text(ws, r.due_at.isoformat()), "overdue": r.overdue}
        if r.kind.startswith("incident.") and r.overdue:
            try:
                data["severity"] = get_incident(ws, r.subject).get("severity", "")
            except StoreError:
                continue
            found.append({"id": "sla:" + occurrence_id(r), "topic": "incident.sla",
                          "subject": r.subject, "at": r.due_at.isoformat(), "data": data})
        if any(channels_mod.wants_reminder(c, r.kind) for c in chans):
            found.append({"id": "rem:" + occurrence_id(r), "topic": "reminder",
                          "subject": r.subject, "at": r.due_at.isoformat(), "data": data})
    seen = queue.seen_ids(ws)
    return [e for e in found if e["id"] not in seen]


def run_once(ws: Workspace, now: datetime | None = None, token: dict | None = None, *,
             reminders: bool = True, send=transport.send) -> Pass:
    now = now or ws.now()
    result = Pass()
    if not channels_mod.any_channel(ws) and not queue.rows(ws):
        result.token = ws.changes(token).token
        return result
    events, result.token = new_events(ws, token, now)
    lang = messages.language(ws)
    if reminders:
        events += reminder_events(ws, now, lang)
    items = [(e, channels_mod.targets(ws, e)) for e in events]
    result.queued = queue.ingest(ws, items, now)
    try:
        entries = secrets.load()
    except secrets.SecretsError as exc:
        result.errors.append(str(exc))
        return result  # an unsafe file: this account sends nothing until it is fixed
    by_name = {c["name"]: c for c in channels_mod.list_channels(ws)}
    # Only what this account holds the secrets for (a member's `huddle remind` must not
    # use up the tries of the service account's channels), and deliveries of removed
    # channels, to close them.
    sendable = {name for name, c in by_name.items() if (c.get("secret") or name) in entries}
    claimed = queue.claim(ws, now, wanted=lambda row: row["channel"] in sendable
                          or row["channel"] not in by_name)
    if claimed:
        _deliver(ws, claimed, now, lang, send, result, entries, by_name)
    return result


def _deliver(ws: Workspace, claimed: list[dict], now: datetime, lang: str, send,
             result: Pass, entries: dict, by_name: dict) -> None:
    for row in claimed:
        channel = by_name.get(row["channel"])
        if channel is None:
            outcome = transport.Outcome(False, "the channel was removed", retry=False)
        else:
            outcome = _send_row(ws, row, channel, entries, lang, send)
        done = queue.record(ws, row, outcome.ok, outcome.error, now, retry=outcome.retry,
                            retry_after=outcome.retry_after)
        state = done.get("state")
        if outcome.ok:
            result.delivered += 1
        elif state == "failed":
            result.failed += 1
            result.errors.append(f"{row['channel']}: {outcome.error}")
        else:
            result.retrying += 1
            result.errors.append(f"{row['channel']}: {outcome.error}")


def _send_row(ws: Workspace, row: dict, channel: dict, entries: dict, lang: str,
              send) -> transport.Outcome:
    try:
        entry = secrets.entry(channel.get("secret") or channel["name"], entries)
    except secrets.SecretsError as exc:
        return transport.Outcome(False, str(exc))
    if channel["kind"] != "email" and not entry.get("url"):
        return transport.Outcome(False, f"[channel.{channel['secret']}] has no url",
                                 retry=True)
    event = {"id": row["event"], "topic": row["topic"], "subject": row["subject"],
             "at": row["event_at"], "data": row["data"]}
    message = messages.build(ws, event, lang)
    request = formats.build(channel["kind"], message, channel, entry, ws.now())
    return send(request, entry)


def run(ws: Workspace, stop: threading.Event | None = None, poll: float = 1.0,
        log=None) -> None:
    """Deliver until `stop` is set: a pass per `poll` seconds, reminders every 30 s."""
    stop = stop or threading.Event()
    token = None
    last_reminders = 0.0
    while not stop.is_set():
        started = time.monotonic()
        with_reminders = started - last_reminders >= REMINDER_EVERY.total_seconds()
        try:
            result = run_once(ws, token=token, reminders=with_reminders)
            token = result.token
            if with_reminders:
                last_reminders = started
            if log and (result.delivered or result.errors):
                log(result)
        except StoreError as exc:
            if log:
                log(Pass(errors=[str(exc)]))
        stop.wait(max(0.05, poll - (time.monotonic() - started)))
