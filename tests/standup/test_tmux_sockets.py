"""Which tmux sockets `--notify-tmux` uses and as whom (tmux_sockets.py, tmux_notify.py),
and the privilege drop of as_user.py (for real, as root, with a throwaway account)."""

from __future__ import annotations

import os
import shutil
import socket
from ast import literal_eval
import subprocess
import sys
from pathlib import Path

import pytest

from tui.cli import as_user, tmux_notify, tmux_sockets
from tui.cli.tmux_sockets import Socket, Unsafe

from tmux_accounts import accounts, missing_tools, wait_for

ROOT = os.geteuid() == 0
needs_root = pytest.mark.skipif(not ROOT, reason="needs root (chown, other accounts)")


def make_socket(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(path))
    listener.close()  # the file stays: that is all the checks look at
    return path


@pytest.fixture
def base(tmp_path: Path) -> Path:
    """A private folder (0700, ours) to build folder layouts in."""
    os.chmod(tmp_path, 0o700)
    return tmp_path


# -- shared sockets ---------------------------------------------------------------
def test_a_socket_in_a_safe_folder_is_reached_as_its_owner(base):
    sock = make_socket(base / "run" / "warroom.sock")
    os.chmod(base / "run", 0o755)
    assert tmux_sockets.shared_socket(str(sock)) == Socket(str(sock), os.geteuid())
    # Relative and untidy paths mean the same socket.
    assert tmux_sockets.shared_socket(f"{base}/run/../run//warroom.sock").path == str(sock)


def test_a_group_writable_folder_is_refused_naming_it(base):
    sock = make_socket(base / "srv" / "warroom.sock")
    os.chmod(base / "srv", 0o2770)
    with pytest.raises(Unsafe, match=f"^{base}/srv can be written by others than root and "):
        tmux_sockets.shared_socket(str(sock))
    os.chmod(base / "srv", 0o1777)  # sticky, like /tmp: nobody can swap another's socket
    assert tmux_sockets.shared_socket(str(sock)).owner == os.geteuid()


def test_symbolic_links_and_other_files_are_refused(base):
    sock = make_socket(base / "real" / "warroom.sock")
    (base / "link.sock").symlink_to(sock)
    (base / "linked").symlink_to(base / "real")
    (base / "plain").write_text("")
    with pytest.raises(Unsafe, match="link.sock is a symbolic link"):
        tmux_sockets.shared_socket(str(base / "link.sock"))
    with pytest.raises(Unsafe, match="linked is a symbolic link"):
        tmux_sockets.shared_socket(str(base / "linked" / "warroom.sock"))
    with pytest.raises(Unsafe, match="plain is not a socket"):
        tmux_sockets.shared_socket(str(base / "plain"))
    assert tmux_sockets.shared_socket(str(base / "none.sock")) is None   # no war room now
    assert tmux_sockets.shared_socket(str(base / "nowhere" / "x.sock")) is None


@needs_root
def test_a_folder_of_someone_else_is_refused(base):
    sock = make_socket(base / "theirs" / "warroom.sock")
    os.chown(base / "theirs", 43210, 43210)
    with pytest.raises(Unsafe, match="theirs belongs to uid 43210, neither root nor"):
        tmux_sockets.shared_socket(str(sock))
    os.chown(sock, 43210, 43210)  # the socket's owner may own its folder
    assert tmux_sockets.shared_socket(str(sock)) == Socket(str(sock), 43210)


# -- per-user folders ---------------------------------------------------------------
def test_own_folder_sockets_are_listed_and_others_skipped(base):
    me = os.geteuid()
    folder = base / f"tmux-{me}"
    make_socket(folder / "default")
    make_socket(folder / "work")
    os.chmod(folder, 0o700)
    (folder / "link").symlink_to(folder / "default")
    (folder / "notes").write_text("")
    warnings: list[str] = []
    assert tmux_sockets.user_sockets(me, str(base), warnings.append) == \
        [str(folder / "default"), str(folder / "work")]
    assert warnings == [f"skipped tmux socket {folder}/link: it is a symbolic link or "
                        f"belongs to uid {me}, not {me}"]
    assert tmux_sockets.user_sockets(me + 1, str(base), warnings.append) == []  # no folder
    os.chmod(folder, 0o770)
    warnings.clear()
    assert tmux_sockets.user_sockets(me, str(base), warnings.append) == []
    assert warnings == [f"skipped the tmux sockets in {folder}: {folder} can be written by "
                        "others than root and the socket's owner"]


@needs_root
def test_a_tmux_folder_made_by_someone_else_is_skipped(base):
    folder = base / "tmux-43210"
    make_socket(folder / "default")
    os.chmod(folder, 0o700)  # root's, not uid 43210's (someone made it first)
    warnings: list[str] = []
    assert tmux_sockets.user_sockets(43210, str(base), warnings.append) == []
    assert warnings == [f"skipped the tmux sockets in {folder}: {folder} belongs to uid 0, "
                        "not 43210"]
    os.chown(folder, 43210, 43210)
    warnings.clear()
    assert tmux_sockets.user_sockets(43210, str(base), warnings.append) == []
    assert "belongs to uid 0, not 43210" in warnings[0]  # the socket itself is root's
    os.chown(folder / "default", 43210, 43210)
    assert tmux_sockets.user_sockets(43210, str(base)) == [str(folder / "default")]


# -- find_clients: who is asked, as whom --------------------------------------------
def fake_tmux(listing: dict[str, str], calls: list):
    def run(args: list[str], uid: int) -> str:
        calls.append((args, uid))
        return listing.get(args[1], "") if args[2] == "list-clients" else ""
    return run


def test_as_root_every_socket_is_reached_as_its_owner():
    calls: list = []
    listing = {"/t/tmux-1001/default": "/dev/pts/1 1001\n/dev/pts/2 1002\n",
               "/run/huddle/carol/warroom.sock": "/dev/pts/3 1002\n/dev/pts/4\n"}
    warnings: list[str] = []
    clients = tmux_notify.find_clients(
        ["alice", "bob"], sockets=["/run/huddle/carol/warroom.sock", "/srv/huddle/open.sock"],
        runner=fake_tmux(listing, calls), uid_of={"alice": 1001, "bob": 1002}.get,
        sockets_of=lambda uid: {1001: ["/t/tmux-1001/default"]}.get(uid, []),
        shared_socket=fake_shared, euid=0, warn=warnings.append)
    assert [(c.login, c.name, c.owner) for c in clients] == [
        ("alice", "/dev/pts/1", 1001), ("bob", "/dev/pts/2", 1001), ("bob", "/dev/pts/3", 1003)]
    assert [(a[1], uid) for a, uid in calls] == [("/t/tmux-1001/default", 1001),
                                                 ("/run/huddle/carol/warroom.sock", 1003)]
    assert warnings == ["skipped tmux socket /srv/huddle/open.sock: /srv/huddle can be "
                        "written by others than root and the socket's owner"]
    calls.clear()
    tmux_notify.show(clients[:1], {"alice": ["Fix #(id) #{pane_pid}"]}, fake_tmux({}, calls))
    assert calls == [(["-S", "/t/tmux-1001/default", "display-message", "-c", "/dev/pts/1",
                       "-d", "15000", "--", "Huddle: Fix ####(id) ####{pane_pid}"], 1001)]


def fake_shared(path: str) -> Socket | None:
    if path.startswith("/srv/"):
        raise Unsafe("/srv/huddle can be written by others than root and the socket's owner")
    return Socket(path, 1003)


def test_without_root_only_your_own_sockets_are_reached():
    calls: list = []
    warnings: list[str] = []
    listed: list[int] = []

    def sockets_of(uid: int) -> list[str]:
        listed.append(uid)
        return [f"/t/tmux-{uid}/default"]

    tmux_notify.find_clients(
        ["alice", "bob"], sockets=["/run/huddle/carol/warroom.sock", "/run/huddle/me.sock"],
        runner=fake_tmux({}, calls), uid_of={"alice": 1001, "bob": 1002}.get,
        sockets_of=sockets_of, euid=1001, warn=warnings.append,
        shared_socket=lambda p: Socket(p, 1001 if p.endswith("me.sock") else 1003))
    assert listed == [1001]                           # bob's folder is not even looked at
    assert [(a[1], uid) for a, uid in calls] == [("/t/tmux-1001/default", 1001),
                                                 ("/run/huddle/me.sock", 1001)]
    assert warnings == ["skipped tmux socket /run/huddle/carol/warroom.sock: it belongs to "
                        "uid 1003: only its owner or root may talk to it"]


def test_a_socket_whose_owner_cannot_be_become_is_skipped():
    warnings: list[str] = []

    def refuse(args: list[str], uid: int) -> str:
        raise as_user.CannotSwitch("uid 4242 has no account")

    assert tmux_notify.find_clients(["alice"], runner=refuse, uid_of=lambda _l: 4242,
                                    sockets_of=lambda uid: ["/t/x"], euid=0,
                                    warn=warnings.append) == []
    assert warnings == ["skipped tmux socket /t/x: uid 4242 has no account"]


# -- as_user ---------------------------------------------------------------------------
PROBE = ("import os, sys; print(repr((os.getresuid(), os.getresgid(), sorted(os.getgroups()), "
         "sorted(os.environ.items()), os.getcwd(), oct(os.umask(0)), "
         "os.getsid(0) == os.getpid(), sys.stdin.read() == '')))")


def test_the_check_refuses_a_process_that_did_not_drop():
    """The check run before the command exits 97 when the ids are not the account's."""
    me = os.geteuid()
    done = subprocess.run([sys.executable, "-I", "-S", "-c", as_user._CHECK, str(me + 1),
                           str(me + 1), "", "/bin/echo", "ran"], capture_output=True)
    assert (done.returncode, done.stdout) == (as_user.CHECK_FAILED, b"")


def test_without_root_another_account_is_refused(monkeypatch):
    monkeypatch.setattr(os, "geteuid", lambda: 1001)
    other = as_user.Account("bob", 1002, 1002, (1002,), "/home/bob", "/bin/sh")
    with pytest.raises(as_user.CannotSwitch, match="only root can act as bob"):
        as_user.run(["/bin/true"], other)


def test_a_hanging_or_chatty_command_is_cut_short():
    me = as_user.Account.of_uid(os.geteuid())
    slow = as_user.run(["/bin/sleep", "5"], me, timeout=0.3)
    assert slow.returncode < 0
    flood = as_user.run(["/usr/bin/yes"], me, limit=1000)
    assert flood.returncode < 0 and len(flood.stdout) <= 1000


@needs_root
@pytest.mark.skipif(bool(missing_tools()), reason="needs useradd, userdel, runuser, tmux")
def test_root_drops_everything_before_running_the_command(monkeypatch):
    monkeypatch.setenv("TMUX", "/tmp/tmux-0/default,1,0")
    monkeypatch.setenv("TMUX_TMPDIR", "/root")
    monkeypatch.setenv("LANG", "C.UTF-8")
    for name in ("LC_ALL", "LC_CTYPE", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    with accounts(1) as (user,):
        account = as_user.Account.of_uid(user.uid)
        assert account.groups == (user.gid,) and os.getgroups() != [user.gid]
        python = as_user.checker()  # this one may sit under /root
        done = as_user.run([python, "-I", "-c", PROBE], account)
        assert done.returncode == 0
        ids, gids, groups, env, cwd, umask, own_session, no_stdin = literal_eval(done.stdout)
        assert ids == (user.uid,) * 3 and gids == (user.gid,) * 3 and groups == [user.gid]
        assert dict(env) == {"HOME": user.home, "USER": user.login, "LOGNAME": user.login,
                             "SHELL": "/bin/sh", "PATH": as_user.SYSTEM_PATH, "LANG": "C.UTF-8"}
        assert (cwd, umask, own_session, no_stdin) == ("/", "0o77", True, True)
        back = as_user.run([python, "-I", "-c", "import os; os.setuid(0)"], account)
        assert back.returncode == 1  # PermissionError: there is no way back to root


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
def test_a_real_tmux_shows_formats_and_commands_literally(base):
    """`show` through the real runner, as whoever runs the tests: the text is one argv
    element after `--` with `#` doubled, so tmux neither expands nor runs anything."""
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": str(base)}
    inner, outer, ran = str(base / "in.sock"), str(base / "out.sock"), base / "ran"

    def tmux(sock: str, *args: str) -> str:
        return subprocess.run(["tmux", "-f", "/dev/null", "-S", sock, *args], env=env,
                              capture_output=True, text=True, timeout=10, check=True).stdout

    try:
        tmux(inner, "new-session", "-d")
        tmux(outer, "new-session", "-d", "-x", "200", "-y", "5",
             f"unset TMUX; exec tmux -S {inner} attach")
        name = wait_for(lambda: tmux(inner, "list-clients", "-F", "#{client_name}").strip())
        client = tmux_notify.Client(inner, name, "me", os.geteuid())
        text = f"-d 1 #(touch {ran}) #{{pane_pid}} #[fg=red] ##[bold] ## ### 长 #"
        tmux_notify.show([client], {"me": [text]})
        screen = tmux(outer, "capture-pane", "-p", "-e")  # -e: with the colours
        assert f"Huddle: {text}\n" in screen
        assert "\x1b[31m" not in screen and "\x1b[1m" not in screen  # no style was applied
        assert not ran.exists()
    finally:
        for sock in (outer, inner):
            subprocess.run(["tmux", "-S", sock, "kill-server"], env=env, capture_output=True)
