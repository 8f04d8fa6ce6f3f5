"""`huddle check`: read every file of a workspace folder and report what is wrong with it.

What a group-writable folder cannot prevent, it can at least detect. Each finding has a
`kind`, the `path` it is about and a `message` for a person:

- `unreadable`   a shard that does not parse (or cannot be opened, or is a symlink), or
                 whose journal is damaged (a bad record before good ones, a bad header, one
                 that follows a newer snapshot); a torn last record is not a finding: it is
                 what a crash mid-append leaves, and readers ignore it;
- `edited`       a shard whose snapshot or journal is not what Huddle last wrote: every
                 commit records the SHA-256 of the snapshot and the end and crc32 of the
                 journal in the shard's lock file (store/core/shard_append.py);
- `unrecorded`   a shard whose last write left no digest (written before digests were kept,
                 its lock file deleted or replaced, or a crash between the two);
- `revision`     a shard whose `_rev` is not the revision its last audit entry names;
- `missing`      an index entry (a project, an incident) whose shard is not there;
- `unlisted`     a project or incident shard that no index entry names;
- `temp`         a temp file left by a writer that died (older than a minute);
- `permissions`  a symlink, world-writable files, files the group cannot write in a shared
                 folder, or whose group is not the folder's;
- `foreign`      a file in the folder that Huddle did not write.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
import zlib
from dataclasses import asdict, dataclass
from pathlib import Path

import orjson

from .errors import WorkspaceError
from .i18n import tr
from .shard_commit import recorded_digest
from .shard_files import read_all
from .shard_journal import HEADER_LEN, MAGIC, JournalDamage, read_from
from .shard_lock import open_file
from .shard_state import read_whole
from .workspace import AUDIT, DIRECTORY, Workspace

# index shard, its table, the prefix of the shards its entries name
INDEXES = ((DIRECTORY, "projects", "project-"), ("incidents", "index", "incident-"))
_TEMP_AGE = 60


@dataclass(frozen=True)
class Finding:
    kind: str
    path: str
    message: str


def check_workspace(ws: Workspace) -> tuple[int, list[Finding]]:
    """(number of files read, findings) for the workspace's folder. Changes nothing."""
    folder = ws.folder
    findings: list[Finding] = []
    entries = sorted(os.scandir(folder), key=lambda e: e.name)
    shards: dict[str, dict | None] = {}
    for entry in entries:
        if entry.name.endswith(".json") and not entry.name.startswith("."):
            name = entry.name[:-5]
            tables, problems = _read_shard(ws, name)
            shards[name] = tables
            findings += problems
        elif entry.name.startswith(".") and entry.name.endswith(".tmp"):
            if _age(entry) > _TEMP_AGE:
                findings.append(Finding("temp", entry.path, tr(
                    "a temp file left by a writer that stopped mid-write; it can be deleted")))
        findings += _permission_findings(folder, entry)
    findings += _index_findings(folder, shards)
    for name in ws.foreign_files():
        # (a shard's file or journal that does not read is reported as unreadable above)
        if not (name.endswith(".json") and name[:-5] in shards
                or name.endswith(".journal") and name[:-8] in shards):
            findings.append(Finding("foreign", str(folder / name),
                                    tr("not a Huddle file; move it out of the workspace")))
    return len(entries), findings


def findings_json(files: int, findings: list[Finding]) -> dict:
    return {"ok": not findings, "files": files, "findings": [asdict(f) for f in findings]}


def _read_shard(ws: Workspace, name: str) -> tuple[dict | None, list[Finding]]:
    """The shard's tables and findings. `check` reads without the lock, so a commit made
    between reading the files and reading the lock file's record would look unrecorded:
    then the files are read again (a few times at most: a shard written without pause is
    reported as it was)."""
    for _ in range(_REREADS):
        tables, found, rev = _read_shard_once(ws, name)
        recorded = recorded_digest(ws.shard(name).lock_path)
        newer = isinstance(recorded, dict) and isinstance(recorded.get("rev"), int) \
            and rev is not None and recorded["rev"] > rev
        if not newer or not any(f.kind == "unrecorded" for f in found):
            break
    return tables, found


_REREADS = 3


def _read_shard_once(ws: Workspace, name: str) -> tuple[dict | None, list[Finding], int | None]:
    shard = ws.shard(name)
    path = str(shard.path)
    try:
        raw = _read(shard.path)
        journal_raw = _read(shard.journal_path, journal=True) \
            if os.path.lexists(shard.journal_path) else None
    except OSError as exc:
        return None, [Finding("unreadable", getattr(exc, "filename", None) or path,
                              tr("cannot be opened: {reason}", reason=exc.strerror or str(exc)))], None
    except JournalDamage as exc:
        return None, [Finding("unreadable", str(shard.journal_path), str(exc))], None
    try:  # the reader's own rules for "does not parse"
        whole = read_whole(raw, journal_raw, shard.path, shard.journal_path, name)
    except WorkspaceError as exc:
        return None, [Finding("unreadable", getattr(exc, "path", None) or path, str(exc))], None
    found = _digest_findings(shard, whole, name)
    audited = [e.get("rev") for e in whole.tables.get(AUDIT, {}).values()
               if isinstance(e, dict) and isinstance(e.get("rev"), int)]
    if audited and max(audited) != whole.rev:
        found.append(Finding("revision", path, tr(
            "its revision is {rev} but its last audit entry is for revision {audited}: "
            "changed without an audit entry", rev=whole.rev, audited=max(audited))))
    return whole.tables, found, whole.rev


def _digest_findings(shard, whole, name: str) -> list[Finding]:
    """Compare the files with what the last commit recorded in the lock file: the snapshot's
    SHA-256 and the journal's base, end and running crc32 (store/core/shard_append.py)."""
    path = str(shard.path)
    digest = recorded_digest(shard.lock_path)
    snap_rev = _rev_of(whole.snapshot)
    edited = tr("changed outside Huddle since its last write (revision {rev}); compare it "
                "with a backup (`huddle backup`, `huddle restore --shard {name}`)",
                rev=whole.rev, name=name)
    if digest is not None and _journal_changed(whole, digest.get("journal"), shard.journal_path):
        return [Finding("edited", str(shard.journal_path), edited)]
    if digest is None or digest.get("rev") != whole.rev or (
            digest.get("snap", digest.get("rev")) == snap_rev and "sha256" not in digest):
        return [Finding("unrecorded", path, tr(
            "Huddle has no record of its last write (written by an older version, its lock "
            "file replaced, or a crash mid-write); the next change records it"))]
    if digest.get("snap", digest.get("rev")) == snap_rev and \
            digest.get("sha256") != hashlib.sha256(whole.snapshot).hexdigest():
        return [Finding("edited", path, edited)]
    recorded = digest.get("journal")
    if whole.scan is not None and whole.rev > snap_rev:
        scan = whole.scan
        if recorded != [int(whole.journal[len(MAGIC):HEADER_LEN - 1]), scan.end, scan.crc]:
            return [Finding("edited", str(shard.journal_path), edited)]
    return []


def _journal_changed(whole, recorded: object, path: Path) -> bool:
    """Whether the journal no longer holds, byte for byte, what the last commit recorded
    (its end and crc32): records cut off, hidden behind a forged length, or rewritten.
    (Records after the recorded end are a crash before the record, or a hand append: the
    revision and audit checks tell those. A record past the bytes read, in a journal that
    has grown to it since, is a commit made while `check` read: not a change.)"""
    if whole.journal is None or whole.scan is None or not isinstance(recorded, list) \
            or len(recorded) != 3 or not all(isinstance(n, int) for n in recorded):
        return False
    base, end, crc = recorded
    if base != int(whole.journal[len(MAGIC):HEADER_LEN - 1]):
        return False  # written for another journal (before a compaction or a restore)
    if end > len(whole.journal):
        try:
            return os.stat(path, follow_symlinks=False).st_size < end  # else: grown since
        except OSError:
            return True
    return end > whole.scan.end or zlib.crc32(whole.journal[:end]) != crc


def _read(path, journal: bool = False) -> bytes:
    """The file, read as the store reads it (up to a hole; a journal with bytes after one
    is damage: JournalDamage)."""
    fd = open_file(path)
    try:
        size = os.fstat(fd).st_size
        return read_from(fd, 0, size) if journal else read_all(fd, size)
    finally:
        os.close(fd)


def _rev_of(raw: bytes) -> int:
    try:
        head = raw[:32].split(b",", 1)[0]
        return int(orjson.loads(head + b"}")["_rev"])
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
        return -1


def _index_findings(folder: Path, shards: dict[str, dict | None]) -> list[Finding]:
    found: list[Finding] = []
    for index, table, prefix in INDEXES:
        tables = shards.get(index)
        listed: set[str] = set()
        if tables is not None:
            for doc_id in tables.get(table, {}):
                name = f"{prefix}{doc_id}"
                listed.add(name)
                if name not in shards:
                    found.append(Finding("missing", str(folder / f"{name}.json"), tr(
                        "{index} lists it, but the file is not there",
                        index=f"{index}.json")))
        if tables is None and index in shards:
            continue  # the index itself is unreadable: reported already
        for name in shards:
            if name.startswith(prefix) and name[len(prefix):].isdigit() and name not in listed:
                found.append(Finding("unlisted", str(folder / f"{name}.json"), tr(
                    "no entry of {index} names it", index=f"{index}.json")))
    return found


def _permission_findings(folder: Path, entry: os.DirEntry) -> list[Finding]:
    try:
        st = entry.stat(follow_symlinks=False)
        folder_st = folder.stat()
    except OSError:
        return []
    path = entry.path
    if stat.S_ISLNK(st.st_mode):
        return [Finding("permissions", path, tr("a symbolic link: Huddle never follows one; "
                                                "replace it with the file"))]
    found = []
    if st.st_mode & stat.S_IWOTH:
        found.append(Finding("permissions", path, tr(
            "world-writable: anyone on this host can change it. Run: chmod o-w {path}",
            path=path)))
    shared = bool(folder_st.st_mode & stat.S_IWGRP)
    huddles = entry.name.endswith((".json", ".journal", ".lock"))
    if shared and huddles and not st.st_mode & stat.S_IWGRP:
        found.append(Finding("permissions", path, tr(
            "the group cannot write it, so other members' changes to it are refused")))
    if shared and huddles and st.st_gid != folder_st.st_gid:
        found.append(Finding("permissions", path, tr(
            "its group is not the workspace folder's group, so the other members may not be "
            "able to write it. Run: chgrp {gid} {path}, and chmod g+s on the folder so that "
            "new files get its group", gid=folder_st.st_gid, path=path)))
    return found


def _age(entry: os.DirEntry) -> float:
    try:
        return time.time() - entry.stat(follow_symlinks=False).st_mtime
    except OSError:
        return 0.0
