"""A damaged file costs only what is in it (DESIGN.md, "Trust on a shared host").

A shard that cannot be read — garbage, cut short, empty, valid JSON of the wrong
shape (`WorkspaceCorrupt`), or a file this process may not open, or a folder where
the file should be (`WorkspaceUnreadable` with a `path`) — must not take the rest of
the workspace down with it. So every store function that reads many shards of one
kind (all the projects, all the incidents, every reminder provider) reads each of
them inside `ws.skip_damaged(name)`:

    for pid in project_ids(ws):
        with ws.skip_damaged(shard_name(pid)):
            found.append(get_project(ws, pid))

If shard `name` turns out to be damaged, that iteration is left out and the file is
noted in `ws.damage` (a `DamageLog`: path -> a short reason); every other error, and
damage to any other shard, goes on up. `ws.skip_damaged()` without a name skips the
damage of any shard but the vital ones (a reminder provider as a whole: a damaged
`incidents` index costs the incident reminders, not the project ones).

The callers say what was left out: the command line prints one warning line per
file and exits 4 (`tui/cli/damage_report.py`); the app shows a banner on every screen
until the file reads again (`tui/widgets/damage_banner.py`, which calls `recheck`).

What is never skipped:
- a record asked for by its id (`get_project(ws, 3)`, `huddle task list --project 3`):
  those functions read without `skip_damaged` (or with `skip=False`), so the caller
  gets the store's clear "is corrupt" message (exit 1 on the command line);
- the vital shards (`directory`: members, departments, the project index): nothing
  can be done without them, so their damage always goes up to the user.

Nothing here writes. A damaged file is never written either: a transaction parses its
shard before it writes, so it stops at the same error with the file untouched.
"""

from __future__ import annotations

import _thread  # threading's locks without its import (a command's start-up)
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import orjson

from .errors import WorkspaceCorrupt, WorkspaceUnreadable
from .i18n import tr
from .record import Record

if TYPE_CHECKING:
    from .storage import Shard

DAMAGE = (WorkspaceCorrupt, WorkspaceUnreadable)


class Damaged(Record):
    """One damaged shard as last seen."""
    __slots__ = ("name", "reason", "seen")
    __hash__ = None  # type: ignore[assignment]

    def __init__(self, name: str, reason: str, seen: tuple[int, int, int] | None = None) -> None:
        self.name = name      # the shard, e.g. "project-3"
        self.reason = reason  # short, for people: "it is empty"
        self.seen = seen      # the file recheck found damaged, if it looked


def reason_of(exc: Exception) -> str:
    """What is wrong with the file, in a few words (the store's message names the path and
    what to do; a warning line has its own path and advice)."""
    cause = exc.__cause__
    if isinstance(exc, WorkspaceUnreadable):
        why = cause.strerror if isinstance(cause, OSError) and cause.strerror else str(exc)
        return tr("it cannot be read ({reason})", reason=why)
    if cause is None:  # storage raises the empty file's error without a cause
        return tr("it is empty")
    if isinstance(cause, orjson.JSONDecodeError):
        return tr("it is corrupt ({detail})", detail=str(cause)[:80])
    return tr("it is corrupt (not the shape of a Huddle file)")


class DamageLog:
    """The damaged shards a workspace skipped: path -> `Damaged`. Any thread may note or
    read; the command line reads it once at the end, the app at every poll."""

    def __init__(self, folder: Path, vital: Iterable[str] = ()):
        self.folder = Path(folder)
        self.vital = frozenset(vital)
        self._found: dict[str, Damaged] = {}
        self._lock = _thread.allocate_lock()

    # -- skipping ---------------------------------------------------------
    @contextmanager
    def skipping(self, name: str | None = None, *, skip: bool = True) -> Iterator[None]:
        """Leave out the block when shard `name` (None: any shard but the vital ones) is
        damaged, and note the file. `skip=False` changes nothing (one record asked for)."""
        if not skip:
            yield
            return
        try:
            yield
        except DAMAGE as exc:
            shard = self._skippable(getattr(exc, "path", None), name)
            if shard is None:
                raise
            self.note(shard, str(exc.path), reason_of(exc))  # type: ignore[union-attr]

    def _skippable(self, path: str | None, name: str | None) -> str | None:
        """The shard name the damaged `path` belongs to, if the block may be skipped for it."""
        if not path:
            return None  # the workspace folder itself
        file = Path(path)
        if file.parent != self.folder or not file.name.endswith((".json", ".journal")):
            return None
        shard = file.name.rsplit(".", 1)[0]  # a snapshot or its journal
        if shard in self.vital or (name is not None and shard != name):
            return None
        return shard

    # -- the record ---------------------------------------------------------
    def note(self, name: str, path: str, reason: str) -> None:
        with self._lock:
            known = self._found.get(path)
            if known is None or known.reason != reason:
                self._found[path] = Damaged(name, reason)

    def found(self) -> dict[str, str]:
        """Every damaged file noted and not repaired since: path -> short reason, by path."""
        with self._lock:
            return {path: self._found[path].reason for path in sorted(self._found)}

    def __bool__(self) -> bool:
        return bool(self._found)

    def clear(self) -> None:
        with self._lock:
            self._found.clear()

    def recheck(self, shard_of: Callable[[str], "Shard"]) -> bool:
        """Forget the files that read again (repaired, restored, or removed). A file is read
        once more only when it changed since it was last found damaged: one `stat` per
        damaged file otherwise. Returns whether the set of damaged files changed."""
        with self._lock:
            entries = list(self._found.items())
        changed = False
        for path, entry in entries:
            shard = shard_of(entry.name)
            try:
                sig = shard.signature()
            except OSError:
                continue  # cannot even stat it: still damaged
            if sig is not None and sig == entry.seen:
                continue
            try:
                shard.load()
            except DAMAGE as exc:
                with self._lock:
                    if self._found.get(path) is entry:
                        entry.seen, entry.reason = sig, reason_of(exc)
                continue
            with self._lock:
                if self._found.get(path) is entry:
                    del self._found[path]
                    changed = True
        return changed
