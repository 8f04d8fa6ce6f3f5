"""What a reader of a shard holds: which files it read, how far (store/core/storage.py).

`Base` is the state of a shard's files as read: the snapshot's signature, the journal's
inode, size and end of its last good record, and the revision they make. A later read
continues from it when the files only grew (`continues`), so another process's commit costs
its reader the new records, not the whole shard.
"""

from __future__ import annotations

import os
import re
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

import orjson

from . import shard_journal as journal, table_slices
from .errors import WorkspaceCorrupt
from .i18n import tr
from .shard_commit import Signature, recorded_digest, signature_of_stat
from .lazy_table import LAZY_AT, LAZY_TABLES, LazyTable, is_table
from .record import FrozenRecord, Record
from .shard_files import split_tables
from .shard_lock import open_stat
from .shard_looks import quad as _quad, stat_now  # noqa: F401  (stat_now re-exported)
from .shard_heads import apply_patch

Key = tuple  # (snapshot signature, journal inode or None, journal size): "the same files"
_RETRIES = 200
FIRST_BYTES = 4096  # read with the revision: a project's head (~2 KB) comes with them


class Base(FrozenRecord):
    """The files a transaction read: what its commit appends to, or checks before replacing."""
    __slots__ = ("snap", "jino", "jsize", "jend", "jcrc", "jbase", "jrev", "rev", "stat")

    def __init__(self, snap: Signature | None, jino: int | None, jsize: int, jend: int,
                 jcrc: int, jbase: int, jrev: int, rev: int, stat: tuple | None = None) -> None:
        setattr_ = object.__setattr__  # (many are made: no keyword dict, as `_set` takes)
        setattr_(self, "snap", snap)    # the snapshot (None: the shard does not exist)
        setattr_(self, "jino", jino)    # the journal's inode (None: no journal)
        setattr_(self, "jsize", jsize)  # the journal's size as read (more than `jend`: torn)
        setattr_(self, "jend", jend)    # the end of its last good record
        setattr_(self, "jcrc", jcrc)    # running crc32 of its bytes up to `jend`
        setattr_(self, "jbase", jbase)  # the snapshot revision its header names
        setattr_(self, "jrev", jrev)    # the revision of its last record (`jbase` if none)
        setattr_(self, "rev", rev)      # the shard's revision
        # (inode, size, mtime_ns) of both files as read: two stats that find them the same
        # spare opening them again (not compared: the revision read from the snapshot is)
        setattr_(self, "stat", stat)

    def _values(self) -> tuple:  # what == and hash compare: all but `stat`
        return (self.snap, self.jino, self.jsize, self.jend, self.jcrc, self.jbase, self.jrev,
                self.rev)

    def with_stat(self, stat: tuple | None) -> "Base":
        return Base(self.snap, self.jino, self.jsize, self.jend, self.jcrc, self.jbase,
                    self.jrev, self.rev, stat)

    @property
    def key(self) -> Key:
        return (self.snap, self.jino, self.jsize)


EMPTY = Base(None, None, 0, 0, 0, 0, 0, 0)


class Files(Record):
    """The snapshot and journal open together (one consistent pair)."""
    __slots__ = ("fd", "snap", "size", "jfd", "jino", "jsize", "jbase", "older", "jstat",
                 "sstat", "first")
    __hash__ = None  # type: ignore[assignment]

    def __init__(self, fd: int | None, snap: Signature | None, size: int, jfd: int | None = None,
                 jino: int | None = None, jsize: int = 0, jbase: int = 0, older: int = 0,
                 jstat: tuple | None = None, sstat: tuple | None = None, first: bytes = b""
                 ) -> None:
        self.fd = fd
        self.snap = snap
        self.size = size
        self.jfd = jfd
        self.jino = jino
        self.jsize = jsize
        self.jbase = jbase
        self.older = older  # a journal follows snapshot revision `older`, newer than this one
        self.jstat = jstat  # the journal's (inode, size, mtime_ns)
        self.sstat = sstat  # the snapshot's (inode, size, mtime_ns, ctime_ns)
        self.first = first  # the snapshot's first FIRST_BYTES (its revision, its head)

    @property
    def key(self) -> Key:
        return (self.snap, self.jino, self.jsize)



@contextmanager
def opened(path: Path, journal_path: Path, unreadable: Callable[[OSError], Exception],
           corrupt: Callable[[Path, str], Exception]) -> Iterator[Files]:
    """The snapshot, then the journal, open. A journal that follows a newer snapshot than
    the one opened (a compaction came between the two opens) makes it open both again."""
    seen = None
    for _ in range(_RETRIES):
        files = _open_pair(path, journal_path, unreadable, corrupt, seen)
        if not isinstance(files, tuple):
            break
        seen = files  # the same mismatch twice: the snapshot was replaced by an older one
    else:
        raise corrupt(journal_path, "it follows a snapshot that is not there")
    try:
        yield files
    finally:
        for fd in (files.fd, files.jfd):
            if fd is not None:
                os.close(fd)


def _open_pair(path: Path, journal_path: Path, unreadable: Callable[[OSError], Exception],
               corrupt: Callable[[Path, str], Exception], seen: tuple | None
               ) -> Files | tuple:
    """Both files; a tuple (what was seen) when the journal follows a newer snapshot than
    the one opened; the snapshot alone, marked `older`, when that was seen before too."""
    try:
        fd, sst = open_stat(path)  # never a symlink, a FIFO, a folder; one fstat a file
    except FileNotFoundError:
        return Files(None, None, 0)
    except OSError as exc:
        raise unreadable(exc) from exc
    jfd = None
    try:
        first = os.pread(fd, FIRST_BYTES, 0)
        sig = signature_of_stat(fd, sst, first)
        try:
            jfd, st = open_stat(journal_path)
        except FileNotFoundError:
            return Files(fd, sig, sig[1], sstat=_quad(sst), first=first)
        try:
            base = journal.parse_header(os.pread(jfd, journal.HEADER_LEN, 0))
        except journal.JournalDamage as exc:
            raise corrupt(journal_path, str(exc)) from None
        if base > sig[3]:
            os.close(jfd)
            if sig[3] < 0 or seen == (sig, st.st_ino):  # left to the reader to report
                return Files(fd, sig, sig[1], older=base)
            os.close(fd)
            return (sig, st.st_ino)
        return Files(fd, sig, sig[1], jfd, st.st_ino, st.st_size, base,
                     jstat=_quad(st), sstat=_quad(sst), first=first)
    except BaseException as exc:
        for left in (fd, jfd):
            if left is not None:
                try:
                    os.close(left)
                except OSError:
                    pass
        if isinstance(exc, OSError):
            raise unreadable(exc) from exc
        raise


def key_of_files(path: Path, journal_path: Path, unreadable: Callable[[OSError], Exception]
                 ) -> Key | None:
    """The files' key as they are now (the snapshot opened for its revision); None: absent."""
    try:
        fd, st = open_stat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise unreadable(exc) from exc
    try:
        sig = signature_of_stat(fd, st)
        try:
            jst = os.stat(journal_path, follow_symlinks=False)
            return (sig, jst.st_ino, jst.st_size)
        except FileNotFoundError:
            return (sig, None, 0)
    except OSError as exc:
        raise unreadable(exc) from exc
    finally:
        os.close(fd)


def hidden_end(digest: object, jbase: int, end: int, size: int) -> int | None:
    """The journal end the last commit recorded in the lock file (store/core/shard_append.py)
    when it lies past `end`, the last good record, and within the `size` bytes read: records
    Huddle wrote that a forged or damaged length field hides, not a torn tail."""
    recorded = digest.get("journal") if isinstance(digest, dict) else None
    if isinstance(recorded, list) and len(recorded) == 3 and recorded[0] == jbase \
            and isinstance(recorded[1], int) and end < recorded[1] <= size:
        return recorded[1]
    return None


def hidden_records(found: journal.Scan, files: Files, lock_path: Path | str) -> journal.Scan:
    """`found`; JournalDamage when what it takes for a torn tail hides records the lock file
    says were committed, and the journal is still as it was read (a writer that cut a torn
    tail and appended since is no damage)."""
    if files.jsize <= found.end or files.jfd is None:
        return found
    hidden = hidden_end(recorded_digest(lock_path), files.jbase, found.end, files.jsize)
    if hidden is not None and _quad(os.fstat(files.jfd)) == files.jstat:
        raise journal.JournalDamage(f"the record at byte {found.end} hides the records "
                                    f"Huddle wrote up to byte {hidden}")
    return found


def continues(old: Base | None, files: Files) -> bool:
    """Whether a state read before (`old`) is a prefix of the files now: the same snapshot,
    and the same journal grown (or a journal begun since)."""
    if old is None or old.snap != files.snap:
        return False
    if old.jino is None:
        return True
    return old.jino == files.jino and old.jend <= files.jsize


def whole(old: Base) -> bool:
    """Whether files with `old`'s key are the files `old` read: not after a torn tail, which
    the next commit cuts and may refill to the same size (same inode, same size)."""
    return old.jsize == old.jend


def start(files: Files, jfd: int | None) -> Base:
    """The state of the snapshot alone, positioned at the start of the journal's records
    (`jfd` given: with the checksum of its header, for the lock file's digest)."""
    snap = files.snap
    assert snap is not None
    if files.jfd is None:
        return Base(snap, None, 0, 0, 0, 0, snap[3], snap[3])
    crc = journal.checksum(os.pread(jfd, journal.HEADER_LEN, 0)) if jfd is not None else 0
    return Base(snap, files.jino, 0, journal.HEADER_LEN, crc, files.jbase, files.jbase, snap[3])


def next_part(value: dict | None, record: dict, full: str, patched: str) -> dict | None:
    if full in record:
        found = record[full]
        return found if isinstance(found, dict) else None
    if patched in record:
        return apply_patch(value, record[patched]) if value is not None else None
    return value


def parse_snapshot(raw: bytes, path: Path, name: str) -> dict:
    """The tables of a snapshot's bytes; WorkspaceCorrupt (with the path) if it is not one."""
    if not raw.strip():
        raise WorkspaceCorrupt(
            tr("{path} is empty; it was not written by Huddle. Restore it from a backup "
               "(`huddle restore BACKUP --shard {name}`; `huddle check` lists what else "
               "is wrong).", path=str(path), name=name),
            str(path),
        )
    split = split_tables(raw)
    try:
        if split is None:  # no table of contents (or one that does not fit): the whole file
            tables = orjson.loads(raw)["tables"]
            if type(tables) is not dict or not all(map(is_table, tables.values())):
                raise ValueError("tables")
            return tables
        base, toc = split
        tables = {}
        for table, (begin, end, _crc, last) in toc.items():
            chunk = raw[base + begin:base + end]
            if table in LAZY_TABLES and end - begin >= LAZY_AT:  # parsed when first read
                tables[table] = LazyTable(chunk, last, fail=lambda why: _corrupt(path, name, why))
                continue
            tables[table] = docs = table_slices.parse(chunk)  # a big one in slices
            if not is_table(docs):
                raise ValueError("tables")
        return tables
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        raise _corrupt(path, name, str(exc)) from exc


class Whole(Record):
    """A shard's files read whole (`huddle check`, `huddle backup`): their bytes, the tables
    they make and the revision."""
    __slots__ = ("snapshot", "journal", "tables", "rev", "scan")
    __hash__ = None  # type: ignore[assignment]

    def __init__(self, snapshot: bytes, journal: bytes | None, tables: dict, rev: int,
                 scan: "journal.Scan | None") -> None:
        self.snapshot = snapshot
        self.journal = journal
        self.tables = tables
        self.rev = rev
        self.scan = scan


def read_whole(snapshot: bytes, journal_raw: bytes | None, path: Path, journal_path: Path,
               name: str) -> Whole:
    """The shard these bytes make; WorkspaceCorrupt (with the path of the file at fault) if
    either is damaged or the journal follows a newer snapshot."""
    from .changeset import apply

    tables = parse_snapshot(snapshot, path, name)
    match = re.match(rb'^\{"_rev":(\d+),', snapshot)
    rev = int(match.group(1)) if match else 0
    if journal_raw is None:
        return Whole(snapshot, None, tables, rev, None)
    try:
        base = journal.parse_header(journal_raw)
        if base > rev:
            raise journal.JournalDamage(f"it follows revision {base}, the snapshot is {rev}")
        found = journal.scan(journal_raw[journal.HEADER_LEN:], journal.HEADER_LEN, base,
                             journal.checksum(journal_raw[:journal.HEADER_LEN]))
        for number, record in found.records:
            if number > rev:
                tables, rev = apply(tables, record.get("c") or {}), number
    except (journal.JournalDamage, AttributeError, TypeError) as exc:
        raise _corrupt(journal_path, name, str(exc)) from None
    return Whole(snapshot, journal_raw, tables, rev, found)


def _corrupt(path: Path, name: str, reason: str) -> WorkspaceCorrupt:
    return WorkspaceCorrupt(
        tr("{path} is corrupt and cannot be read ({reason}). It has not been changed; "
           "restore it from a backup (`huddle restore BACKUP --shard {name}`; "
           "`huddle check` lists what else is wrong).", path=str(path),
           reason=reason[:80], name=name), str(path))


def journal_rev(journal_path: Path) -> int:
    """The last revision in a journal (0: none, or unreadable): a snapshot written anew over
    it (a restore, a shard made again) takes a revision above every record it holds."""
    fd = journal.open_journal(journal_path)
    if fd is None:
        return 0
    try:
        raw = journal.read_from(fd, 0, os.fstat(fd).st_size)
        return journal.scan(raw[journal.HEADER_LEN:], journal.HEADER_LEN,
                            journal.parse_header(raw), 0, parse=False).rev
    except (OSError, ValueError):
        return 0
    finally:
        os.close(fd)


# A file changed within one tick of the file system's clock after it was read could show
# the same inode, size and times (an ABA): two stats stand for a read only of files that
# had not changed for this long when they were read (each change sets ctime to "now").
_SETTLED_NS = 50_000_000


def settled_stat(snap: tuple | None, journal_stat: tuple | None, torn: bool) -> tuple | None:
    """The stat pair a later `stat_now` must equal for this read to stand, or None when the
    files are too fresh for two stats to tell (the snapshot, or a journal with a torn tail
    that a writer may cut and refill to the same size)."""
    if snap is None:
        return None
    now = time.time_ns()
    if now - snap[3] < _SETTLED_NS:
        return None
    if torn and journal_stat is not None and now - journal_stat[3] < _SETTLED_NS:
        return None
    return (snap, journal_stat)


def with_stat(base: Base, files: "Files") -> Base:
    return base.with_stat(settled_stat(files.sstat, files.jstat, base.jsize != base.jend))
