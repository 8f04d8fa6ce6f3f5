"""`huddle check` and `huddle backup` on a database workspace.

Check (changes nothing; each finding as the folder's: kind, where, message):
- `schema`     the database's Huddle schema is not this code's version (nothing else is read);
- `trigger`    a trigger the trust model rests on is missing or disabled;
- `grant`      the member role (or PUBLIC) holds a right it must not (UPDATE/DELETE on the
               audit, DELETE/TRUNCATE anywhere, writing the schema version), or a member
               role can bypass the triggers (a superuser, or the owner of the tables);
- `revision`   a row newer than its shard's revision: written outside Huddle (psql) and not
               seen by readers until the shard's next write;
- `edited`     a live document that no audit entry of its revision accounts for (written
               outside Huddle: `written_by`/`written_at` say who and when);
- `missing` / `unlisted`   an index entry without its shard / a shard no index names.

Backup writes the folder backup format (store/core/backup.py) from one snapshot: the same
manifest and shard files as a folder's backup, so `huddle restore` brings it back into a
folder and `huddle migrate --from BACKUP --to postgresql://…` into a new database. The
database as such (roles, triggers, WAL) is backed up with its own tools: docs/postgres.md.
"""

from __future__ import annotations

import os
from pathlib import Path

from store.core import backup as backups
from store.core.i18n import tr
from store.core.integrity import INDEXES, Finding
from store.core.shard_files import snapshot_bytes
from store.core.transaction import AUDIT

from .connection import Link
from .migrate import read_database
from .schema import MEMBER_ROLE, SCHEMA_VERSION, current_version

# (table, trigger) the trust model rests on (store/postgres/schema.py)
TRIGGERS = (("documents", "documents_guard"), ("audit", "audit_author"),
            ("audit", "audit_no_change"), ("audit", "audit_no_truncate"),
            ("shards", "shards_guard"))
# rights no member (nor PUBLIC) may hold
FORBIDDEN = (("audit", "UPDATE"), ("audit", "DELETE"), ("audit", "TRUNCATE"),
             ("documents", "DELETE"), ("documents", "TRUNCATE"),
             ("shards", "DELETE"), ("shards", "TRUNCATE"),
             ("schema_version", "INSERT"), ("schema_version", "UPDATE"))
_LIMIT = 50  # rows reported per kind (a bulk edit with psql is one finding per row)


def backup_database(location: str, dest: str | os.PathLike) -> dict:
    """Back up the database workspace at `location` into the new or empty folder `dest`."""
    about: dict = {}
    with read_database(location, about) as shards:
        return backups.write_backup(dest, about.get("login", ""), Link(location).where, (
            (name, snapshot_bytes(name, tables, rev)[0], False) for name, rev, tables in shards))


def restore_database(ws, source: str | os.PathLike, shard: str | None = None) -> dict:
    """Bring the documents of the backup in `source` (or of its shard `shard`) back into the
    database workspace `ws`, in one database transaction. The audit is insert-only, so it is
    kept as it is, plus an entry `workspace.restore` in each shard restored; a whole restore
    empties the shards the backup does not have (their audit stays). Workspace admins only.
    Returns {"restored": [names], "set_aside": [emptied names], "aside": None}."""
    from tinydb.table import Document

    from store.core.errors import InvalidValue
    from store.core.storage import Shard
    manifest = backups.read_backup(source)
    ws.require_admin()
    folder = Path(source).expanduser()
    in_backup = manifest["shards"]
    if shard is not None and shard not in in_backup:
        raise InvalidValue("shard", tr("The backup has no shard {name} (it has: {names})",
                                       name=shard, names=", ".join(sorted(in_backup))))
    names = [shard] if shard else sorted(set(in_backup) | set(ws.shard_names()))
    names.sort(key=lambda n: ("-" in n, n))  # the indexes first, as every writer locks them
    restored, emptied = [], []
    with ws.transaction(names[0]) as first:
        for name in names:
            tx = first if name == names[0] else first.join(name)
            if name in in_backup:
                raw = (folder / f"{name}.json").read_bytes()
                wanted, backup_rev = Shard(folder, name, None)._parse(raw), \
                    backups.revision_of(raw)
                restored.append(name)
            else:
                wanted, backup_rev = {}, None
                emptied.append(name)
            for table in set(tx.db.tables()) - set(wanted) - {AUDIT}:
                tx.db.drop_table(table)
            for table, docs in wanted.items():
                if table == AUDIT:
                    continue  # insert-only: the database keeps its own history
                rows = tx.table(table)
                rows.truncate()
                rows.insert_multiple(Document(doc, doc_id=int(doc_id))
                                     for doc_id, doc in docs.items())
            tx.audit("workspace.restore", name, **{
                "from": str(folder), "backup_rev": backup_rev,
                "backup_made_at": manifest.get("made_at")})
    return {"restored": restored, "set_aside": emptied, "aside": None}


def check_database(location: str) -> tuple[int, list[Finding]]:
    """(number of shards, findings) for the database workspace at `location`."""
    link = Link(location)
    try:
        with link.use() as conn:
            version = current_version(conn)
            if version != SCHEMA_VERSION:
                return 0, [Finding("schema", link.where, tr(
                    "the Huddle schema is version {found}, this Huddle's is {known}: its owner "
                    "runs huddle db upgrade", found=version or 0, known=SCHEMA_VERSION))]
            with conn.transaction():  # one snapshot for every query below
                conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                findings = (_trigger_findings(conn) + _grant_findings(conn)
                            + _row_findings(conn))
                shards, index = _shards_and_indexes(conn)
                findings += _index_findings(shards, index)
            return len(shards), findings
    finally:
        link.close()


def _trigger_findings(conn) -> list[Finding]:
    found = []
    rows = dict(((t, n), e) for t, n, e in conn.execute(
        "SELECT c.relname, t.tgname, t.tgenabled FROM pg_trigger t "
        "JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace s ON s.oid = c.relnamespace "
        "WHERE s.nspname = 'huddle' AND NOT t.tgisinternal"))
    for table, trigger in TRIGGERS:
        state = rows.get((table, trigger))
        if state is None:
            found.append(Finding("trigger", f"huddle.{table}", tr(
                "the trigger {trigger} is missing: the trust model no longer holds; the "
                "owner restores it (docs/postgres.md)", trigger=trigger)))
        elif state == "D":
            found.append(Finding("trigger", f"huddle.{table}", tr(
                "the trigger {trigger} is disabled: the owner enables it with ALTER TABLE "
                "huddle.{table} ENABLE TRIGGER {trigger}", trigger=trigger, table=table)))
    return found


def _grant_findings(conn) -> list[Finding]:
    found = []
    if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (MEMBER_ROLE,)).fetchone() \
            is None:
        return [Finding("grant", MEMBER_ROLE, tr("the member role {role} is missing: the "
                                                 "owner runs huddle db upgrade", role=MEMBER_ROLE))]
    for grantee in (MEMBER_ROLE, "public"):
        for table, right in FORBIDDEN:
            held = conn.execute("SELECT has_table_privilege(%s, %s, %s)",
                                (grantee, f"huddle.{table}", right)).fetchone()[0]
            if held:
                found.append(Finding("grant", f"huddle.{table}", tr(
                    "{role} may {right} it; the owner revokes it with REVOKE {right} ON "
                    "huddle.{table} FROM {role}", role=grantee, right=right, table=table)))
    for login, why in conn.execute(
            "SELECT r.rolname, CASE WHEN r.rolsuper THEN 'superuser' ELSE 'owner' END "
            "FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member "
            "WHERE m.roleid = (SELECT oid FROM pg_roles WHERE rolname = %s) AND (r.rolsuper "
            "OR r.oid = (SELECT relowner FROM pg_class WHERE oid = 'huddle.audit'::regclass))",
            (MEMBER_ROLE,)):
        found.append(Finding("grant", login, tr(
            "the member {login} is a {why}: they can turn the triggers off, so their audit "
            "entries prove nothing; give them a role of their own", login=login,
            why=tr("superuser") if why == "superuser" else tr("owner of the Huddle tables"))))
    return found


def _row_findings(conn) -> list[Finding]:
    found = []
    for shard, what, doc_id, rev, shard_rev in conn.execute(
            "SELECT x.shard, x.what, x.doc_id, x.rev, s.rev FROM ("
            " SELECT shard, tbl AS what, doc_id, rev FROM huddle.documents"
            " UNION ALL SELECT shard, '_audit', doc_id, rev FROM huddle.audit) AS x "
            "LEFT JOIN huddle.shards s ON s.name = x.shard "
            "WHERE s.rev IS NULL OR x.rev > s.rev ORDER BY 1, 2, 4 LIMIT %s", (_LIMIT,)):
        found.append(Finding("revision", f"{shard}/{what}/{doc_id}", tr(
            "written at revision {rev}, past its shard's ({shard_rev}): written outside "
            "Huddle, and not seen by readers until the shard's next write", rev=rev,
            shard_rev=shard_rev or 0)))
    for shard, tbl, doc_id, rev, by, at in conn.execute(
            "SELECT d.shard, d.tbl, d.doc_id, d.rev, d.written_by::text, d.written_at::text "
            "FROM huddle.documents d WHERE d.body IS NOT NULL "
            "AND d.written_by <> (SELECT pg_get_userbyid(relowner) FROM pg_class "
            "                     WHERE oid = 'huddle.audit'::regclass) "
            "AND NOT EXISTS (SELECT 1 FROM huddle.audit a WHERE a.shard = d.shard "
            "                AND a.rev = d.rev AND a.body->>'by' = d.written_by::text) "
            "ORDER BY 1, 2, 4 LIMIT %s", (_LIMIT,)):
        found.append(Finding("edited", f"{shard}/{tbl}/{doc_id}", tr(
            "written by {by} at {at} (revision {rev}) with no audit entry: changed outside "
            "Huddle", by=by, at=at, rev=rev)))
    return found


def _shards_and_indexes(conn) -> tuple[list[str], dict[tuple[str, str], set[str]]]:
    # a shard that only keeps its audit (emptied by a restore) holds nothing to list
    shards = [row[0] for row in conn.execute(
        "SELECT name FROM huddle.shards s WHERE alive AND EXISTS (SELECT 1 FROM "
        "huddle.documents d WHERE d.shard = s.name AND d.body IS NOT NULL) "
        "ORDER BY name COLLATE \"C\"")]
    index: dict[tuple[str, str], set[str]] = {}
    for shard, table, _ in INDEXES:
        index[shard, table] = {row[0] for row in conn.execute(
            "SELECT doc_id FROM huddle.documents WHERE shard = %s AND tbl = %s "
            "AND body IS NOT NULL", (shard, table))}
    return shards, index


def _index_findings(shards: list[str], index: dict) -> list[Finding]:
    """As the folder's (store/core/integrity.py): entries without a shard, shards unlisted."""
    found = []
    alive = set(shards)
    for shard, table, prefix in INDEXES:
        listed = {f"{prefix}{doc_id}" for doc_id in index[shard, table]}
        for name in sorted(listed - alive):
            found.append(Finding("missing", name, tr("{index} lists it, but the shard is not "
                                                     "there", index=f"{shard}/{table}")))
        for name in shards:
            if name.startswith(prefix) and name[len(prefix):].isdigit() and name not in listed:
                found.append(Finding("unlisted", name, tr("no entry of {index} names it",
                                                          index=f"{shard}/{table}")))
    return found
