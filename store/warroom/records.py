"""The incident war room's records (SPEC §2): ids, reading, permissions and the
helpers every incident write uses. The writes themselves are in `incidents`.

Each incident lives in its own shard `incident-<n>`; the small `incidents`
shard only hands out numbers (table `index`: title, created_at). Shown ids
are `INC-<n>`. Shard tables: `incident` (one record), `roles` (assignments
with their history: assumed at/by, renounced at/by), `members` (who was
mobilised, when, and when they confirmed ready) and `events` (the timeline:
at, author, kind, text, data, pinned — only ever appended to, the pin flag
aside).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

import orjson

from ..core import validate
from ..core.clock import parse_instant, to_iso
from ..core.outbox import emit
from ..core.errors import IllegalTransition, InvalidValue, NotFound, PermissionDenied
from ..core.i18n import tr
from ..people.members import find_member, is_admin
from ..core.workspace import Workspace

INDEX_SHARD = "incidents"
INDEX = "index"
INCIDENT, ROLES, MEMBERS, EVENTS = "incident", "roles", "members", "events"

STATES = ("reported", "mobilising", "mitigating", "resolved", "postmortem_done")
ACTIVE_STATES = ("reported", "mobilising", "mitigating")
TRANSITIONS = {"reported": ("mobilising",), "mobilising": ("mitigating",),
               "mitigating": ("resolved",), "resolved": ("postmortem_done",),
               "postmortem_done": ()}
SEVERITIES = ("S1", "S2", "S3", "S4")
DEFAULT_SEVERITY = "S2"
LEAD = "lead"
# Suggested roles (free text is allowed too); the key is what the store keeps.
ROLE_SUGGESTIONS = ("lead", "logs", "vendor", "wording", "scribe", "ops", "rnd", "qa")
_ROLE_ALIASES = {"lead": LEAD, "incident lead": LEAD, "负责人": LEAD, "应急负责人": LEAD}
NOTE_KINDS = ("note", "decision")
_ID = re.compile(r"(?i)^(?:inc)?[-#]?\s*(\d+)$")


# -- ids ---------------------------------------------------------------------
def label(number: int) -> str:
    return f"INC-{number}"


def shard_name(number: int) -> str:
    return f"incident-{number}"


HEAD_VERSION = 2  # 1: the state; 2: and a closed incident's row of the war room's list
STATE_HEADS = (1, 2)  # head versions that tell the state


def _closed_by_head(ws: Workspace, number: int) -> bool:
    """The shard's head says the incident is closed (no head, or an old one: not known)."""
    head = ws.shard(shard_name(number)).head()
    return head is not None and head.get("v") in STATE_HEADS \
        and head.get("state") not in ACTIVE_STATES


def parse_incident_id(value: object) -> int:
    raw = unicodedata.normalize("NFKC", str(value)).strip()
    match = _ID.match(raw)
    if not match or int(match.group(1)) < 1:
        raise InvalidValue("incident", tr("incident: {value!r} is not an incident id (like INC-3)",
                                          value=str(value)))
    return int(match.group(1))


def role_key(value: object) -> str:
    role = validate.text("role", value, required=True, max_len=50)
    return _ROLE_ALIASES.get(role.lower(), role.lower() if role.isascii() else role)


def role_label(role: str) -> str:
    names = {"lead": tr("incident lead"), "logs": tr("logs"), "vendor": tr("vendor contact"),
             "wording": tr("customer-service wording"), "scribe": tr("scribe"),
             "ops": tr("ops"), "rnd": tr("R&D"), "qa": tr("QA")}
    return names.get(role, role)


def state_label(state: str) -> str:
    return {"reported": tr("reported"), "mobilising": tr("mobilising"),
            "mitigating": tr("mitigating"), "resolved": tr("resolved"),
            "postmortem_done": tr("postmortem done")}.get(state, state)


# -- reading -----------------------------------------------------------------
def incident_numbers(ws: Workspace) -> list[int]:
    return sorted(row["doc_id"] for row in ws.rows(INDEX_SHARD, INDEX))


def get_incident(ws: Workspace, incident_id: object) -> dict:
    """The incident with its roles, mobilised members, timeline (`events`) and current lead."""
    number = parse_incident_id(incident_id)
    built = _built(ws, number)
    if built is None:
        raise NotFound(tr("No incident {id}", id=label(number)))
    return _copy(built)


def _built(ws: Workspace, number: int) -> dict | None:
    """The incident as `_build` makes it, once per revision of its shard (shared: copy it)."""
    def build(tables: dict) -> dict | None:
        return _build(number, tables) if tables.get(INCIDENT) else None
    return ws.shard(shard_name(number)).memo("incident.built", build)


def _copy(built: dict) -> dict:
    """A private copy of a built incident (plain JSON values: a round trip through orjson is
    many times faster than copy.deepcopy)."""
    return orjson.loads(orjson.dumps(built))


def _light_copy(built: dict) -> dict:
    """The incident and its lists of roles, members and events copied; what those records hold
    (an event's data, the resolution, …) shared with the cache: read it, do not change it."""
    return {**built, "roles": [dict(r) for r in built["roles"]],
            "members": [dict(m) for m in built["members"]],
            "events": [dict(e) for e in built["events"]]}


def list_incidents(ws: Workspace, active_only: bool = False) -> list[dict]:
    """Active incidents first (most severe, then newest), then the closed ones, newest first.

    Many incidents, each with its timeline: the records inside an event (its data) and the
    reports are shared with the cache (see `_light_copy`); `get_incident` gives a full copy."""
    found = []
    for number in incident_numbers(ws):
        built = None
        with ws.skip_damaged(shard_name(number)):  # a damaged one is left out (store/core/damage.py)
            if active_only and _closed_by_head(ws, number):
                continue  # its timeline is not read
            built = _built(ws, number)
        if built is None:
            continue  # numbered, shard not written yet: a declaration in flight
        if not active_only or is_active(built):
            found.append(_light_copy(built))
    return in_list_order(found)


def in_list_order(found: list[dict]) -> list[dict]:
    """Active incidents first (most severe, then newest), then the closed ones, newest first."""
    newest_first = sorted(found, key=lambda i: i["reported_at"], reverse=True)
    active = sorted((i for i in newest_first if is_active(i)), key=lambda i: i["severity"])
    closed = [i for i in newest_first if not is_active(i)]
    return active + closed


def timeline(ws: Workspace, incident_id: object) -> list[dict]:
    return get_incident(ws, incident_id)["events"]


def is_active(inc: dict) -> bool:
    return inc["state"] in ACTIVE_STATES


def current_roles(inc: dict) -> dict[str, str]:
    """role -> login for the roles held now."""
    return {r["role"]: r["login"] for r in inc["roles"] if r["renounced_at"] is None}


def roles_of(inc: dict, login: str) -> list[str]:
    return [r["role"] for r in inc["roles"] if r["renounced_at"] is None and r["login"] == login]


def member_record(inc: dict, login: str) -> dict | None:
    for m in inc["members"]:
        if m["login"] == login:
            return m
    return None


def pending_ready(inc: dict) -> list[dict]:
    """Mobilised members who have not confirmed they are ready (and were not stood down)."""
    return [m for m in inc["members"] if m["ready_at"] is None and m["stood_down_at"] is None]


def _build(number: int, tables: dict) -> dict:
    # Shallow: what the records hold stays shared with the parsed tables, read-only like the
    # built incident itself (`_built`); `get_incident` hands out a full copy. A deep copy of
    # 300 incidents' timelines cost the war room's first opening a third of a second.
    inc = dict(tables[INCIDENT]["1"])
    inc["id"], inc["number"] = label(number), number

    def rows(name: str) -> list[dict]:
        items = sorted(tables.get(name, {}).items(), key=lambda kv: int(kv[0]))
        return [{**doc, "no": int(k)} for k, doc in items]

    inc["roles"], inc["members"], inc["events"] = rows(ROLES), rows(MEMBERS), rows(EVENTS)
    inc["lead"] = current_roles(inc).get(LEAD)
    return inc


# -- permissions (checked against ws.actor.login) ------------------------------
def is_lead(ws: Workspace, inc: dict) -> bool:
    return inc.get("lead") is not None and inc["lead"] == ws.actor.login


def can_assign(ws: Workspace, inc: dict, role: str) -> bool:
    """The lead assigns roles. Without a lead anyone may take or give the lead role;
    an admin acting as themselves may always reassign the lead (a lead unreachable)."""
    if is_lead(ws, inc):
        return True
    if role == LEAD:
        return inc["lead"] is None or (not ws.actor.on_behalf and is_admin(ws, ws.actor.login))
    return False


def can_pin(ws: Workspace, inc: dict, event: dict) -> bool:
    return ws.actor.login in (event["author"], inc.get("lead"))


def require_lead(ws: Workspace, inc: dict, what: str) -> None:
    if not is_lead(ws, inc):
        if inc["lead"] is None:
            raise PermissionDenied(tr("{id} has no incident lead yet; only the lead may {what}. "
                                      "Assign the lead role first.", id=inc["id"], what=what))
        raise PermissionDenied(tr("Only the incident lead ({lead}) may {what}.",
                                  lead=inc["lead"], what=what))


def require_active(inc: dict) -> None:
    if not is_active(inc):
        raise IllegalTransition(tr("{id} is {state}; this is only possible while it is active.",
                                   id=inc["id"], state=state_label(inc["state"])))


# -- writing: helpers ----------------------------------------------------------
class IncidentTx:
    """An incident's tables inside one locked transaction, with the rules' helpers."""

    def __init__(self, ws: Workspace, tx, number: int):
        self.ws, self.tx, self.number = ws, tx, number
        tables = tx.db.storage.read()
        if not tables.get(INCIDENT):
            raise NotFound(tr("No incident {id}", id=label(number)))
        self.inc = _build(number, tables)
        self.now = to_iso(ws.now())

    def event(self, kind: str, text: str = "", **data: object) -> int:
        doc = {"at": self.now, "author": self.ws.actor.login, "kind": kind, "text": text,
               "pinned": False, "data": data}
        return self.tx.table(EVENTS).insert(doc)

    def transition(self, to: str, text: str = "") -> None:
        state = self.inc["state"]
        if to not in TRANSITIONS.get(state, ()):
            nxt = TRANSITIONS.get(state, ())
            raise IllegalTransition(
                tr("{id} is {state}; it cannot become {to}.", id=self.inc["id"],
                   state=state_label(state), to=state_label(to))
                + (" " + tr("Next step: {next}.", next=state_label(nxt[0])) if nxt else ""))
        self.tx.table(INCIDENT).update({"state": to}, doc_ids=[1])
        self.event("state", text, **{"from": state, "to": to})
        self.inc["state"] = to

    def audit(self, action: str, **detail: object) -> None:
        self.tx.audit(action, self.inc["id"], **detail)


def existing_number(ws: Workspace, incident_id: object) -> int:
    """The incident's number, if its shard exists (for writes)."""
    number = parse_incident_id(incident_id)
    if not ws.exists(shard_name(number)):
        raise NotFound(tr("No incident {id}", id=label(number)))
    return number


def member_login(ws: Workspace, field: str, value: object) -> str:
    login = validate.login(field, value)
    if find_member(ws, login) is None:
        raise InvalidValue(field, tr("{field}: no member with login {login!r}",
                                     field=tr(field), login=login))
    return login


def parse_time(ws: Workspace, field: str, value: object) -> datetime:
    """An instant typed by a user: ISO-8601, naive means the workspace's timezone."""
    if isinstance(value, datetime):
        instant = value if value.tzinfo else value.replace(tzinfo=ws.tz)
        return parse_instant(instant.isoformat())
    raw = unicodedata.normalize("NFKC", validate.text(field, value, required=True)).strip()
    try:
        parsed = datetime.fromisoformat(raw.replace("/", "-"))
    except ValueError:
        raise InvalidValue(field, tr("{field}: {value!r} is not a time; use YYYY-MM-DD HH:MM",
                                     field=tr(field), value=raw)) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=ws.tz)
    return parse_instant(parsed.isoformat())


def severity(value: object) -> str:
    raw = unicodedata.normalize("NFKC", validate.text("severity", value, required=True)).upper()
    raw = "S" + raw if raw.isdigit() else raw
    if raw not in SEVERITIES:
        raise InvalidValue("severity", tr("severity: {value!r} is not one of {allowed}",
                                          value=str(value), allowed=", ".join(SEVERITIES)))
    return raw


def get_event(ws: Workspace, incident_id: object, event_no: object) -> dict:
    inc = get_incident(ws, incident_id)
    try:
        wanted = int(unicodedata.normalize("NFKC", str(event_no)).strip().lstrip("#"))
    except ValueError:
        raise InvalidValue("event", tr("event: {value!r} is not an event number",
                                       value=str(event_no))) from None
    for event in inc["events"]:
        if event["no"] == wanted:
            return {**event, "incident": inc["id"]}
    raise NotFound(tr("No event #{no} in {id}", no=wanted, id=inc["id"]))


def emit_incident(t, topic: str, **data: object) -> None:
    """An incident event: id, title, severity and the people holding a role come along."""
    try:
        inc = t.inc
        who = list(dict.fromkeys([*current_roles(inc).values(), inc.get("reporter")]))
        if topic == "incident.resolved" and inc.get("began_at"):
            data["minutes"] = int((t.ws.now() - parse_instant(inc["began_at"]))
                                  .total_seconds() // 60)
        emit(t.tx, topic, inc["id"], title=inc.get("title", ""),
             severity=inc.get("severity", ""), who=[w for w in who if w], **data)
    except Exception:  # noqa: BLE001
        return
