"""Which tmux sockets `huddle remind --notify-tmux` may talk to, and as whom.

Whoever talks to a tmux server lends it their rights (hooks can make the client read
and write files; a fake server can do worse), so every socket is reached as its
owner (tui/cli/as_user.py), and only where nobody else can have put it
(docs/reminders.md, "Who talks to which tmux server"):

- A person's own sockets, in `$TMUX_TMPDIR/tmux-<uid>/` (default /tmp): used when
  that folder is a real folder (not a symbolic link) owned by the uid and writable by
  nobody else, the folders above it are safe (below), and the socket is owned by
  the uid. Otherwise skipped with a warning.
- A shared socket (`--tmux-socket PATH`): reached as the socket's owner when it is a
  socket, not a symbolic link, and every folder from it up to / is safe: a real
  folder, owned by root or the socket's owner, and writable by no one else (group
  or others) unless it has the sticky bit (like /tmp). A path that does not exist
  (no war room running) is skipped quietly.
Without root, only sockets of your own are reached: connecting to someone else's
server would hand them your account (see `find_clients` in tmux_notify.py).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from typing import Callable

from store.core.i18n import tr, trn

Warn = Callable[[str], None]
MAX_SOCKETS = 32  # per person: a folder full of sockets cannot hold the job up for long


@dataclass(frozen=True)
class Socket:
    path: str
    owner: int  # the uid that talks to it


class Unsafe(Exception):
    """Why a socket may not be used (one line for the user)."""


def _lstat(path: str) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise Unsafe(tr("{path} cannot be checked: {error}", path=path,
                        error=exc.strerror or str(exc))) from None


def check_folder(folder: str, owner: int, st: os.stat_result | None = None) -> None:
    """Raise Unsafe unless only root and `owner` can change what `folder` holds."""
    st = st or _lstat(folder)
    if st is None:
        raise FileNotFoundError(folder)
    if stat.S_ISLNK(st.st_mode):
        raise Unsafe(tr("{path} is a symbolic link (give the real path)", path=folder))
    if not stat.S_ISDIR(st.st_mode):
        raise Unsafe(tr("{path} is not a folder", path=folder))
    if st.st_uid not in (0, owner):
        raise Unsafe(tr("{path} belongs to uid {uid}, neither root nor the socket's owner",
                        path=folder, uid=st.st_uid))
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH) and not st.st_mode & stat.S_ISVTX:
        raise Unsafe(tr("{path} can be written by others than root and the socket's owner",
                        path=folder))


def check_folders_up(folder: str, owner: int) -> None:
    """`check_folder` on `folder` and every folder above it, up to /."""
    current = os.path.normpath(os.path.abspath(folder))
    while True:
        check_folder(current, owner)
        parent = os.path.dirname(current)
        if parent == current:
            return
        current = parent


def shared_socket(path: str) -> Socket | None:
    """The socket at `path` and its owner; None when nothing is there.
    Raises Unsafe when someone other than root or its owner could have put it there."""
    path = os.path.normpath(os.path.abspath(path))
    try:
        st = _lstat(path)
        if st is None:
            return None
        if stat.S_ISLNK(st.st_mode):
            raise Unsafe(tr("{path} is a symbolic link (give the real path)", path=path))
        if not stat.S_ISSOCK(st.st_mode):
            raise Unsafe(tr("{path} is not a socket", path=path))
        check_folders_up(os.path.dirname(path), st.st_uid)
    except FileNotFoundError:
        return None
    return Socket(path, st.st_uid)


def user_sockets(uid: int, tmpdir: str | None = None, warn: Warn | None = None) -> list[str]:
    """The sockets of `uid`'s own tmux servers that pass the checks above, sorted."""
    base = tmpdir or os.environ.get("TMUX_TMPDIR") or "/tmp"
    folder = os.path.join(os.path.normpath(os.path.abspath(base)), f"tmux-{uid}")
    try:
        st = _lstat(folder)
        if st is None:
            return []  # this person has never started tmux
        check_folder(folder, uid, st)
        if st.st_uid != uid:
            raise Unsafe(tr("{path} belongs to uid {owner}, not {uid}", path=folder,
                            owner=st.st_uid, uid=uid))
        check_folders_up(os.path.dirname(folder), uid)
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except FileNotFoundError:
        return []
    except (Unsafe, OSError) as exc:
        say_skipped(warn, folder, exc, folder=True)
        return []
    found = []
    for entry in entries:
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if stat.S_ISSOCK(st.st_mode) and st.st_uid == uid:
            found.append(entry.path)
        elif stat.S_ISSOCK(st.st_mode) or stat.S_ISLNK(st.st_mode):
            why = tr("it is a symbolic link or belongs to uid {owner}, not {uid}",
                     owner=st.st_uid, uid=uid)
            say_skipped(warn, entry.path, Unsafe(why))
    if len(found) > MAX_SOCKETS:
        why = trn("more than {n} socket; only the first {n} is used",
                  "more than {n} sockets; only the first {n} are used", MAX_SOCKETS, n=MAX_SOCKETS)
        say_skipped(warn, folder, Unsafe(why), folder=True)
    return found[:MAX_SOCKETS]


def say_skipped(warn: Warn | None, path: str, exc: Exception, folder: bool = False) -> None:
    if warn:
        reason = str(exc) or exc.__class__.__name__
        warn(tr("skipped the tmux sockets in {path}: {reason}", path=path, reason=reason)
             if folder else tr("skipped tmux socket {path}: {reason}", path=path, reason=reason))
