"""One shard of a database workspace, as the domain reads it: `load`, `memo`, `head`, `more`.

The parsed tables are cached with the revision they are at. Bringing them up to date costs
one query when nothing changed (the shard's revision), and otherwise fetches only the rows
written since: documents (tombstones too) and audit entries whose `rev` is newer.

A shard read whole (the first time, or after its tables left the cache) comes as one JSON
object per table, built by the server: one parse per table, and a big history table
(`_audit`, `progress`) kept unparsed until first read, as the folder's (store/core/
lazy_table.py), and counted at a sixth of its bytes against the cache's budget."""

from __future__ import annotations

import threading

import orjson

from store.core.changeset import apply
from store.core.lazy_table import LAZY_AT, LAZY_TABLES, LazyTable, cache_cost
from store.core.shard_cache import ShardCache
from store.core.shard_heads import head_fns
from store.core.transaction import AUDIT

from .reachability import NONE

# what changed since a revision, documents and audit entries in one round trip
_FETCH = ("SELECT tbl, doc_id, body FROM ("
          "SELECT tbl, doc_id, body::text FROM huddle.documents WHERE shard = %s AND rev > %s "
          "UNION ALL SELECT '" + AUDIT + "', doc_id, body::text FROM huddle.audit "
          "WHERE shard = %s AND rev > %s) AS changed ORDER BY tbl, length(doc_id), doc_id")
_REVISION = "SELECT rev, alive FROM huddle.shards WHERE name = %s"
# every live document of the shard, one row per table: {doc_id: body} in doc_id order (ids are
# digits: nothing to escape), and the last id; the audit entries likewise
_OBJECT = ("'{' || string_agg('\"' || doc_id || '\":' || body::text, ',' "
           "ORDER BY length(doc_id), doc_id) || '}', max(doc_id::bigint)::text")
_WHOLE = (f"SELECT tbl, {_OBJECT} FROM huddle.documents WHERE shard = %s AND body IS NOT NULL "
          f"GROUP BY tbl UNION ALL SELECT '{AUDIT}', {_OBJECT} FROM huddle.audit "
          "WHERE shard = %s GROUP BY shard ORDER BY 1")


class PgShard:
    """The cache of one shard's tables (by revision) and of values derived from them."""

    def __init__(self, name: str, link, cache: ShardCache | None = None):
        self.name = name
        self._link = link            # the reads (reachability.GatedReads over a Link)
        self._cache = cache          # the workspace's budget of parsed tables (HUDDLE_CACHE_MB)
        self._tables: dict | None = {}  # None: evicted (the revision and the memo stay)
        self._rev = 0
        self._loaded = False         # whether `_rev` is an answer (and `_tables`, unless None)
        self._size = 0               # bytes of JSON the tables were read from, about
        self._memo: dict = {}
        self._memo_rev = -1
        self._mutex = threading.RLock()

    # -- reading -------------------------------------------------------
    def load(self) -> dict:
        """The tables as they are now (while the server is away: as last read). Do not
        mutate (shared with the cache)."""
        tables = self._tables
        return self._link.read(self._load, stale=NONE if tables is None or not self._loaded
                               else tables)

    def _load(self, conn) -> dict:
        row = conn.execute(_REVISION, (self.name,)).fetchone()
        rev = row[0] if row else 0
        with self._mutex:
            tables = self._tables if rev == self._rev else None
            self._loaded = self._loaded or rev == self._rev
        if tables is not None:
            self._touch()
            return tables
        with conn.transaction():  # one snapshot: the revision and its rows agree
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            return self.catch_up(conn)

    def catch_up(self, conn, rev: int | None = None) -> dict:
        """Bring the cache to the shard's revision as `conn` sees it and return the tables:
        a reader's snapshot (`rev` None: asked here), or a writer holding the shard's row
        lock, who knows `rev` and always asks for newer rows (one written with psql since the
        last commit has the next revision: store/postgres/schema.py, `next_rev`)."""
        writer = rev is not None
        if rev is None:
            row = conn.execute(_REVISION, (self.name,)).fetchone()
            rev = row[0] if row else 0
        with self._mutex:
            base, since, size = self._tables, self._rev, self._size
        if base is None or rev < since:  # evicted, or the shards were replaced: all again
            base, since, size = {}, 0, 0
        if rev == since and not writer:
            return base
        if since == 0:  # nothing to build on: the whole shard, a table a row
            tables, size = self._whole(conn)
            self.remember(tables, rev, size)
            return tables
        changes: dict[str, dict] = {}
        for tbl, doc_id, body in conn.execute(_FETCH, (self.name, since, self.name, since)):
            changes.setdefault(tbl, {})[doc_id] = orjson.loads(body) if body is not None else None
            size += len(body) if body is not None else 0
        if not changes and rev == since:
            return base
        # (a LazyTable is never empty, and asking it would parse it)
        tables = {name: docs for name, docs in apply(base, changes).items()
                  if isinstance(docs, LazyTable) or docs}
        self.remember(tables, rev, size)
        return tables

    def _whole(self, conn) -> tuple[dict, int]:
        tables, size = {}, 0
        with conn.pipeline():  # one round trip; the plan without parallel workers, whose
            # start costs more (ms) than reading one shard by its key
            conn.execute("SET LOCAL max_parallel_workers_per_gather = 0")
            cur = conn.execute(_WHOLE, (self.name, self.name))
        for tbl, text, last in cur.fetchall():
            raw = text.encode()
            size += len(raw)
            lazy = tbl in LAZY_TABLES and len(raw) >= LAZY_AT
            tables[tbl] = LazyTable(raw, last) if lazy else orjson.loads(raw)
        return tables, size

    def remember(self, tables: dict, rev: int, size: int | None = None) -> None:
        """What the cache holds from now on (after a read or a commit: `size` None, the
        size grows by a guess)."""
        with self._mutex:
            if rev >= self._rev or rev == 0:
                self._tables, self._rev, self._loaded = tables, rev, True
                self._size = size if size is not None else self._size + 1024
        self._touch()

    def _touch(self) -> None:
        """Count this shard as just used, at what its tables cost now (a history table still
        unparsed at a sixth of its bytes, as the folder's)."""
        if self._cache:
            tables = self._tables
            self._cache.touch(self, cache_cost(tables or {}, self._size))

    def _evict(self) -> None:
        with self._mutex:
            if self._rev:
                self._tables = None

    def forget(self) -> None:
        with self._mutex:
            self._tables, self._rev, self._memo, self._memo_rev = {}, 0, {}, -1
            self._size, self._loaded = 0, False
        if self._cache:
            self._cache.forget(self)

    @property
    def rev(self) -> int:
        return self._rev

    def memo(self, key: object, compute, *, tables: bool = True):
        """A value derived from this shard, computed once per revision (as the folder's): one
        query when it is known, even after the tables left the cache."""
        row = self._link.read(lambda conn: conn.execute(_REVISION, (self.name,)).fetchone(),
                              stale=(self._rev, True) if self._loaded else NONE)
        rev = row[0] if row else 0
        with self._mutex:
            if rev != self._memo_rev:
                self._memo, self._memo_rev = {}, rev
            elif key in self._memo:
                return self._memo[key]
        value = compute(self.load()) if tables else compute()
        with self._mutex:
            if self._memo_rev == rev == self._rev:
                self._memo.setdefault(key, value)
        return value

    def head(self) -> dict | None:
        """The head the domain registered for this shard (store/core/shard_heads.py), computed
        here from the tables once per revision; None when it has none."""
        return self._derived(0)

    def more(self) -> dict | None:
        return self._derived(1)

    def _derived(self, part: int) -> dict | None:
        fns = head_fns(self.name)
        if fns is None or fns[part] is None:
            return None
        fn = fns[part]
        try:
            return self.memo(("huddle.head", part), lambda tables: _plain(fn(tables)))
        except Exception:  # noqa: BLE001 - as the folder: a summary never stops a read
            return None


def _plain(value: dict) -> dict:
    """As the folder's head: what JSON gives back (readers compare with what they parse)."""
    return orjson.loads(orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS))
