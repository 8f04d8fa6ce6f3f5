"""Channels: where posts go, and what each is linked to. Workspace data, readable by every
member, so a channel only *names* its secret entry (store.notify.secrets); the URL with its
key, the signing secret and the SMTP password live in the sending account's private file.

A channel: {name, kind, secret (entry name), projects [ids], incidents (None, "all" or the
least severe level posted, e.g. "S2" = S1 and S2), reminders [kinds], mentions {login: id
on the service}, created_by, created_at}. Shard `notify`, table `channels`.

Permissions: an admin does everything; the PM (or anyone who manages the project) links or
unlinks their project; whoever added a channel may remove it.
"""

from __future__ import annotations

import re

from tinydb import Query

from ..core import validate
from ..core.clock import to_iso
from ..core.errors import InvalidValue, NotFound, PermissionDenied
from ..core.i18n import tr
from ..core.outbox import CHANNELS_SHARD, CHANNELS_TABLE
from ..warroom.records import SEVERITIES
from ..people.members import find_member, is_admin, require_member
from ..core.workspace import Workspace

SHARD, TABLE = CHANNELS_SHARD, CHANNELS_TABLE  # named in the core: the outbox asks
KINDS = ("feishu", "dingtalk", "wecom", "slack", "webhook", "email")
# the schedule names people know, as the reminder kinds they raise (store/meetings/standup.py)
REMINDER_ALIASES = {"daily_update": ("update.daily", "update.gate"),
                    "weekly_standup": ("standup.weekly", "standup.minutes", "weekly.minutes")}
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
_KIND_WORD = re.compile(r"[a-z_]+(\.[a-z_]+)*")


# -- reading -------------------------------------------------------------------
def list_channels(ws: Workspace) -> list[dict]:
    return sorted(ws.rows(SHARD, TABLE), key=lambda c: c["name"])


def any_channel(ws: Workspace) -> bool:
    return bool(ws.table(SHARD, TABLE)) if ws.exists(SHARD) else False


def get_channel(ws: Workspace, name: str) -> dict:
    for channel in list_channels(ws):
        if channel["name"] == name:
            return channel
    raise NotFound(tr("No channel named {name!r}; see `huddle notify list`", name=name))


def reminder_kinds(entries: list[str]) -> set[str]:
    return {kind for e in entries for kind in REMINDER_ALIASES.get(e, (e,))}


def wants_reminder(channel: dict, kind: str) -> bool:
    """A channel linked to "task" takes task.due, task.receipt, …; "daily_update" its kinds."""
    return any(kind == k or kind.startswith(k + ".")
               for k in reminder_kinds(channel.get("reminders", [])))


def wants_incident(channel: dict, severity: str) -> bool:
    level = channel.get("incidents")
    if not level:
        return False
    if level == "all" or severity not in SEVERITIES:
        return True
    return SEVERITIES.index(severity) <= SEVERITIES.index(level)


def targets(ws: Workspace, event: dict) -> list[dict]:
    """The channels an outbox event goes to."""
    topic, data = event["topic"], event.get("data", {})
    found = []
    for channel in list_channels(ws):
        if event.get("at", "") < channel.get("linked_at", ""):
            continue  # an event from before the link: linking does not replay the past
        if topic == "notify.test":
            ok = channel["name"] == data.get("channel")
        elif topic.startswith("incident."):
            ok = wants_incident(channel, data.get("severity", ""))
        elif topic == "reminder":
            ok = wants_reminder(channel, data.get("kind", ""))
        else:
            ok = data.get("project") in channel.get("projects", [])
        if ok:
            found.append(channel)
    return found


def describe_links(channel: dict) -> str:
    """What a channel posts, in words: "projects P3; incidents S2 and up; reminders …"."""
    parts = []
    if channel.get("projects"):
        parts.append(tr("projects {ids}", ids=", ".join(f"P{p}" for p in channel["projects"])))
    if channel.get("incidents"):
        level = channel["incidents"]
        parts.append(tr("all incidents") if level == "all"
                     else tr("incidents {level} and up", level=level))
    if channel.get("reminders"):
        parts.append(tr("reminders {kinds}", kinds=", ".join(channel["reminders"])))
    return tr("; ").join(parts) or tr("(not linked)")


def describe_counts(counts: dict[str, int]) -> str:
    labels = {"pending": tr("to send"), "delivered": tr("sent"), "failed": tr("given up")}
    return ", ".join(f"{labels.get(k, k)} {v}" for k, v in sorted(counts.items())) or "—"


# -- writing -------------------------------------------------------------------
def add_channel(ws: Workspace, name: str, kind: str, secret: str | None = None) -> dict:
    """An admin, or someone who manages a project, adds a channel (no links yet)."""
    _require_admin_or_manager(ws)
    name = _name("name", name)
    kind = validate.choice("kind", kind, KINDS)
    entry = _name("secret", secret) if secret else name
    with ws.transaction(SHARD) as tx:
        table = tx.table(TABLE)
        if table.contains(Query().name == name):
            raise InvalidValue("name", tr("name: a channel named {name!r} already exists",
                                          name=name))
        table.insert({"name": name, "kind": kind, "secret": entry, "projects": [],
                      "incidents": None, "reminders": [], "mentions": {},
                      "created_by": ws.actor.login, "created_at": to_iso(ws.now())})
        tx.audit("notify.channel.add", name, kind=kind, secret=entry)
    return get_channel(ws, name)


def link(ws: Workspace, name: str, *, project: object = None, incidents: str | None = None,
         reminders: list[str] | str | None = None, unlink: bool = False) -> dict:
    """Link (or unlink) a project, the war room from a severity up, or reminder kinds."""
    channel = get_channel(ws, name)
    changes: dict[str, object] = {}
    if project is not None:
        from ..projects.project import can_manage, get_project
        proj = get_project(ws, project)
        if not can_manage(ws, proj):
            raise PermissionDenied(tr("Only a manager of project {id} or an admin may link it "
                                      "to a channel", id=proj["id"]))
        ids = [p for p in channel.get("projects", []) if p != proj["id"]]
        changes["projects"] = sorted(ids if unlink else ids + [proj["id"]])
    if incidents is not None or reminders is not None:
        _require_admin(ws)
    if incidents is not None:
        changes["incidents"] = None if unlink else _severity(incidents)
    if reminders is not None:
        given = _kinds(reminders)
        current = [k for k in channel.get("reminders", []) if k not in given]
        changes["reminders"] = current if unlink else current + given
    if not changes:
        raise InvalidValue("link", tr("Say what to link: --project, --incidents or --reminders"))
    if not unlink:
        changes["linked_at"] = to_iso(ws.now())
    return _update(ws, channel, changes, "notify.channel.unlink" if unlink
                   else "notify.channel.link")


def set_mention(ws: Workspace, name: str, login: str, service_id: str) -> dict:
    """Whom to @-mention on the service for a member (their user id there; empty: none)."""
    _require_admin(ws)
    channel = get_channel(ws, name)
    login = validate.login("login", login)
    if find_member(ws, login) is None:
        raise InvalidValue("login", tr("login: no member with login {login!r}", login=login))
    service_id = validate.text("id", service_id, max_len=100)
    mentions = {k: v for k, v in channel.get("mentions", {}).items() if k != login}
    if service_id:
        mentions[login] = service_id
    return _update(ws, channel, {"mentions": mentions}, "notify.channel.mention")


def remove_channel(ws: Workspace, name: str) -> None:
    channel = get_channel(ws, name)
    if channel.get("created_by") != ws.actor.login:
        _require_admin(ws)
    with ws.transaction(SHARD) as tx:
        tx.table(TABLE).remove(doc_ids=[channel["doc_id"]])
        tx.audit("notify.channel.remove", name)


def _update(ws: Workspace, channel: dict, changes: dict, action: str) -> dict:
    with ws.transaction(SHARD) as tx:
        tx.table(TABLE).update(changes, doc_ids=[channel["doc_id"]])
        tx.audit(action, channel["name"], **{k: v for k, v in changes.items()
                                             if k != "mentions"})
    return get_channel(ws, channel["name"])


def _require_admin(ws: Workspace) -> None:
    if not is_admin(ws, ws.actor.real):
        raise PermissionDenied(tr("Only a workspace admin may do this; {login} is not an admin.",
                                  login=ws.actor.real))


def _require_admin_or_manager(ws: Workspace) -> None:
    require_member(ws)
    if is_admin(ws, ws.actor.real):
        return
    from ..projects.project import can_manage, list_projects
    if not any(can_manage(ws, p) for p in list_projects(ws)):
        raise PermissionDenied(tr("Only an admin or a project manager may add a channel."))


def _name(field: str, value: object) -> str:
    text = validate.text(field, value, required=True, max_len=64)
    if not _NAME.fullmatch(text):
        raise InvalidValue(field, tr("{field}: use letters, digits, '.', '_' or '-' "
                                     "(e.g. ops-feishu)", field=tr(field)))
    return text


def _severity(value: str) -> str:
    raw = validate.text("incidents", value, required=True).strip()
    if raw.lower() == "all":
        return "all"
    from ..warroom.records import severity
    return severity(raw)


def _kinds(value: list[str] | str) -> list[str]:
    items = re.split(r"[\s,，、]+", value) if isinstance(value, str) else list(value)
    kinds = [validate.text("reminders", k, max_len=64).lower() for k in items]
    kinds = [k for k in kinds if k]
    for k in kinds:
        if not _KIND_WORD.fullmatch(k):
            raise InvalidValue("reminders", tr("reminders: {value!r} is not a reminder kind "
                                               "(e.g. daily_update, task.due)", value=k))
    if not kinds:
        raise InvalidValue("reminders", tr("reminders: name at least one kind"))
    return list(dict.fromkeys(kinds))
