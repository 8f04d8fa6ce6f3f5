"""One shard of a workspace: a TinyDB file with atomic writes, a lock and a parse cache.

File format: `{"_rev": N, "tables": {table: {doc_id: doc}}}` as UTF-8 JSON
written by orjson. `_rev` grows by one per write; it is read from the first
bytes of the file so that a reused inode with the same size and mtime (an
ABA within one coarse timestamp tick) can never pass for unchanged data.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import secrets
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage

from .errors import WorkspaceCorrupt, WorkspaceNotWritable, WorkspaceUnreadable
from .i18n import tr

_REV = re.compile(rb'^\{"_rev":(\d+),')
Signature = tuple[int, int, int, int]  # inode, size, mtime_ns, rev


class Shard:
    """A TinyDB file of the workspace, its `<name>.lock` and the cache of its parsed tables."""

    def __init__(self, folder: Path, name: str, file_mode: int | None):
        self.name = name
        self.path = folder / f"{name}.json"
        self.lock_path = folder / f"{name}.lock"
        self._file_mode = file_mode  # None: let the umask decide
        self._sig: Signature | None = None
        self._tables: dict = {}
        self._memo: dict = {}
        self._mutex = threading.RLock()

    # -- reading -------------------------------------------------------
    def load(self) -> dict:
        """The parsed tables; parsed again only when the file changed. Do not mutate."""
        with self._mutex:
            try:
                fd = os.open(self.path, os.O_RDONLY)
            except FileNotFoundError:
                self._sig, self._tables = None, {}
                return self._tables
            except PermissionError as exc:
                raise WorkspaceUnreadable(
                    tr("Cannot read {path}: {reason}", path=str(self.path), reason=exc.strerror)
                ) from exc
            try:
                st = os.fstat(fd)
                head = os.pread(fd, 32, 0)
                match = _REV.match(head)
                rev = int(match.group(1)) if match else -1
                sig = (st.st_ino, st.st_size, st.st_mtime_ns, rev)
                if sig != self._sig:
                    self._tables = self._parse(_read_all(fd, st.st_size))
                    self._sig, self._memo = sig, {}
                return self._tables
            finally:
                os.close(fd)

    def _parse(self, raw: bytes) -> dict:
        if not raw.strip():
            raise WorkspaceCorrupt(
                tr("{path} is empty; it was not written by Huddle. Restore it from a backup.",
                   path=str(self.path)),
                str(self.path),
            )
        try:
            doc = orjson.loads(raw)
            tables = doc["tables"]
            if not isinstance(tables, dict) or not all(isinstance(t, dict) for t in tables.values()):
                raise ValueError("tables")
        except (orjson.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise WorkspaceCorrupt(
                tr("{path} is corrupt and cannot be read ({reason}). It has not been changed; "
                   "restore it from a backup.", path=str(self.path), reason=str(exc)[:80]),
                str(self.path),
            ) from exc
        return tables

    def memo(self, key: object, compute):
        """A value derived from this shard, computed once per revision of the file."""
        tables = self.load()
        with self._mutex:
            if key not in self._memo:
                self._memo[key] = compute(tables)
            return self._memo[key]

    @property
    def rev(self) -> int:
        return self._sig[3] if self._sig else 0

    # -- writing -------------------------------------------------------
    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the shard's exclusive lock (across processes and threads)."""
        with self._mutex:
            try:
                fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, self._file_mode or 0o660)
            except OSError as exc:
                raise WorkspaceNotWritable(
                    tr("Cannot write to the workspace folder {path}: {reason}",
                       path=str(self.path.parent), reason=exc.strerror)
                ) from exc
            try:
                if self._file_mode is not None:
                    _chmod_if_owner(fd, self._file_mode)
                fcntl.flock(fd, fcntl.LOCK_EX)
                yield
            finally:
                os.close(fd)  # closing releases the flock

    def working_copy(self) -> dict:
        """A copy of the tables that a transaction may mutate (call under `locked`)."""
        return {name: {doc_id: dict(doc) for doc_id, doc in table.items()}
                for name, table in self.load().items()}

    def commit(self, tables: dict) -> None:
        """Write `tables` atomically: temp file, fsync, os.replace. Call under `locked`."""
        rev = self.rev + 1
        payload = orjson.dumps({"_rev": rev, "tables": tables}, option=orjson.OPT_NON_STR_KEYS)
        tmp = self.path.with_name(f".{self.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, self._file_mode or 0o660)
            try:
                if self._file_mode is not None:
                    os.fchmod(fd, self._file_mode)
                view = memoryview(payload)
                while view:
                    view = view[os.write(fd, view):]
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(tmp, self.path)
        except OSError as exc:
            _unlink_quietly(tmp)
            reason = tr("the disk is full") if exc.errno == errno.ENOSPC else exc.strerror
            raise WorkspaceNotWritable(
                tr("Could not save {path}: {reason}. Nothing was changed.",
                   path=str(self.path), reason=reason)
            ) from exc
        st = os.stat(self.path)
        self._sig = (st.st_ino, st.st_size, st.st_mtime_ns, rev)
        self._tables, self._memo = tables, {}

    def signature(self) -> tuple[int, int, int] | None:
        """What the change feed compares: (inode, size, mtime_ns), or None if absent."""
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_size, st.st_mtime_ns)


class ShardStorage(Storage):
    """TinyDB's storage extension point, backed by one Shard.

    Read-only instances serve the cached tables. A writable instance (inside a
    transaction) works on a private copy; the transaction commits it once.
    """

    def __init__(self, tables: dict, writable: bool):
        self.tables = tables
        self.writable = writable
        self.dirty = False

    def read(self) -> dict:
        return self.tables

    def write(self, data: dict) -> None:
        if not self.writable:
            raise RuntimeError("read-only snapshot: writes go through Workspace.transaction")
        self.tables = data
        self.dirty = True


def open_tinydb(tables: dict, writable: bool) -> TinyDB:
    db = TinyDB(storage=ShardStorage, tables=tables, writable=writable)
    return db


def _read_all(fd: int, size: int) -> bytes:
    chunks, offset = [], 0
    while True:
        chunk = os.pread(fd, max(size - offset, 1 << 16), offset)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        offset += len(chunk)


def _chmod_if_owner(fd: int, mode: int) -> None:
    try:
        if os.fstat(fd).st_uid == os.getuid():
            os.fchmod(fd, mode)
    except OSError:
        pass


def _unlink_quietly(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
