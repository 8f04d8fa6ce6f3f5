"""A shard's rows as the server sends them (store/postgres/shard.py caches what they make).

Each read is one statement, so what it returns comes from one snapshot: a reader asks for the
shard's revision in the same statement as its rows (no transaction, one round trip), and a
writer, who locked the shard's row and knows its revision, sends the lock and the fetch
together (one round trip).

- `whole`: every live document, one row per table: the table as one JSON object built by the
  server ({doc_id: body} in doc_id order; ids are digits, nothing to escape), so one parse per
  table, and a big history table (`_audit`, `progress`) is kept unparsed until first read, as
  the folder's (store/core/lazy_table.py).
- `since`: the documents (tombstones too) and audit entries written after a revision."""

from __future__ import annotations

import orjson

from store.core.lazy_table import LAZY_AT, LAZY_TABLES, LazyTable
from store.core.transaction import AUDIT

_OBJECT = ("'{' || string_agg('\"' || doc_id || '\":' || body::text, ',' "
           "ORDER BY length(doc_id), doc_id) || '}', max(doc_id::bigint)::text")
_WHOLE = (f"SELECT tbl, {_OBJECT} FROM huddle.documents WHERE shard = %s AND body IS NOT NULL "
          f"GROUP BY tbl UNION ALL SELECT '{AUDIT}', {_OBJECT} FROM huddle.audit "
          "WHERE shard = %s GROUP BY shard")
_SINCE = ("SELECT tbl, doc_id, body::text AS body FROM huddle.documents "
          f"WHERE shard = %s AND rev > %s UNION ALL SELECT '{AUDIT}', doc_id, body::text "
          "FROM huddle.audit WHERE shard = %s AND rev > %s")
# the shard's revision, in the same statement (tbl NULL marks it)
_REVISION_ROW = ("SELECT NULL AS tbl, rev::text AS doc_id, NULL AS body FROM huddle.shards "
                 "WHERE name = %s UNION ALL ")


def _ordered(rows: str) -> str:
    return f"SELECT tbl, doc_id, body FROM ({rows}) AS changed ORDER BY tbl, length(doc_id), doc_id"


_SINCE_Q, _SINCE_REV_Q = _ordered(_SINCE), _ordered(_REVISION_ROW + _SINCE)
_WHOLE_Q, _WHOLE_REV_Q = _WHOLE + " ORDER BY 1", _REVISION_ROW + _WHOLE + " ORDER BY 1"


def whole(conn, name: str, with_rev: bool) -> tuple[int | None, dict, int]:
    """(the revision if asked, else None; the tables; their bytes of JSON)."""
    sql, args = (_WHOLE_REV_Q, (name, name, name)) if with_rev else (_WHOLE_Q, (name, name))
    rev: int | None = 0 if with_rev else None
    tables, size = {}, 0
    for tbl, text, last in conn.execute(sql, args).fetchall():
        if tbl is None:
            rev = int(text)
            continue
        raw = text.encode()
        size += len(raw)
        lazy = tbl in LAZY_TABLES and len(raw) >= LAZY_AT
        tables[tbl] = LazyTable(raw, last) if lazy else orjson.loads(raw)
    return rev, tables, size


def since(conn, name: str, rev: int, with_rev: bool) -> tuple[int | None, dict, int]:
    """(the revision if asked, else None; {table: {doc_id: doc, or None: removed}} written
    after `rev`; their bytes of JSON)."""
    args = (name, rev, name, rev)
    sql, args = (_SINCE_REV_Q, (name, *args)) if with_rev else (_SINCE_Q, args)
    return _changes(conn.execute(sql, args).fetchall(), 0 if with_rev else None)


def lock_and_since(conn, lock: str, name: str, rev: int) -> tuple[int, dict, int]:
    """A writer's: `lock` (which returns the shard's revision, once its row lock is held) and
    what was written after `rev`, asked after it, in one round trip."""
    with conn.pipeline():
        locked = conn.execute(lock, (name,))
        rows = conn.execute(_SINCE_Q, (name, rev, name, rev))
    now = locked.fetchone()[0]
    _, changes, size = _changes(rows.fetchall(), None)
    return now, changes, size


def _changes(rows, rev: int | None) -> tuple[int | None, dict, int]:
    changes: dict[str, dict] = {}
    size = 0
    for tbl, doc_id, body in rows:
        if tbl is None:
            rev = int(doc_id)
        elif body is None:
            changes.setdefault(tbl, {})[doc_id] = None
        else:
            changes.setdefault(tbl, {})[doc_id] = orjson.loads(body)
            size += len(body)
    return rev, changes, size
