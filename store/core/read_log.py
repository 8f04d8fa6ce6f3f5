"""What a workspace's reads saw of its shard files, so the change feed's token can wait.

The app's change feed compares the folder with a token (`Workspace.changes`: a stat of
every shard file, ~800 on a company's workspace). Taken before the first screen reads
anything, it costs the start those stats; taken after the first paint, it must not pass
a change made between a screen's read and the token for unchanged. So from
`Workspace.deferred_token()` on, this log notes what each read found (the files' states
as `changes()` writes them, or that the shard was absent, or that it exists), and which
names a listing gave; the token, taken later, is the folder as it is then, except that a
shard read before stands as it was read, and a shard whose reads saw different states (or
a read under way, or a listing it is not in) is marked changed. The log stops then (unless
another feed of the same workspace still waits for its token).

A token may name more changes than there were (the screens refresh once), never fewer.
"""

from __future__ import annotations

import _thread  # threading's lock without its import (a command's start-up)
from contextlib import contextmanager, nullcontext
from typing import Iterator

from .shard_looks import stat_now

CHANGED = ("changed",)  # a token's entry equal to no state: the first look names the shard
ABSENT, EXISTS = "absent", "exists"  # what a read or `exists()` found of a shard


class ReadLog:
    """The reads of one workspace (its shards share it) while a token waits."""

    def __init__(self) -> None:
        self.on = False
        self._waiting = 0  # tokens to make (two apps on one workspace: each its own)
        # held across a look and its note (`lock`): re-entered by `saw` and `listed`
        self.lock = self._lock = _thread.RLock()
        self._seen: dict[str, object] = {}  # name -> what its reads found (merged)
        self._busy: dict[str, int] = {}     # name -> reads under way
        self._listed: dict[str, frozenset] = {}  # prefix -> the names its first listing gave

    def start(self) -> None:
        with self._lock:
            self._waiting += 1
            self.on = True

    def begin(self, name: str) -> None:
        if not self.on:  # (most of the time: no lock)
            return
        with self._lock:
            if self.on:
                self._busy[name] = self._busy.get(name, 0) + 1

    def end(self, name: str, found: object) -> None:
        """A read of `name` begun with `begin` found `found` (None: it failed)."""
        with self._lock:
            if self.on and self._busy.get(name):
                self._busy[name] -= 1
                self._note(name, CHANGED if found is None else found)

    def saw(self, name: str, found: object) -> None:
        """A look at `name` (two stats, `exists()`) found `found`. Take the look under `lock`
        with its note: a token made between the two would miss a change made before its
        scan of the folder and after the look (the look's thread switched out)."""
        if not self.on:
            return
        with self._lock:
            if self.on:
                self._note(name, found)

    def look(self, name: str, file: str, jfile: str) -> tuple | None:
        """`stat_now` of shard `name`'s files, noted as `saw` says (under the lock)."""
        with self._lock:
            quick = stat_now(file, jfile)
            if quick is not None and self.on:
                self._note(name, looked(quick))
        return quick

    def listed(self, prefix: str, names: list[str]) -> None:
        """A listing gave `names` (taken under `lock`, as a look)."""
        if not self.on:
            return
        with self._lock:
            if self.on:
                self._listed.setdefault(prefix, frozenset(names))

    def _note(self, name: str, found: object) -> None:
        """Two reads that found different states make the shard CHANGED (bounded memory)."""
        old = self._seen.get(name, found)
        if old == found or found == EXISTS and old != ABSENT:
            found = old
        elif old == EXISTS and found != ABSENT:
            pass
        elif old != found:
            found = CHANGED
        self._seen[name] = found

    def token(self, now: dict[str, tuple]) -> dict[str, tuple]:
        """`now` (the folder's states, looked at after every read noted) with the reads
        made before it in place of what it says; the log stops when no token waits."""
        with self._lock:
            seen, busy, listed = dict(self._seen), dict(self._busy), dict(self._listed)
            self._waiting = max(0, self._waiting - 1)
            if not self._waiting:
                self.on = False
                self._seen, self._busy, self._listed = {}, {}, {}
        token = dict(now)
        for name, found in seen.items():
            if busy.get(name) or found is CHANGED:
                token[name] = CHANGED
            elif found == ABSENT:
                token.pop(name, None)  # there now: it came after the read
            elif found != EXISTS:
                token[name] = found  # type: ignore[assignment]
            elif name not in now:
                token[name] = CHANGED  # it existed; it is gone now
        for name, count in busy.items():
            if count:
                token[name] = CHANGED
        for prefix, names in listed.items():  # (whatever other reads of them found: the
            for name in names - now.keys():     # list shows what the listing gave)
                token[name] = CHANGED  # listed, gone now
            for name in now.keys() - names:
                if name.startswith(prefix):
                    token.pop(name, None)  # new since the listing
        return token


_UNLOCKED = nullcontext()


def holding(log: ReadLog | None):
    """`log.lock` while the log is on (a look and its note as one step, see `saw`)."""
    return log.lock if log is not None and log.on else _UNLOCKED


def state(files) -> object:
    """What `Workspace.changes` writes of a shard's files as `files` (shard_state.Files) found
    them: ABSENT, (inode, size, mtime_ns) of the snapshot then of its journal, or None."""
    if files.snap is None:
        return ABSENT
    if files.sstat is None:  # a snapshot older than its journal (the read reports it)
        return None
    found = files.sstat[:3]
    return found + files.jstat[:3] if files.jstat is not None else found


def looked(pair: tuple) -> tuple:
    """The state `shard_looks.stat_pair`'s answer (two quads) stands for."""
    return pair[0][:3] + pair[1][:3] if pair[1] is not None else pair[0][:3]


@contextmanager
def logged(opened, log: ReadLog, name: str) -> Iterator:
    """`opened` (the files of shard `name`, as a context manager), the read noted in `log`."""
    log.begin(name)
    found = None
    try:
        with opened as files:
            found = state(files)
            yield files
    finally:
        log.end(name, found)
