"""New-hire onboarding (新人融入引导, SPEC §4): a checklist per hire, copied from a
template on the start date, with real due dates in working days, real owners,
progress, overdue reminders and host-verified steps.

Who does what:
- starting an onboarding: a workspace admin, the HR owner, or the manager named;
- ticking a step: its owner, the hire's manager or buddy, the HR owner or an
  admin (the hire ticks their own steps);
- adding a note: anyone involved in the checklist (or an admin);
- optional steps never become overdue and do not count towards progress.

IT and HR steps are owned by the template's `it`/`hr` login, else the
workspace's default (`set_owners`), else the manager stands in.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Callable

from tinydb import Query

from ..core import validate
from ..core.clock import to_iso
from ..core.errors import IllegalTransition, InvalidValue, NotFound, PermissionDenied
from .hostcheck import Reader, Runner, run_check
from ..core.i18n import get_language, tr
from .templates import GROUPS, ONBOARDING, get_template, owners_config
from ..people.members import find_member, is_admin, require_member
from ..reminders.model import Reminder, provider
from ..projects.tasks import end_of_day
from ..people.workdays import WorkCalendar
from ..core.workspace import Workspace

HIRES = "hires"
STATES = ("active", "complete", "cancelled")
STATE_LABELS = {"active": "Under way", "complete": "Complete", "cancelled": "Cancelled"}
HOST = "(host)"   # `done_by` of a step the jump host verified


def parse_hire_id(value: object) -> int:
    raw = str(value).strip().lstrip("Hh#")
    if not raw.isdigit():
        raise InvalidValue("hire", tr("hire: {value!r} is not an onboarding id", value=value))
    return int(raw)


# -- reading -----------------------------------------------------------------
def get_hire(ws: Workspace, hire_id: int | str) -> dict:
    number = parse_hire_id(hire_id)
    raw = ws.shard(ONBOARDING).load().get(HIRES, {}).get(str(number))
    if raw is None:
        raise NotFound(tr("No onboarding with id {id}", id=hire_id))
    return _as_hire(number, raw)


def find_hire(ws: Workspace, key: int | str) -> dict:
    """An onboarding by id, or the newest one of the member with that login."""
    text = str(key).strip()
    if text.lstrip("Hh#").isdigit():
        return get_hire(ws, text)
    mine = [h for h in list_hires(ws) if h["login"] == text]
    if not mine:
        raise NotFound(tr("No onboarding for {login!r}", login=text))
    return mine[0]


def list_hires(ws: Workspace, state: str | None = None, today: date | None = None) -> list[dict]:
    """Every onboarding with its summary, the newest start first."""
    today = today or ws.today()
    hires = [_as_hire(r.pop("doc_id"), r) for r in ws.rows(ONBOARDING, HIRES)]
    hires = [h for h in hires if state is None or h["state"] == state]
    for hire in hires:
        hire["summary"] = summary(hire, today)
    return sorted(hires, key=lambda h: (h["start"], h["id"]), reverse=True)


def active_hire_of(ws: Workspace, login: str) -> dict | None:
    """The running onboarding of `login` as the hire, if any."""
    for hire in list_hires(ws, "active"):
        if hire["login"] == login:
            return hire
    return None


def summary(hire: dict, today: date) -> dict:
    required = [s for s in hire["steps"] if not s["optional"]]
    done = sum(1 for s in required if s.get("done_at"))
    overdue = [s for s in required if is_overdue(s, today)]
    upcoming = sorted((s for s in hire["steps"] if not s.get("done_at")), key=lambda s: s["due"])
    return {"required": len(required), "done": done,
            "progress": round(100 * done / len(required)) if required else 100,
            "overdue": len(overdue),
            "optional_done": sum(1 for s in hire["steps"] if s["optional"] and s.get("done_at")),
            "next_due": upcoming[0]["due"] if upcoming else None}


def is_overdue(step: dict, today: date) -> bool:
    """Not done, required, and its due day is over."""
    return not step.get("done_at") and not step["optional"] and step["due"] < today.isoformat()


def steps_by_group(hire: dict) -> list[tuple[str, list[dict]]]:
    return [(g, [s for s in hire["steps"] if s["group"] == g]) for g in GROUPS
            if any(s["group"] == g for s in hire["steps"])]


def involved(hire: dict) -> set[str]:
    return {hire["login"], hire["buddy"], hire["manager"], hire.get("hr") or "",
            *(s["owner"] for s in hire["steps"])} - {""}


# -- writing -----------------------------------------------------------------
def start_onboarding(ws: Workspace, login: str, *, template: str, start: str | date,
                     buddy: str, manager: str) -> dict:
    """Give `login` a checklist from `template` starting on `start` (a working day)."""
    me = require_member(ws)
    tpl = get_template(ws, template)
    login = _member(ws, "login", login)
    buddy = _member(ws, "buddy", buddy)
    manager = _member(ws, "manager", manager)
    if buddy == login:
        raise InvalidValue("buddy", tr("buddy: the hire cannot be their own contact person"))
    if manager == login:
        raise InvalidValue("manager", tr("manager: the hire cannot be their own manager"))
    defaults = owners_config(ws)
    it = tpl.get("it") or defaults["it"]
    hr = tpl.get("hr") or defaults["hr"]
    if not (me["login"] in (manager, hr) or _admin_self(ws)):
        raise PermissionDenied(tr("Only an admin, the HR owner or the hire's manager may start "
                                  "an onboarding"))
    start_day = date.fromisoformat(validate.day("start", start) or "")
    calendar = WorkCalendar.of(ws)
    if not calendar.is_working_day(start_day):
        raise InvalidValue("start", tr("start: {day} is not a working day", day=start_day))
    if active_hire_of(ws, login):
        raise InvalidValue("login", tr("login: {login} already has an onboarding under way",
                                       login=login))
    people = {"hire": login, "buddy": buddy, "manager": manager, "it": it or manager,
              "hr": hr or manager}
    configured = {"it": it, "hr": hr}
    steps = []
    for n, step in enumerate(tpl["steps"], 1):
        steps.append({**step, "n": n, "owner_role": step["owner"], "owner": people[step["owner"]],
                      "stand_in": step["owner"] in configured and not configured[step["owner"]],
                      "due": calendar.add_working_days(start_day, step["offset"]).isoformat(),
                      "done_at": None, "done_by": None, "notes": [], "verified": None})
    doc = {"login": login, "template": tpl["name"], "role": tpl["role"], "duties": tpl["duties"],
           "start": start_day.isoformat(), "buddy": buddy, "manager": manager, "it": it, "hr": hr,
           "steps": steps, "state": "active", "created_at": to_iso(ws.now()),
           "created_by": ws.actor.login}
    with ws.transaction(ONBOARDING) as tx:
        table = tx.table(HIRES)
        if table.contains((Query().login == login) & (Query().state == "active")):
            raise InvalidValue("login", tr("login: {login} already has an onboarding under way",
                                           login=login))
        number = table.insert(doc)
        tx.audit("onboarding.start", number, login=login, template=tpl["name"])
    return get_hire(ws, number)


def set_step_done(ws: Workspace, hire_id: int | str, number: int, done: bool = True) -> dict:
    hire = get_hire(ws, hire_id)
    step = _step(hire, number)
    _require_can_tick(ws, hire, step)
    if bool(step.get("done_at")) == done:
        return hire
    now = to_iso(ws.now())
    return _update_step(ws, hire, number, "onboarding.done" if done else "onboarding.undone",
                        {"done_at": now if done else None,
                         "done_by": ws.actor.login if done else None})


def toggle_step(ws: Workspace, hire_id: int | str, number: int) -> dict:
    hire = get_hire(ws, hire_id)
    return set_step_done(ws, hire_id, number, not _step(hire, number).get("done_at"))


def add_note(ws: Workspace, hire_id: int | str, number: int, text: str) -> dict:
    hire = get_hire(ws, hire_id)
    _step(hire, number)  # NotFound for a step the checklist does not have
    login = ws.actor.login
    if login not in involved(hire) and not _admin_self(ws):
        raise PermissionDenied(tr("Only the people on this checklist may add notes"))
    note = {"at": to_iso(ws.now()), "by": login,
            "text": validate.text("note", text, required=True, multiline=True, max_len=2000)}
    # appended to the notes as they are under the lock: two people adding notes at once
    # each keep theirs (a list read before the lock would drop the other's)
    return _update_step(ws, hire, number, "onboarding.note",
                        lambda current: {"notes": [*current.get("notes", []), note]})


def cancel_onboarding(ws: Workspace, hire_id: int | str) -> dict:
    hire = get_hire(ws, hire_id)
    if ws.actor.login not in (hire["manager"], hire.get("hr")) and not _admin_self(ws):
        raise PermissionDenied(tr("Only an admin, the HR owner or the hire's manager may cancel "
                                  "an onboarding"))
    if hire["state"] != "active":
        raise IllegalTransition(tr("Onboarding {id} is already {state}", id=hire["id"],
                                   state=tr(STATE_LABELS[hire["state"]])))
    with ws.transaction(ONBOARDING) as tx:
        tx.table(HIRES).update({"state": "cancelled"}, doc_ids=[hire["id"]])
        tx.audit("onboarding.cancel", hire["id"])
    return get_hire(ws, hire["id"])


def run_checks(ws: Workspace, hire_id: int | str, runner: Runner | None = None,
               reader: Reader | None = None) -> dict:
    """Run the host checks of the checklist's steps and record what changed.

    A verified step is ticked (by "(host)"); a step the host had ticked and can
    no longer verify is unticked. A step a person ticked stays ticked and shows
    "not verified" with the reason. Nothing is written when nothing changed, so
    a screen may call this on every refresh.
    """
    hire = get_hire(ws, hire_id)
    if hire["state"] == "cancelled" or find_member(ws, ws.actor.login) is None:
        return hire  # nothing to record for a cancelled checklist or by a non-member
    updates: dict[int, dict] = {}
    for step in hire["steps"]:
        if not step.get("check"):
            continue
        result = run_check(step["check"], hire["login"], runner, reader)
        change: dict = {}
        old = step.get("verified") or {}
        if old.get("ok") != result.ok or old.get("why") != result.why:
            change["verified"] = {**result.to_json(), "at": to_iso(ws.now())}
        if result.ok and not step.get("done_at"):
            change.update(done_at=to_iso(ws.now()), done_by=HOST)
        elif not result.ok and step.get("done_by") == HOST:
            change.update(done_at=None, done_by=None)
        if change:
            updates[step["n"]] = change
    if not updates:
        return hire
    with ws.transaction(ONBOARDING) as tx:
        table = tx.table(HIRES)
        doc = table.get(doc_id=hire["id"])
        steps = [dict(s, **updates.get(s["n"], {})) for s in doc["steps"]]
        table.update({"steps": steps, "state": _state_after(doc["state"], steps)},
                     doc_ids=[hire["id"]])
        tx.audit("onboarding.check", hire["id"],
                 steps={str(n): c.get("verified", {}).get("ok") for n, c in updates.items()})
    return get_hire(ws, hire["id"])


# -- reminders ---------------------------------------------------------------
@provider
def due(ws: Workspace, now: datetime) -> list[Reminder]:
    """A required step not done by the end of its due day is overdue for its owner."""
    if not ws.exists(ONBOARDING):
        return []
    tz = ws.tz
    # the open steps with their deadlines, once per revision of the file (the app asks
    # every few seconds); the instant only picks those whose deadline has passed
    steps = ws.shard(ONBOARDING).memo(("onboarding.open_steps", str(tz), get_language()),
                                      lambda tables: _open_steps(tables, tz))
    return [reminder for deadline, reminder in steps if deadline <= now]


def _open_steps(tables: dict, tz) -> list[tuple[datetime, Reminder]]:
    found = []
    for number, row in tables.get(HIRES, {}).items():
        if row.get("state") != "active":
            continue
        for step in row["steps"]:
            if step.get("done_at") or step["optional"]:
                continue
            deadline = end_of_day(date.fromisoformat(step["due"]), tz)
            found.append((deadline, Reminder(
                "onboarding.step", f"H{int(number)}-{step['n']}",
                tr("Onboarding of {login}: “{title}” was due {day}", login=row["login"],
                   title=step["title"], day=step["due"]),
                (step["owner"],), deadline, True)))
    return found


# -- helpers -----------------------------------------------------------------
def _as_hire(number: int, raw: dict) -> dict:
    return {**raw, "id": number, "steps": [dict(s) for s in raw["steps"]]}


def _step(hire: dict, number: int) -> dict:
    try:
        number = int(number)
    except (TypeError, ValueError):
        raise InvalidValue("step", tr("step: {value!r} is not a step number",
                                      value=number)) from None
    for step in hire["steps"]:
        if step["n"] == number:
            return step
    raise NotFound(tr("Onboarding {id} has no step {n}", id=hire["id"], n=number))


def _update_step(ws: Workspace, hire: dict, number: int, action: str,
                 change: dict | Callable[[dict], dict]) -> dict:
    """Change step `number` under the onboarding shard's lock; `change` is the new values, or
    a function of the step as it is then (for a change that builds on it)."""
    if hire["state"] == "cancelled":
        raise IllegalTransition(tr("Onboarding {id} was cancelled", id=hire["id"]))
    with ws.transaction(ONBOARDING) as tx:
        table = tx.table(HIRES)
        doc = table.get(doc_id=hire["id"])
        if doc is None:
            raise NotFound(tr("No onboarding with id {id}", id=hire["id"]))
        steps = [dict(s, **(change(s) if callable(change) else change))
                 if s["n"] == number else s for s in doc["steps"]]
        table.update({"steps": steps, "state": _state_after(doc["state"], steps)},
                     doc_ids=[hire["id"]])
        tx.audit(action, f"H{hire['id']}-{number}")
    return get_hire(ws, hire["id"])


def _state_after(state: str, steps: list[dict]) -> str:
    if state == "cancelled":
        return state
    finished = all(s.get("done_at") for s in steps if not s["optional"])
    return "complete" if finished else "active"


def _require_can_tick(ws: Workspace, hire: dict, step: dict) -> None:
    login = ws.actor.login
    if login == hire["login"]:
        if step["owner"] != login:
            raise PermissionDenied(tr("A new hire ticks only their own steps"))
        return
    if login in (step["owner"], hire["manager"], hire["buddy"], hire.get("hr")) or _admin_self(ws):
        return
    raise PermissionDenied(tr("Only the step's owner, the hire's manager or buddy, HR or an admin "
                              "may tick “{title}”", title=step["title"]))


def _admin_self(ws: Workspace) -> bool:
    return not ws.actor.on_behalf and is_admin(ws, ws.actor.login)


def _member(ws: Workspace, field: str, login: object) -> str:
    login = validate.login(field, login)
    if find_member(ws, login) is None:
        raise InvalidValue(field, tr("{field}: no member with login {login!r}",
                                     field=tr(field), login=login))
    return login
