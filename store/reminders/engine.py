"""The reminder engine (SPEC §6): what is due for whom, and ringing each occurrence once.

`due(ws, now)` collects the reminders of every provider (`store/reminders/model.py`;
the schedule-driven ones come from `store/meetings/standup.py`). One reminder for one
person is an *occurrence*: its key plus its phase, "due" (a warning ahead of a
deadline, or a meeting starting) or "overdue" (the flag after). An occurrence
rings once per person, across processes and restarts: `claim` marks it rung
in the `reminder_state` shard inside one locked transaction, so of two open
apps (or an app and `huddle remind --notify-tmux`) exactly one rings. A person
may acknowledge it (the banner goes away) or snooze it for 15, 30 or 60
minutes (it rings again when the snooze ends).
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Iterable

from ..core.clock import parse_instant, to_iso
from ..core.errors import InvalidValue, NotFound
from ..core.i18n import tr
from .model import Reminder
from .registry import collect
from ..core.workspace import Workspace
from ..people.members import heads_of, list_members
from ..projects.project import CLOSED_STATES, list_projects, shard_name
from ..projects.tasks import sorted_tasks

STATE = "reminder_state"
TABLE = "state"
SNOOZE_MINUTES = (15, 30, 60)
_KEEP = timedelta(days=45)  # state of reminders that are no longer reported is dropped after


def occurrence_id(reminder: Reminder) -> str:
    return f"{reminder.key}#{'overdue' if reminder.overdue else 'due'}"


@dataclass(frozen=True)
class Item:
    """One reminder as one person sees it."""

    reminder: Reminder
    login: str
    rung_at: str | None = None
    acked_at: str | None = None
    snoozed_until: str | None = None

    @property
    def occurrence(self) -> str:
        return occurrence_id(self.reminder)

    def state(self, now: datetime) -> str:
        if self.acked_at:
            return "acknowledged"
        if self.snoozed_until and parse_instant(self.snoozed_until) > now:
            return "snoozed"
        return "rung" if self.rung_at else "new"

    def pending(self, now: datetime) -> bool:
        """Shown in the banner: neither acknowledged nor snoozed now."""
        return self.state(now) in ("new", "rung")

    def ringable(self, now: datetime) -> bool:
        if self.acked_at:
            return False
        if self.snoozed_until:
            until = parse_instant(self.snoozed_until)
            return now >= until and (self.rung_at is None or parse_instant(self.rung_at) < until)
        return self.rung_at is None

    def to_json(self, now: datetime) -> dict:
        return {**self.reminder.to_json(), "login": self.login, "occurrence": self.occurrence,
                "state": self.state(now), "rung_at": self.rung_at, "acked_at": self.acked_at,
                "snoozed_until": self.snoozed_until}


# -- reading ------------------------------------------------------------------
def due(ws: Workspace, now: datetime | None = None) -> list[Reminder]:
    """Every reminder due or overdue now, from every provider."""
    return collect(ws, now or ws.now())


def _state_rows(ws: Workspace) -> dict[tuple[str, str], dict]:
    rows: list[dict] = []
    with ws.skip_damaged(STATE):  # damaged: every reminder reads as new (store/core/damage.py)
        rows = ws.rows(STATE, TABLE)
    return {(row["occ"], row["login"]): row for row in rows}


def items(ws: Workspace, logins: Iterable[str] | None = None, now: datetime | None = None,
          reminders: list[Reminder] | None = None) -> list[Item]:
    """Each reminder for each person concerned (all, or only `logins`), with its state."""
    now = now or ws.now()
    reminders = due(ws, now) if reminders is None else reminders
    wanted = None if logins is None else set(logins)
    state = _state_rows(ws)
    found = []
    for reminder in reminders:
        logins = [x for x in dict.fromkeys(reminder.who) if wanted is None or x in wanted]
        occ = occurrence_id(reminder) if logins else ""
        for login in logins:
            row = state.get((occ, login), {})
            found.append(Item(reminder, login, row.get("rung_at"), row.get("acked_at"),
                              row.get("snoozed_until")))
    return found


def pending(ws: Workspace, login: str, now: datetime | None = None,
            reminders: list[Reminder] | None = None) -> list[Item]:
    """What the banner shows for `login`: not acknowledged and not snoozed now."""
    now = now or ws.now()
    return [i for i in items(ws, [login], now, reminders) if i.pending(now)]


def people_of(ws: Workspace, login: str) -> set[str]:
    """Whom `login` follows as a manager: the members of the departments they head and the
    members and task owners of the open projects they manage as PM."""
    people: set[str] = set()
    headed = set(heads_of(ws, login))
    if headed:
        people |= {m["login"] for m in list_members(ws) if m.get("dept") in headed}
    for project in list_projects(ws):
        if project.get("pm") != login or project.get("state") in CLOSED_STATES:
            continue
        people |= {m["login"] for m in project.get("members", [])}
        with ws.skip_damaged(shard_name(project["id"])):  # store/core/damage.py
            people |= {t["owner"] for t in sorted_tasks(ws, project["id"])}
    people.discard(login)
    return people


# -- ringing ------------------------------------------------------------------
def claim(ws: Workspace, logins: Iterable[str] | None = None, now: datetime | None = None,
          reminders: list[Reminder] | None = None) -> list[Item]:
    """Mark as rung, atomically, every occurrence that should ring now for `logins` (all
    people when None) and return those this call won. Another process that asks at the same
    moment gets none of them."""
    now = now or ws.now()
    reminders = due(ws, now) if reminders is None else reminders
    wanted = items(ws, logins, now, reminders)
    candidates = [i for i in wanted if i.ringable(now)]
    if not candidates:
        return []
    won: list[Item] = []
    current = {(i.occurrence, i.login) for i in wanted}
    who = list(dict.fromkeys(i.login for i in wanted))
    stamp = to_iso(now)
    # a damaged state file rings nothing: a ring it cannot record would ring at every check
    with ws.skip_damaged(STATE), ws.transaction(STATE) as tx:
        table = tx.table(TABLE)
        rows = {(d["occ"], d["login"]): d for d in table.all()}
        for item in candidates:
            row = rows.get((item.occurrence, item.login))
            fresh = (Item(item.reminder, item.login, row.get("rung_at"), row.get("acked_at"),
                          row.get("snoozed_until")) if row else item)
            if not fresh.ringable(now):
                continue  # another process rang it in the meantime
            if row:
                table.update({"rung_at": stamp, "rung_by": _me(),
                              "rings": row.get("rings", 0) + 1}, doc_ids=[row.doc_id])
            else:
                table.insert({"occ": item.occurrence, "login": item.login,
                              "key": item.reminder.key, "due_at": to_iso(item.reminder.due_at),
                              "rung_at": stamp, "rung_by": _me(), "rings": 1,
                              "acked_at": None, "snoozed_until": None})
            won.append(Item(item.reminder, item.login, stamp, None, fresh.snoozed_until))
        stale = [d.doc_id for key, d in rows.items() if d["login"] in who and key not in current
                 and parse_instant(d["due_at"]) < now - _KEEP]
        if stale:
            table.remove(doc_ids=stale)
        if won or stale:
            tx.audit("reminder.ring", None, count=len(won), pruned=len(stale))
    return won


def acknowledge(ws: Workspace, ident: str, now: datetime | None = None) -> Item:
    """The acting member acknowledges a reminder (by occurrence id or reminder key)."""
    now = now or ws.now()
    item = _find(ws, ident, now)
    _update(ws, item, {"acked_at": to_iso(now)}, "reminder.ack")
    return Item(item.reminder, item.login, item.rung_at, to_iso(now), item.snoozed_until)


def snooze(ws: Workspace, ident: str, minutes: int | str,
           now: datetime | None = None) -> Item:
    """The acting member snoozes a reminder for 15, 30 or 60 minutes."""
    now = now or ws.now()
    try:
        minutes = int(str(minutes).strip())
    except ValueError:
        minutes = -1
    if minutes not in SNOOZE_MINUTES:
        raise InvalidValue("minutes", tr("minutes: snooze for {choices} minutes",
                                         choices=", ".join(map(str, SNOOZE_MINUTES))))
    item = _find(ws, ident, now)
    until = to_iso(now + timedelta(minutes=minutes))
    _update(ws, item, {"snoozed_until": until}, "reminder.snooze")
    return Item(item.reminder, item.login, item.rung_at, item.acked_at, until)


def _find(ws: Workspace, ident: str, now: datetime) -> Item:
    login = ws.actor.login
    ident = ident.strip()
    for item in items(ws, [login], now):
        if ident in (item.occurrence, item.reminder.key):
            return item
    raise NotFound(tr("Nothing due for {login} with key {key!r}; see `huddle remind`",
                      login=login, key=ident))


def _update(ws: Workspace, item: Item, changes: dict, action: str) -> None:
    with ws.transaction(STATE) as tx:
        table = tx.table(TABLE)
        ids = [d.doc_id for d in table.all()
               if d["occ"] == item.occurrence and d["login"] == item.login]
        if ids:
            table.update(changes, doc_ids=ids)
        else:
            table.insert({"occ": item.occurrence, "login": item.login, "key": item.reminder.key,
                          "due_at": to_iso(item.reminder.due_at), "rung_at": None,
                          "rings": 0, "acked_at": None, "snoozed_until": None, **changes})
        tx.audit(action, item.occurrence, login=item.login, **changes)


def _me() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"
