"""`huddle backup DIR` and `huddle restore BACKUP [--shard NAME]`.

A backup is one instant of the whole workspace: it holds every shard's lock at once (the
index shards first, as a transaction takes them), copies each snapshot's bytes as they are
(a shard with a journal: its snapshot and journal compacted into one snapshot),
and writes a manifest (`huddle-backup.json`: when, by whom, from where, and each shard's
revision, size and SHA-256) last, so a folder with a manifest is a complete backup. A
damaged shard is copied as it is and marked damaged in the manifest. The backup folder is
private to whoever makes it (0700, files 0600): share it deliberately.

A restore checks every file of the backup against its manifest first, then, holding the
locks of the shards it touches, keeps what it replaces aside in
`<workspace>/.huddle-replaced/<time>/` and writes each shard back as a new revision
(higher than both the current and the backed-up one, so every cache and open app sees a
change) with an audit entry `workspace.restore`. A whole restore also moves aside the
shards the backup does not have. Workspace admins restore; when the directory itself is
damaged (no one can be checked as an admin), the folder's owner or root may.
"""

from __future__ import annotations

import hashlib
import os
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

import orjson

from .clock import to_iso
from .errors import InvalidValue, NotFound, PermissionDenied, WorkspaceError
from .i18n import tr
from .shard_commit import REV, abandon, current_signature, fsync_folder, keep_aside, write_all
from .shard_files import read_all, snapshot_bytes
from .shard_journal import JournalDamage, open_journal, read_from
from .shard_state import _corrupt as corrupt, journal_rev, read_whole
from .workspace import AUDIT, REPLACED, Workspace, audit_entry

MANIFEST = "huddle-backup.json"
FORMAT = 1


def backup(ws: Workspace, dest: str | os.PathLike) -> dict:
    """Copy every shard of `ws` into the new (or empty) folder `dest`; the manifest.

    A shard with a journal is compacted into the backup: its snapshot and journal, read
    under its lock, become one snapshot file there (so a backup stays one file per shard,
    and restoring one needs no journal). A damaged shard is copied as it is, journal too."""
    with all_shards_locked(ws) as leases:
        return write_backup(dest, ws.actor.real, str(ws.folder), (
            _backup_file(ws, name, lease) for name, lease in leases.items()
            if lease.data_fd is not None))  # None: removed since the listing


def _backup_file(ws: Workspace, name: str, lease) -> tuple[str, bytes, bool, bytes | None]:
    """(name, snapshot bytes, damaged, the journal kept beside a damaged one) under the lock."""
    shard = ws.shard(name)
    raw = read_fd(lease.data_fd)
    try:
        journal = _read_journal(shard.journal_path, name)
        whole = read_whole(raw, journal, shard.path, shard.journal_path, name)
    except WorkspaceError:  # kept as it was (a journal with a hole: up to the hole)
        return name, raw, True, _read_journal(shard.journal_path, name, whole=False)
    if whole.rev != revision_of(raw):  # records past the snapshot: one snapshot of both
        raw = snapshot_bytes(name, whole.tables, whole.rev)[0]
    return name, raw, False, None


def read_shard(ws: Workspace, name: str, lease) -> tuple[int, dict]:
    """The revision and tables of shard `name` (snapshot and journal), under its lock; a
    damaged one raises the reader's own one-line error."""
    shard = ws.shard(name)
    whole = read_whole(read_fd(lease.data_fd), _read_journal(shard.journal_path, name),
                       shard.path, shard.journal_path, name)
    return whole.rev, dict(whole.tables)


def write_backup(dest: str | os.PathLike, made_by: str, workspace: str,
                 files: Iterable[tuple]) -> dict:
    """Write a backup of the shard files `files` ((name, bytes, damaged[, journal]), read in
    one instant) into the new (or empty) folder `dest`, the manifest last; the manifest."""
    target = Path(dest).expanduser()
    _prepare_target(target)
    shards: dict[str, dict] = {}
    for name, raw, damaged, *rest in files:
        journal = rest[0] if rest else None
        _write_private(target / f"{name}.json", raw)
        shards[name] = {"rev": revision_of(raw), "bytes": len(raw),
                        "sha256": hashlib.sha256(raw).hexdigest(), "damaged": damaged}
        if journal is not None:  # damaged: kept as it was, beside its snapshot
            _write_private(target / f"{name}.journal", journal)
            shards[name]["journal_sha256"] = hashlib.sha256(journal).hexdigest()
    manifest = {"format": FORMAT, "made_at": to_iso(datetime.now(timezone.utc)),
                "made_by": made_by, "workspace": workspace, "shards": shards}
    _write_private(target / MANIFEST, orjson.dumps(manifest, option=orjson.OPT_INDENT_2))
    fsync_folder(target)
    return manifest


def _read_journal(path: Path, name: str, whole: bool = True) -> bytes | None:
    """The journal as the store reads it: bytes after a hole are damage (WorkspaceCorrupt),
    never dropped; with `whole=False`, what comes before the hole."""
    fd = open_journal(path)
    if fd is None:
        return None
    try:
        return read_from(fd, 0, os.fstat(fd).st_size) if whole else read_fd(fd)
    except JournalDamage as exc:
        raise corrupt(path, name, str(exc)) from None
    finally:
        os.close(fd)


def read_backup(source: str | os.PathLike) -> dict:
    """The manifest of the backup in `source`, after checking every file against it."""
    folder = Path(source).expanduser()
    try:
        manifest = orjson.loads((folder / MANIFEST).read_bytes())
        shards = manifest["shards"]
        if manifest.get("format") != FORMAT or not isinstance(shards, dict):
            raise ValueError("format")
    except FileNotFoundError:
        raise NotFound(tr("{path} is not a Huddle backup (it has no {manifest})",
                          path=str(folder), manifest=MANIFEST)) from None
    except (OSError, orjson.JSONDecodeError, KeyError, TypeError, ValueError):
        raise WorkspaceError(tr("{path} is not a backup this version of Huddle can read",
                                path=str(folder / MANIFEST))) from None
    for name, meta in shards.items():
        path = folder / f"{name}.json"
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise WorkspaceError(tr("Cannot read {path}: {reason}", path=str(path),
                                    reason=exc.strerror)) from None
        journal = folder / f"{name}.journal"
        if "journal_sha256" in meta and (not journal.exists() or hashlib.sha256(
                journal.read_bytes()).hexdigest() != meta["journal_sha256"]):
            raw = b""  # the journal kept beside a damaged shard does not match either
        if hashlib.sha256(raw).hexdigest() != meta.get("sha256"):
            raise WorkspaceError(tr("{path} does not match the backup's manifest: the backup "
                                    "is damaged; nothing was restored", path=str(path)))
    return manifest


def restore(ws: Workspace, source: str | os.PathLike, shard: str | None = None) -> dict:
    """Bring back the backup in `source` (or only its shard `shard`). Returns
    {"restored": [names], "set_aside": [names], "aside": folder}."""
    manifest = read_backup(source)
    _require_restorer(ws)
    folder = Path(source).expanduser()
    in_backup = manifest["shards"]
    if shard is not None:
        if shard not in in_backup:
            raise InvalidValue("shard", tr("The backup has no shard {name} (it has: {names})",
                                           name=shard, names=", ".join(sorted(in_backup))))
        names = [shard]
    else:
        names = None  # every shard of the workspace, and those of the backup
    aside = _new_aside_folder(ws.folder / REPLACED)
    restored, set_aside, prepared = [], [], []
    with all_shards_locked(ws, names, extra=list(in_backup)) as leases:
        try:
            for name, lease in leases.items():
                target = ws.shard(name)
                base = current_signature(target.path)
                if base is not None:
                    keep_aside(target.path, aside, target.path.name)
                if os.path.lexists(target.journal_path):
                    keep_aside(target.journal_path, aside, target.journal_path.name)
                if name not in in_backup:
                    set_aside.append(name)
                    continue
                raw = (folder / f"{name}.json").read_bytes()
                tables = dict(target._parse(raw))
                rev = max(base[3] if base else 0, journal_rev(target.journal_path),
                          revision_of(raw)) + 1
                entries = dict(tables.get(AUDIT, {}))
                entries[str(max(map(int, entries), default=0) + 1)] = audit_entry(
                    ws, rev, "workspace.restore", name,
                    {"from": str(folder), "backup_rev": revision_of(raw),
                     "backup_made_at": manifest.get("made_at")})
                tables[AUDIT] = entries
                prepared.append((target, target.prepare(tables, base, lease, rev=rev)))
                restored.append(name)
        except BaseException:
            abandon([pending for _, pending in prepared])
            raise
        for target, pending in prepared:
            target.publish(pending)
        for name in set_aside:  # a copy is aside already: the workspace drops the shard
            ws.shard(name).path.unlink()
            ws.shard(name).journal_path.unlink(missing_ok=True)
        fsync_folder(ws.folder)
    return {"restored": restored, "set_aside": set_aside,
            "aside": str(aside) if (restored or set_aside) and aside.exists() else None}


@contextmanager
def all_shards_locked(ws: Workspace, names: list[str] | None = None, extra: list[str] = ()):
    """Hold the locks of `names` (None: every shard, listed again under the locks until no
    shard was created between the listing and the locking)."""
    for _ in range(100):
        wanted = set(names if names is not None else ws.shard_names()) | set(
            extra if names is None else ())
        with ws.locked_shards(sorted(wanted)) as leases:
            if names is None and not set(ws.shard_names()) <= wanted:
                continue  # a shard was created meanwhile: lock it too
            yield leases
            return
    raise WorkspaceError(tr("The workspace kept changing; try again."))


def _require_restorer(ws: Workspace) -> None:
    try:
        ws.require_admin()
        return
    except WorkspaceError:
        pass  # the directory itself is damaged: nobody can be checked as an admin
    owner = ws.folder.stat().st_uid
    if os.getuid() not in (0, owner):
        raise PermissionDenied(tr("The directory of this workspace cannot be read, so only "
                                  "the owner of {path} or root may restore it.",
                                  path=str(ws.folder)))


def _prepare_target(target: Path) -> None:
    try:
        target.mkdir(mode=0o700, parents=True)
    except FileExistsError:
        if not target.is_dir() or any(target.iterdir()):
            raise InvalidValue("dir", tr("{path} exists and is not empty; a backup goes into "
                                         "a new or empty folder", path=str(target))) from None
    except OSError as exc:
        raise WorkspaceError(tr("Cannot create {path}: {reason}", path=str(target),
                                reason=exc.strerror)) from None


def _new_aside_folder(parent: Path) -> Path:
    """A folder of its own for this restore's replaced files (made when first needed)."""
    stamp = time.strftime("%Y%m%dT%H%M%S")
    for n in range(1, 1000):
        candidate = parent / (stamp if n == 1 else f"{stamp}-{n}")
        if not candidate.exists():
            return candidate
    raise WorkspaceError(tr("Too many restores in one second into {path}", path=str(parent)))


def _write_private(path: Path, raw: bytes, mode: int = 0o600) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, mode)
        try:
            write_all(fd, raw)
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise WorkspaceError(tr("Could not write {path}: {reason}", path=str(path),
                                reason=exc.strerror or str(exc))) from None


def read_fd(fd: int) -> bytes:
    """The whole file open on `fd`, up to its first hole (store/core/shard_lock.data_end)."""
    return read_all(fd, os.fstat(fd).st_size)


def revision_of(raw: bytes) -> int:
    match = REV.match(raw)
    return int(match.group(1)) if match else 0
