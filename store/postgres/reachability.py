"""Whether the database answered the change feed the last time it asked, and when to ask again.

The app's change feed asks the workspace what changed over and over (`changes`,
`wait_changes`). While the server cannot be reached, asking again at once would spin (a
refused connection fails in microseconds) or, on a silent network, block for the connect
timeout each time; so each failure puts the next attempt off a little longer
(`DELAYS`, then the last one again), and the first answer clears it all. `reason` is what
the header shows while it is set ("database unreachable, retrying…").

`GatedReads` puts the reads of a workspace behind the same backoff: while the server is
away, a read that has an earlier answer (a shard's cached tables, the last list of shards)
gets it at once instead of a connection attempt each time, so the app keeps showing what it
had (its clock reads the time zone every second); a read with none fails in one line. A
write always tries the server (the user asked for it) and fails in one line while it is
away, saving nothing."""

from __future__ import annotations

import threading
import time
from typing import Callable, TypeVar

from .errors import ServerUnreachable

T = TypeVar("T")
NONE = object()  # `stale`: no earlier answer to fall back on

DELAYS = (0.2, 0.5, 1.0, 2.0, 3.0)  # seconds before the 1st, 2nd, … new attempt


class Reachability:
    def __init__(self, monotonic=time.monotonic) -> None:
        self._now = monotonic
        self._lock = threading.Lock()
        self.reason: str | None = None  # why the server could not be reached (None: it can)
        self.failures = 0
        self._next_try = 0.0

    def due(self) -> bool:
        """Whether to try the server now (always, unless a failure put it off)."""
        return self.reason is None or self._now() >= self._next_try

    def wait_left(self) -> float:
        """Seconds until the next attempt is due (0: now)."""
        return 0.0 if self.reason is None else max(0.0, self._next_try - self._now())

    def failed(self, reason: str) -> None:
        with self._lock:
            delay = DELAYS[min(self.failures, len(DELAYS) - 1)]
            self.failures += 1
            self.reason = reason
            self._next_try = self._now() + delay

    def answered(self) -> None:
        with self._lock:
            self.reason, self.failures, self._next_try = None, 0, 0.0


class GatedReads:
    """A `connection.Link`'s reads behind a `Reachability`.

    `read(fn, stale=…)` is what the app's screens and the CLI call: while the server is
    known to be away it gives `stale` (the last answer) without trying, so the UI thread never
    waits on a dead server; with no earlier answer it tries once the backoff allows, else
    fails in one line. `probe(fn)` is the change feed's look: it is what finds the server
    away and back (None while away)."""

    def __init__(self, link, reach: Reachability) -> None:
        self.link = link
        self.reach = reach

    def read(self, fn: Callable[[object], T], stale: object = NONE) -> T:
        if self.reach.reason is not None:
            if stale is not NONE:
                return stale  # type: ignore[return-value]
            if not self.reach.due():
                raise ServerUnreachable(self.reach.reason)
        try:
            return self._try(fn)
        except ServerUnreachable:
            if stale is not NONE:
                return stale  # type: ignore[return-value]
            raise

    def probe(self, fn: Callable[[object], T]) -> T | None:
        if not self.reach.due():
            return None
        try:
            return self._try(fn)
        except ServerUnreachable:
            return None

    def _try(self, fn: Callable[[object], T]) -> T:
        try:
            result = self.link.read(fn)
        except ServerUnreachable as exc:
            self.reach.failed(str(exc))
            raise
        self.reach.answered()
        return result
