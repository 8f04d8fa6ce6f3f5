"""Standup meetings and their minutes (SPEC §1.8, §3).

A facilitator starts a meeting (`start_meeting`); the decisions, risks and
actions captured during it, and who attended, are kept as a draft in the
`standup` shard (`save_draft`), so nothing is lost if the app quits, and
`close_meeting` files them through `store.meetings.minutes` under the meeting key
`standup:<YYYY-MM-DD>`. The minutes of a meeting that was started but never
closed are due by the end of the next working day (the `weekly_minutes` rule):
`minutes_reminders` raises that reminder for its facilitators.

One set of minutes: the standup's minutes are also the weekly-meeting minutes of
every project the meeting covered (`standup.covered_projects`: the projects being
worked on with a task to update that day), recorded in the minutes' `projects`;
`store.projects.kickoff.weekly_minutes` finds them. Both follow the same deadline rule.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from ..reminders import schedules
from ..core import validate
from ..core.clock import local_text, parse_instant, to_iso
from ..core.errors import IllegalTransition, InvalidValue, NotFound, PermissionDenied
from ..core.i18n import tr
from ..core.lateness import missed
from ..people.team_language import team_text
from ..people.members import find_member, require_member
from ..reminders.model import Reminder
from ..people.workdays import WorkCalendar
from ..core.workspace import Workspace
from .minutes import file_minutes, find_minutes
from .minutes import list_minutes

STANDUP = "standup"
SESSIONS = "sessions"
LOOKBACK_DAYS = 14
MINUTES_ITEMS = ("decision", "risk", "action")


def meeting_key(day: date | str) -> str:
    return f"standup:{day if isinstance(day, str) else day.isoformat()}"


def start_meeting(ws: Workspace, day: date | None = None, kind: str = "daily") -> dict:
    """The acting member starts facilitating a standup. The session keeps the minutes being
    captured (a draft, safe across a crash or a quit) until `close_meeting` files them; a
    session never closed makes its minutes due the next working day."""
    require_member(ws)
    day = day or ws.today()
    kind = validate.choice("kind", kind, ("daily", "weekly"))
    doc = {"day": day.isoformat(), "kind": kind, "facilitator": ws.actor.login,
           "started_at": to_iso(ws.now()), "minutes": None, "items": [], "attendees": []}
    with ws.transaction(STANDUP) as tx:
        number = tx.table(SESSIONS).insert(doc)
        tx.audit("standup.start", number, day=doc["day"], kind=kind)
    return {**doc, "id": number}


def sessions(ws: Workspace, day: date | None = None) -> list[dict]:
    rows = [{**r, "id": r.pop("doc_id")} for r in ws.rows(STANDUP, SESSIONS)]
    return sorted((r for r in rows if day is None or r["day"] == day.isoformat()),
                  key=lambda r: r["started_at"])


def get_session(ws: Workspace, number: int) -> dict:
    found = next((s for s in sessions(ws) if s["id"] == number), None)
    if found is None:
        raise NotFound(tr("No standup meeting with id {id}", id=number))
    return found


def open_session(ws: Workspace, now: datetime | None = None) -> dict | None:
    """The acting member's latest meeting whose minutes are not filed yet (last two weeks)."""
    now = now or ws.now()
    lookback = (now - timedelta(days=LOOKBACK_DAYS)).astimezone(ws.tz).date().isoformat()
    mine = [s for s in sessions(ws) if s["facilitator"] == ws.actor.login
            and s.get("minutes") is None and s["day"] >= lookback]
    return mine[-1] if mine else None


def save_draft(ws: Workspace, number: int, *, items: list[dict] | tuple = (),
               attendees: list[str] | tuple = ()) -> dict:
    """Keep the minutes captured so far (items from `minutes_item`) and who attended."""
    session = _facilitated(ws, number)
    clean = [minutes_item(ws, i.get("kind", ""), i.get("text"), owner=i.get("owner"),
                          due=i.get("due")) for i in items]
    people = [validate.login("attendees", a) for a in dict.fromkeys(attendees)]
    with ws.transaction(STANDUP) as tx:
        tx.table(SESSIONS).update({"items": clean, "attendees": people}, doc_ids=[number])
        tx.audit("standup.draft", number, items=len(clean), attendees=len(people))
    return {**session, "items": clean, "attendees": people}


def close_meeting(ws: Workspace, number: int, *, notes: str = "",
                  covered=None) -> dict:
    """File the meeting's minutes from its draft: decisions, risks, actions, attendees;
    `covered(day)`: the projects the meeting covered."""
    session = _facilitated(ws, number)
    items = session.get("items", [])
    return save_minutes(
        ws, date.fromisoformat(session["day"]),
        decisions=[i["text"] for i in items if i["kind"] == "decision"],
        risks="\n".join(i["text"] for i in items if i["kind"] == "risk"),
        actions=[{"text": i["text"], "owner": i["owner"], "due": i["due"]}
                 for i in items if i["kind"] == "action"],
        attendees=session.get("attendees", []), notes=notes, session=number,
        projects=covered(date.fromisoformat(session["day"])) if covered else ())


def _facilitated(ws: Workspace, number: int) -> dict:
    session = get_session(ws, number)
    if session["facilitator"] != ws.actor.login:
        raise PermissionDenied(tr("Only the facilitator ({login}) may change the minutes of "
                                  "this meeting", login=session["facilitator"]))
    if session.get("minutes") is not None:
        raise IllegalTransition(tr("The minutes of this meeting are already saved (#{id})",
                                   id=session["minutes"]))
    return session


def save_minutes(ws: Workspace, day: date, *, decisions: list[str] | tuple = (),
                 risks: str = "", actions: list[dict] | tuple = (),
                 attendees: list[str] | tuple = (), notes: str = "",
                 session: int | None = None, held_at: datetime | None = None,
                 projects: list[int] | tuple = ()) -> dict:
    """File the standup's minutes (decisions, risks, actions with owner and due date) under
    the meeting key standup:<day> (standup:<day>:2 … for a second meeting that day);
    `projects`: those the meeting covered (store.meetings.standup computes them)."""
    key = meeting_key(day)
    n = 1
    while find_minutes(ws, key if n == 1 else f"{key}:{n}") is not None:
        n += 1
    meeting = key if n == 1 else f"{key}:{n}"
    started = get_session(ws, session) if session is not None else None
    held = held_at or (parse_instant(started["started_at"]) if started else ws.now())
    minutes = file_minutes(
        ws, "standup",
        team_text(ws, "Standup {day}", day=day.isoformat()) + (f" ({n})" if n > 1 else ""),
        meeting=meeting,
        held_at=held, attendees=list(dict.fromkeys(attendees)), risks=risks,
        decisions=list(decisions), actions=list(actions), body=notes,
        projects=list(projects), due_at=schedules.minutes_due(ws, held))
    if started is not None:
        with ws.transaction(STANDUP) as tx:
            tx.table(SESSIONS).update({"minutes": minutes["id"]}, doc_ids=[started["id"]])
            tx.audit("standup.minutes", started["id"], minutes=minutes["id"])
    return minutes


def minutes_item(ws: Workspace, kind: str, text: object, *, owner: object = None,
                 due: object = None) -> dict:
    """One item captured during the meeting, checked now so that saving cannot fail later:
    a decision, a risk, or an action with its owner (a member) and due date."""
    kind = validate.choice("kind", kind, MINUTES_ITEMS)
    item: dict = {"kind": kind, "text": validate.text("text", text, required=True,
                                                      max_len=1000)}
    if kind == "action":
        login = validate.login("owner", owner)
        if find_member(ws, login) is None:
            raise InvalidValue("owner", tr("owner: no member with login {login!r}", login=login))
        item["owner"] = login
        item["due"] = validate.day("due", due)
    return item


def default_action_due(ws: Workspace, day: date | None = None) -> date:
    """The next working day: when an action from today's standup is due unless told."""
    return WorkCalendar.of(ws).add_working_days(day or ws.today(), 1)


def minutes_filed(ws: Workspace, day: date) -> bool:
    key = meeting_key(day)
    return any(m["meeting"] == key or m["meeting"].startswith(key + ":")
               for m in list_minutes(ws, kind="standup"))


def timebox_minutes(ws: Workspace) -> int:
    return int(schedules.get_schedule(ws, "weekly_standup").get("timebox_minutes", 15))


def minutes_reminders(ws: Workspace, now: datetime, calendar: WorkCalendar) -> list[Reminder]:
    """A standup that was held (started in the app) without minutes filed: they are due by
    the end of the next working day (the `weekly_minutes` rule), for its facilitators.
    (The per-project weekly meeting minutes are reminded by store/projects/kickoff.py.)"""
    tz = ws.tz
    lookback = (now - timedelta(days=LOOKBACK_DAYS)).astimezone(tz).date().isoformat()
    held: dict[str, tuple[datetime, set[str]]] = {}
    for session in sessions(ws):
        if session["day"] < lookback or session.get("minutes"):
            continue
        started = parse_instant(session["started_at"])
        at, who = held.get(session["day"], (started, set()))
        held[session["day"]] = (min(at, started), who | {session["facilitator"]})
    found = []
    for day, (at, who) in sorted(held.items()):
        if minutes_filed(ws, date.fromisoformat(day)):
            continue
        due_at = schedules.minutes_due(ws, at, calendar)
        found.append(Reminder("standup.minutes", day,
                              tr("Minutes of the standup on {day} are due by {due}", day=day,
                                 due=local_text(due_at - timedelta(minutes=1), tz)),
                              tuple(sorted(who)), due_at.astimezone(timezone.utc),
                              missed(due_at, now)))
    return found
