"""What can go wrong with a database, as one line naming what failed (never a traceback)."""

from __future__ import annotations

import shlex

from store.core.errors import WorkspaceError, WorkspaceNotWritable, WorkspaceUnreadable
from store.core.i18n import tr


class DatabaseUnavailable(WorkspaceUnreadable):
    """The server cannot be reached, refused us, or the connection was lost."""


class ServerUnreachable(DatabaseUnavailable):
    """No answer from the server: it cannot be reached, or the connection was lost (the app
    says "database unreachable, retrying…" and keeps showing what it had read)."""


class SchemaMismatch(WorkspaceError):
    """The database's schema is older or newer than this code."""


def schema_too_new(version: int, known: int) -> SchemaMismatch:
    return SchemaMismatch(tr(
        "The database's Huddle schema is version {found}, newer than this Huddle knows "
        "({known}); upgrade Huddle on this host.", found=version, known=known))


def schema_too_old(where: str, version: int | None, known: int = 0) -> SchemaMismatch:
    if version is None:
        return SchemaMismatch(tr(
            "{where} has no Huddle schema yet; its owner creates it with: huddle db upgrade "
            "--workspace {quoted}", where=where, quoted=shlex.quote(where)))
    return SchemaMismatch(tr(
        "The database's Huddle schema is version {found}, older than this Huddle's ({known}); "
        "its owner upgrades it with: huddle db upgrade --workspace {quoted}",
        found=version, known=known, quoted=shlex.quote(where)))


def translate(exc: Exception, where: str, doing: str = "") -> WorkspaceError:
    """A psycopg error as a store error whose one-line message names the database."""
    import psycopg
    from psycopg import errors as pg
    reason = _first_line(exc)
    if isinstance(exc, pg.InsufficientPrivilege):
        return WorkspaceNotWritable(tr("{where}: permission denied ({reason})", where=where,
                                       reason=reason))
    if isinstance(exc, (psycopg.OperationalError, psycopg.InterfaceError)):
        if doing == "write":
            return ServerUnreachable(tr(
                "Lost the connection to {where} during a write; nothing of it was saved "
                "({reason})", where=where, reason=reason))
        return ServerUnreachable(tr("Cannot connect to {where}: {reason}", where=where,
                                    reason=reason))
    if isinstance(exc, pg.UndefinedTable):
        return schema_too_old(where, None)
    return DatabaseUnavailable(tr("{where}: the database refused the request ({reason})",
                                  where=where, reason=reason))


def psycopg_error() -> type[Exception]:
    """The driver's base error (imported when used: the folder never loads the driver)."""
    import psycopg
    return psycopg.Error


def _first_line(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    # libpq's connection errors read "connection to server at … failed: <why>"
    return lines[0] if lines else text
