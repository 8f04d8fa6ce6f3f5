"""Administering a database workspace: `huddle db upgrade` and `huddle db grant LOGIN`."""

from __future__ import annotations

from store.core.errors import InvalidValue
from store.core.i18n import tr
from store.core.workspace import DIRECTORY
from store.core.workspace import DIRECTORY

from .connection import Link
from .schema import MEMBER_ROLE, upgrade

_LOGIN_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789_.-")


def upgrade_database(location: str) -> tuple[int, int]:
    """Bring the database's schema to this code's version: (version before, after). Run it as
    the role that is to own the tables (not a member's: members must not own the audit)."""
    link = Link(location)
    try:
        with link.use("write") as conn:
            return upgrade(conn)
    finally:
        link.close()


def grant_login(ws, login: str) -> bool:
    """Create the database role `login` (LOGIN, member of `huddle_member`), or give an existing
    role the members' grants; True when the role was created. Workspace admins only (before
    `huddle init`, whoever may create roles: the database's owner makes the first admin's
    role); the admin's own role needs CREATEROLE and `huddle_member` WITH ADMIN OPTION
    (docs/postgres.md)."""
    from psycopg import sql
    if ws.exists(DIRECTORY):
        ws.require_admin()
    if not login or set(login) - _LOGIN_CHARS or login[0] in ".-":
        raise InvalidValue("login", tr("{login} is not a login: use lowercase letters, digits, "
                                       "'_', '.' and '-'", login=login))
    with ws._writer.transaction() as conn:
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (login,)).fetchone()
        role = sql.Identifier(login)
        if not exists:
            conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(role))
        conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(MEMBER_ROLE), role))
    return not exists
