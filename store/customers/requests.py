"""Customer requests (客户需求对接, SPEC §5): followed to closure with change confirmations.

States: received (收到) → confirmed (已确认) → in progress (处理中) → closed (已关闭).
Each step moves forward by one; a request may also be closed early from any
open state (declined, duplicate), and closing always needs a resolution.

Two deadlines, both ending with the day in the workspace's timezone:
- `confirm_by`: the day by which the request must be confirmed with the
  customer (default: the next working day after it was received);
- `due`: the day the customer was promised.
When one passes, the request's owner gets an overdue Reminder.

A change (需求变更) is recorded as pending and applies only once confirmed
(`confirm_change`, naming who at the customer confirmed it); a confirmed
change that moves the due date keeps the old date in the request's history.
A request with a pending change cannot be closed.

The owner, whoever logged the request, and admins may change it.
"""

from __future__ import annotations

from datetime import date, datetime

from ..core import validate
from ..core.clock import parse_instant, to_iso
from ..core.errors import IllegalTransition, InvalidValue, NotFound, PermissionDenied
from ..core.i18n import tr
from ..people.members import find_member, is_admin, require_member
from ..reminders.model import Reminder, provider
from ..projects.tasks import end_of_day
from ..people.workdays import WorkCalendar
from ..core.workspace import Workspace

CUSTOMERS = "customers"
REQUESTS = "requests"
STATES = ("received", "confirmed", "in_progress", "closed")
OPEN_STATES = STATES[:-1]
STATE_LABELS = {"received": "Received", "confirmed": "Confirmed", "in_progress": "In progress",
                "closed": "Closed"}
CHANGE_LABELS = {"pending": "Awaiting the customer", "confirmed": "Confirmed",
                 "rejected": "Rejected"}


def parse_request_id(value: object) -> int:
    raw = str(value).strip().lstrip("Cc#")
    if not raw.isdigit():
        raise InvalidValue("request", tr("request: {value!r} is not a request id (like C3)",
                                         value=value))
    return int(raw)


# -- reading -----------------------------------------------------------------
def get_request(ws: Workspace, request_id: int | str, today: date | None = None) -> dict:
    number = parse_request_id(request_id)
    raw = ws.shard(CUSTOMERS).load().get(REQUESTS, {}).get(str(number))
    if raw is None:
        raise NotFound(tr("No customer request with id {id}", id=request_id))
    return _as_request(number, raw, today or ws.today())


def list_requests(ws: Workspace, *, open_only: bool = False, overdue_only: bool = False,
                  owner: str | None = None, today: date | None = None) -> list[dict]:
    """Requests, the soonest due first (closed ones last)."""
    today = today or ws.today()
    found = [_as_request(r.pop("doc_id"), r, today) for r in ws.rows(CUSTOMERS, REQUESTS)]
    found = [r for r in found if (not open_only or r["state"] != "closed")
             and (not overdue_only or r["overdue"]) and (owner is None or r["owner"] == owner)]
    return sorted(found, key=lambda r: (r["state"] == "closed", r["due"], r["id"]))


def overdue_reasons(request: dict, today: date) -> list[str]:
    """Which deadlines of an open request have passed: "confirm", "due"."""
    if request["state"] == "closed":
        return []
    found = []
    if request["state"] == "received" and request["confirm_by"] < today.isoformat():
        found.append("confirm")
    if request["due"] < today.isoformat():
        found.append("due")
    return found


# -- writing -----------------------------------------------------------------
def add_request(ws: Workspace, customer: str, title: str, *, owner: str, due: str | date,
                detail: str = "", contact: str = "", received_at: datetime | str | None = None,
                confirm_by: str | date | None = None) -> dict:
    """Log a request as received. Any member may."""
    require_member(ws)
    received = (parse_instant(received_at) if isinstance(received_at, str)
                else received_at or ws.now())
    received_day = received.astimezone(ws.tz).date()
    calendar = WorkCalendar.of(ws)
    doc = {
        "customer": validate.text("customer", customer, required=True, max_len=200),
        "contact": validate.text("contact", contact, max_len=200),
        "title": validate.text("title", title, required=True, max_len=300),
        "detail": validate.text("detail", detail, multiline=True, max_len=20000),
        "owner": _member(ws, "owner", owner),
        "due": validate.day("due", due),
        "confirm_by": (validate.day("confirm_by", confirm_by) if confirm_by
                       else calendar.add_working_days(received_day, 1).isoformat()),
        "received_at": to_iso(received),
        "received_by": ws.actor.login,
        "state": "received",
        "history": [],
        "changes": [],
        "resolution": "",
    }
    if doc["due"] < received_day.isoformat():
        raise InvalidValue("due", tr("due: {day} is before the request was received",
                                     day=doc["due"]))
    with ws.transaction(CUSTOMERS) as tx:
        number = tx.table(REQUESTS).insert(doc)
        tx.audit("customer.add", number, customer=doc["customer"], title=doc["title"])
    return get_request(ws, number)


def advance(ws: Workspace, request_id: int | str, note: str = "") -> dict:
    """Move to the next state: received → confirmed → in progress. Closing needs `close`."""
    request = _editable(ws, request_id)
    index = STATES.index(request["state"])
    target = STATES[index + 1]
    if target == "closed":
        raise IllegalTransition(tr("Close request {id} with a resolution", id=request["id"]))
    return _move(ws, request, target, validate.text("note", note, multiline=True, max_len=2000))


def confirm(ws: Workspace, request_id: int | str, note: str = "") -> dict:
    return _transition(ws, request_id, "received", "confirmed", note)


def start(ws: Workspace, request_id: int | str, note: str = "") -> dict:
    return _transition(ws, request_id, "confirmed", "in_progress", note)


def close(ws: Workspace, request_id: int | str, resolution: str) -> dict:
    request = _editable(ws, request_id)
    resolution = validate.text("resolution", resolution, required=True, multiline=True,
                               max_len=5000)
    if any(c["state"] == "pending" for c in request["changes"]):
        raise IllegalTransition(tr("Request {id} has a change waiting for the customer's "
                                   "confirmation; confirm or reject it first", id=request["id"]))
    return _move(ws, request, "closed", resolution,
                 {"resolution": resolution, "closed_at": to_iso(ws.now())})


def request_change(ws: Workspace, request_id: int | str, text: str, *,
                   due: str | date | None = None) -> dict:
    """Record a change the customer asked for; it applies once confirmed."""
    request = _editable(ws, request_id)
    change = {"n": len(request["changes"]) + 1,
              "text": validate.text("change", text, required=True, multiline=True, max_len=5000),
              "due": validate.day("due", due, required=False) if due else None,
              "at": to_iso(ws.now()), "by": ws.actor.login, "state": "pending"}
    with ws.transaction(CUSTOMERS) as tx:
        tx.table(REQUESTS).update({"changes": [*request["changes"], change]},
                                  doc_ids=[request["id"]])
        tx.audit("customer.change", request["id"], n=change["n"])
    return get_request(ws, request["id"])


def confirm_change(ws: Workspace, request_id: int | str, number: int, *, confirmed_by: str,
                   accept: bool = True, note: str = "") -> dict:
    """The customer's answer to change `number`: accepted (applied) or rejected."""
    request = _editable(ws, request_id)
    changes = [dict(c) for c in request["changes"]]
    if not 1 <= number <= len(changes):
        raise NotFound(tr("Request {id} has no change {n}", id=request["id"], n=number))
    change = changes[number - 1]
    if change["state"] != "pending":
        raise IllegalTransition(tr("Change {n} of request {id} was already {state}",
                                   n=number, id=request["id"],
                                   state=tr(CHANGE_LABELS[change["state"]])))
    change.update(state="confirmed" if accept else "rejected", answered_at=to_iso(ws.now()),
                  answered_by=ws.actor.login,
                  confirmed_by=validate.text("confirmed_by", confirmed_by, required=True,
                                             max_len=200),
                  note=validate.text("note", note, multiline=True, max_len=2000))
    update: dict = {"changes": changes}
    if accept and change["due"] and change["due"] != request["due"]:
        update["due"] = change["due"]
        update["due_history"] = [*request.get("due_history", []),
                                 {"due": request["due"], "until": to_iso(ws.now()),
                                  "change": number}]
    with ws.transaction(CUSTOMERS) as tx:
        tx.table(REQUESTS).update(update, doc_ids=[request["id"]])
        tx.audit("customer.change_answer", request["id"], n=number, state=change["state"])
    return get_request(ws, request["id"])


# -- reminders ---------------------------------------------------------------
@provider
def due(ws: Workspace, now: datetime) -> list[Reminder]:
    """An open request past its confirm-by or due day is overdue for its owner."""
    if not ws.exists(CUSTOMERS):
        return []
    tz = ws.tz
    found = []
    for row in ws.rows(CUSTOMERS, REQUESTS):
        if row["state"] == "closed":
            continue
        subject = f"C{row['doc_id']}"
        if row["state"] == "received":
            deadline = end_of_day(date.fromisoformat(row["confirm_by"]), tz)
            if deadline <= now:
                found.append(Reminder(
                    "customer.confirm", subject,
                    tr("Customer request {id} “{title}” from {customer} is not confirmed yet",
                       id=subject, title=row["title"], customer=row["customer"]),
                    (row["owner"],), deadline, True))
        deadline = end_of_day(date.fromisoformat(row["due"]), tz)
        if deadline <= now:
            found.append(Reminder(
                "customer.due", subject,
                tr("Customer request {id} “{title}” from {customer} was due {day}",
                   id=subject, title=row["title"], customer=row["customer"], day=row["due"]),
                (row["owner"],), deadline, True))
    return found


# -- helpers -----------------------------------------------------------------
def _transition(ws: Workspace, request_id: int | str, source: str, target: str,
                note: str) -> dict:
    request = _editable(ws, request_id)
    if request["state"] != source:
        raise IllegalTransition(tr("Request {id} is {state}; it cannot become {target}",
                                   id=request["id"], state=tr(STATE_LABELS[request["state"]]),
                                   target=tr(STATE_LABELS[target])))
    return _move(ws, request, target, validate.text("note", note, multiline=True, max_len=2000))


def _move(ws: Workspace, request: dict, target: str, note: str, extra: dict | None = None) -> dict:
    entry = {"at": to_iso(ws.now()), "by": ws.actor.login, "from": request["state"],
             "to": target, "note": note}
    with ws.transaction(CUSTOMERS) as tx:
        table = tx.table(REQUESTS)
        current = table.get(doc_id=request["id"])
        if current["state"] != request["state"]:
            raise IllegalTransition(tr("Request {id} changed meanwhile; it is now {state}",
                                       id=request["id"], state=tr(STATE_LABELS[current["state"]])))
        table.update({**(extra or {}), "state": target,
                      "history": [*current.get("history", []), entry]}, doc_ids=[request["id"]])
        tx.audit("customer." + target, request["id"])
    return get_request(ws, request["id"])


def _editable(ws: Workspace, request_id: int | str) -> dict:
    require_member(ws)
    request = get_request(ws, request_id)
    login = ws.actor.login
    if login not in (request["owner"], request["received_by"]) and not (
            not ws.actor.on_behalf and is_admin(ws, login)):
        raise PermissionDenied(tr("Only the request's owner, whoever logged it or an admin may "
                                  "change request {id}", id=request["id"]))
    if request["state"] == "closed":
        raise IllegalTransition(tr("Request {id} is closed", id=request["id"]))
    return request


def _as_request(number: int, raw: dict, today: date) -> dict:
    request = {**raw, "id": number}
    request["overdue_reasons"] = overdue_reasons(request, today)
    request["overdue"] = bool(request["overdue_reasons"])
    request["pending_changes"] = sum(1 for c in raw.get("changes", [])
                                     if c["state"] == "pending")
    return request


def _member(ws: Workspace, field: str, login: object) -> str:
    login = validate.login(field, login)
    if find_member(ws, login) is None:
        raise InvalidValue(field, tr("{field}: no member with login {login!r}",
                                     field=tr(field), login=login))
    return login
