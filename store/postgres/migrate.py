"""`huddle migrate --from A --to B`: copy a workspace, its whole history included, between a
folder and a database (either way; folder to folder and database to database work too).

What is copied: every shard with its revision, every document, every audit entry as it is
(its author `by`, `for`, its times `at`/`wall`, its revision). Empty tables are not: a
database has no row for them, and the store reads a missing table as an empty one.

- Reading is one instant: a folder with every shard's lock held (as `huddle backup`), a
  database in one REPEATABLE READ snapshot. A backup folder (`huddle backup`) is read as it
  is, after checking its files against its manifest: that is how a backup goes into a
  database.
- Into a database: one database transaction (all of it or nothing), run as the owner of the
  Huddle tables (whoever ran `huddle db upgrade`; the schema is created if the database has
  none): the server's triggers set each audit entry's author to the connecting role, so the
  copy turns them off for its own transaction (`ALTER TABLE … DISABLE TRIGGER`, which only
  the owner may, and which locks the tables until the commit) to keep the original authors.
  The database must hold no workspace yet, `--force` or not: its audit is insert-only.
- Into a folder: built in a temp folder beside the target, then renamed into place. A target
  that exists and is not empty is refused unless `force`; then it is moved aside to
  `<target>.replaced-<time>` (never deleted) before the copy takes its name.
"""

from __future__ import annotations

import os
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

import orjson

from store.core import backup as backups
from store.core.errors import InvalidValue, PermissionDenied, WorkspaceError
from store.core.i18n import tr
from store.core.locate import is_database
from store.core.shard_commit import fsync_folder
from store.core.transaction import AUDIT

# (name, revision, tables): one shard as it is copied
ShardCopy = tuple[str, int, dict]


@dataclass
class Copied:
    shards: int = 0
    documents: int = 0
    audit: int = 0
    replaced: str | None = None  # where a replaced target folder was moved

    def count(self, tables: dict) -> None:
        self.shards += 1
        for table, docs in tables.items():
            if table == AUDIT:
                self.audit += len(docs)
            else:
                self.documents += len(docs)


def migrate(source: str, target: str, *, force: bool = False) -> Copied:
    """Copy the workspace at `source` to `target` (each a folder or a database location)."""
    if _same(source, target):
        raise InvalidValue("to", tr("--from and --to name the same workspace"))
    writer = _into_database if is_database(target) else _into_folder
    reader = read_database if is_database(source) else read_folder
    with reader(source) as shards:
        return writer(target, shards, force)


# -- reading -------------------------------------------------------------
@contextmanager
def read_folder(source: str | os.PathLike) -> Iterator[Iterator[ShardCopy]]:
    """The shards of a workspace folder (every lock held) or of a backup folder."""
    from store.core.workspace import Workspace, check_folder
    folder = Path(source).expanduser()
    check_folder(folder)
    ws = Workspace(folder)
    if (folder / backups.MANIFEST).exists():  # a backup: checked, never written to
        manifest = backups.read_backup(folder)
        yield (_parsed(ws, name, (folder / f"{name}.json").read_bytes())
               for name in sorted(manifest["shards"]))
        return
    with backups.all_shards_locked(ws) as leases:  # snapshot and journal, as readers see them
        yield ((name, *backups.read_shard(ws, name, lease))
               for name, lease in leases.items() if lease.data_fd is not None)


def _parsed(ws, name: str, raw: bytes) -> ShardCopy:
    # a damaged shard stops the copy with the reader's own one-line message
    return name, backups.revision_of(raw), ws.shard(name)._parse(raw)


@contextmanager
def read_database(location: str, about: dict | None = None) -> Iterator[Iterator[ShardCopy]]:
    """The live shards of a database workspace, from one snapshot (`about` gets the role
    that read them, "login")."""
    from .connection import Link
    from .shard import PgShard
    from .workspace import check_schema
    link = Link(location)
    try:
        with link.use() as conn:
            check_schema(conn, link.where)
            with conn.transaction():
                conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                if about is not None:
                    about["login"] = conn.execute("SELECT session_user::text").fetchone()[0]
                names = [row[0] for row in conn.execute(
                    "SELECT name FROM huddle.shards WHERE alive ORDER BY name COLLATE \"C\"")]

                def shards() -> Iterator[ShardCopy]:
                    for name in names:
                        shard = PgShard(name, link)
                        tables = shard.catch_up(conn)
                        yield name, shard.rev, tables
                yield shards()
    finally:
        link.close()


# -- writing -------------------------------------------------------------
_COPY_DOCUMENTS = "COPY huddle.documents (shard, tbl, doc_id, body, rev) FROM STDIN"
_COPY_AUDIT = "COPY huddle.audit (shard, doc_id, rev, body, written_at) FROM STDIN"
# the triggers that would rewrite (or refuse) what is copied: each row's revision and author
_TRIGGERS = (("huddle.documents", "documents_guard"), ("huddle.audit", "audit_author"),
             ("huddle.shards", "shards_guard"))


def _into_database(location: str, shards: Iterator[ShardCopy], force: bool) -> Copied:
    from .connection import Link
    from .schema import CHANNEL, SCHEMA_VERSION, current_version, notice, upgrade
    link = Link(location)
    copied = Copied()
    try:
        with link.transaction() as conn:
            if current_version(conn) != SCHEMA_VERSION:
                upgrade(conn)  # a new database: the schema, as `huddle db upgrade` makes it
            _require_empty_database(conn, link.where)
            _require_owner(conn, link.where)
            for table, trigger in _TRIGGERS:
                conn.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")
            now = datetime.now(timezone.utc)
            names = []
            with conn.cursor() as cur:
                for name, rev, tables in shards:
                    cur.execute("INSERT INTO huddle.shards (name, rev, alive) "
                                "VALUES (%s, %s, true)", (name, rev))
                    _copy_shard(cur, name, rev, tables, now)
                    copied.count(tables)
                    names.append(name)
            for table, trigger in _TRIGGERS:
                conn.execute(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}")
            conn.execute("SELECT pg_notify(%s, %s)", (CHANNEL, notice(names)))
    finally:
        link.close()
    return copied


def _copy_shard(cur, name: str, rev: int, tables: dict, now: datetime) -> None:
    with cur.copy(_COPY_DOCUMENTS) as copy:
        for table, docs in tables.items():
            if table == AUDIT:
                continue
            for doc_id, doc in docs.items():
                copy.write_row((name, table, doc_id, _json(doc), rev))
    audit = tables.get(AUDIT) or {}
    if audit:
        with cur.copy(_COPY_AUDIT) as copy:
            for doc_id, entry in audit.items():  # each entry keeps its own `rev` inside
                copy.write_row((name, doc_id, rev, _json(entry), _written_at(entry) or now))


def _json(doc: dict) -> str:
    return orjson.dumps(doc).decode()


def _written_at(entry: dict) -> datetime | None:
    """When an audit entry was really written: its `wall` time (the system's), else `at`."""
    for key in ("wall", "at"):
        value = entry.get(key)
        if isinstance(value, str):
            try:
                when = datetime.fromisoformat(value)
            except ValueError:
                continue
            return when if when.tzinfo else when.replace(tzinfo=timezone.utc)
    return None


def _require_empty_database(conn, where: str) -> None:
    row = conn.execute("SELECT EXISTS (SELECT 1 FROM huddle.shards) "
                       "OR EXISTS (SELECT 1 FROM huddle.audit)").fetchone()
    if row[0]:
        raise InvalidValue("to", tr(
            "{where} already holds a workspace; a database's audit is insert-only, so a "
            "migration goes into a new database (createdb, then huddle migrate again)",
            where=where))


def _require_owner(conn, where: str) -> None:
    row = conn.execute("SELECT pg_has_role(current_user, relowner, 'USAGE') FROM pg_class "
                       "WHERE oid = 'huddle.audit'::regclass").fetchone()
    if not row[0]:
        raise PermissionDenied(tr(
            "Migrating into {where} keeps each audit entry's author, which only the owner of "
            "the Huddle tables may do: connect as the role that ran huddle db upgrade",
            where=where))


def _into_folder(target: str, shards: Iterator[ShardCopy], force: bool) -> Copied:
    from store.core.workspace import Workspace
    folder = Path(target).expanduser()
    occupied = _occupied(folder)
    if occupied and not force:
        raise InvalidValue("to", tr("{path} exists and is not empty; add --force to replace "
                                    "it (it is kept aside, not deleted)", path=str(folder)))
    building = folder.with_name(f".{folder.name}.migrating-{os.getpid()}")
    copied = Copied()
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        building.mkdir(mode=0o770)
        os.chmod(building, 0o770)  # the umask aside: a workspace folder its group shares
        out = Workspace(building)
        for name, rev, tables in shards:
            shard = out.shard(name)
            with shard.locked() as lease:
                shard.publish(shard.prepare(tables, None, lease, rev=rev))
            copied.count(tables)
        fsync_folder(building)
        if occupied:
            aside = folder.with_name(f"{folder.name}.replaced-{time.strftime('%Y%m%dT%H%M%S')}")
            os.rename(folder, aside)
            copied.replaced = str(aside)
        os.rename(building, folder)  # over an empty folder, or where nothing is
        fsync_folder(folder.parent)
    except OSError as exc:
        raise WorkspaceError(tr("Cannot write {path}: {reason}", path=str(folder),
                                reason=exc.strerror or str(exc))) from None
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return copied


def _occupied(folder: Path) -> bool:
    try:
        return any(folder.iterdir())
    except FileNotFoundError:
        return False
    except NotADirectoryError:
        raise InvalidValue("to", tr("{path} is not a folder", path=str(folder))) from None
    except OSError as exc:
        raise WorkspaceError(tr("Cannot read {path}: {reason}", path=str(folder),
                                reason=exc.strerror or str(exc))) from None


def _same(source: str, target: str) -> bool:
    if is_database(source) or is_database(target):
        return source.strip() == target.strip()
    return Path(source).expanduser().resolve() == Path(target).expanduser().resolve()
