"""Per-user preferences (the theme, the language) and the workspace's interop id.

Preferences live in their own shard, `preferences`, so that saving one never
rewrites (or waits for) the directory or a project. A user is the OS account
of the process, `ws.actor.real`: an admin acting for a member (`--as`) keeps
their own theme. No membership is needed to have preferences; writing them
needs a writable workspace, like every write, and is audited.

    get_preferences(ws, login=None) -> dict          # {} when none saved
    get_preference(ws, key, default=None, login=None)
    set_preference(ws, key, value) -> dict           # the user's preferences after the write
    saved_theme(ws) -> str | None / save_theme(ws, name) -> dict
    saved_language(ws) -> str | None / save_language(ws, lang) -> dict
    workspace_uuid(ws) -> uuid.UUID

`workspace_uuid` is a random id given to the workspace the first time one is
asked for (table `workspace` of the same shard). Calendar UIDs and Taskwarrior
uuids are derived from it, so they are stable across exports and never
collide between two workspaces (two demo workspaces made with the same
HUDDLE_NOW would, if the ids came from the creation time).
"""

from __future__ import annotations

import re
import uuid

from ..core import validate
from ..core.clock import to_iso
from ..core.errors import InvalidValue, StoreError
from ..core.i18n import LANGUAGES, tr
from ..core.workspace import Workspace
from .settings import get_settings

PREFERENCES = "preferences"
USERS = "users"
WORKSPACE = "workspace"
KEYS = ("theme", "lang")
_THEME_NAME = re.compile(r"[a-z0-9][a-z0-9_.-]{0,63}")


# -- reading -----------------------------------------------------------------
def get_preferences(ws: Workspace, login: str | None = None) -> dict:
    """The saved preferences of `login` (default: the OS account), without bookkeeping."""
    login = login or ws.actor.real
    if not ws.exists(PREFERENCES):
        return {}
    for row in ws.rows(PREFERENCES, USERS):
        if row.get("login") == login:
            return {k: v for k, v in row.items() if k in KEYS}
    return {}


def get_preference(ws: Workspace, key: str, default: object = None,
                   login: str | None = None) -> object:
    return get_preferences(ws, login).get(key, default)


def saved_theme(ws: Workspace) -> str | None:
    value = get_preference(ws, "theme")
    return value if isinstance(value, str) and value else None


def saved_language(ws: Workspace) -> str | None:
    value = get_preference(ws, "lang")
    return value if value in LANGUAGES else None


# -- writing -----------------------------------------------------------------
def set_preference(ws: Workspace, key: str, value: object) -> dict:
    """Save one preference of the OS account running the process."""
    clean = _clean(key, value)
    login = ws.actor.real
    stamp = to_iso(ws.now())
    from tinydb import Query  # lazy: the app's start reads preferences, never writes them
    with ws.transaction(PREFERENCES) as tx:
        table = tx.table(USERS)
        found = table.get(Query().login == login)
        if found is None:
            table.insert({"login": login, key: clean, "updated_at": stamp})
        elif found.get(key) == clean:
            return {k: v for k, v in found.items() if k in KEYS}  # nothing to write
        else:
            table.update({key: clean, "updated_at": stamp}, doc_ids=[found.doc_id])
        tx.audit("preference.set", login, **{key: clean})
    return get_preferences(ws, login)


def save_theme(ws: Workspace, name: str) -> dict:
    return set_preference(ws, "theme", name)


def save_language(ws: Workspace, lang: str) -> dict:
    return set_preference(ws, "lang", lang)


def _clean(key: str, value: object) -> str:
    if key == "theme":
        name = validate.text("theme", value, required=True, max_len=64)
        if not _THEME_NAME.fullmatch(name):
            raise InvalidValue("theme", tr("theme: {value!r} is not a theme name", value=name))
        return name
    if key == "lang":
        return validate.choice("lang", value, LANGUAGES)
    raise InvalidValue(key, tr("Unknown preference {name}", name=key))


# -- the workspace's interop id ----------------------------------------------
def workspace_uuid(ws: Workspace) -> uuid.UUID:
    """The workspace's random interop id, made and saved on first use.

    When it cannot be saved (a read-only workspace), an id derived from the
    workspace's creation is used instead, so an export still works.
    """
    found = _stored_uuid(ws)
    if found:
        return found
    fresh = uuid.uuid4()
    try:
        with ws.transaction(PREFERENCES) as tx:
            table = tx.table(WORKSPACE)
            current = table.get(doc_id=1)
            if current and current.get("uuid"):
                return uuid.UUID(current["uuid"])  # another process was first
            table.insert({"uuid": str(fresh), "created_at": to_iso(ws.now())})
            tx.audit("workspace.uuid", str(fresh))
        return fresh
    except (StoreError, OSError):
        created = get_settings(ws).get("created_at", "")
        return uuid.uuid5(uuid.NAMESPACE_URL, f"huddle-workspace:{created}")


def _stored_uuid(ws: Workspace) -> uuid.UUID | None:
    if not ws.exists(PREFERENCES):
        return None
    for row in ws.rows(PREFERENCES, WORKSPACE):
        try:
            return uuid.UUID(str(row.get("uuid")))
        except ValueError:
            continue
    return None
