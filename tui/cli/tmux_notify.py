"""Show a reminder in the tmux clients of the people concerned (`huddle remind --notify-tmux`).

How clients are found (docs/reminders.md):
1. Every person's own tmux servers: the sockets in `$TMUX_TMPDIR/tmux-<uid>/`
   (default `/tmp/tmux-<uid>/`), where tmux puts each user's sockets. Only root
   (a system cron job or systemd unit) can reach other users' sockets; run as a
   user, the command reaches that user's own servers.
2. Shared sessions: extra sockets given with `--tmux-socket PATH` (a team's
   shared tmux server on the jump host, group-readable).
On every socket `tmux -S SOCKET list-clients -F '#{client_name} #{client_uid}'`
lists the attached clients; a client is the person's when its uid is theirs
(or, when tmux does not report `client_uid`, when the socket is in their own
`tmux-<uid>` folder). Each of their clients then gets
`tmux -S SOCKET display-message -c CLIENT -d 15000 TEXT`, with `#` doubled so
that tmux shows the text literally and never runs a `#(command)` from a title.
"""

from __future__ import annotations

import os
import pwd
import re
import stat
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

Runner = Callable[[list[str]], str]
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
DISPLAY_MS = 15000
MAX_TEXT = 200


@dataclass(frozen=True)
class Client:
    socket: str
    name: str
    login: str


def run_tmux(args: list[str]) -> str:
    """Run tmux; its output, or "" when tmux is missing, the server is gone or it fails."""
    try:
        done = subprocess.run(["tmux", *args], capture_output=True, text=True, timeout=5,
                              check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout if done.returncode == 0 else ""


def plain_line(text: str, limit: int = MAX_TEXT) -> str:
    """One line without control characters, at most `limit` characters."""
    clean = _CONTROL.sub(" ", text).strip()
    if len(clean) > limit:
        clean = clean[:limit - 1] + "…"
    return clean


def tmux_text(text: str) -> str:
    """`plain_line` with `#` doubled: tmux expands formats (even `#(command)`) in messages."""
    return plain_line(text).replace("#", "##")


def _uid(login: str) -> int | None:
    try:
        return pwd.getpwnam(login).pw_uid
    except KeyError:
        return None


def user_sockets(uid: int, tmpdir: str | None = None) -> list[str]:
    folder = Path(tmpdir or os.environ.get("TMUX_TMPDIR") or "/tmp") / f"tmux-{uid}"
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    found = []
    for entry in entries:
        try:
            if stat.S_ISSOCK(entry.stat(follow_symlinks=False).st_mode):
                found.append(entry.path)
        except OSError:
            continue
    return sorted(found)


def find_clients(logins: Iterable[str], *, sockets: Iterable[str] = (),
                 runner: Runner | None = None, tmpdir: str | None = None,
                 uid_of: Callable[[str], int | None] | None = None,
                 sockets_of: Callable[[int], list[str]] | None = None) -> list[Client]:
    """The tmux clients of `logins` on their own sockets and on the shared `sockets`.
    (The injectable parts default to this module's `run_tmux`, `_uid`, `user_sockets`.)"""
    runner = runner or run_tmux
    uid_of = uid_of or _uid
    by_uid: dict[int, str] = {}
    for login in logins:
        uid = uid_of(login)
        if uid is not None:
            by_uid[uid] = login
    listing = sockets_of or (lambda uid: user_sockets(uid, tmpdir))
    owner_of: dict[str, int | None] = {}
    for uid in by_uid:
        for path in listing(uid):
            owner_of.setdefault(path, uid)
    for path in sockets:
        owner_of.setdefault(path, None)
    found = []
    for path, owner in owner_of.items():
        output = runner(["-S", path, "list-clients", "-F", "#{client_name} #{client_uid}"])
        for line in output.splitlines():
            name, _, uid_text = line.strip().partition(" ")
            if not name:
                continue
            uid = int(uid_text) if uid_text.strip().isdigit() else owner
            if uid in by_uid:
                found.append(Client(path, name, by_uid[uid]))
    return found


def show(clients: Iterable[Client], messages: dict[str, list[str]],
         runner: Runner | None = None) -> None:
    """Display each client's person's messages in that client."""
    runner = runner or run_tmux
    for client in clients:
        for text in messages.get(client.login, []):
            runner(["-S", client.socket, "display-message", "-c", client.name,
                    "-d", str(DISPLAY_MS), tmux_text(f"Huddle: {text}")])


def notify(messages: dict[str, list[str]], *, sockets: Iterable[str] = (),
           runner: Runner | None = None, **kw) -> list[Client]:
    """Show each person's messages in each of their tmux clients; the clients reached."""
    clients = find_clients(messages, sockets=sockets, runner=runner, **kw)
    show(clients, messages, runner)
    return clients
