"""A workspace in a PostgreSQL database: the same `Backend` as the folder's (store/core/
backend.py), so the domain, the app and the CLI run on it unchanged.

Connections: one for reads (autocommit), one for writes (a database transaction per
`ws.transaction`), and one that LISTENs, made when `wait_changes` is first called. Each is
made again when lost; a write that loses its connection is rolled back by the server.
Who acts is the database role (`session_user`), never the OS account."""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from store.core.backend import Promises
from store.core.clock import SystemClock
from store.core.damage import DamageLog
from store.core.identity import Actor
from store.core.shard_cache import ShardCache
from store.core.workspace import DIRECTORY, Changes, Workspace, cache_budget

from .connection import Link, connect, shown
from .errors import (DatabaseUnavailable, ServerUnreachable, psycopg_error, schema_too_new,
                     schema_too_old, translate)
from .reachability import NONE, GatedReads, Reachability
from .schema import CHANNEL, SCHEMA_VERSION, current_version, notice
from .shard import PgShard
from .transaction import PgTxGroup

PG_PROMISES = Promises(multi_process=True, multi_host=True, push_changes=True,
                       damage_is_per_shard=False)


class Location(str):
    """Where a database workspace is, as messages show it (`str(ws.folder)`: no password);
    `.location` keeps what opens it again (store/core/locate.py)."""

    location: str

    def __new__(cls, location: str) -> "Location":
        shown_as = super().__new__(cls, shown(location))
        shown_as.location = location
        return shown_as


class PgWorkspace(Workspace):
    """The PostgreSQL backend plus who acts and when (time and rights as the folder's)."""
    promises = PG_PROMISES

    def __init__(self, location: str, clock=None, actor: Actor | None = None):
        # not Workspace.__init__: nothing here is a file
        self.location = location
        self.folder = Location(location)  # type: ignore[assignment]
        self.clock = clock or SystemClock()
        self._reader = Link(location)
        self._writer = Link(location)
        self._listener = None
        self._listen_lock = threading.Lock()
        self._shards: dict[str, PgShard] = {}  # type: ignore[assignment]
        self._cache = ShardCache(cache_budget())
        self.reach = Reachability()  # the change feed's view of the server (`offline`)
        self._reads = GatedReads(self._reader, self.reach)  # reads back off with it
        self._last_answers: dict[tuple, object] = {}  # exists/shard_names, while it is away
        # nothing in a database is damaged one shard at a time: an empty log
        self.damage = DamageLog(Path("/nonexistent/huddle-postgres"), vital=(DIRECTORY,))
        if actor is None:
            with self._reader.use() as conn:
                login = conn.execute("SELECT session_user::text").fetchone()[0]
            actor = Actor(login, login)
        self.actor = actor

    # -- opening -------------------------------------------------------
    @classmethod
    def open(cls, location: str, *, clock=None,  # type: ignore[override]
             as_login: str | None = None, create: bool = False,
             sweep: bool = True) -> "PgWorkspace":
        """Open the workspace in the database at `location` acting as the database role (or,
        for an admin, as `as_login`). The schema must be this code's (`huddle db upgrade`)."""
        ws = cls(location, clock)
        with ws._reader.use() as conn:
            check_schema(conn, ws.folder)
        ws.act_for(as_login)
        return ws

    def close(self) -> None:
        self._reader.close()
        self._writer.close()
        with self._listen_lock:
            self._drop_listener()

    # -- shards --------------------------------------------------------
    def shard(self, name: str) -> PgShard:  # type: ignore[override]
        try:
            return self._shards[name]
        except KeyError:
            return self._shards.setdefault(name, PgShard(name, self._reads, self._cache))

    def table(self, name: str, table: str) -> dict:
        return self.shard(name).load().get(table, {})

    def exists(self, name: str) -> bool:
        return self._answer(("exists", name), lambda conn: bool((conn.execute(
            "SELECT alive FROM huddle.shards WHERE name = %s", (name,)).fetchone() or (0,))[0]))

    def shard_names(self, prefix: str = "") -> list[str]:
        return list(self._answer(("names", prefix), lambda conn: [row[0] for row in conn.execute(
            "SELECT name FROM huddle.shards WHERE alive AND starts_with(name, %s) "
            "ORDER BY name COLLATE \"C\"", (prefix,)).fetchall()]))

    def _answer(self, key: tuple, fn):
        """A read remembered as the last answer to `key`, which is what it gives while the
        server is away (reachability.GatedReads)."""
        answer = self._reads.read(fn, stale=self._last_answers.get(key, NONE))
        self._last_answers[key] = answer
        return answer

    def revision(self, name: str) -> int:
        shard = self.shard(name)
        shard.load()
        return shard.rev if self.exists(name) else 0

    @contextmanager
    def transaction(self, name: str) -> Iterator:
        """One database transaction: lock, private copy, write what changed, NOTIFY, commit."""
        done = []
        group = None
        try:
            with self._writer.transaction() as conn:
                group = PgTxGroup(self, conn)
                tx = group.open(name)
                yield tx
                done = group.commit()
        except ServerUnreachable as exc:  # the header says so at once, the feed backs off
            self.reach.failed(str(exc))
            raise
        finally:
            if group is not None:
                for _, tx, storage in group.parts:
                    tx.closed, storage.writable, storage.tables = True, False, {}
        for shard, tables, rev in done:  # committed: read your writes without a query
            shard.remember(tables, rev)
        self.reach.answered()  # the server took a write: it is back, if it was away

    @contextmanager
    def locked_shards(self, names: list[str]) -> Iterator[dict]:
        """Hold the row locks of several shards at once (a backup, a restore)."""
        with self._writer.transaction() as conn:
            for name in sorted(set(names), key=lambda n: ("-" in n, n)):
                conn.execute("SELECT rev FROM huddle.shards WHERE name = %s FOR UPDATE", (name,))
            yield {name: None for name in names}

    # -- change feed ---------------------------------------------------
    @property
    def offline(self) -> str | None:
        """Why the server could not be reached the last time the change feed asked (None: it
        answered). The header shows it; the next attempts back off (reachability.py)."""
        return self.reach.reason

    def changes(self, token: dict | None = None) -> Changes:
        """Which shards changed since `token` (None: all): one query. While the server cannot
        be reached: nothing known changed, and `offline` says why (as the folder's, this never
        raises: the app asks it over and over); a new connection is tried once the backoff
        allows (store/postgres/reachability.py), so a down server costs no wait here."""
        unchanged = Changes(set(), token or {})  # type: ignore[arg-type]
        try:
            rows = self._reads.probe(lambda conn: conn.execute(
                "SELECT name, rev, alive FROM huddle.shards").fetchall())
        except DatabaseUnavailable as exc:  # refused, not unreachable: say so, try again
            self.reach.failed(str(exc))
            return unchanged
        if rows is None:  # away (`offline` says why), or its retry is not due yet
            return unchanged
        now = {name: (rev, alive) for name, rev, alive in rows}
        before = token or {}
        changed = {n for n in now.keys() | before.keys() if now.get(n) != before.get(n)}
        return Changes(changed, now)  # type: ignore[arg-type]

    def deferred_token(self):
        """The change feed's first token (Backend.deferred_token): one query, taken now."""
        token = self.changes(None).token
        return lambda: token

    def wait_changes(self, token: dict | None, timeout: float) -> Changes:
        """`changes(token)` once a commit was NOTIFYed (LISTEN) or `timeout` seconds passed.

        Never raises for a lost server: it waits out the backoff (at most `timeout`), tries
        again, and says nothing changed meanwhile (`offline` says why). A LISTEN connection
        that drops (the server restarted, `pg_terminate_backend`) is made again on the next
        call; no commit is missed, as `changes(token)` compares revisions, not notices."""
        deadline = time.monotonic() + timeout
        unchanged = Changes(set(), token or {})  # type: ignore[arg-type]
        with self._listen_lock:
            if not self.reach.due():
                time.sleep(min(timeout, self.reach.wait_left()))
                if not self.reach.due():
                    return unchanged
            try:
                listener = self._listening()
            except DatabaseUnavailable as exc:
                self.reach.failed(str(exc))
                return unchanged
            found = self.changes(token)  # after LISTEN: no commit slips between the two
            while not found.changed and self.reach.reason is None:
                left = deadline - time.monotonic()
                if left <= 0:
                    return found
                try:
                    for _ in listener.notifies(timeout=left, stop_after=1):
                        pass  # any commit: ask which shards moved (one query)
                except Exception:  # noqa: BLE001 - lost: LISTEN again on the next call
                    self._drop_listener()
                    return self.changes(token)  # the server may be fine: it decides
                found = self.changes(token)
            return found

    def _listening(self):
        if self._listener is None or self._listener.closed or self._listener.broken:
            self._drop_listener()
            self._listener = connect(self.location)
            try:
                self._listener.execute(f"LISTEN {CHANNEL}")
            except psycopg_error() as exc:  # lost between connect and LISTEN
                self._drop_listener()
                raise translate(exc, self.folder) from None
        return self._listener

    def _drop_listener(self) -> None:
        if self._listener is not None:
            try:
                self._listener.close()
            except Exception:  # noqa: BLE001 - already broken
                pass
            self._listener = None

    # -- housekeeping (the folder's; nothing to do in a database) ------
    def sweep_stale_temp_files(self) -> None:
        pass

    def foreign_files(self) -> list[str]:
        return []

    def remove_shards(self) -> int:
        """Empty every shard (`huddle demo --force`): its documents become tombstones in one
        transaction. The audit stays: it is insert-only, the server's history."""
        with self._writer.transaction() as conn:
            names = [row[0] for row in conn.execute(
                "SELECT name FROM huddle.shards WHERE alive FOR UPDATE")]
            for name in names:  # the tombstones first: they take the shard's next revision
                conn.execute("UPDATE huddle.documents SET body = NULL "
                             "WHERE shard = %s AND body IS NOT NULL", (name,))
                conn.execute("UPDATE huddle.shards SET rev = rev + 1, alive = false "
                             "WHERE name = %s", (name,))
            conn.execute("SELECT pg_notify(%s, %s)", (CHANNEL, notice(names)))
        for shard in self._shards.values():
            shard.forget()
        return len(names)


def check_schema(conn, where: str) -> None:
    """Refuse a database whose schema is not this code's, naming what to do."""
    version = current_version(conn)
    if version is not None and version > SCHEMA_VERSION:
        raise schema_too_new(version, SCHEMA_VERSION)
    if version != SCHEMA_VERSION:
        raise schema_too_old(where, version, SCHEMA_VERSION)
