"""A commit to an existing shard: one record appended to its journal, fdatasync'd.

`prepare` builds the record (the change set, what changed in the head) and writes nothing:
in a transaction over several shards every record is built before any is written. `append`
then checks that the files are still the ones the transaction read (a snapshot or journal
changed without the lock is `WorkspaceConflict`, never overwritten), cuts off a torn tail,
writes the record at the end of the last good one and fdatasyncs it. A shard without a
journal (or whose journal ends before its snapshot: a restore or a compaction that a crash
interrupted) gets a new one: header and record in a fsync'd temp file, linked (or renamed)
in place, then the folder fsync'd. `take_back` cuts a journal back (a multi-shard commit
failing after this append). `compact` writes a new snapshot when the journal has outgrown
it (store/core/storage.py: `Shard.publish` removes the journal then).

The lock file records what was last written, for `huddle check` (store/core/integrity.py):
{"rev": N, "snap": snapshot revision, "sha256": of the snapshot, "journal": [its base,
its end, crc32 of its bytes up to the end]}.
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path
from typing import Any, Protocol

import orjson

from . import shard_journal as journal
from .changeset import apply
from .errors import WorkspaceConflict, WorkspaceError, WorkspaceNotWritable
from .i18n import tr
from .shard_commit import (_conflict, digest_of_fd, fsync_folder, not_saved, require_writable,
                           unlink_quietly, write_all, write_digest)
from .shard_files import dumps
from .shard_heads import head_fn, heads_after, patch
from .shard_lock import Lease
from .shard_state import _corrupt, _quad, hidden_end

from .shard_state import Base


class Shard(Protocol):
    """What a journal append needs of its shard (store/core/storage.py, which imports this
    module: a protocol here, so the two do not import each other)."""

    name: str
    path: Path
    journal_path: Path
    _file_mode: int | None
    _base: Any

    def load(self) -> dict: ...

    def _load(self) -> Any: ...

    def _current_key(self) -> Any: ...

    def heads_at(self, *args: Any) -> Any: ...

    def prepare(self, *args: Any, **kwargs: Any) -> Any: ...

    def publish(self, pending: Any) -> None: ...

# A journal is compacted once it holds more bytes than COMPACT_RATIO × its snapshot (so a
# reader never reads more than twice the shard), but never for less than COMPACT_AT bytes
# (a small shard is not rewritten every few writes), nor later than at COMPACT_CAP.
COMPACT_RATIO = 1.0
COMPACT_AT = 64 * 1024
COMPACT_CAP = 8 * 1024 * 1024
_MAX_REV = (1 << 63) - 1  # what JSON (orjson: 64-bit integers) and a frame's u64 both hold


class Append:
    """A prepared record, not yet written. (A plain class: making a dataclass costs an
    `exec` in every writing process.)"""

    __slots__ = ("base", "lease", "rev", "frame", "tables", "has_head", "head", "more",
                 "fresh", "old_digest")

    def __init__(self, base: "Base", lease: Lease, rev: int, frame: bytes, tables: dict,
                 has_head: bool, head: dict | None, more: dict | None, fresh: bool,
                 old_digest: bytes = b"") -> None:
        self.base = base
        self.lease = lease
        self.rev = rev
        self.frame = frame
        self.tables = tables        # the tables once it is written (what the cache holds)
        self.has_head = has_head    # this process knows the head (the two below are current)
        self.head = head
        self.more = more
        self.fresh = fresh          # the record goes into a new journal file
        self.old_digest = old_digest


def prepare(shard: "Shard", tables: dict, changes: dict, base: "Base", lease: Lease) -> Append:
    if base.rev >= _MAX_REV:  # a hand-edited `_rev`: no record (u64 revision) can follow it
        raise _corrupt(shard.path, shard.name, f"its revision {base.rev} is out of range")
    if lease.data_fd is not None:
        require_writable(shard.path)  # a read-only shard is refused, as a replace would be
    body, converted = dumps(changes)
    if converted:  # what every reader will rebuild
        changes = orjson.loads(body)
        tables = apply(shard.load(), changes)
    parts: dict = {}
    has = head_fn(shard.name) is not None
    head = more = None
    if has:
        prev_head, prev_more = shard.heads_at(base)
        has, head, more = heads_after(shard.name, (prev_head, prev_more), tables, changes,
                                      shard.load())
        parts.update(_part(prev_head, head, "H", "h"))
        parts.update(_part(prev_more, more, "M", "m"))
    elif shard.heads_at(base, more=False)[0] is not None:  # a head this process cannot keep
        # up: readers drop it
        parts = {"H": None, "M": None}
    payload = b'{"c":' + body + (b"," + orjson.dumps(parts)[1:] if parts else b"}")
    rev = base.rev + 1
    return Append(base, lease, rev, journal.frame(rev, payload), tables, True, head, more,
                  base.jino is None or base.jrev != base.rev)


def _part(prev: dict | None, new: dict | None, full: str, patched: str) -> dict:
    if new is None:
        return {full: None} if prev is not None else {}
    if prev is None:
        return {full: new}
    ops = patch(prev, new)
    return {patched: ops} if ops else {}


def append(shard: "Shard", pending: Append) -> "Base":
    """Write the record; the files' state after it. Nothing changes on failure."""

    base = pending.base
    if shard._current_key() != base.key:
        raise WorkspaceConflict(_conflict(shard.path))
    snap = base.snap
    assert snap is not None
    try:
        if pending.fresh:
            data = journal.header(snap[3]) + pending.frame
            _new_journal(shard, pending, data)
            jbase, end, crc = snap[3], len(data), zlib.crc32(data)
        else:
            if base.jsize > base.jend:  # a torn tail, to cut: never records Huddle wrote
                _refuse_cutting_records(shard, pending.lease, base)
            journal.append(shard.journal_path, pending.frame, base.jend)
            jbase, end = base.jbase, base.jend + len(pending.frame)
            crc = zlib.crc32(pending.frame, base.jcrc)
        st = os.stat(shard.journal_path, follow_symlinks=False)
    except PermissionError as exc:  # a journal its owner keeps read-only: as a snapshot's
        raise WorkspaceNotWritable(tr("{path} is read-only; nothing was changed.",
                                      path=exc.filename or str(shard.journal_path))) from None
    except OSError as exc:
        raise not_saved(shard.path, exc) from exc
    pending.old_digest = _record(pending.lease, pending.rev, snap[3], jbase, end, crc)
    # what two stats must find for this process to trust its cache without reading: the
    # snapshot as the transaction found it (when settled), the journal as it is now
    stat = pending.base.stat
    return Base(snap, st.st_ino, end, end, crc, jbase, pending.rev, pending.rev,
                (stat[0], _quad(st)) if stat is not None else None)


def _refuse_cutting_records(shard: "Shard", lease: Lease, base: "Base") -> None:
    """WorkspaceCorrupt when what readers take for a torn tail holds records the last commit
    recorded in the lock file (a forged or damaged length field mid-journal): cutting it
    would lose them."""
    end = hidden_end(digest_of_fd(lease.lock_fd), base.jbase, base.jend, base.jsize)
    if end is not None:
        raise _corrupt(shard.journal_path, shard.name,
                       f"the record at byte {base.jend} hides the records Huddle wrote up "
                       f"to byte {end}")


def _new_journal(shard: "Shard", pending: Append, data: bytes) -> None:
    path = shard.journal_path
    tmp = journal_temp(shard, pending.lease, data)
    try:
        if pending.base.jino is None:
            try:
                os.link(tmp, path)  # never over a journal someone made meanwhile
            except FileExistsError:
                raise WorkspaceConflict(_conflict(shard.path)) from None
        else:
            os.replace(tmp, path)
    finally:
        unlink_quietly(tmp)
    fsync_folder(path.parent)


def journal_temp(shard: "Shard", lease: Lease, data: bytes) -> "Path":
    """A fsync'd temp file holding `data` (a journal's first bytes), with the snapshot's
    mode (never o+w); removed again on any failure."""
    path = shard.journal_path
    mode = shard._file_mode or 0o660
    if lease.data_fd is not None:
        mode = os.fstat(lease.data_fd).st_mode & 0o664
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
                     mode)
        try:
            if shard._file_mode is not None or lease.data_fd is not None:
                os.fchmod(fd, mode)  # otherwise the umask decides, as for the snapshot
            write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        unlink_quietly(tmp)
        raise
    return tmp


def take_back(shard: "Shard", pending: Append) -> None:
    journal.take_back(shard.journal_path,
                      journal.HEADER_LEN if pending.fresh else pending.base.jend)
    if pending.old_digest and pending.lease.lock_writable:
        write_digest(pending.lease.lock_fd, pending.old_digest.rstrip(), len(pending.old_digest))


def compact(shard: "Shard", lease: Lease, force: bool = False) -> bool:
    """Write a new snapshot (same revision) if the journal has outgrown the old one (`force`:
    if it has any record). The write it follows is already safe in the journal, so a
    failure here (a full disk) changes nothing: the next commit tries again."""
    base = shard._base if not force else None  # what the append left: no need to read
    if base is None:
        base = shard._load()[1]
    if base.snap is None or base.jino is None or base.rev == base.snap[3]:
        return False
    grown = base.jend - journal.HEADER_LEN
    if not force and grown <= max(base.snap[1] * COMPACT_RATIO, COMPACT_AT) \
            and grown <= COMPACT_CAP:
        return False
    tables, base = shard._load()
    try:
        shard.publish(shard.prepare(tables, base.snap, lease, rev=base.rev))
    except (OSError, WorkspaceError):
        return False
    fsync_folder(shard.path.parent)
    return True


def _record(lease: Lease, rev: int, snap_rev: int, jbase: int, end: int, crc: int) -> bytes:
    """Update the lock file's digest (see the module docstring); what it held before."""
    try:
        old = os.pread(lease.lock_fd, 512, 0)
    except OSError:
        old = b""
    if not lease.lock_writable:
        return old
    try:
        found = orjson.loads(old) if old.strip() else {}
    except orjson.JSONDecodeError:
        found = {}
    found = found if isinstance(found, dict) else {}
    record = {"rev": rev, "snap": snap_rev, "journal": [jbase, end, crc]}
    if found.get("snap", found.get("rev")) == snap_rev and "sha256" in found:
        record["sha256"] = found["sha256"]
    write_digest(lease.lock_fd, orjson.dumps(record), len(old))
    return old
