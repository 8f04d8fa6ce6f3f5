"""Meeting minutes, shared by every meeting: kickoff (§1.4), weekly meeting (§1.8),
the standup (§3), routine sync (§5: weekly, phase review, monthly) and customer calls.

A meeting is named by a `meeting` key chosen by its feature, e.g.
"kickoff:3", "weekly:3:2026-11-25", "standup:2026-11-25". A feature asks
`find_minutes(ws, meeting)` to decide whether minutes are still due.
Filing minutes archives them in the knowledge base too.
"""

from __future__ import annotations

from datetime import date, datetime

from ..core import validate
from ..core.clock import local_text, parse_instant, to_iso
from ..core.errors import InvalidValue, NotFound, PermissionDenied
from ..core.i18n import get_language, tr
from ..core.markdown import inline
from ..people.members import find_member, require_member
from ..people.team_language import kind_tag, team_page
from ..reminders.model import Reminder
from ..core.workspace import Workspace
from ..kb.entries import add_entry
from ..core.clock import end_of_day
from ..core.lateness import stamp

MINUTES = "minutes"
TABLE = "minutes"
KINDS = ("kickoff", "weekly", "standup", "phase", "monthly", "customer")
KIND_LABELS = {"kickoff": "Kickoff meeting", "weekly": "Weekly meeting", "standup": "Standup",
               "phase": "Phase review", "monthly": "Monthly review", "customer": "Customer meeting"}


def file_minutes(ws: Workspace, kind: str, title: str, *, meeting: str,
                 held_at: datetime | str, project: int | None = None,
                 attendees: list[str] | tuple = (), progress: str = "", risks: str = "",
                 measures: str = "", decisions: list[str] | tuple = (),
                 actions: list[dict] | tuple = (), body: str = "",
                 projects: list[int] | tuple = (), due_at: datetime | None = None) -> dict:
    """Save minutes (any member) and archive them in the knowledge base. `projects`: the
    projects whose meeting these minutes are (a standup covers several); `due_at`: their
    deadline, stamped on the record (`late`, `late_for`) by lateness.stamp."""
    require_member(ws)
    doc = {
        "kind": validate.choice("kind", kind, KINDS),
        "title": validate.text("title", title, required=True, max_len=300),
        "meeting": validate.text("meeting", meeting, required=True, max_len=200),
        "held_at": to_iso(parse_instant(held_at) if isinstance(held_at, str) else held_at),
        "project": project,
        "attendees": [_member_login(ws, "attendees", a) for a in attendees],
        "progress": validate.text("progress", progress, multiline=True),
        "risks": validate.text("risks", risks, multiline=True),
        "measures": validate.text("measures", measures, multiline=True),
        "decisions": [d for d in (validate.text("decisions", d, multiline=True)
                                  for d in decisions) if d],
        "actions": [_clean_action(ws, a) for a in actions],
        "body": validate.text("body", body, multiline=True),
        "filed_at": to_iso(ws.now()),
        "filed_by": ws.actor.login,
        "projects": sorted({int(p) for p in projects} | ({int(project)} if project is not None
                                                         else set())),
        "due_at": to_iso(due_at) if due_at else None,
        **stamp(due_at, ws.now()),
    }
    with ws.transaction(MINUTES) as tx:
        number = tx.table(TABLE).insert(doc)
        tx.audit("minutes.file", number, meeting=doc["meeting"])
    source = {"kind": "minutes", "id": number}
    if project is not None:
        source["project"] = project
    page = team_page(ws, lambda: minutes_markdown({**doc, "id": number}, tz=ws.tz))
    entry = add_entry(ws, doc["title"], "minutes", page,
                      tags=[doc["kind"], kind_tag(ws, KIND_LABELS[doc["kind"]])], source=source)
    with ws.transaction(MINUTES) as tx:
        tx.table(TABLE).update({"kb": entry["id"]}, doc_ids=[number])
        tx.audit("minutes.archive", number, kb=entry["id"])
    return get_minutes(ws, number)


def get_minutes(ws: Workspace, number: int | str) -> dict:
    raw = ws.shard(MINUTES).load().get(TABLE, {}).get(str(number))
    if raw is None:
        raise NotFound(tr("No minutes with id {id}", id=number))
    return {**raw, "id": int(number)}


def find_minutes(ws: Workspace, meeting: str) -> dict | None:
    found = ws.shard(MINUTES).memo("minutes.by_meeting", _by_meeting).get(meeting)
    return {**found[1], "id": found[0]} if found else None


def _by_meeting(tables: dict) -> dict[str, tuple[int, dict]]:
    """meeting key -> (id, minutes), once per revision of the shard (every project's reminders
    ask whether its meetings have minutes)."""
    index: dict[str, tuple[int, dict]] = {}
    for number, row in sorted(tables.get(TABLE, {}).items(), key=lambda kv: int(kv[0])):
        index.setdefault(row["meeting"], (int(number), row))
    return index


def standup_minutes_of(ws: Workspace, day: str) -> list[dict]:
    """The standup minutes of `day` (YYYY-MM-DD; `standup:<day>` or `standup:<day>:…`),
    newest meeting first, as `list_minutes(kind="standup")` orders them; indexed once per
    revision of the shard (every project's weekly reminder asks). Shared: do not change."""
    return ws.shard(MINUTES).memo("minutes.standups_by_day", _standups_by_day).get(day, [])


def _standups_by_day(tables: dict) -> dict[str, list[dict]]:
    rows = sorted(({**row, "id": int(number)} for number, row in tables.get(TABLE, {}).items()
                   if row["kind"] == "standup"), key=lambda r: r["held_at"], reverse=True)
    index: dict[str, list[dict]] = {}
    for row in rows:
        parts = row["meeting"].split(":")
        if len(parts) >= 2 and parts[0] == "standup":
            index.setdefault(parts[1], []).append(row)
    return index


def list_minutes(ws: Workspace, kind: str | None = None, project: int | None = None) -> list[dict]:
    # only the rows asked for are copied (the shard holds every meeting's minutes)
    rows = [{**r, "id": int(number)} for number, r in ws.table(MINUTES, TABLE).items()
            if (kind is None or r["kind"] == kind)
            and (project is None or r["project"] == project)]
    return sorted(rows, key=lambda r: r["held_at"], reverse=True)


def standup_minutes_of(ws: Workspace, day: str) -> list[dict]:
    """The standup's minutes held on `day` (meeting "standup:DAY" or "standup:DAY:…"), newest
    first as `list_minutes` gives them; indexed once per revision of the shard (every
    project's weekly-minutes reminder asks, on every check)."""
    found = ws.shard(MINUTES).memo("minutes.standup_by_day", _standup_by_day).get(day, ())
    return [{**row, "id": number} for number, row in found]


def _standup_by_day(tables: dict) -> dict[str, list[tuple[int, dict]]]:
    index: dict[str, list[tuple[int, dict]]] = {}
    for number, row in tables.get(TABLE, {}).items():
        meeting = row.get("meeting", "")
        if row.get("kind") == "standup" and meeting.startswith("standup:"):
            index.setdefault(meeting.split(":")[1], []).append((int(number), row))
    for rows in index.values():
        rows.sort(key=lambda item: item[1]["held_at"], reverse=True)
    return index


def complete_action(ws: Workspace, number: int, index: int) -> dict:
    """The action's owner (or whoever filed the minutes) marks it done."""
    minutes = get_minutes(ws, number)
    if not 0 <= index < len(minutes["actions"]):
        raise NotFound(tr("Minutes {id} have no action {n}", id=number, n=index + 1))
    action = minutes["actions"][index]
    if ws.actor.login not in (action["owner"], minutes["filed_by"]):
        raise PermissionDenied(tr("Only the action's owner or the minutes' author may close it"))
    with ws.transaction(MINUTES) as tx:
        actions = [dict(a) for a in tx.table(TABLE).get(doc_id=number)["actions"]]
        actions[index]["done_at"] = to_iso(ws.now())
        tx.table(TABLE).update({"actions": actions}, doc_ids=[number])
        tx.audit("minutes.action_done", number, item=index + 1)  # not action=: audit()'s own
    return get_minutes(ws, number)


def minutes_markdown(minutes: dict, lang: str | None = None, tz=None) -> str:
    """The minutes as a Markdown page (also what the knowledge base archives)."""
    def t(text: str, **kw: object) -> str:
        return tr(text, lang, **kw)

    chinese = (lang or get_language()) == "zh"
    colon, comma = ("：", "、") if chinese else (": ", ", ")  # full-width in Chinese
    lines = [f"# {minutes['title']}", "",
             f"- {t('Meeting')}{colon}{t(KIND_LABELS[minutes['kind']])}",
             f"- {t('Held at')}{colon}"
             f"{local_text(minutes['held_at'], tz) if tz else minutes['held_at']}"]
    if minutes.get("attendees"):
        lines.append(f"- {t('Attendees')}{colon}{comma.join(minutes['attendees'])}")
    if minutes.get("late"):
        lines.append(f"- **{t('Filed late')}** ({t('due {at}', at=_when(minutes['late_for'], tz))}, "
                     f"{t('filed {at}', at=_when(minutes['filed_at'], tz))})")
    for key, label in (("progress", "Progress"), ("risks", "Risks"), ("measures", "Measures"),
                       ("body", "Notes")):
        if minutes.get(key):
            lines += ["", f"## {t(label)}", "", minutes[key]]
    if minutes.get("decisions"):
        lines += ["", f"## {t('Decisions')}", ""] + [f"- {d}" for d in minutes["decisions"]]
    if minutes.get("actions"):
        lines += ["", f"## {t('Actions')}", "",
                  f"| {t('Action')} | {t('Owner')} | {t('Due')} |", "|---|---|---|"]
        lines += [f"| {_cell(a['text'])} | {a['owner']} | {a.get('due') or ''} |"
                  for a in minutes["actions"]]
    return "\n".join(lines) + "\n"


def due(ws: Workspace, now: datetime, quiet=None) -> list[Reminder]:
    """An action item from any minutes whose due day has passed is overdue for its owner.
    `quiet(ws, project)`: minutes of such a project say nothing (the registry passes the
    projects' rule: minutes sit below the projects)."""
    found = []
    open_actions = ws.shard(MINUTES).memo("minutes.open_actions", lambda tables: [  # per revision
        ({**minutes, "doc_id": int(number)}, index, action)
        for number, minutes in tables.get(TABLE, {}).items()
        for index, action in enumerate(minutes.get("actions", []))
        if not action.get("done_at") and action.get("due")])
    for minutes, index, action in open_actions:
        if quiet is not None and minutes.get("project") and quiet(ws, minutes["project"]):
            continue
        deadline = end_of_day(date.fromisoformat(action["due"]), ws.tz)
        if deadline <= now:
            found.append(Reminder(
                "minutes.action", f"{minutes['doc_id']}.{index + 1}",
                tr("Action from “{title}”: {text}", title=minutes["title"],
                   text=action["text"]),
                (action["owner"],), deadline, True))
    return found


def _clean_action(ws: Workspace, action: dict) -> dict:
    return {"text": validate.text("actions", action.get("text"), required=True, max_len=1000),
            "owner": _member_login(ws, "actions", action.get("owner")),
            "due": validate.day("actions", action.get("due"), required=False)}


def _member_login(ws: Workspace, field: str, login: object) -> str:
    login = validate.login(field, login)
    if find_member(ws, login) is None:
        raise InvalidValue(field, tr("{field}: no member with login {login!r}",
                                     field=tr(field), login=login))
    return login


def _when(iso: str, tz=None) -> str:
    return local_text(iso, tz) if tz else iso


def _cell(text: str) -> str:
    return inline(text)
