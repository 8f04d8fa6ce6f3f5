"""Whether a shard's files changed: two stats (`stat_now`), once per shard and pass.

Every read of a shard (its head, its tables, a memo of it) first asks whether the files are
still those it read: a stat of the snapshot and one of the journal. A screen's refresh asks
that many times of the same shards (the standup: the heads, open tasks and updates of 100
projects and the directory behind every name shown, ~1,000 stats), though one answer per
shard is all it needs. `one_look()` is such a pass: within it, this thread stats each
shard's files once and takes that answer for the rest of the pass, so the pass reads each
shard as it was when it first looked (or newer, never older: a read that finds other files
than the answer opens them). A commit made meanwhile is the next refresh's (the change feed
names it).

Writes never use an old answer: while this thread holds a shard's lock (`fresh_looks`, in
`Shard.locked`) every look is afresh, and a shard locked in a pass is looked at again after.
"""

from __future__ import annotations

import os
import _thread  # threading's local without its import (a command's start-up)
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


class _Looks(_thread._local):
    seen: dict | None = None  # snapshot path -> stat_pair's answer, within one_look()
    held = 0                  # shard locks this thread holds: their looks are afresh


_LOOKS = _Looks()


def stat_pair(path: Path, journal_path: Path) -> tuple | None:
    """(inode, size, mtime_ns, ctime_ns) of the snapshot and of the journal (None if absent),
    by two stats; None when the snapshot is absent or cannot be stat'ed."""
    try:
        snap = quad(os.stat(path, follow_symlinks=False))
    except OSError:
        return None
    try:
        return (snap, quad(os.stat(journal_path, follow_symlinks=False)))
    except FileNotFoundError:
        return (snap, None)
    except OSError:
        return None


def stat_now(path: Path, journal_path: Path) -> tuple | None:
    """`stat_pair`, or within a pass the answer it gave the first time (see above)."""
    looks = _LOOKS
    seen = looks.seen
    if seen is None or looks.held:
        return stat_pair(path, journal_path)
    try:
        return seen[path]
    except KeyError:
        found = seen[path] = stat_pair(path, journal_path)
        return found


def remember(path: Path, pair: tuple | None) -> None:
    """Within a pass, a first read that took no look (store/core/storage.py skips it for a
    shard never read) counts what it read as the pass's look, so the pass stays one look."""
    seen = _LOOKS.seen
    if seen is not None and not _LOOKS.held and pair is not None:
        seen.setdefault(path, pair)


def quad(st: os.stat_result) -> tuple:
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


@contextmanager
def one_look() -> Iterator[None]:
    """A pass (see above); a pass within a pass is the same pass."""
    if _LOOKS.seen is not None:
        yield
        return
    _LOOKS.seen = {}
    try:
        yield
    finally:
        _LOOKS.seen = None


@contextmanager
def fresh_looks(path: Path) -> Iterator[None]:
    """While this thread holds the lock of the shard at `path`: every look afresh, and that
    shard's answer forgotten afterwards (it may have been written)."""
    _LOOKS.held += 1
    try:
        yield
    finally:
        _LOOKS.held -= 1
        if _LOOKS.seen is not None:
            _LOOKS.seen.pop(os.fspath(path), None)  # (a shard looks by its text name)
