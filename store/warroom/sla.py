"""The war room's timers (SPEC §2.2–2.4) and measures, computed at exact instants.

- roles: the lead plus one more role assigned within 10 minutes of the report;
- ready: every mobilised member confirms ready within 30 minutes of being mobilised;
- update: the lead posts a status update every 30 minutes (counted from the
  report, then from the last update) until the incident is resolved.

A deadline is met on time at its due instant exactly and overdue one second
later. Open deadlines are countdowns for the app and Reminders for `due()`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from statistics import mean

from ..core.clock import parse_instant, to_iso
from ..core.i18n import tr
from .records import ACTIVE_STATES, is_active, list_incidents
from ..reminders.model import Reminder, provider
from ..core.workspace import Workspace
from ..people.members import display_name

ROLES_WITHIN = timedelta(minutes=10)
READY_WITHIN = timedelta(minutes=30)
UPDATE_EVERY = timedelta(minutes=30)
WARN_BEFORE = timedelta(minutes=5)  # a countdown turns to warning this long before its deadline
RULES = ("roles", "ready", "update")


@dataclass(frozen=True)
class Deadline:
    rule: str                   # "roles", "ready" or "update"
    incident: str               # "INC-3"
    title: str                  # the incident's title
    who: tuple[str, ...]        # logins who must act
    started_at: datetime
    due_at: datetime
    met_at: datetime | None = None
    closed_at: datetime | None = None   # no longer needed (stood down, resolved)
    login: str | None = None    # the member, for "ready"
    name: str | None = None     # their display name, where a workspace named them (`named`)

    @property
    def subject(self) -> str:
        return f"{self.incident}:{self.login}" if self.login else self.incident

    @property
    def key(self) -> str:
        """One occurrence of one rule: the same as the Reminder's key."""
        return f"incident.{self.rule}:{self.subject}:{to_iso(self.due_at)}"

    @property
    def is_open(self) -> bool:
        return self.met_at is None and self.closed_at is None

    def remaining(self, now: datetime) -> timedelta:
        return self.due_at - now

    def status(self, now: datetime) -> str:
        """met, late, missed, cancelled (closed before due), overdue, warning or pending."""
        if self.met_at is not None:
            return "met" if self.met_at <= self.due_at else "late"
        if self.closed_at is not None:
            return "missed" if self.closed_at > self.due_at else "cancelled"
        if now > self.due_at:
            return "overdue"
        return "warning" if self.due_at - now <= WARN_BEFORE else "pending"

    @property
    def label(self) -> str:
        if self.rule == "roles":
            return tr("Roles assigned")
        if self.rule == "ready":
            return tr("{login} ready", login=self.name or self.login)
        return tr("Status update")

    @property
    def reminder_title(self) -> str:
        if self.rule == "roles":
            return tr("{id} “{title}”: the lead must assign roles within 10 minutes of the "
                      "report", id=self.incident, title=self.title)
        if self.rule == "ready":
            return tr("{id} “{title}”: {login} must confirm ready within 30 minutes of being "
                      "mobilised", id=self.incident, title=self.title, login=self.name or self.login)
        return tr("{id} “{title}”: the lead must post a status update for management every "
                  "30 minutes", id=self.incident, title=self.title)

    def to_json(self, now: datetime) -> dict:
        return {"rule": self.rule, "incident": self.incident, "login": self.login,
                "who": list(self.who), "started_at": to_iso(self.started_at),
                "due_at": to_iso(self.due_at),
                "met_at": to_iso(self.met_at) if self.met_at else None,
                "closed_at": to_iso(self.closed_at) if self.closed_at else None,
                "status": self.status(now), "remaining_seconds":
                int(self.remaining(now).total_seconds()), "key": self.key}


# -- timeline facts ------------------------------------------------------------
def state_times(inc: dict) -> dict[str, datetime]:
    """When the incident entered each state, read from its timeline."""
    times = {"reported": parse_instant(inc["reported_at"])}
    for event in inc["events"]:
        if event["kind"] == "state":
            times.setdefault(event["data"]["to"], parse_instant(event["at"]))
    return times


def began_at(inc: dict) -> datetime:
    for event in inc["events"]:
        if event["kind"] == "declared":
            return parse_instant(event["data"]["began_at"])
    return parse_instant(inc["began_at"])  # pragma: no cover - every incident has one


def _ended_at(inc: dict) -> datetime | None:
    """When the incident stopped being active (resolved), if it has."""
    if inc["state"] in ACTIVE_STATES:
        return None
    return state_times(inc).get("resolved")


# -- deadlines -----------------------------------------------------------------
def deadlines(inc: dict) -> list[Deadline]:
    """Every SLA deadline of the incident so far, met or not, in due order."""
    times = state_times(inc)
    reported = times["reported"]
    ended = _ended_at(inc)
    lead = inc.get("lead")
    owner = (lead,) if lead else (inc["reporter"],)
    common = {"incident": inc["id"], "title": inc["title"]}
    found = [Deadline("roles", who=owner, started_at=reported, due_at=reported + ROLES_WITHIN,
                      met_at=times.get("mobilising"), **common)]
    for m in inc["members"]:
        mobilised = parse_instant(m["mobilised_at"])
        closed = m["stood_down_at"] and parse_instant(m["stood_down_at"])
        if m["ready_at"] is None and closed is None and ended is not None:
            closed = ended
        found.append(Deadline("ready", who=(m["login"],), started_at=mobilised,
                              due_at=mobilised + READY_WITHIN, login=m["login"],
                              met_at=parse_instant(m["ready_at"]) if m["ready_at"] else None,
                              closed_at=closed or None, **common))
    prev = reported
    for event in inc["events"]:
        if event["kind"] != "update":
            continue
        at = parse_instant(event["at"])
        if ended is not None and at > ended:
            break
        found.append(Deadline("update", who=owner, started_at=prev, due_at=prev + UPDATE_EVERY,
                              met_at=at, **common))
        prev = at
    due = prev + UPDATE_EVERY
    if ended is None:
        found.append(Deadline("update", who=owner, started_at=prev, due_at=due, **common))
    elif ended > due:
        found.append(Deadline("update", who=owner, started_at=prev, due_at=due,
                              closed_at=ended, **common))
    return sorted(found, key=lambda d: (d.due_at, RULES.index(d.rule), d.login or ""))


def open_deadlines(inc: dict) -> list[Deadline]:
    if not is_active(inc):
        return []
    return [d for d in deadlines(inc) if d.is_open]


def countdowns(inc: dict) -> list[Deadline]:
    """The earliest open deadline of each rule: what the incident header counts down."""
    first: dict[str, Deadline] = {}
    for d in open_deadlines(inc):
        first.setdefault(d.rule, d)
    return sorted(first.values(), key=lambda d: d.due_at)


def named(ws: Workspace, found: list[Deadline]) -> list[Deadline]:
    """`found` with each member's display name, for what people read (labels, reminders)."""
    return [replace(d, name=display_name(ws, d.login)) if d.login else d for d in found]


def next_deadline(inc: dict) -> Deadline | None:
    found = open_deadlines(inc)
    return found[0] if found else None


def passed(inc: dict, now: datetime) -> list[Deadline]:
    """Open deadlines already overdue at `now`."""
    return [d for d in open_deadlines(inc) if now > d.due_at]


@provider
def due(ws: Workspace, now: datetime) -> list[Reminder]:
    """Each open deadline from WARN_BEFORE ahead of it; overdue once it has passed."""
    found = []
    for inc in list_incidents(ws, active_only=True):
        for d in named(ws, open_deadlines(inc)):
            if now >= d.due_at - WARN_BEFORE:
                found.append(Reminder(f"incident.{d.rule}", d.subject, d.reminder_title, d.who,
                                      d.due_at, now > d.due_at))
    return found


# -- measures ------------------------------------------------------------------
def measures(inc: dict) -> dict:
    """Seconds from the report to roles, mitigation and resolution; the duration from
    the start of the problem to its resolution; the SLA record."""
    times = state_times(inc)
    reported = times["reported"]

    def since(state: str, start: datetime = reported) -> int | None:
        at = times.get(state)
        return int((at - start).total_seconds()) if at else None

    record = {"met": 0, "late": 0, "missed": 0}
    for d in deadlines(inc):
        status = d.status(d.due_at)  # as judged at its due instant, independent of now
        if d.met_at is not None:
            record["met" if status == "met" else "late"] += 1
        elif d.closed_at is not None and status == "missed":
            record["missed"] += 1
    return {"time_to_roles": since("mobilising"), "time_to_mitigation": since("mitigating"),
            "time_to_resolution": since("resolved"),
            "duration": since("resolved", began_at(inc)), "sla": record}


def minutes(seconds: int | None) -> int | None:
    return None if seconds is None else round(seconds / 60)


def history(ws: Workspace) -> list[dict]:
    """Past (resolved) incidents with their measures, newest first."""
    rows = []
    for inc in list_incidents(ws):
        if is_active(inc):
            continue
        rows.append({"id": inc["id"], "title": inc["title"], "severity": inc["severity"],
                     "state": inc["state"], "reported_at": inc["reported_at"],
                     "lead": inc.get("lead"), "measures": measures(inc)})
    return rows


def history_summary(rows: list[dict]) -> dict:
    """Mean minutes to roles, mitigation and resolution over `rows` (None when no data)."""
    out: dict[str, float | None] = {}
    for key in ("time_to_roles", "time_to_mitigation", "time_to_resolution", "duration"):
        values = [r["measures"][key] for r in rows if r["measures"][key] is not None]
        out[key] = round(mean(values) / 60, 1) if values else None
    out["count"] = len(rows)  # type: ignore[assignment]
    return out
