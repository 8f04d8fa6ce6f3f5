"""A workspace: a folder of shards, the acting user, the clock and the audit trail.

This is the small persistence interface the rest of the store uses (open a
workspace, read a shard, run a transaction, ask what changed), so a server
database could replace the TinyDB files later without touching the rules.
"""

from __future__ import annotations

import os
import _thread  # threading's locks without its import (a command's start-up)
import time
from contextlib import ExitStack, contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Iterator
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .backend import FOLDER_PROMISES
from .clock import SystemClock
from .damage import DamageLog
from .errors import PermissionDenied, WorkspaceNotWritable, WorkspaceUnreadable
from .i18n import tr
from .identity import Actor, os_login
from .record import Record
from .shard_heads import head_fn
from .shard_lock import Lease
from .shard_looks import one_look
from .storage import Shard, ShardCache
from .transaction import AUDIT, REPLACED, Tx, _TxGroup, audit_entry  # noqa: F401  (re-exported)
from . import policy as _policies
from .folder_files import _huddle_file, _huddle_file_path, _shared_file_mode, check_folder
from .policy import WorkspacePolicy, policy, set_policy  # noqa: F401  (re-exported)
from .read_log import ABSENT, EXISTS, ReadLog, holding

if TYPE_CHECKING:  # TinyDB is imported by the first read view or transaction that needs it
    from tinydb import TinyDB

DIRECTORY = "directory"
_STALE_TEMP_SECONDS = 60


def cache_budget() -> int | None:
    """Bytes of shard files whose parsed tables a workspace keeps (HUDDLE_CACHE_MB, 0: no
    limit; a history table left unparsed counts a sixth: store/core/lazy_table.py). Values
    derived from a shard (`Shard.memo`) are kept whatever the budget."""
    raw = os.environ.get("HUDDLE_CACHE_MB", "")
    # 8 MB of JSON is about 50 MB of Python objects: the biggest project shard of the
    # benchmark's company (3.5 MB) and the shards around it, within the 200 MB budget
    try:
        mb = float(raw) if raw else 8.0
    except ValueError:
        mb = 8.0
    return int(mb * 1024 * 1024) if mb > 0 else None


class Changes(Record):
    __slots__ = ("changed", "token")
    __hash__ = None  # type: ignore[assignment]

    def __init__(self, changed: set[str] | None = None,
                 token: dict[str, tuple] | None = None) -> None:
        self.changed = changed if changed is not None else set()
        self.token = token if token is not None else {}


class Workspace:
    """The folder backend (store/core/backend.py: `Backend`) plus who acts and when."""
    promises = FOLDER_PROMISES

    def __init__(self, folder: Path, clock=None, actor: Actor | None = None):
        self.folder = Path(folder)
        self.clock = clock or SystemClock()
        self.actor = actor or Actor.me()
        self._shards: dict[str, Shard] = {}
        self._cache = ShardCache(cache_budget())
        self._file_mode = _shared_file_mode(self.folder)
        # damaged shards left out of lists (store/core/damage.py); the directory is never skipped
        self.damage = DamageLog(self.folder, vital=(DIRECTORY,))
        self._watches = _thread._local()  # each waiting thread's FolderWatch (wait_changes)
        self._reads = ReadLog()  # what reads saw while a change feed's token waits

    # -- opening -------------------------------------------------------
    @classmethod
    def open(cls, folder: str | os.PathLike, *, clock=None, as_login: str | None = None,
             create: bool = False, sweep: bool = True) -> "Workspace":
        """Open the workspace in `folder` acting as the OS account (or, for an admin, as
        `as_login`). `sweep=False` leaves the temp files of dead writers (`huddle check`
        reports them)."""
        folder = Path(folder).expanduser()
        if create:
            try:
                folder.mkdir(parents=True, exist_ok=True, mode=0o770)
            except OSError as exc:
                raise WorkspaceNotWritable(
                    tr("Cannot create the workspace folder {path}: {reason}",
                       path=str(folder), reason=exc.strerror)) from exc
        check_folder(folder)
        real = os_login()
        ws = cls(folder, clock, Actor(real, real))
        ws.act_for(as_login)
        if sweep:
            ws.sweep_stale_temp_files()
        return ws

    def act_for(self, as_login: str | None) -> None:
        """Act for `as_login` (None: as yourself), which only an admin may (`--as`)."""
        real = self.actor.real
        if as_login and as_login != real:
            if not _policies.policy().is_admin(self, real):
                raise PermissionDenied(
                    tr("Only a workspace admin may act for another member; {login} is not an admin.",
                       login=real))
            _policies.policy().check_member(self, as_login)
            self.actor = Actor(as_login, real)

    def acting_as(self, login: str) -> "Workspace":
        """The same workspace acting for `login` (tests and admins); checks like `open`."""
        if login != self.actor.real and not _policies.policy().is_admin(self, self.actor.real):
            raise PermissionDenied(
                tr("Only a workspace admin may act for another member; {login} is not an admin.",
                   login=self.actor.real))
        _policies.policy().check_member(self, login)
        clone = type(self).__new__(type(self))  # the same backend (folder, PostgreSQL)
        clone.__dict__.update(self.__dict__)
        clone.actor = Actor(login, self.actor.real)
        return clone

    # -- shards --------------------------------------------------------
    def shard(self, name: str) -> Shard:
        try:
            return self._shards[name]
        except KeyError:  # setdefault: two threads asking at once share one Shard
            return self._shards.setdefault(name, Shard(self.folder, name, self._file_mode,
                                                       self._cache, self._reads))

    def read(self, name: str) -> TinyDB:
        """A read-only TinyDB view of the shard as it is now (cached while unchanged)."""
        from .tinydb_views import open_tinydb  # lazy: a command may need no TinyDB
        return open_tinydb(self.shard(name).load(), writable=False)

    def table_names(self, name: str) -> set[str]:
        """The names of the shard's tables (what `read(name).tables()` gives, without TinyDB)."""
        return set(self.shard(name).load())

    def rows(self, name: str, table: str) -> list[dict]:
        """Every document of a table, each a dict with its `doc_id`."""
        raw = self.table(name, table)
        return [{**doc, "doc_id": int(doc_id)} for doc_id, doc in raw.items()]

    def table(self, name: str, table: str) -> dict:
        """A table's documents as stored, {doc_id: doc} (shared with the cache: do not mutate).

        A small table is served from the shard's head when the head holds it (see
        store.core.storage and store.projects.project), so reading a project's delay requests does not
        parse its year of daily updates."""
        shard = self.shard(name)
        if head_fn(name) is not None:
            more = shard.more()
            held = more.get("tables") if more else None
            if isinstance(held, dict):
                if table in held:
                    return held[table]
                if table not in more.get("big", ()):
                    return {}  # a table the shard does not have
        return shard.load().get(table, {})

    def exists(self, name: str) -> bool:
        path = self.shard(name).file
        with holding(self._reads):  # the stat and its note at once (ReadLog.saw)
            try:
                os.stat(path)
            except (FileNotFoundError, NotADirectoryError):
                self._reads.saw(name, ABSENT)
                return False
            except OSError as exc:
                raise WorkspaceUnreadable(tr("Cannot read {path}: {reason}", path=str(path),
                                             reason=exc.strerror), str(path)) from exc
            self._reads.saw(name, EXISTS)
        return True

    def shard_names(self, prefix: str = "") -> list[str]:
        with holding(self._reads):  # the listing and its note at once (ReadLog.saw)
            try:
                names = sorted(entry.name[:-5] for entry in os.scandir(self.folder)
                               if entry.name.endswith(".json") and entry.name.startswith(prefix))
            except OSError as exc:
                raise WorkspaceUnreadable(
                    tr("Cannot read the workspace folder {path}: {reason}",
                       path=str(self.folder), reason=exc.strerror)) from exc
            self._reads.listed(prefix, names)
        return names

    def revision(self, name: str) -> int:
        """The shard's revision (0: never written)."""
        if not self.exists(name):
            return 0
        shard = self.shard(name)
        shard.load()  # brings the signature (and so the revision) up to date
        return shard.rev

    def skip_damaged(self, name: str | None = None, *, skip: bool = True):
        """Leave out the block if shard `name` (None: any but the directory) is damaged, and
        note the file in `self.damage`; see store/core/damage.py. `skip=False`: an ordinary block."""
        return self.damage.skipping(name, skip=skip)

    def one_look(self):
        """A block in which this thread asks each shard's files once whether they changed (a
        screen's refresh reads the same shards many times): store/core/shard_looks.py."""
        return one_look()

    @contextmanager
    def transaction(self, name: str) -> Iterator[Tx]:
        """Lock the shard, hand out a private copy, write it back atomically if changed.
        `tx.join(other)` adds another shard to the same all-or-nothing commit."""
        group = _TxGroup(self)
        try:
            tx = group.open(name)
            yield tx
            group.commit()
        finally:
            group.close()

    @contextmanager
    def locked_shards(self, names: list[str]) -> Iterator[dict[str, Lease]]:
        """Hold the locks of several shards at once (a backup, a restore): the shards that
        point at others (an index: no "-" in its name) first, as `Tx.join` takes them."""
        with ExitStack() as stack:
            yield {name: stack.enter_context(self.shard(name).locked())
                   for name in sorted(set(names), key=lambda n: ("-" in n, n))}

    # -- change feed ---------------------------------------------------
    def changes(self, token: dict | None = None) -> Changes:
        """Which shards changed since `token` (None: all). One stat per shard file (the
        snapshot `<name>.json` and the journal `<name>.journal`)."""
        now: dict[str, tuple] = {}
        snapshots, journals = [], {}  # (other files left out: a member may keep thousands)
        try:
            for entry in os.scandir(self.folder):
                file = entry.name
                if file.endswith(".json"):
                    snapshots.append((file[:-5], entry))
                elif file.endswith(".journal"):
                    journals[file[:-8]] = entry
        except OSError:
            return Changes(set(), token or {})
        for name, entry in snapshots:  # each `<name>.json` before the journal that follows it
            try:
                st = entry.stat()
            except FileNotFoundError:
                continue
            state = (st.st_ino, st.st_size, st.st_mtime_ns)
            journal = journals.get(name)
            if journal is not None:
                # a commit appends to the journal: its size and time are the shard's state too
                try:
                    st = journal.stat()
                    state += (st.st_ino, st.st_size, st.st_mtime_ns)
                except FileNotFoundError:
                    pass
            now[name] = state
        before = token or {}
        changed = {n for n in now.keys() | before.keys() if now.get(n) != before.get(n)}
        return Changes(changed, now)

    def deferred_token(self):
        """Call before the screens read: a function that makes the change feed's first token
        when called, after the first paint (the folder's ~800 stats are not the start's).
        It names every shard a read made meanwhile saw otherwise (store/core/read_log.py)."""
        self._reads.start()
        return lambda: self._reads.token(self.changes(None).token)

    def wait_changes(self, token: dict | None, timeout: float) -> Changes:
        """`changes(token)` once something changed or `timeout` seconds passed. The folder is
        watched with inotify where that sees every write, else polled every
        `folder_watch.POLL_SECONDS` (store/core/folder_watch.py; `HUDDLE_WATCH=poll` forces
        polling). Each thread has its own watch, closed when the thread ends."""
        from . import folder_watch  # lazy: ctypes and inotify are not the start's (the
        # change feed's thread first waits after the first paint)
        deadline = time.monotonic() + timeout
        watch = self._folder_watch()
        local = self._watches
        # After a look that found nothing, with the watch holding, nothing changed unless an
        # event came: the next wait (the feed's, each second) does not look at every shard.
        look = token is None or token is not getattr(local, "quiet", None)
        while True:
            if watch is not None and watch.drain():  # before looking: an event after the
                look, local.quiet = True, None        # look wakes the wait below
            if look or watch is None or watch.broken:
                found = self.changes(token)
                if found.changed:
                    return found
                local.quiet = found.token if found.token is not token else None  # (same: unread)
                token, look = found.token, False
            left = deadline - time.monotonic()
            if left <= 0:
                return Changes(set(), token)
            if watch is None or watch.broken:
                time.sleep(min(folder_watch.POLL_SECONDS, left))
            elif watch.wait(left):
                look, local.quiet = True, None

    def _folder_watch(self) -> folder_watch.FolderWatch | None:  # noqa: F821
        """This thread's watch of the folder (None: poll); a failed or dropped one is tried
        again after `folder_watch.RETRY_SECONDS`."""
        from . import folder_watch
        local = self._watches
        watch = getattr(local, "watch", None)
        if watch is not None and not watch.broken:
            return watch
        if time.monotonic() < getattr(local, "retry_at", 0.0):
            return None
        if watch is not None:
            watch.close()
        local.watch = folder_watch.open_watch(self.folder)
        local.quiet = None  # what happened before this watch, no event of it says
        if local.watch is None:
            local.retry_at = time.monotonic() + folder_watch.RETRY_SECONDS
        return local.watch

    def require_admin(self) -> None:
        """Administration is checked against the real OS account, not the member acted for."""
        if not _policies.policy().is_admin(self, self.actor.real):
            raise PermissionDenied(tr("Only a workspace admin may do this; {login} is not an admin.",
                                      login=self.actor.real))

    # -- time ----------------------------------------------------------
    def now(self) -> datetime:
        return self.clock.now()

    @property
    def tz(self) -> ZoneInfo:
        return _zone(_policies.policy().timezone_name(self))

    def local_now(self) -> datetime:
        return self.now().astimezone(self.tz)

    def today(self) -> date:
        return self.local_now().date()

    # -- housekeeping --------------------------------------------------
    def sweep_stale_temp_files(self) -> None:
        """Remove temp files left by a writer that was killed mid-write."""
        cutoff = time.time() - _STALE_TEMP_SECONDS
        try:
            for entry in os.scandir(self.folder):
                if entry.name.startswith(".") and entry.name.endswith(".tmp"):
                    try:
                        if entry.stat().st_mtime < cutoff:
                            os.unlink(entry.path)
                    except OSError:
                        pass
        except OSError:
            pass

    def foreign_files(self) -> list[str]:
        """Names in the folder that Huddle did not write (not a shard, journal, lock or temp
        file)."""
        try:
            entries = list(os.scandir(self.folder))
        except OSError as exc:
            raise WorkspaceUnreadable(
                tr("Cannot read the workspace folder {path}: {reason}",
                   path=str(self.folder), reason=exc.strerror)) from exc
        return sorted(e.name for e in entries if not _huddle_file(e))

    def remove_shards(self) -> int:
        """Delete every shard (`huddle demo --force`); other files are left alone.

        Each data file is removed under its shard's lock, so no write is torn. The
        (empty) lock files stay: a process may hold or wait for a lock on one, and a
        new lock file would let a second writer into the same shard beside it.
        """
        removed = 0
        for name in self.shard_names():
            shard = self.shard(name)
            if not _huddle_file_path(shard.path):
                continue
            with shard.locked():
                shard.journal_path.unlink(missing_ok=True)  # first: never a journal alone
                shard.path.unlink(missing_ok=True)
            removed += 1
        self._shards.clear()
        self._cache.clear()
        return removed


_ZONES: dict[str, ZoneInfo] = {}


def _zone(name: str) -> ZoneInfo:
    try:
        return _ZONES[name]
    except KeyError:
        try:
            zone = ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            zone = ZoneInfo("UTC")
        _ZONES[name] = zone
        return zone
