"""Who holds which role in a project, and the small record helpers that every
project-flow module shares (record ids, instants, deadlines).

Roles (all checked on `ws.actor.login`, so an admin acting for a member with
`--as` has exactly that member's rights):

- `pm`: the project manager (project["pm"]).
- `initiator`: who filed the request form (project["initiator"]).
- `requesting_head`: head of the requesting department (project["initiator_dept"]),
  the approver of the request, of delays (with the PM) and of acceptance.
- `lead_head`: head of the lead department (牵头部门, project["lead_dept"]).
- `acceptor`: whom the requesting department's head named to accept deliverables
  (project["acceptor"], 发起部门组织验收), besides the head and the initiator.
- project members: project["members"] (login + project role), plus task owners.

Records other than tasks live in the project shard in their own table; their
id is `<project>-<letter><n>` (e.g. "3-u12" a progress update, "3-d2" a delay,
"3-i4" an issue, "3-r1" a resource request, "3-v3" a deliverable version,
"3-l1" a lag cause), so a record is found without an index.

    role_of(ws, project, login) -> set[str]   # {"pm", "initiator", "requesting_head", ...}
    require_role(ws, project, roles, message) -> str   # the login, or PermissionDenied
"""

from __future__ import annotations

from datetime import date, datetime, time, timezone

from ..core.clock import parse_instant
from ..core.errors import InvalidValue, NotFound, PermissionDenied
from ..core.i18n import tr
from ..people.members import department_head
from .project import CLOSED_STATES, shard_name
from .tasks import end_of_day  # noqa: F401  (re-exported: the instant a day ends)
from ..core.workspace import Workspace
from ..core.errors import IllegalTransition
from .project import project_ids
from .project import get_project

PREFIXES = {"u": "progress", "d": "delays", "i": "issues", "r": "resources",
            "v": "deliverables", "l": "lagging"}


# -- roles -------------------------------------------------------------------
def requesting_head(ws: Workspace, project: dict) -> str | None:
    return department_head(ws, project.get("initiator_dept", ""))


def lead_head(ws: Workspace, project: dict) -> str | None:
    return department_head(ws, project.get("lead_dept", ""))


def role_of(ws: Workspace, project: dict, login: str | None = None) -> set[str]:
    login = login or ws.actor.login
    roles = set()
    if login == project.get("pm"):
        roles.add("pm")
    if login == project.get("initiator"):
        roles.add("initiator")
    if login == requesting_head(ws, project):
        roles.add("requesting_head")
    if login == lead_head(ws, project):
        roles.add("lead_head")
    if login == project.get("acceptor"):
        roles.add("acceptor")
    if any(m.get("login") == login for m in project.get("members", [])):
        roles.add("member")
    return roles


def require_role(ws: Workspace, project: dict, roles: tuple[str, ...], message: str) -> str:
    """The acting login if it holds one of `roles` in `project`, else PermissionDenied(message)."""
    if role_of(ws, project) & set(roles):
        return ws.actor.login
    raise PermissionDenied(message)


def require_open(project: dict) -> None:
    """Refuse changes to a rejected, cancelled or archived project."""
    if project["state"] in CLOSED_STATES:
        raise IllegalTransition(tr("Project {id} is {state}; it can no longer change",
                                   id=project["id"], state=tr(project["state"])))


def unique(*logins: str | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(x for x in logins if x))


# -- record ids --------------------------------------------------------------
def record_id(project_id: int, prefix: str, number: int) -> str:
    return f"{project_id}-{prefix}{number}"


def parse_record_id(value: object, prefix: str, field: str) -> tuple[int, int]:
    raw = str(value).strip().lstrip("#")
    head, sep, tail = raw.partition("-")
    if (not sep or not head.isdigit() or not tail[:1].lower() == prefix
            or not tail[1:].isdigit()):
        raise InvalidValue(field, tr("{field}: {value!r} is not an id like {example}",
                                     field=tr(field), value=value, example=f"3-{prefix}1"))
    return int(head), int(tail[1:])


def load_record(ws: Workspace, value: object, prefix: str, label: str) -> dict:
    """The record with id `value` from its project's table, with `id` and `project` set."""
    pid, number = parse_record_id(value, prefix, label)
    table = PREFIXES[prefix]
    raw = None
    if ws.exists(shard_name(pid)):
        raw = ws.table(shard_name(pid), table).get(str(number))
    if raw is None:
        raise NotFound(tr("No {what} with id {id}", what=tr(label), id=value))
    return as_record(pid, prefix, number, raw)


def as_record(pid: int, prefix: str, number: int, raw: dict) -> dict:
    return {**raw, "id": record_id(pid, prefix, number), "project": pid}


def table_records(ws: Workspace, pid: int, prefix: str) -> list[dict]:
    return [as_record(pid, prefix, r.pop("doc_id"), r)
            for r in ws.rows(shard_name(pid), PREFIXES[prefix])]


def records_of(ws: Workspace, project_id: int | str | None, prefix: str) -> list[dict]:
    """The records of one project (its id; it must exist), or of every project (None), a
    damaged project shard then left out and noted (store/core/damage.py)."""
    if project_id is not None:
        return table_records(ws, get_project(ws, project_id)["id"], prefix)
    found: list[dict] = []
    for pid in project_ids(ws):
        with ws.skip_damaged(shard_name(pid)):
            found += table_records(ws, pid, prefix)
    return found


# -- time --------------------------------------------------------------------
def instant(value: datetime | str, field: str) -> datetime:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise InvalidValue(field, tr("{field}: give a time with its timezone", field=tr(field)))
        return value.astimezone(timezone.utc)
    try:
        return parse_instant(str(value).strip())
    except ValueError:
        raise InvalidValue(field, tr("{field}: {value!r} is not a time; use YYYY-MM-DDTHH:MM",
                                     field=tr(field), value=value)) from None


def local_instant(ws: Workspace, value: datetime | str, field: str) -> datetime:
    """Like `instant`, but a time without a zone is read in the workspace's timezone."""
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.strip())
        except ValueError:
            raise InvalidValue(field, tr("{field}: {value!r} is not a time; use YYYY-MM-DDTHH:MM",
                                         field=tr(field), value=value)) from None
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=ws.tz)
        return parsed.astimezone(timezone.utc)
    return instant(value, field)


def start_of_day(day: date, tz) -> datetime:
    return datetime.combine(day, time.min, tzinfo=tz).astimezone(timezone.utc)
