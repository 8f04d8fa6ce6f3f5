"""One shard of a workspace: a snapshot, a journal, a lock and a parse cache.

`<name>.json` is the snapshot (shard_files.py), `<name>.journal` the commits since it, one
framed record each (shard_journal.py): the shard is the snapshot with the newer records
applied. A commit appends a record (shard_append.py); compaction writes a new snapshot.
docs/architecture.md, "Persistence", has the format, the crash rules and why.

Reading (store/core/shard_state.py): the snapshot, then the journal, as one consistent
pair (a compaction between the two opens: both again), so a reader always sees one
committed revision. Reads are incremental: a process holding a shard reads only the
journal bytes it has not seen. Heads (store/core/shard_heads.py) are read from the
snapshot's first bytes, patched record by record (never from the tables), shape-checked.

Threads: a short-held mutex guards the cache, never the cross-process lock; two threads
writing one shard exclude each other through the `flock`. Transactions work on a lazy copy
(`Shard.working_copy`); the cache holds only what is on disk, up to a budget (`ShardCache`,
by file bytes, least recently used out first); a shard's `memo` is kept with the files' key.
"""

from __future__ import annotations

import os
import _thread  # threading's locks without its import (a command's start-up)
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from . import shard_commit, shard_journal as journal
from .changeset import apply as apply_changes
from .errors import WorkspaceNotWritable, WorkspaceUnreadable
from .i18n import tr
from .lazy_table import cache_cost
from .read_log import ABSENT, CHANGED, ReadLog, holding, logged
from .shard_cache import ShardCache  # noqa: F401  (re-exported)
from .shard_commit import Pending, Signature, fsync_folder, signature_of_fd
from .shard_files import chmod_if_owner, read_all, read_head, snapshot_bytes
from .shard_heads import fitting
from .shard_state import (EMPTY, Base, Files, Key, _corrupt as corrupt, continues,
                          hidden_records, key_of_files, next_part, opened, parse_snapshot, start,
                          whole, with_stat)
from .shard_lock import Lease, hold
from .shard_looks import remember, stat_now, stat_pair
from .shard_paths import ShardPaths

if TYPE_CHECKING:  # shard_append is imported by the first write (a reader never appends)
    from . import shard_append


class Shard(ShardPaths):
    """A shard of the workspace: `<name>.json`, `<name>.journal`, `<name>.lock`, the cache."""

    def __init__(self, folder: Path, name: str, file_mode: int | None,
                 cache: ShardCache | None = None, reads: ReadLog | None = None):
        super().__init__(folder, name)  # path, journal_path, lock_path; file, jfile: their text
        self._file_mode = file_mode  # None: let the umask decide
        self._cache = cache
        self._reads = reads  # the workspace's while a change feed's token waits (read_log.py)
        self._base: Base | None = None   # the files the tables below are
        self._tables: dict | None = {}   # None: dropped from the cache (base and memo kept)
        self._memo: dict = {}
        self._memo_key: Key | None = None
        self._hbase: Base | None = None  # the files the head parts below are
        self._head: dict | None = None
        self._more: dict | None = None
        self._more_read = False
        self._mutex = _thread.RLock()  # guards the fields above; held only briefly

    # -- opening the pair ------------------------------------------------
    def _files(self):
        """The snapshot and journal open as one consistent pair (store/core/shard_state.py)."""
        files = opened(self.file, self.jfile, self._unreadable, self._corrupt)
        return logged(files, self._reads, self.name) if self._reads and self._reads.on else files

    def _scan(self, files: Files, start: int, rev: int, crc: int) -> journal.Scan:
        try:
            data = journal.read_from(files.jfd, start, files.jsize)  # type: ignore[arg-type]
            return hidden_records(journal.scan(data, start, rev, crc), files, self.lfile)
        except journal.JournalDamage as exc:
            raise self._corrupt(self.journal_path, str(exc)) from None

    # -- reading -------------------------------------------------------
    def load(self) -> dict:
        """The parsed tables; read again only as far as the files changed. Do not mutate."""
        return self._load()[0]

    def _load(self) -> tuple[dict, Base]:
        with self._mutex:
            base, tables = self._base, self._tables
        known = base is not None and base.stat is not None and tables is not None
        quick = self._look() if known else None  # (none: a first read)
        if quick is None or base is None or tables is None or base.stat != quick:
            try:
                with self._files() as files:
                    tables, base = self._tables_of(files)
            except OSError as exc:
                raise self._unreadable(exc) from exc
            remember(self.file, base.stat)
        if self._cache and base.snap is not None:
            self._cache.touch(self, cache_cost(tables, base.snap[1] + base.jsize))
        return tables, base

    def _tables_of(self, files: Files) -> tuple[dict, Base]:
        with self._mutex:
            old, tables = self._base, self._tables
        if files.snap is None:
            with self._mutex:
                if old is not None and old.snap is not None and self._cache:
                    self._cache.forget(self)  # deleted since we last looked
                self._base, self._tables = EMPTY, {}
            return {}, EMPTY
        if files.older:  # a journal that follows a newer snapshot than this one
            self._parse(read_all(files.fd, files.size))  # type: ignore[arg-type]
            raise self._corrupt(self.path, f"older than its journal, which follows revision "
                                           f"{files.older}; this is {files.snap[3]}")
        if old is not None and tables is not None and old.key == files.key and whole(old):
            if old.stat is None:  # settled since: two stats will do from now on
                old = with_stat(old, files)
                with self._mutex:
                    if self._tables is tables:
                        self._base = old
            return tables, old
        if tables is None or not continues(old, files):
            tables = self._parse(read_all(files.fd, files.size))  # type: ignore[arg-type]
            old = start(files, files.jfd)
        elif old.jino != files.jino:  # a journal begun since: read it from its start
            old = start(files, files.jfd)
        base = old
        if files.jfd is not None:
            found = self._scan(files, old.jend, old.jrev, old.jcrc)
            rev = old.rev
            for number, record in found.records:
                if number > rev:
                    tables = self._apply(tables, record, number)
                    rev = number
            base = Base(files.snap, files.jino, files.jsize, found.end, found.crc,
                        files.jbase, found.rev, rev)
        base = with_stat(base, files)
        with self._mutex:
            self._base, self._tables = base, tables
        return tables, base

    def _apply(self, tables: dict, record: dict, number: int) -> dict:
        try:
            return apply_changes(tables, record.get("c") or {})
        except (AttributeError, TypeError) as exc:
            raise self._corrupt(self.journal_path, f"record {number}: {exc}") from None

    def _evict(self) -> None:
        with self._mutex:
            self._tables = None if self._base is not None else self._tables

    def _current_key(self) -> Key | None:
        """The files' key now: two stats when they are the files last read."""
        quick = self._look()
        with self._mutex:
            for known in (self._base, self._hbase):
                if quick is not None and known is not None and known.stat == quick:
                    return known.key
        with holding(self._reads):  # the look and its note at once (ReadLog.saw)
            key = key_of_files(self.file, self.jfile, self._unreadable)
            if self._reads and (key is None or quick is None):  # (gone, or back since)
                self._reads.saw(self.name, ABSENT if key is None else CHANGED)
        return key

    def _look(self) -> tuple | None:
        """`stat_now`, which lets a read made before stand: noted as a read (read_log.py)."""
        if self._reads is None or not self._reads.on:
            return stat_now(self.file, self.jfile)
        return self._reads.look(self.name, self.file, self.jfile)

    def head(self) -> dict | None:
        """The shard's head (see the module docstring), or None if it has none (or a forged
        one). Reads the first bytes of the snapshot and the journal, never the tables."""
        return self._read_head()[0]

    def more(self) -> dict | None:
        """The second part of the head (see the module docstring), or None."""
        return self._read_head(more=True)[1]

    def heads_at(self, base: Base, more: bool = True) -> tuple[dict | None, dict | None]:
        """The head parts as of the files `base` describes (a transaction's), from what this
        process holds when it is that state, else read now (call under `locked`)."""
        with self._mutex:
            hbase = self._hbase
            if hbase is not None and hbase.key == base.key and whole(hbase) and (
                    self._more_read or not more):
                return self._head, self._more
        return self._read_head(more)

    def _read_head(self, more: bool = False) -> tuple[dict | None, dict | None]:
        hbase = self._hbase  # (a hint, as in _load: no stats when no read before can stand)
        quick = self._look() if hbase and hbase.stat else None
        with self._mutex:
            if quick is not None and self._hbase is not None and self._hbase.stat == quick \
                    and (self._more_read or not more):
                return self._head, self._more
        try:
            with self._files() as files:
                return self._head_of(files, more)
        except OSError as exc:
            raise self._unreadable(exc) from exc

    def _head_of(self, files: Files, more: bool) -> tuple[dict | None, dict | None]:
        if files.snap is None or files.older:  # (the full parse reports the latter)
            return None, None
        with self._mutex:
            old, head, extra, extra_read = self._hbase, self._head, self._more, self._more_read
        if old is not None and old.key == files.key and whole(old) and (extra_read or not more):
            return head, extra
        if not continues(old, files) or (more and not extra_read):
            head, extra = read_head(files.fd, files.size, more,  # type: ignore[arg-type]
                                    files.first)
            extra_read = more
            old = start(files, None)
        elif old.jino != files.jino:
            old = start(files, None)
        base = old
        if files.jfd is not None:
            found = self._scan(files, old.jend, old.jrev, 0)
            rev = old.rev
            for number, record in found.records:
                if number > rev:
                    head = next_part(head, record, "H", "h")
                    extra = next_part(extra, record, "M", "m") if extra_read else None
                    rev = number
            base = Base(files.snap, files.jino, files.jsize, found.end, 0, files.jbase,
                        found.rev, rev)
        base, (head, extra) = with_stat(base, files), fitting(self.name, head, extra)
        with self._mutex:
            self._hbase, self._head, self._more, self._more_read = base, head, extra, extra_read
        remember(self.file, base.stat)  # the pass's look, as `_load`'s
        return head, extra

    def _unreadable(self, exc: OSError) -> WorkspaceUnreadable:
        path = self.jfile if exc.filename == self.jfile else self.file
        return WorkspaceUnreadable(
            tr("Cannot read {path}: {reason}", path=path, reason=exc.strerror or exc), path)

    def _corrupt(self, path: Path, reason: str) -> WorkspaceCorrupt:
        return corrupt(path, self.name, reason)

    def _parse(self, raw: bytes) -> dict:
        return parse_snapshot(raw, self.path, self.name)

    def memo(self, key: object, compute, *, tables: bool = True):
        """A value derived from this shard, computed once per state of its files.

        `compute(tables)` runs without the cache mutex held (it may read shards); its
        result is kept only if the shard did not change meanwhile, and survives the
        eviction of the tables. With `tables=False`, `compute()` takes no argument and
        reads what it needs itself (e.g. the shard's head): the tables are not parsed."""
        now = self._current_key()
        with self._mutex:
            if now != self._memo_key:
                self._memo, self._memo_key = {}, now
            elif key in self._memo:
                return self._memo[key]
        if tables:
            data, base = self._load()
            value, data_key = compute(data), base.key if base.snap else None
        else:
            value = compute()
            data_key = self._current_key()  # what it read may be newer than `now`
        with self._mutex:
            if data_key == now == self._memo_key and all(  # (never after a torn tail)
                    whole(b) for b in (self._base, self._hbase) if b and b.key == now):
                self._memo.setdefault(key, value)
        return value

    @property
    def rev(self) -> int:
        return (self._base or EMPTY).rev  # (one read: another thread may reset it)

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
            chmod_if_owner(fd, self._file_mode)
        return fd, True

    def _not_writable(self, exc: OSError) -> WorkspaceNotWritable:
        return WorkspaceNotWritable(
            tr("Cannot write to the workspace folder {path}: {reason}",
               path=str(self.path.parent), reason=exc.strerror or exc))

    def working_copy(self) -> tuple[dict, Base]:
        """The tables for a transaction to change, and the files they are (call under
        `locked`). The copy is lazy (store/core/tinydb_views.py): a write costs what it
        touches, not the whole shard, and the cache is never changed."""
        tables, base = self._load()
        return dict(tables), base

    def prepare(self, tables: dict, base: Signature | None, lease: Lease,
                rev: int | None = None) -> Pending:
        """Serialise `tables` as a new snapshot at revision `rev` (default: the one after
        `base`) into a fsync'd temp file, and the empty journal that will follow it into
        another (nothing visible changes yet; store/core/shard_commit.py). Call under `locked`."""
        rev = rev if rev is not None else (base[3] if base else 0) + 1
        payload, tables = snapshot_bytes(self.name, tables, rev)
        pending = shard_commit.prepare(self.path, payload, rev, base, lease, self._file_mode)
        pending.tables = tables
        try:
            from . import shard_append  # lazy: a reader never appends (start-up)
            pending.journal_tmp = shard_append.journal_temp(self, lease, journal.header(rev))
        except OSError as exc:
            shard_commit.abandon([pending])
            raise shard_commit.not_saved(self.path, exc) from exc
        except BaseException:
            shard_commit.abandon([pending])
            raise
        return pending

    def publish(self, pending: Pending) -> None:
        """Put a prepared snapshot in place, then its empty journal (a replaced snapshot is
        made durable first: never the old snapshot with the new journal). The caller
        fsyncs the folder at the end."""
        if pending.base is None:
            shard_commit.unlink_quietly(self.journal_path)  # left by a shard made before
        st = shard_commit.publish(pending)
        if pending.base is not None:
            fsync_folder(self.path.parent)
        tmp, pending.journal_tmp = pending.journal_tmp, None
        base = Base((st.st_ino, st.st_size, st.st_mtime_ns, pending.rev), None, 0, 0, 0, 0, 0,
                    pending.rev)
        if tmp is not None:
            try:
                os.replace(tmp, self.journal_path)
                header = journal.header(pending.rev)
                jst = os.stat(self.journal_path, follow_symlinks=False)
                base = Base(base.snap, jst.st_ino, len(header), len(header),
                            journal.checksum(header), pending.rev, pending.rev, pending.rev)
            except OSError:  # the snapshot is in place: the first append begins a journal
                shard_commit.unlink_quietly(tmp)
                shard_commit.unlink_quietly(self.journal_path)
        self._now_written(base, pending.tables or {}, None, None, False)
        if self._cache:
            self._cache.touch(self, cache_cost(pending.tables or {}, st.st_size))

    def prepare_append(self, tables: dict, changes: dict, base: Base, lease: Lease
                       ) -> shard_append.Append:
        """The journal record of a commit (nothing is written yet; store/core/shard_append.py)."""
        from . import shard_append
        return shard_append.prepare(self, tables, changes, base, lease)

    def append(self, pending: shard_append.Append) -> None:
        """Append a prepared record (fdatasync'd) and make it what the cache holds."""
        from . import shard_append
        base = shard_append.append(self, pending)
        self._now_written(base, pending.tables, pending.head, pending.more, pending.has_head)
        if self._cache and base.snap:
            self._cache.touch(self, cache_cost(pending.tables, base.snap[1] + base.jsize))

    def take_back(self, pending: shard_append.Append) -> None:
        """Undo an appended record (a multi-shard commit failing after it)."""
        from . import shard_append
        shard_append.take_back(self, pending)
        with self._mutex:
            self._base = self._hbase = self._memo_key = None

    def _now_written(self, base: Base, tables: dict, head: dict | None, more: dict | None,
                     heads_known: bool) -> None:
        with self._mutex:
            self._base, self._tables = base, tables
            self._memo, self._memo_key = {}, base.key
            self._hbase = base if heads_known else None
            if heads_known:
                self._head, self._more, self._more_read = head, more, True

    def commit(self, tables: dict, lease: Lease, base: Signature | None = None) -> None:
        """Write `tables` as a new snapshot over the one `base` describes (default: the file
        as it is now): prepare, publish, fsync the folder. Call under `locked`. On any
        failure the files, the cache and the folder are as before."""
        if base is None and lease.data_fd is not None:
            base = signature_of_fd(lease.data_fd)
        rev = max(self._load()[1].rev, base[3] if base else 0) + 1
        self.publish(self.prepare(tables, base, lease, rev=rev))
        fsync_folder(self.path.parent)

    def signature(self) -> tuple | None:
        """What the change feed compares: (inode, size, mtime_ns) of the snapshot, and of
        the journal when there is one; None if the shard is absent (never a pass's answer)."""
        found = stat_pair(self.file, self.jfile)
        return None if found is None else found[0][:3] + (found[1][:3] if found[1] else ())
