"""How a shard's new content reaches the disk: prepared, then published, all or nothing.

`prepare` writes the new content to a temp file in the folder and fsyncs it: this is the
step that can run out of space, and a failure there leaves every file as it was. `publish`
then puts it in place (`os.replace` over the old file; `os.link` for a shard that did not
exist, so a file someone else created meanwhile is never overwritten) after checking that
the file is still the one the transaction read (same inode, size, mtime and revision):
a file edited by hand meanwhile is reported, not overwritten. A transaction over several
shards prepares them all before publishing any (see `Workspace.transaction` and `Tx.join`),
and publishes new shards before the ones that point at them, so a crash between two
publishes leaves at worst a shard nothing points to yet, never an index entry without one.
The folder is fsync'd after the publishes, so a committed write survives a power cut.

A writer that may not write a shard in place does not replace it either (the rename needs
only the folder's write bit): `prepare` refuses with "… is read-only; nothing was changed",
and the file keeps its owner, mode and inode. A replaced file keeps its mode (never
world-writable).

This is how a snapshot is written: a new shard, a compaction, a restore. A commit to an
existing shard appends to its journal instead (store/core/shard_append.py). Each records
the SHA-256 of the snapshot it wrote in the shard's lock file, so `huddle check` can tell a
file changed outside Huddle (store/core/integrity.py).
"""

from __future__ import annotations

import errno
import os
import re
import time
from pathlib import Path

import orjson

from .errors import WorkspaceConflict, WorkspaceNotWritable
from .i18n import tr
from .record import Record
from .shard_lock import Lease, open_file

Signature = tuple[int, int, int, int]  # inode, size, mtime_ns, rev
REV = re.compile(rb'^\{"_rev":(\d+),')


class Pending(Record):
    """A prepared commit: the temp file holding the new content, not yet in place."""
    __slots__ = ("path", "tmp", "rev", "sha256", "size", "base", "lease", "tables",
                 "journal_tmp")
    __hash__ = None  # type: ignore[assignment]

    def __init__(self, path: Path, tmp: Path, rev: int, sha256: str, size: int,
                 base: Signature | None, lease: Lease, tables: dict | None = None,
                 journal_tmp: Path | None = None) -> None:
        self.path = path
        self.tmp = tmp
        self.rev = rev
        self.sha256 = sha256
        self.size = size
        self.base = base            # what the transaction read; None: the shard did not exist
        self.lease = lease
        self.tables = tables        # what the cache holds once it is published
        self.journal_tmp = journal_tmp  # the empty journal that follows it (storage.py)


def prepare(path: Path, payload: bytes, rev: int, base: Signature | None, lease: Lease,
            file_mode: int | None) -> Pending:
    """Write `payload` to a fsync'd temp file beside `path`; nothing visible changes."""
    mode = file_mode or 0o660
    if lease.data_fd is not None:
        require_writable(path)
        mode = os.fstat(lease.data_fd).st_mode & 0o664  # keep the owner's choice, never o+w
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
                     mode)
        try:
            if file_mode is not None or lease.data_fd is not None:
                os.fchmod(fd, mode)
            write_all(fd, payload)
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        unlink_quietly(tmp)
        raise not_saved(path, exc) from exc
    except BaseException:  # KeyboardInterrupt, a signal handler's exception, …
        unlink_quietly(tmp)
        raise
    import hashlib  # lazy: only a commit needs it (the start reads)
    return Pending(path, tmp, rev, hashlib.sha256(payload).hexdigest(), len(payload), base,
                   lease)


def publish(pending: Pending) -> os.stat_result:
    """Put a prepared commit in place; the stat of the new file. Removes the temp on failure."""
    path, tmp = pending.path, pending.tmp
    try:
        if pending.base is None:
            try:
                os.link(tmp, path)  # fails if the file exists: never overwrite a stranger's
            except FileExistsError:
                raise WorkspaceConflict(_conflict(path)) from None
            os.unlink(tmp)
        else:
            if current_signature(path) != pending.base:
                raise WorkspaceConflict(_conflict(path))
            os.replace(tmp, path)
        st = os.stat(path, follow_symlinks=False)
    except OSError as exc:
        unlink_quietly(tmp)
        raise not_saved(path, exc) from exc
    except BaseException:
        unlink_quietly(tmp)
        raise
    _record_digest(pending)
    return st


def write_all(fd: int, data: bytes) -> None:
    """os.write until everything is written (a write may take only part)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def abandon(pendings: list[Pending]) -> None:
    for pending in pendings:
        unlink_quietly(pending.tmp)
        if pending.journal_tmp is not None:
            unlink_quietly(pending.journal_tmp)


def fsync_folder(folder: Path) -> None:
    """Make the renames in `folder` durable (a power cut could otherwise undo them)."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse fsync on a folder; the data files are fsync'd
    finally:
        os.close(fd)


def signature_of_fd(fd: int) -> Signature:
    """(inode, size, mtime_ns, revision) of an open shard file: what "the same file" means.
    The revision is read from the first bytes, so a reused inode with the same size and
    mtime (an ABA within one coarse timestamp tick) never passes for unchanged data."""
    return signature_of_stat(fd, os.fstat(fd))


def signature_of_stat(fd: int, st: os.stat_result, first: bytes | None = None) -> Signature:
    """`signature_of_fd` with the fstat taken when the file was opened (and, if read
    already, the file's first bytes)."""
    match = REV.match(os.pread(fd, 32, 0) if first is None else first)
    return (st.st_ino, st.st_size, st.st_mtime_ns, int(match.group(1)) if match else -1)


def current_signature(path: Path) -> Signature | None:
    try:
        fd = open_file(path)
    except FileNotFoundError:
        return None
    try:
        return signature_of_fd(fd)
    finally:
        os.close(fd)


def recorded_digest(lock_path: Path) -> dict | None:
    """What the last commit recorded in the lock file: {"rev": N, "sha256": "…"}, or None."""
    try:
        fd = open_file(lock_path)
    except OSError:
        return None
    try:
        return digest_of_fd(fd)
    finally:
        os.close(fd)


def digest_of_fd(fd: int) -> dict | None:
    """`recorded_digest` of a lock file open on `fd` (None: none, or not one Huddle wrote)."""
    try:
        raw = os.pread(fd, DIGEST_BYTES, 0)
        found = orjson.loads(raw) if raw.strip() else None
    except (OSError, orjson.JSONDecodeError):
        return None
    return found if isinstance(found, dict) else None


def keep_aside(path: Path, folder: Path, name: str | None = None) -> Path:
    """Copy the file at `path` into `folder` (made if need be) as `name` (default: a name
    of its own, made from the time and the file's name)."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o770)
    target = folder / (name or f"{time.strftime('%Y%m%dT%H%M%S')}-{os.urandom(3).hex()}-"
                               f"{path.name}")
    src = open_file(path)
    try:
        dst = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o660)
        try:
            while chunk := os.read(src, 1 << 20):
                write_all(dst, chunk)
            os.fsync(dst)
        finally:
            os.close(dst)
    finally:
        os.close(src)
    return target


def _record_digest(pending: Pending) -> None:
    if not pending.lease.lock_writable:
        return  # a lock file we may only read: `huddle check` reports it as unrecorded
    record = orjson.dumps({"rev": pending.rev, "snap": pending.rev, "sha256": pending.sha256})
    try:
        old = os.fstat(pending.lease.lock_fd).st_size
    except OSError:
        old = 0
    write_digest(pending.lease.lock_fd, record, old)


DIGEST_BYTES = 256  # a lock file's record, padded: rewritten in place, never truncated


def write_digest(fd: int, record: bytes, old_size: int) -> None:
    """Put `record` in the lock file, padded with spaces to DIGEST_BYTES so that each commit
    overwrites the last in place (a truncate costs a metadata write per commit)."""
    line = record.ljust(DIGEST_BYTES - 1) + b"\n"
    try:
        if old_size > len(line):
            os.ftruncate(fd, 0)
        os.pwrite(fd, line, 0)
    except OSError:
        pass  # the data is saved; only the evidence for `huddle check` is missing


def require_writable(path: Path) -> None:
    try:
        os.close(open_file(path, os.O_WRONLY))
    except PermissionError:
        raise WorkspaceNotWritable(
            tr("{path} is read-only; nothing was changed.", path=str(path))) from None
    except OSError as exc:
        raise not_saved(path, exc) from exc


def not_saved(path: Path, exc: OSError) -> WorkspaceNotWritable:
    reason = tr("the disk is full") if exc.errno in (errno.ENOSPC, errno.EDQUOT) \
        else (exc.strerror or str(exc))
    return WorkspaceNotWritable(tr("Could not save {path}: {reason}. Nothing was changed.",
                                   path=str(path), reason=reason))


def _conflict(path: Path) -> str:
    return tr("{path} was changed outside Huddle while this change was being saved; nothing "
              "was changed. Try again, and run `huddle check`.", path=str(path))


def unlink_quietly(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
