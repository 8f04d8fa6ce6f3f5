"""The exclusive lock of one shard, safe against a lock file deleted or replaced meanwhile.

A writer takes two `flock`s, in this order:
1. the stable `<name>.lock` file. After `flock` it checks that the file it locked is the one
   at the path now (same inode); a lock file deleted or replaced while it waited is dropped
   and the new one locked instead;
2. the data file `<name>.json` itself, opened read-only (no write right is needed to lock).
   Every commit replaces the data file, so after `flock` the writer checks that the path
   still names the inode it locked; when a commit replaced it meanwhile, it locks the new one.

The second lock is what keeps a write from being lost when someone deletes `<name>.lock`
while a writer is inside its transaction: a second writer then gets a new lock file, but it
waits on the data file until the first has committed, and reads what the first wrote.
Whoever replaces the file without any lock (an edit by hand) is caught at commit by the
revision check (store/core/shard_commit.py).

Files are opened with O_NOFOLLOW: a shard or lock file replaced by a symlink (to a file
the writer may write and its owner may not) is refused, not followed; and by `open_file`,
which refuses anything but a regular file (a FIFO would block the open, or feed a reader
bytes without end).
"""

from __future__ import annotations

import errno
import fcntl
import os
import stat
import _thread  # threading's locks without its import (a command's start-up)
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from .record import Record
from .shard_looks import fresh_looks

_held = _thread._local()  # the lock files this thread holds


class Lease(Record):
    """What a writer holds while it is inside a shard's transaction."""
    __slots__ = ("lock_fd", "data_fd", "data_ino", "lock_writable")
    __hash__ = None  # type: ignore[assignment]

    def __init__(self, lock_fd: int, data_fd: int | None, data_ino: int | None,
                 lock_writable: bool) -> None:
        self.lock_fd = lock_fd
        self.data_fd = data_fd              # the locked data file; None: no shard yet
        self.data_ino = data_ino            # its inode: the file a commit may replace
        self.lock_writable = lock_writable  # opened for writing (its digest can be updated)


@contextmanager
def hold(lock_path: Path, data_path: Path, open_lock: Callable[[], tuple[int, bool]],
         unreadable: Callable[[OSError], Exception]) -> Iterator[Lease]:
    """Hold the shard's two locks (see the module docstring) for the `with` body.

    `open_lock()` opens (creating if need be) the lock file: (fd, opened for writing)."""
    key = os.path.abspath(lock_path)
    held: set[str] = _held.__dict__.setdefault("paths", set())
    if key in held:
        raise RuntimeError(f"nested transaction on shard {data_path.stem!r}: this thread "
                           "already holds its lock")
    lock_fd, writable = _lock_current(lock_path, open_lock)
    data_fd = None
    try:
        data_fd, data_ino = _lock_data(data_path, unreadable)
        held.add(key)
        try:  # while held, this thread reads the shards afresh (store/core/shard_looks.py)
            with fresh_looks(data_path):
                yield Lease(lock_fd, data_fd, data_ino, writable)
        finally:
            held.discard(key)
    finally:
        if data_fd is not None:
            os.close(data_fd)
        os.close(lock_fd)  # closing releases the flock


def _lock_current(path: Path, open_lock: Callable[[], tuple[int, bool]]) -> tuple[int, bool]:
    while True:
        fd, writable = open_lock()
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            if _same_file(fd, path):
                return fd, writable
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)  # deleted or replaced while we waited: lock the one there now


def _lock_data(path: Path, unreadable: Callable[[OSError], Exception]
               ) -> tuple[int | None, int | None]:
    while True:
        try:
            fd = open_file(path)
        except FileNotFoundError:
            return None, None
        except OSError as exc:
            raise unreadable(exc) from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            if _same_file(fd, path):
                return fd, os.fstat(fd).st_ino
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)  # a commit replaced it while we waited: lock the new file


def open_file(path: Path | str, flags: int = os.O_RDONLY) -> int:
    """An fd on the workspace file `path`: never through a symlink (O_NOFOLLOW), never
    blocking (O_NONBLOCK: a FIFO put in a file's place), and only on a regular file (else
    OSError "not a regular file", with the path)."""
    return open_stat(path, flags)[0]


def open_stat(path: Path | str, flags: int = os.O_RDONLY) -> tuple[int, os.stat_result]:
    """`open_file`, and the fstat it checked the file with (a reader's one stat of it)."""
    fd = os.open(path, flags | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK)
    try:
        st = os.fstat(fd)
    except BaseException:
        os.close(fd)
        raise
    mode = st.st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        if stat.S_ISDIR(mode):
            raise OSError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        raise OSError(errno.EINVAL, "not a regular file", str(path))
    return fd, st


def data_end(fd: int, size: int, start: int = 0) -> int:
    """Where the data of the file open on `fd` ends, at most `size`: at the first hole at or
    after `start`. Huddle writes no holes; a sparse file's read as zeros and cost no disk, so
    a member's `truncate -s 1T` on a shard file would cost each reader a terabyte of memory."""
    try:
        return max(start, min(size, os.lseek(fd, start, os.SEEK_HOLE)))
    except OSError:  # ENXIO: `start` at or past the end; or no SEEK_HOLE on this system
        return size


def data_after(fd: int, offset: int, size: int) -> bool:
    """Whether the file open on `fd` holds data between `offset` and `size` (after a hole)."""
    try:
        return os.lseek(fd, offset, os.SEEK_DATA) < size
    except OSError:  # ENXIO: nothing but a hole up to the end
        return False


def _same_file(fd: int, path: Path) -> bool:
    try:
        here = os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (here.st_ino, here.st_dev) == (mine.st_ino, mine.st_dev)
