"""Routine sync (例行信息同步, SPEC §5): weekly meetings, phase reviews and monthly
reviews with decisions and action items, on top of `store.meetings.minutes`.

Filing goes through `minutes.file_minutes`, which archives the minutes in the
knowledge base and reminds action owners once an action's due day is over.
This module adds the meeting key convention for routine meetings
(`routine:<kind>:<YYYY-MM-DD>[:<scope>]`), the list of routine minutes and a
view of every open action item across all minutes.
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime

from ..core import validate
from ..core.clock import parse_instant
from ..core.errors import InvalidValue
from ..core.i18n import tr
from .minutes import MINUTES, TABLE, file_minutes, list_minutes
from ..core.workspace import Workspace

ROUTINE_KINDS = ("weekly", "phase", "monthly")
PREFIX = "routine:"


def file_routine(ws: Workspace, kind: str, title: str, *, held_at: datetime | str,
                 scope: str = "", attendees: list[str] | tuple = (),
                 decisions: list[str] | tuple = (), actions: list[dict] | tuple = (),
                 progress: str = "", risks: str = "", measures: str = "", body: str = "",
                 project: int | None = None) -> dict:
    """File the minutes of a routine meeting (any member); archived to the knowledge base."""
    kind = validate.choice("kind", kind, ROUTINE_KINDS)
    held = _instant(held_at) if isinstance(held_at, str) else held_at
    scope = validate.text("scope", scope, max_len=60).replace(":", "-")
    day = held.astimezone(ws.tz).date().isoformat()
    meeting = f"{PREFIX}{kind}:{day}" + (f":{scope}" if scope else "")
    return file_minutes(ws, kind, title, meeting=meeting, held_at=held, project=project,
                        attendees=attendees, progress=progress, risks=risks, measures=measures,
                        decisions=decisions, actions=actions, body=body)


def _instant(value: str) -> datetime:
    raw = unicodedata.normalize("NFKC", validate.text("at", value, required=True))
    try:
        return parse_instant(raw)
    except ValueError:
        raise InvalidValue("at", tr("at: {value!r} is not a time; use YYYY-MM-DDTHH:MM",
                                    value=raw)) from None


def list_routine(ws: Workspace, kind: str | None = None) -> list[dict]:
    """Minutes of routine meetings, the most recent first."""
    return [m for m in list_minutes(ws, kind) if m["meeting"].startswith(PREFIX)
            and m["kind"] in ROUTINE_KINDS]


def open_actions(ws: Workspace, today: date | None = None, owner: str | None = None) -> list[dict]:
    """Every action item not done yet, from any minutes, the soonest due first.

    Each: minutes (id), index (0-based, as `minutes.complete_action` takes it),
    title of the minutes, text, owner, due, overdue.
    """
    today = today or ws.today()
    found = []
    if not ws.exists(MINUTES):
        return found
    for row in ws.rows(MINUTES, TABLE):
        for index, action in enumerate(row.get("actions", [])):
            if action.get("done_at") or (owner and action["owner"] != owner):
                continue
            found.append({"minutes": row["doc_id"], "index": index, "title": row["title"],
                          "kind": row["kind"], "text": action["text"], "owner": action["owner"],
                          "due": action.get("due"),
                          "overdue": bool(action.get("due")) and action["due"] < today.isoformat()})
    return sorted(found, key=lambda a: (a["due"] or "9999", a["minutes"], a["index"]))


def parse_action(text: str) -> dict:
    """"TEXT | OWNER | YYYY-MM-DD" (due optional) → an action for `file_routine`.

    The full-width ｜ that a Chinese input method types works as well.
    """
    parts = [p.strip() for p in text.replace("｜", "|").split("|")]
    if len(parts) < 2 or not parts[0] or not parts[1]:
        raise InvalidValue("actions", tr("actions: write each action as "
                                         "“what | owner login | due date”"))
    return {"text": parts[0], "owner": parts[1].lstrip("@"),
            "due": parts[2] if len(parts) > 2 and parts[2] else None}
