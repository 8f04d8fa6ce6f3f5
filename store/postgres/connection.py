"""Connections to a workspace's database: made from its location, remade when lost.

A location is a URL (`postgresql://…`, `postgres://…`) or a libpq conninfo string
(`dbname=huddle host=/run/postgresql`); libpq reads both, so they are handed to it as they
are. What the messages show is the location without its password."""

from __future__ import annotations

import re
import threading
from contextlib import contextmanager
from typing import Iterator

from store.core.i18n import tr

from .errors import DatabaseUnavailable, translate

_URL_PASSWORD = re.compile(r"^(postgres(?:ql)?://[^:/@]*):[^@/]*@")
_KV_PASSWORD = re.compile(r"(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)")
CONNECT_TIMEOUT = 5  # seconds: an unreachable server is named, not waited for
# What a connection is made with unless the location says otherwise. Over TCP, a server that
# vanished without a word (a host down, a network cut) is found out in seconds, not after
# the system's TCP timeout (minutes): keepalives for an idle connection (the LISTEN one),
# tcp_user_timeout (ms) for a query sent and never acknowledged. libpq ignores both on a
# Unix socket.
DEFAULTS = {"connect_timeout": CONNECT_TIMEOUT, "application_name": "huddle",
            "keepalives": 1, "keepalives_idle": 5, "keepalives_interval": 2,
            "keepalives_count": 3, "tcp_user_timeout": 5000}
# Every query of the store reads or writes one shard by its key: a parallel plan (which the
# planner picks for a big shard once the tables are big) starts workers that cost more (ms)
# than the scan. Set for the session (not in the location's `options`, which a pooler refuses).
SESSION = "SET max_parallel_workers_per_gather = 0"


def shown(location: str) -> str:
    """The location as messages show it: without its password."""
    text = _URL_PASSWORD.sub(r"\1:***@", location.strip())
    return _KV_PASSWORD.sub(r"\1***", text)


def driver(location: str):
    """psycopg, imported now (the folder never needs it), or one line saying how to get it."""
    try:
        import psycopg
    except ImportError:
        raise DatabaseUnavailable(tr(
            "{where} is a PostgreSQL database, and its driver is not installed here: "
            "pip install 'huddle[postgres]'", where=shown(location))) from None
    return psycopg


def connect(location: str, *, autocommit: bool = True):
    """A new connection, or a `DatabaseUnavailable` naming the location and the reason."""
    psycopg = driver(location)
    from psycopg.conninfo import conninfo_to_dict
    try:
        given = conninfo_to_dict(location)
        extra = {key: value for key, value in DEFAULTS.items() if key not in given}
        return psycopg.connect(location, autocommit=autocommit, **extra)
    except psycopg.ProgrammingError as exc:  # a malformed URL or conninfo
        raise DatabaseUnavailable(tr("{where} is not a valid database location: {reason}",
                                     where=shown(location), reason=str(exc).strip())) from None
    except psycopg.Error as exc:
        raise translate(exc, shown(location)) from None


class Link:
    """One connection used by one thread at a time (`with link.use() as conn:`), made again
    after it was lost. A failure while in use becomes a one-line store error."""

    def __init__(self, location: str):
        self.location = location
        self.where = shown(location)
        self._conn = None
        self._lock = threading.RLock()

    def _connect(self):
        conn = connect(self.location)
        try:
            conn.execute(SESSION)
        except driver(self.location).Error as exc:
            conn.close()
            raise translate(exc, self.where) from None
        return conn

    @contextmanager
    def use(self, doing: str = "") -> Iterator[object]:
        psycopg = driver(self.location)
        with self._lock:
            conn = self._conn
            if conn is None or conn.closed or conn.broken:
                conn = self._conn = self._connect()
            try:
                yield conn
            except psycopg.Error as exc:
                if conn.broken or conn.closed:
                    self._conn = None
                raise translate(exc, self.where, doing) from None

    @contextmanager
    def transaction(self) -> Iterator[object]:
        """A database transaction for a write. A connection found lost at BEGIN (nothing of
        the write sent yet) is made again once; a failure after that rolls it all back and
        becomes one line ("… nothing of it was saved"). The body may end it with COMMIT, sent
        last in its pipeline (store/postgres/transaction.py: the rows and the commit in one
        round trip); else it is committed here."""
        psycopg = driver(self.location)
        with self._lock:
            for attempt in (1, 2):
                conn = self._conn
                if conn is None or conn.closed or conn.broken:
                    conn = self._conn = self._connect()
                try:
                    conn.execute("BEGIN", prepare=False)
                    break
                except psycopg.OperationalError as exc:
                    self._conn = None
                    if attempt == 2:
                        raise translate(exc, self.where, "write") from None
            try:
                yield conn
                conn.commit()  # (nothing to send when the body committed)
            except BaseException as exc:
                _roll_back(conn, psycopg)
                if not isinstance(exc, psycopg.Error):
                    raise
                if conn.broken or conn.closed:
                    self._conn = None
                raise translate(exc, self.where, "write") from None

    def read(self, fn):
        """`fn(conn)` for a read; once more on a new connection if the old one had been lost
        (a server restart, an idle timeout): a read may be repeated, a write is not."""
        psycopg = driver(self.location)
        with self._lock:
            for attempt in (1, 2):
                conn = self._conn
                if conn is None or conn.closed or conn.broken:
                    conn = self._conn = self._connect()
                try:
                    return fn(conn)
                except psycopg.OperationalError as exc:
                    if not (conn.broken or conn.closed):
                        raise translate(exc, self.where) from None
                    self._conn = None
                    if attempt == 2:
                        raise translate(exc, self.where) from None
                except psycopg.Error as exc:
                    raise translate(exc, self.where) from None

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None


def _roll_back(conn, psycopg) -> None:
    """End a failed write's transaction (on a lost connection the server rolled it back); a
    connection that cannot is closed, to be made again."""
    try:
        conn.rollback()
    except psycopg.Error:
        conn.close()
