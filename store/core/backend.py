"""The storage backend interface: what the domain may ask of wherever the shards live.

Today one backend implements it: the folder of TinyDB files (`Workspace`, store/core/
workspace.py, with storage.py, shard_lock.py, shard_commit.py). The next one is PostgreSQL
(one row per shard, or one table per shard table; a later issue). The domain only ever
uses these calls, so a second backend is a new class, not edits across the domain.

Vocabulary
- A *shard* is a named unit of consistency ("directory", "project-3", "incident-2"): a
  set of tables {table: {doc_id: doc}} read together and written all or nothing.
- A *revision* is a shard's write counter: it grows by one per committed write.
- A *token* is an opaque value from `changes()`; pass it back to learn what changed since.

What a backend must promise (`Promises`, and the tests in tests/store/ check them for
the folder backend):
- Atomic commit: a transaction's shards (the first plus every `tx.join(…)`) become
  visible all together or not at all; a reader never sees half a write.
- Serialised writers per shard: two transactions on one shard never interleave (the
  folder: `flock`; PostgreSQL: `SELECT … FOR UPDATE` or serialisable isolation).
- Read your writes: after `transaction()` returns, `read`/`rows` in the same process
  see the new revision.
- The audit entry of a write lands in the same commit as the write (`tx.audit`).
- `changes(token)` names every shard whose revision changed since `token` (it may name
  more, never fewer); the app's change feed calls it after every wake-up of
  `wait_changes`, so it must be cheap.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any, Protocol, runtime_checkable

from .record import FrozenRecord


class Promises(FrozenRecord):
    """What a backend can promise beyond the guarantees above, for callers that adapt."""
    __slots__ = ("multi_process", "multi_host", "push_changes", "damage_is_per_shard")

    def __init__(self, *, multi_process: bool, multi_host: bool, push_changes: bool,
                 damage_is_per_shard: bool) -> None:
        self._set(multi_process=multi_process,  # several processes (users) may write at once
                  multi_host=multi_host,        # … from several machines
                  push_changes=push_changes,    # changes() could be pushed (LISTEN/NOTIFY)
                  damage_is_per_shard=damage_is_per_shard)  # a damaged shard costs only itself


FOLDER_PROMISES = Promises(multi_process=True, multi_host=False, push_changes=False,
                           damage_is_per_shard=True)


@runtime_checkable
class Transaction(Protocol):
    """One shard's private copy inside a transaction; committed when the block ends."""

    def table(self, name: str) -> Any:
        """A TinyDB-like table of the private copy (insert, update, remove, all, get)."""

    def audit(self, action: str, target: object = None, **detail: object) -> None:
        """Record who did what in the same commit (required for every write)."""

    def join(self, name: str, *, new: bool = False) -> "Transaction":
        """Add another shard to the same all-or-nothing commit."""


@runtime_checkable
class Backend(Protocol):
    """Read a shard, write it in a transaction, know its revision, follow the changes."""

    promises: Promises

    def read(self, name: str) -> Any:
        """A read-only view of the shard as it is now (TinyDB-like: `.table(t).all()`)."""

    def table_names(self, name: str) -> set[str]:
        """The names of the shard's tables."""

    def rows(self, name: str, table: str) -> list[dict]:
        """Every document of a table, each a dict with its `doc_id`."""

    def table(self, name: str, table: str) -> dict:
        """A table's documents as stored, {doc_id: doc} (shared: do not mutate)."""

    def exists(self, name: str) -> bool:
        """Whether the shard has ever been written."""

    def shard_names(self, prefix: str = "") -> list[str]:
        """The shards whose name starts with `prefix`, sorted."""

    def revision(self, name: str) -> int:
        """The shard's revision (0: never written)."""

    def one_look(self) -> AbstractContextManager[None]:
        """A block of reads that may take the first answer to "has this shard changed?" for
        the rest of the block (a screen's refresh; writes always look afresh)."""

    def transaction(self, name: str) -> AbstractContextManager[Transaction]:
        """Serialise writers of `name`, hand out a private copy, commit it atomically."""

    def changes(self, token: dict | None = None) -> Any:
        """`.changed` (shard names changed since `token`; None: all) and `.token` (next)."""

    def deferred_token(self) -> Any:
        """Called before any screen reads: a function giving a token for `changes()` when
        called later (the app's change feed, after the first paint): every change made
        after a read since this call is a change since that token."""

    def wait_changes(self, token: dict | None, timeout: float) -> Any:
        """Like `changes(token)`, but first wait (at most `timeout` seconds) until something
        may have changed: the folder backend watches the folder (inotify, else polling),
        PostgreSQL LISTENs. Called from a worker thread, never the UI thread."""
