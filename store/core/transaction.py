"""A transaction: the locked read-modify-write of one shard or several, committed all or
nothing, with its audit entries (`Workspace.transaction` hands one out)."""

from __future__ import annotations

from contextlib import ExitStack
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from .changeset import Changes, diff
from .lazy_table import LazyTable
from .clock import SystemClock, to_iso
from .shard_commit import Pending, abandon, current_signature, fsync_folder, keep_aside
from .shard_state import journal_rev
from .shard_storage import FastTable, ShardStorage

from .identity import Actor
from .shard_lock import Lease
from .storage import Shard

if TYPE_CHECKING:  # TinyDB is imported when a transaction first needs it (`Tx.db`)
    from tinydb import TinyDB
    from tinydb.table import Table


class Workspace(Protocol):
    """What a transaction needs of its workspace (store/core/workspace.py, which imports
    this module: a protocol here, so the two do not import each other)."""

    folder: Path
    actor: Actor

    def now(self) -> datetime: ...

    def shard(self, name: str) -> Shard: ...


AUDIT = "_audit"
REPLACED = ".huddle-replaced"  # where `huddle restore` keeps what it replaced (backup.py)


class Tx:
    """One locked read-modify-write of a shard. Every write must say what it did (`audit`).

    `join(name)` adds another shard to the same transaction: its lock is taken now and its
    changes are committed together with this one's, all or nothing (store/core/shard_commit.py)."""

    def __init__(self, ws: Workspace, db: TinyDB | ShardStorage, group: "_TxGroup", name: str,
                 rev: int):
        self.ws = ws
        # `db`: a TinyDB over the private copy, or the copy alone (its TinyDB is then made
        # when a write needs more than the fast paths: store/core/shard_storage.py)
        self._db = None if isinstance(db, ShardStorage) else db
        self.storage: ShardStorage = db if isinstance(db, ShardStorage) else db.storage
        self._fast: dict[str, FastTable] = {}
        self.name = name
        self.rev = rev  # the revision this transaction's commit will have
        self.audited = False
        self.closed = False
        self.base_tables: dict = {}  # the tables as the transaction found them
        self._group = group

    @property
    def db(self) -> TinyDB:
        """The TinyDB over this transaction's copy (made, and TinyDB imported, when first
        asked for; the tables handed out before carry on through it)."""
        if self._db is None:
            from .tinydb_views import transaction_db  # lazy: ~1 ms of a command's process
            self._db = transaction_db(self.storage)
            for name, fast in self._fast.items():
                if fast.next_id is not None:
                    self._db.table(name)._next_id = fast.next_id
        return self._db

    @property
    def has_db(self) -> bool:
        return self._db is not None

    def table(self, name: str) -> Table:
        self._check_open()
        return self._table(name)

    def _table(self, name: str) -> Table:
        if self._db is not None:
            return self._db.table(name)
        found = self._fast.get(name)
        if found is None:
            found = self._fast[name] = FastTable(self, name)
        return found  # type: ignore[return-value]

    def document(self, table: str, doc_id: int | str) -> dict | None:
        """Document `doc_id` of `table` as this transaction has it, to read (not a copy: do
        not change it; `table(…).get(doc_id=…)` without TinyDB)."""
        self._check_open()
        docs = self.storage.tables.get(table)
        return None if docs is None else docs.get(str(doc_id))

    def audit(self, action: str, target: object = None, **detail: object) -> None:
        self._check_open()
        self._table(AUDIT).insert(audit_entry(self.ws, self.rev, action, target, detail))
        self.audited = True

    def changes(self) -> Changes:
        """The documents this transaction changed so far (store/core/changeset.py): those the
        fast paths wrote (store/core/tinydb_views.py), and a comparison of the other tables."""
        storage = self.storage
        new, touched = storage.tables, storage.touched
        if not touched:
            return diff(self.base_tables, new)
        base = self.base_tables
        out = diff({k: v for k, v in base.items() if k not in touched},
                   {k: v for k, v in new.items() if k not in touched})
        for name, ids in touched.items():
            if ids:
                table = new[name]
                read = table.added if isinstance(table, LazyTable) else table.__getitem__
                out[name] = {doc_id: read(doc_id) for doc_id in ids}
            elif name not in base:
                out[name] = {}
        return out

    def join(self, name: str, *, new: bool = False) -> "Tx":
        """The transaction of shard `name`, committed with this one (lock order: the shard
        that points at others, e.g. an index, first; then the new shards it points at).

        `new=True`: the caller (holding the index) knows no record lives there yet. A file
        found there anyway was left by a creation a crash interrupted between its two
        publishes (nothing names it): it is kept aside in `.huddle-replaced/` and the
        shard starts empty, so the id is not lost to it."""
        self._check_open()
        return self._group.open(name, new=new)

    def _check_open(self) -> None:
        if self.closed:
            raise RuntimeError("the transaction is over (its lock is released); start a new one")


def audit_entry(ws: Workspace, rev: int, action: str, target: object,
                detail: dict) -> dict:
    """What the audit keeps of one change: when, who (and for whom), what, which revision."""
    actor = ws.actor
    # "at" is the workspace's clock (pinned on a demo); "wall" is always the system's, so an
    # entry written under a pinned clock still says when it really happened
    entry = {"at": to_iso(ws.now()), "wall": to_iso(SystemClock().now()), "by": actor.real,
             "action": action, "target": target, "rev": rev}
    if actor.on_behalf:
        entry["for"] = actor.login
    if detail:
        entry["detail"] = detail
    return entry


class _TxGroup:
    """The shards of one transaction: their locks, their copies, one all-or-nothing commit."""

    def __init__(self, ws: Workspace):
        self.ws = ws
        self.stack = ExitStack()
        self.parts: list[tuple[Shard, Lease, object, Tx, ShardStorage]] = []

    def open(self, name: str, new: bool = False) -> Tx:
        if any(tx.name == name for _, _, _, tx, _ in self.parts):
            raise RuntimeError(f"shard {name!r} is already part of this transaction")
        shard = self.ws.shard(name)
        lease = self.stack.enter_context(shard.locked())
        if new:
            tables, snap = {}, current_signature(shard.path)
            if snap is not None:
                keep_aside(shard.path, self.ws.folder / REPLACED / "interrupted")
            base = None
            rev = max(snap[3] if snap else 0, journal_rev(shard.journal_path)) + 1
        else:
            tables, base = shard.working_copy()
            snap, rev = base.snap, base.rev + 1
        storage = ShardStorage(tables, writable=True)
        tx = Tx(self.ws, storage, self, name, rev)
        tx.base_tables = dict(tables)
        # base: what the commit appends to (None: it writes a snapshot over `snap`)
        self.parts.append((shard, lease, (base, snap), tx, storage))
        return tx

    def commit(self) -> None:
        from .shard_append import Append, compact  # lazy: a reader never appends (start-up)
        dirty = [part for part in self.parts if part[4].dirty]
        for _, _, _, tx, _ in dirty:
            if not tx.audited:
                raise RuntimeError(f"write to {tx.name} without an audit entry")
        prepared: list[tuple[Shard, Pending | Append]] = []
        try:  # everything is built before anything is written
            for shard, lease, (base, snap), tx, storage in dirty:
                if base is None or base.snap is None:
                    pending: Pending | Append = shard.prepare(storage.tables, snap, lease,
                                                              rev=tx.rev)
                else:
                    pending = shard.prepare_append(storage.tables, tx.changes(), base, lease)
                prepared.append((shard, pending))
        except BaseException:
            abandon([pending for _, pending in prepared if isinstance(pending, Pending)])
            raise
        # new shards first: a crash between two writes never leaves an index entry
        # pointing at a shard that is not there
        prepared.sort(key=lambda item: item[1].base is not None)
        for done, (shard, pending) in enumerate(prepared):
            try:
                if isinstance(pending, Append):
                    shard.append(pending)
                else:
                    shard.publish(pending)
            except BaseException:
                abandon([later for _, later in prepared[done:] if isinstance(later, Pending)])
                for earlier_shard, earlier in reversed(prepared[:done]):  # take it back
                    if isinstance(earlier, Append):
                        earlier_shard.take_back(earlier)
                    elif earlier.base is None:
                        earlier_shard.journal_path.unlink(missing_ok=True)
                        earlier_shard.path.unlink(missing_ok=True)
                raise
        if any(isinstance(pending, Pending) for _, pending in prepared):
            fsync_folder(self.ws.folder)
        for shard, pending in prepared:  # the writes are safe: now keep the journals short
            if isinstance(pending, Append):
                compact(shard, pending.lease)

    def close(self) -> None:
        for _, _, _, tx, storage in self.parts:
            # The copy is now the cache (or discarded) and the lock is going: hands off.
            tx.closed, storage.writable, storage.tables = True, False, {}
        self.stack.close()

