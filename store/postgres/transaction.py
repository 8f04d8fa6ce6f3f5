"""A write to a database workspace: one database transaction for every shard it joins.

For each shard: lock its row (`SELECT … FOR UPDATE`; a second writer waits), bring the
cached tables up to the locked revision, hand out the private copy (the same `Tx` as the
folder's). At the end: write only the documents the transaction changed (`tx.changes()`),
insert its audit entries, bump the revision, `NOTIFY` the shard names, commit. Any failure
rolls the whole of it back: nothing is half applied, and the caches keep what they had."""

from __future__ import annotations

import orjson

from store.core.changeset import DROPPED, apply
from store.core.shard_files import dumps
from store.core.tinydb_views import open_tinydb
from store.core.transaction import AUDIT, Tx

from .schema import CHANNEL, notice

# one round trip: create the shard's row if need be and lock it (a second writer waits here)
_LOCK = ("INSERT INTO huddle.shards (name) VALUES (%s) ON CONFLICT (name) "
         "DO UPDATE SET rev = huddle.shards.rev RETURNING rev")
_UPSERT = ("INSERT INTO huddle.documents (shard, tbl, doc_id, body, rev) "
           "VALUES (%s, %s, %s, %s::json, %s) ON CONFLICT (shard, tbl, doc_id) "
           "DO UPDATE SET body = EXCLUDED.body, rev = EXCLUDED.rev")
_DROP_TABLE = ("UPDATE huddle.documents SET body = NULL, rev = %s "
               "WHERE shard = %s AND tbl = %s AND body IS NOT NULL")
_AUDIT = "INSERT INTO huddle.audit (shard, doc_id, rev, body) VALUES (%s, %s, %s, %s::json)"
_BUMP = "UPDATE huddle.shards SET rev = %s, alive = true WHERE name = %s"


class PgTxGroup:
    """The shards of one transaction on the writer's connection (inside `conn.transaction()`)."""

    def __init__(self, ws, conn):
        self.ws = ws
        self.conn = conn
        self.parts: list[tuple[object, Tx, object]] = []  # (PgShard, Tx, storage)

    def open(self, name: str, new: bool = False) -> Tx:
        # `new`: the folder's guard against a file a crash left behind; a database commit
        # is all or nothing, so there is nothing to keep aside here
        if any(tx.name == name for _, tx, _ in self.parts):
            raise RuntimeError(f"shard {name!r} is already part of this transaction")
        shard = self.ws.shard(name)
        rev, tables = shard.lock(self.conn, _LOCK)
        db = open_tinydb(dict(tables), writable=True)
        tx = Tx(self.ws, db, self, name, rev + 1)  # type: ignore[arg-type]
        tx.base_tables = dict(tables)
        self.parts.append((shard, tx, db.storage))
        return tx

    def commit(self) -> list[tuple[object, dict, int]]:
        """Write every changed shard; returns what the caches hold once the commit is done."""
        dirty = [(shard, tx) for shard, tx, storage in self.parts if storage.dirty]
        for _, tx in dirty:
            if not tx.audited:
                raise RuntimeError(f"write to {tx.name} without an audit entry")
        done = []
        if not dirty:
            return done
        with self.conn.pipeline():  # every statement of the commit, COMMIT too: one round trip
            for shard, tx in dirty:
                changes = {table: dict(docs) for table, docs in tx.changes().items()}
                self._write(tx.name, tx.rev, changes)
                done.append((shard, apply(tx.base_tables, changes), tx.rev))
                self.conn.execute(_BUMP, (tx.rev, tx.name))
            self.conn.execute("SELECT pg_notify(%s, %s)",
                              (CHANNEL, notice(tx.name for _, tx in dirty)))
            self.conn.execute("COMMIT", prepare=False)  # (connection.Link.transaction)
        return done

    def _write(self, name: str, rev: int, changes: dict) -> None:
        rows, audit = [], []
        for table, docs in changes.items():
            if table == AUDIT:
                for doc_id, doc in docs.items():
                    if doc is None:
                        raise RuntimeError("the audit is insert-only")
                    body, docs[doc_id] = _dump(doc)
                    audit.append((name, doc_id, rev, body))
                continue
            if docs.get(DROPPED, 0) is None and len(docs) == 1:
                self.conn.execute(_DROP_TABLE, (rev, name, table))
                continue
            for doc_id, doc in docs.items():
                if doc is None:
                    rows.append((name, table, doc_id, None, rev))
                else:
                    body, docs[doc_id] = _dump(doc)
                    rows.append((name, table, doc_id, body, rev))
        with self.conn.cursor() as cur:
            if rows:
                cur.executemany(_UPSERT, rows)
            if audit:
                cur.executemany(_AUDIT, audit)



def _dump(doc: dict) -> tuple[str, dict]:
    """The JSON text of a document, and the document as every other process reads it back
    (a date becomes its ISO text, as in the folder's files)."""
    raw, converted = dumps(doc)
    return raw.decode(), (orjson.loads(raw) if converted else doc)
