"""One shard of a database workspace, as the domain reads it: `load`, `memo`, `head`, `more`.

The parsed tables are cached with the revision they are at. Bringing them up to date costs
one query when nothing changed (the shard's revision), and otherwise one more that fetches
only the rows written since, with the revision (store/postgres/shard_rows.py). A shard read
whole (the first time, or after its tables left the cache: one query) keeps its big history
tables unparsed until first read, and they count a sixth of their bytes against the cache's
budget, as the folder's."""

from __future__ import annotations

import threading

import orjson

from store.core.changeset import apply
from store.core.lazy_table import LazyTable, cache_cost
from store.core.shard_cache import ShardCache
from store.core.shard_heads import head_fns

from . import shard_rows
from .reachability import NONE

_REVISION = "SELECT rev, alive FROM huddle.shards WHERE name = %s"


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
        with self._mutex:
            tables = self._tables
        if tables is None or not self._loaded:  # nothing to compare: ask all at once
            return self.catch_up(conn)
        row = conn.execute(_REVISION, (self.name,)).fetchone()
        rev = row[0] if row else 0
        with self._mutex:
            tables = self._tables if rev == self._rev else None
        if tables is not None:
            self._touch()
            return tables
        return self.catch_up(conn)

    def catch_up(self, conn, rev: int | None = None) -> dict:
        """Bring the cache to the shard's revision as `conn` sees it and return the tables:
        a reader's (`rev` None: asked in the same statement as the rows), or a writer holding
        the shard's row lock, who knows `rev` and always asks for newer rows (one written with
        psql since the last commit has the next revision: store/postgres/schema.py,
        `next_rev`)."""
        with self._mutex:
            base, since, size = self._tables, self._rev, self._size
        if base is None or since == 0 or (rev is not None and rev < since):
            return self._whole(conn, rev)
        now, changes, more = shard_rows.since(conn, self.name, since, with_rev=rev is None)
        return self._caught_up(conn, base, since, size, rev if now is None else now,
                               changes, more, writer=rev is not None)

    def lock(self, conn, lock: str) -> tuple[int, dict]:
        """A writer's: `lock` the shard's row (the statement returns its revision) and bring
        the cache up to it; one round trip when the cache has a revision to build on."""
        with self._mutex:
            base, since, size = self._tables, self._rev, self._size
        if base is None or since == 0:
            rev = conn.execute(lock, (self.name,)).fetchone()[0]
            return rev, self.catch_up(conn, rev)
        rev, changes, more = shard_rows.lock_and_since(conn, lock, self.name, since)
        return rev, self._caught_up(conn, base, since, size, rev, changes, more, writer=True)

    def _caught_up(self, conn, base: dict, since: int, size: int, rev: int, changes: dict,
                   more: int, writer: bool) -> dict:
        if rev < since:  # another database at this location (a restore): all again
            return self._whole(conn, rev if writer else None)
        if rev == since and (not writer or not changes):
            return base  # (a reader ignores rows of a revision not committed yet)
        # (a LazyTable is never empty, and asking it would parse it)
        tables = {name: docs for name, docs in apply(base, changes).items()
                  if isinstance(docs, LazyTable) or docs}
        self.remember(tables, rev, size + more)
        return tables

    def _whole(self, conn, rev: int | None) -> dict:
        now, tables, size = shard_rows.whole(conn, self.name, with_rev=rev is None)
        self.remember(tables, rev if now is None else now, size)
        return tables

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
            held = self._tables if rev == self._rev else None  # at the revision just read
        if tables and held is not None:
            self._touch()
            value = compute(held)
        elif tables:
            value = compute(self.load())
        else:
            value = compute()
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
