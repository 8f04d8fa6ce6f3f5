"""Show a reminder in the tmux clients of the people concerned (`huddle remind --notify-tmux`).

How clients are found (docs/reminders.md):
1. Every person's own tmux servers: the sockets in `$TMUX_TMPDIR/tmux-<uid>/`
   (default `/tmp/tmux-<uid>/`), where tmux puts each user's sockets. Only root
   (a system cron job or systemd unit) can reach other users' sockets; run as a
   user, the command reaches that user's own servers.
2. Shared sessions: extra sockets given with `--tmux-socket PATH` (a war room).
tmux_sockets.py decides which sockets are safe to use and whose they are. Every
tmux command is sent by a process running as the socket's owner (as_user.py): as
root, a child that has dropped to that account; without root, only your own
sockets are reached (someone else's server could use your rights: its hooks can
make the client read and write files). tmux runs with `-N` (never starts a server).
On every socket `tmux -S SOCKET list-clients -F '#{client_name} #{client_uid}'`
lists the attached clients; a client is the person's when its uid is theirs
(or, when tmux does not report `client_uid`, when the socket is in their own
`tmux-<uid>` folder). Each of their clients then gets
`tmux -S SOCKET display-message -c CLIENT -d 15000 -- TEXT`, one argv element with
every `#` escaped (`tmux_text`), so that tmux shows the text literally and never
runs a `#(command)`, expands a `#{format}` or applies a `#[style]` from a title.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import sys
from dataclasses import dataclass
from typing import Callable, Iterable

from store.core.i18n import tr

from . import as_user, tmux_sockets

# runner(args, uid): tmux's output for `tmux -N ARGS` run as `uid` ("" when it fails)
Runner = Callable[[list[str], int], str]
Warn = Callable[[str], None]
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_HASHES = re.compile(r"#+")
DISPLAY_MS = 15000
MAX_TEXT = 200
LIST_FORMAT = "#{client_name} #{client_uid}"


@dataclass(frozen=True)
class Client:
    socket: str
    name: str
    login: str
    owner: int  # the uid the socket is reached as (its owner)


def effective_uid() -> int:
    return os.geteuid()


def warn_stderr(text: str) -> None:
    print(f"huddle: {tr('warning: {text}', text=text)}", file=sys.stderr)


def run_tmux(args: list[str], uid: int) -> str:
    """`tmux -N ARGS` run as `uid`; its output, or "" when tmux is missing, the server is
    gone or it fails. Raises as_user.CannotSwitch when it cannot run as `uid`."""
    tmux = shutil.which("tmux", path=as_user.SYSTEM_PATH)
    account = as_user.Account.of_uid(uid)
    if account is None:
        raise as_user.CannotSwitch(tr("uid {uid} has no account", uid=uid))
    if tmux is None:
        return ""
    done = as_user.run([tmux, "-N", *args], account)
    return done.stdout if done.returncode == 0 else ""


def plain_line(text: str, limit: int = MAX_TEXT) -> str:
    """One line without control characters, at most `limit` characters."""
    clean = _CONTROL.sub(" ", text).strip()
    if len(clean) > limit:
        clean = clean[:limit - 1] + "…"
    return clean


def tmux_text(text: str) -> str:
    """`plain_line` escaped so that `display-message` shows it exactly and runs nothing.
    tmux (3.2 and later) expands the message as a format, where `##` is `#` and
    `#(…)` runs a command, then draws it, where `#[…]` is a style and `##` is `#`
    again. So a run of k `#` is sent as 4k (halved twice), and as 2k before `[`
    (expanding keeps `##[` as it is; drawing shows it as `#[`)."""
    line = plain_line(text)
    return _HASHES.sub(lambda m: m.group() * (2 if line.startswith("[", m.end()) else 4), line)


def _uid(login: str) -> int | None:
    try:
        return pwd.getpwnam(login).pw_uid
    except KeyError:
        return None


def user_sockets(uid: int, tmpdir: str | None = None, warn: Warn | None = None) -> list[str]:
    return tmux_sockets.user_sockets(uid, tmpdir, warn)


Target = tuple[int, int | None]  # (the uid that talks to a socket, the uid of silent clients)


def _targets(by_uid: dict[int, str], sockets: Iterable[str], me: int, warn: Warn,
             listing: Callable[[int], list[str]],
             shared: Callable[[str], tmux_sockets.Socket | None]) -> dict[str, Target]:
    """socket path -> (the uid that talks to it, the uid of clients that report none)."""
    targets: dict[str, Target] = {}
    for uid in by_uid:
        if me == 0 or uid == me:  # others' tmux folders are theirs alone
            for path in listing(uid):
                targets.setdefault(os.path.normpath(path), (uid, uid))
    for path in sockets:
        try:
            found = shared(path)
        except tmux_sockets.Unsafe as exc:
            tmux_sockets.say_skipped(warn, path, exc)
            continue
        if found is None:
            continue  # nothing there now (no war room running)
        if me != 0 and found.owner != me:
            tmux_sockets.say_skipped(warn, found.path, tmux_sockets.Unsafe(tr(
                "it belongs to uid {uid}: only its owner or root may talk to it",
                uid=found.owner)))
            continue
        targets.setdefault(found.path, (found.owner, None))
    return targets


def find_clients(logins: Iterable[str], *, sockets: Iterable[str] = (),
                 runner: Runner | None = None, tmpdir: str | None = None,
                 uid_of: Callable[[str], int | None] | None = None,
                 sockets_of: Callable[[int], list[str]] | None = None,
                 shared_socket: Callable[[str], tmux_sockets.Socket | None] | None = None,
                 euid: int | None = None, warn: Warn | None = None) -> list[Client]:
    """The tmux clients of `logins` on their own sockets and on the shared `sockets`.
    (The injectable parts default to this module's `run_tmux`, `_uid`, `user_sockets`,
    tmux_sockets.shared_socket, `effective_uid` and `warn_stderr`.)"""
    runner = runner or run_tmux
    uid_of = uid_of or _uid
    warn = warn or warn_stderr
    by_uid: dict[int, str] = {}
    for login in logins:
        uid = uid_of(login)
        if uid is not None:
            by_uid[uid] = login
    listing = sockets_of or (lambda uid: user_sockets(uid, tmpdir, warn))
    me = effective_uid() if euid is None else euid
    targets = _targets(by_uid, sockets, me, warn, listing,
                       shared_socket or tmux_sockets.shared_socket)
    found = []
    for path, (owner, fallback) in targets.items():
        try:
            output = runner(["-S", path, "list-clients", "-F", LIST_FORMAT], owner)
        except as_user.CannotSwitch as exc:
            tmux_sockets.say_skipped(warn, path, exc)
            continue
        for line in output.splitlines():
            name, _, uid_text = line.strip().partition(" ")
            if not name:
                continue
            uid = int(uid_text) if uid_text.strip().isdigit() else fallback
            if uid in by_uid:
                found.append(Client(path, name, by_uid[uid], owner))
    return found


def show(clients: Iterable[Client], messages: dict[str, list[str]],
         runner: Runner | None = None, warn: Warn | None = None) -> None:
    """Display each client's person's messages in that client (as the socket's owner)."""
    runner = runner or run_tmux
    for client in clients:
        for text in messages.get(client.login, []):
            try:
                runner(["-S", client.socket, "display-message", "-c", client.name,
                        "-d", str(DISPLAY_MS), "--", tmux_text(f"Huddle: {text}")], client.owner)
            except as_user.CannotSwitch as exc:
                tmux_sockets.say_skipped(warn or warn_stderr, client.socket, exc)
                break


def notify(messages: dict[str, list[str]], *, sockets: Iterable[str] = (),
           runner: Runner | None = None, **kw) -> list[Client]:
    """Show each person's messages in each of their tmux clients; the clients reached."""
    clients = find_clients(messages, sockets=sockets, runner=runner, **kw)
    show(clients, messages, runner, kw.get("warn"))
    return clients
