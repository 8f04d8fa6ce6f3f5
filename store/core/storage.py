"""One shard of a workspace: a TinyDB file with atomic writes, a lock and a parse cache.

File format: `{"_rev": N, "tables": {table: {doc_id: doc}}}` as UTF-8 JSON
written by orjson. `_rev` grows by one per write; it is read from the first
bytes of the file so that a reused inode with the same size and mtime (an
ABA within one coarse timestamp tick) can never pass for unchanged data.

Threads: the parse cache is guarded by a short-held mutex, never by the
cross-process lock, so a thread reading a shard is never held up by another
thread waiting for (or holding) that shard's `flock`. Two threads writing
the same shard exclude each other through the `flock` itself (each takes it
on its own file descriptor). A thread that asks for a shard's lock while it
already holds it gets an error instead of waiting for itself forever.

Writing (locks, temp file, publish, folder fsync, digest) is store/core/shard_lock.py and
store/core/shard_commit.py; this module serialises and keeps the cache in step.

Transactions work on a lazy copy (`Shard.working_copy`): a write copies the
tables it changes, not the whole shard. Whatever a transaction does, the
cache only ever holds what is on disk.

Heads: a domain module may register functions that derive summaries from a
shard's tables (`store.core.shard_heads.register_head(prefix, fn, more)`, e.g. a project's record and
its task counts, and its open tasks and recent updates). Each commit then
writes them in front of the tables, in the same atomic write:
`{"_rev":N,"_hlen":L,"head":{…L bytes…},"_mlen":M,"more":{…M bytes…},"tables":{…}}`.
`Shard.head()` reads those L bytes and `Shard.more()` the M after them, without
parsing the rest: a screen listing 100 projects reads 100 small heads, not 100
whole files. A file without a head (written before, or by a process that did
not register one) is read the usual way by whoever asks.

Memory: parsed tables are kept in a cache of bounded size (`ShardCache`, by
file bytes, least recently used out first). What was derived from a shard
(`memo`) is kept with the file's signature, not with the parsed tables, so it
survives their eviction: an unchanged shard is never parsed twice for a value
already derived from it.
"""

from __future__ import annotations

import os
import re
import threading
from contextlib import contextmanager
from datetime import date, datetime, time
from pathlib import Path
from typing import Iterator

import orjson

from . import shard_commit
from .errors import WorkspaceCorrupt, WorkspaceNotWritable, WorkspaceUnreadable
from .i18n import tr
from .shard_commit import REV as _REV
from .shard_commit import Pending, Signature, fsync_folder, signature_of_fd
from .shard_cache import ShardCache  # noqa: F401  (re-exported)
from .shard_heads import head_bytes
from .shard_lock import Lease, hold

_READ = os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC  # a shard replaced by a symlink is refused
_HEAD = re.compile(rb'^\{"_rev":\d+,"_hlen":(\d+),"head":')
_MORE = re.compile(rb'^,"_mlen":(\d+),"more":')
# Types orjson would silently turn into strings: handed to `_to_json` instead, so that a
# write containing one is cached as what every other process will read back.
_DUMP_OPTIONS = (orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME
                 | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_SUBCLASS)


class Shard:
    """A TinyDB file of the workspace, its `<name>.lock` and the cache of its parsed tables."""

    def __init__(self, folder: Path, name: str, file_mode: int | None,
                 cache: ShardCache | None = None):
        self.name = name
        self.path = folder / f"{name}.json"
        self.lock_path = folder / f"{name}.lock"
        self._file_mode = file_mode  # None: let the umask decide
        self._cache = cache
        self._sig: Signature | None = None
        self._tables: dict | None = {}   # None: dropped from the cache (sig and memo kept)
        self._memo: dict = {}
        self._memo_sig: Signature | None = None  # the file signature `_memo` belongs to
        self._head_sig: Signature | None = None  # the file the head parts below come from
        self._head: dict | None = None
        self._head_read = False
        self._more: dict | None = None
        self._more_read = False
        self._mutex = threading.RLock()  # guards the fields above; held only briefly

    # -- reading -------------------------------------------------------
    def load(self) -> dict:
        """The parsed tables; parsed again only when the file changed. Do not mutate."""
        return self._load()[0]

    def _load(self) -> tuple[dict, int]:
        """The current tables and the revision they were parsed from."""
        tables, sig = self._load_sig()
        return tables, sig[3] if sig else 0

    def _load_sig(self) -> tuple[dict, Signature | None]:
        """The current tables and the signature of the file they were parsed from."""
        try:
            fd = os.open(self.path, _READ)
        except FileNotFoundError:
            with self._mutex:
                if self._sig is not None:  # deleted since we last looked
                    self._sig, self._tables = None, {}
                    if self._cache:
                        self._cache.forget(self)
                return self._tables if self._tables is not None else {}, None
        except OSError as exc:
            raise self._unreadable(exc) from exc
        try:
            sig = signature_of_fd(fd)
            with self._mutex:
                if sig != self._sig or self._tables is None:
                    tables = self._parse(_read_all(fd, sig[1]))
                    self._sig, self._tables = sig, tables
                tables = self._tables
        except OSError as exc:
            raise self._unreadable(exc) from exc
        finally:
            os.close(fd)
        if self._cache:
            self._cache.touch(self, sig[1])
        return tables, sig

    def _evict(self) -> None:
        with self._mutex:
            if self._sig is not None:
                self._tables = None

    def _current_sig(self) -> Signature | None:
        """The file's signature now (one open, fstat and 32-byte read), None if absent."""
        try:
            fd = os.open(self.path, _READ)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise self._unreadable(exc) from exc
        try:
            return signature_of_fd(fd)
        except OSError as exc:
            raise self._unreadable(exc) from exc
        finally:
            os.close(fd)

    def head(self) -> dict | None:
        """The head written with the file (see the module docstring), or None if it has none.

        Reads the first bytes of the file, never the tables; cached per signature."""
        return self._read_head()[0]

    def more(self) -> dict | None:
        """The second part of the head (see the module docstring), or None."""
        return self._read_head(more=True)[1]

    def _read_head(self, more: bool = False) -> tuple[dict | None, dict | None]:
        try:
            fd = os.open(self.path, _READ)
        except FileNotFoundError:
            return None, None
        except OSError as exc:
            raise self._unreadable(exc) from exc
        try:
            st = os.fstat(fd)
            first = os.pread(fd, 64, 0)
            rev = _REV.match(first)
            sig = (st.st_ino, st.st_size, st.st_mtime_ns, int(rev.group(1)) if rev else -1)
            with self._mutex:
                if sig == self._head_sig and self._head_read and (not more or self._more_read):
                    return self._head, self._more
                if sig != self._head_sig:
                    self._head_sig, self._head, self._more, self._more_read = sig, None, None, False
                    self._head_read = False
                head_read = self._head_read
            match = _HEAD.match(first)
            # a file cut short (damaged outside Huddle) is left to the full parse to report
            intact = bool(match) and os.pread(fd, 2, max(0, st.st_size - 2)) == b"}}"
            head = self._head
            if not head_read:
                head = _loads_dict(os.pread(fd, int(match.group(1)), match.end())) \
                    if intact else None
            extra = None
            if more and intact:
                at = match.end() + int(match.group(1))
                found = _MORE.match(os.pread(fd, 32, at))
                if found:
                    extra = _loads_dict(os.pread(fd, int(found.group(1)), at + found.end()))
            with self._mutex:
                if sig == self._head_sig:
                    self._head, self._head_read = head, True
                    if more:
                        self._more, self._more_read = extra, True
            return head, extra
        except OSError as exc:
            raise self._unreadable(exc) from exc
        finally:
            os.close(fd)

    def _unreadable(self, exc: OSError) -> WorkspaceUnreadable:
        return WorkspaceUnreadable(
            tr("Cannot read {path}: {reason}", path=str(self.path), reason=exc.strerror or exc),
            str(self.path))

    def _parse(self, raw: bytes) -> dict:
        if not raw.strip():
            raise WorkspaceCorrupt(
                tr("{path} is empty; it was not written by Huddle. Restore it from a backup "
                   "(`huddle restore BACKUP --shard {name}`; `huddle check` lists what else "
                   "is wrong).", path=str(self.path), name=self.name),
                str(self.path),
            )
        try:
            doc = orjson.loads(raw)
            tables = doc["tables"]
            if not isinstance(tables, dict) or not all(
                    isinstance(t, dict) and all(isinstance(d, dict) for d in t.values())
                    for t in tables.values()):
                raise ValueError("tables")
        except (orjson.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise WorkspaceCorrupt(
                tr("{path} is corrupt and cannot be read ({reason}). It has not been changed; "
                   "restore it from a backup (`huddle restore BACKUP --shard {name}`; "
                   "`huddle check` lists what else is wrong).", path=str(self.path),
                   reason=str(exc)[:80], name=self.name),
                str(self.path),
            ) from exc
        return tables

    def memo(self, key: object, compute, *, tables: bool = True):
        """A value derived from this shard, computed once per revision of the file.

        `compute(tables)` runs without the cache mutex held (it may read shards);
        its result is kept only if the shard did not change meanwhile. An unchanged
        file is not read for a value already computed, even after its parsed tables
        left the cache. With `tables=False`, `compute()` takes no argument and reads
        what it needs itself (e.g. the shard's head), so the tables are not parsed.
        """
        sig = self._current_sig()
        with self._mutex:
            if sig != self._memo_sig:
                self._memo, self._memo_sig = {}, sig
            elif key in self._memo:
                return self._memo[key]
        if tables:
            data, data_sig = self._load_sig()
            value = compute(data)
        else:
            value = compute()
            data_sig = self._current_sig()  # what it read may be newer than `sig`
        with self._mutex:
            if data_sig == sig == self._memo_sig:
                self._memo.setdefault(key, value)
        return value

    @property
    def rev(self) -> int:
        sig = self._sig
        return sig[3] if sig else 0

    # -- writing -------------------------------------------------------
    @contextmanager
    def locked(self) -> Iterator[Lease]:
        """Hold the shard's exclusive lock (across processes and threads; store/core/shard_lock.py)."""
        with hold(self.lock_path, self.path, self._open_lock, self._unreadable) as lease:
            yield lease

    def _open_lock(self) -> tuple[int, bool]:
        flags = os.O_NOFOLLOW | os.O_CLOEXEC
        try:
            fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT | flags, self._file_mode or 0o660)
        except PermissionError as denied:
            # A lock file another member created without group write: flock needs no write.
            try:
                return os.open(self.lock_path, os.O_RDONLY | flags), False
            except OSError:
                raise self._not_writable(denied) from denied
        except OSError as exc:
            raise self._not_writable(exc) from exc
        if self._file_mode is not None:
            _chmod_if_owner(fd, self._file_mode)
        return fd, True

    def _not_writable(self, exc: OSError) -> WorkspaceNotWritable:
        return WorkspaceNotWritable(
            tr("Cannot write to the workspace folder {path}: {reason}",
               path=str(self.path.parent), reason=exc.strerror or exc))

    def working_copy(self) -> tuple[dict, Signature | None]:
        """The tables for a transaction to change, and the signature of the file they are.

        Call under `locked`. The copy is lazy: TinyDB builds new dicts for the
        tables and documents it inserts, removes or truncates, and a
        transaction's table (`_TxTable`) copies its documents, one level deep,
        before `update` changes them in place. So a write costs what it touches,
        not the whole shard, and the cache is never changed.
        """
        tables, sig = self._load_sig()
        return dict(tables), sig

    def prepare(self, tables: dict, base: Signature | None, lease: Lease,
                rev: int | None = None) -> Pending:
        """Serialise `tables` as revision `rev` (default: the one after `base`) into a
        fsync'd temp file (nothing visible changes yet; store/core/shard_commit.py). Call under
        `locked`."""
        rev = rev if rev is not None else (base[3] if base else 0) + 1
        payload, tables = shard_payload(self.name, tables, rev)
        pending = shard_commit.prepare(self.path, payload, rev, base, lease, self._file_mode)
        pending.tables = tables
        return pending

    def publish(self, pending: Pending) -> None:
        """Put a prepared commit in place and make it what the cache holds."""
        st = shard_commit.publish(pending)
        tables = pending.tables or {}
        with self._mutex:
            self._sig = (st.st_ino, st.st_size, st.st_mtime_ns, pending.rev)
            self._tables, self._memo, self._memo_sig = tables, {}, self._sig
        if self._cache:
            self._cache.touch(self, st.st_size)

    def commit(self, tables: dict, lease: Lease, base: Signature | None = None) -> None:
        """Write `tables` over the file `base` describes (default: the file as it is now):
        prepare, publish, fsync the folder. Call under `locked`. On any failure the file,
        the cache and the folder are as before (no temp file is left behind)."""
        if base is None and lease.data_fd is not None:
            base = signature_of_fd(lease.data_fd)
        self.publish(self.prepare(tables, base, lease))
        fsync_folder(self.path.parent)

    def signature(self) -> tuple[int, int, int] | None:
        """What the change feed compares: (inode, size, mtime_ns), or None if absent."""
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_size, st.st_mtime_ns)


def shard_payload(name: str, tables: dict, rev: int) -> tuple[bytes, dict]:
    """The bytes of shard `name`'s file at revision `rev` (its head first), and the tables
    as every reader parses them back (a date becomes its ISO text)."""
    converted: list[bool] = []
    body = orjson.dumps(tables, default=lambda value: _to_json(value, converted),
                        option=_DUMP_OPTIONS)
    if converted:  # cache what the other processes will read, not the Python objects
        tables = orjson.loads(body)
    head, more = head_bytes(name, tables)
    if head is None:
        return b"".join((b'{"_rev":%d,"tables":' % rev, body, b"}")), tables
    parts = [b'{"_rev":%d,"_hlen":%d,"head":' % (rev, len(head)), head]
    if more is not None:
        parts += [b',"_mlen":%d,"more":' % len(more), more]
    return b"".join((*parts, b',"tables":', body, b"}")), tables


def _loads_dict(raw: bytes) -> dict | None:
    try:
        loaded = orjson.loads(raw)
    except (orjson.JSONDecodeError, ValueError):
        return None  # the full parse will tell the user what is wrong
    return loaded if isinstance(loaded, dict) else None


def _to_json(value: object, converted: list[bool]) -> object:
    """orjson's `default`: dates become ISO text, dataclasses and subclasses plain values."""
    converted.append(True)
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if hasattr(value, "__dataclass_fields__"):
        from dataclasses import asdict
        return asdict(value)  # type: ignore[arg-type]
    for base in (dict, list, str, int, float):
        if isinstance(value, base):
            return base(value)  # type: ignore[call-overload]
    raise TypeError(f"{type(value).__name__} cannot be stored")


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
