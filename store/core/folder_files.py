"""What the folder holds: which files are Huddle's, and whether the folder may be opened."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import NotFound, WorkspaceInsecure, WorkspaceUnreadable
from .i18n import tr
from .shard_journal import MAGIC
from .shard_lock import open_file
from .transaction import REPLACED


def check_folder(folder: Path) -> None:
    """Refuse a folder that is missing, unreadable or world-writable."""
    try:
        st = folder.stat()
    except FileNotFoundError:
        raise NotFound(tr("No workspace at {path}. Create one with `huddle init` or `huddle demo`.",
                          path=str(folder))) from None
    except PermissionError:
        raise WorkspaceUnreadable(tr("Cannot read the workspace folder {path}: permission denied",
                                     path=str(folder))) from None
    if not stat.S_ISDIR(st.st_mode):
        raise WorkspaceUnreadable(tr("{path} is not a folder", path=str(folder)))
    if not os.access(folder, os.R_OK | os.X_OK):
        raise WorkspaceUnreadable(tr("Cannot read the workspace folder {path}: permission denied",
                                     path=str(folder)))
    if st.st_mode & stat.S_IWOTH:
        raise WorkspaceInsecure(
            tr("Refusing to open {path}: the folder is world-writable, so anyone on this host "
               "could change its records. Run: chmod o-w {path}", path=str(folder)))


def _huddle_file(entry: os.DirEntry) -> bool:
    name = entry.name
    if name == REPLACED and entry.is_dir(follow_symlinks=False):
        return True
    if not entry.is_file(follow_symlinks=False):
        return False
    if name.endswith(".lock") or (name.startswith(".") and name.endswith(".tmp")):
        return True
    if name.endswith(".journal"):
        return _huddle_file_path(Path(entry.path), MAGIC)
    return name.endswith(".json") and _huddle_file_path(Path(entry.path))


def _huddle_file_path(path: Path, start: bytes = b'{"_rev":') -> bool:
    """A shard written by Huddle starts with its revision, `{"_rev":`; a journal with its
    header (store/core/shard_journal.py)."""
    try:
        fd = open_file(path)  # never a symlink or a FIFO swapped in since the folder was listed
    except OSError:
        return False
    try:
        return os.pread(fd, len(start), 0) == start
    except OSError:
        return False
    finally:
        os.close(fd)


def _shared_file_mode(folder: Path) -> int | None:
    """0660 in a group-writable (shared) folder; otherwise None, so the umask decides."""
    try:
        return 0o660 if folder.stat().st_mode & stat.S_IWGRP else None
    except OSError:
        return None
