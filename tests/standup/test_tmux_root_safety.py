"""`huddle remind --notify-tmux` run as root never runs anything as root on a member's behalf.

For real: two throwaway accounts (tmux_accounts.py), each with its own tmux server
and a client attached to it (a second tmux server of theirs is the terminal, so the
client's screen can be read back). "evil" plants hooks that make whoever lists
its clients write and read files (`save-buffer`/`load-buffer` are done by the
*client*: as root they would reach root-only files); "good" also runs a war room
in a safe folder and one in a group-writable folder. Then the venv's `huddle`
runs as root, and we check who did what.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import orjson
import pytest

from store.projects import kickoff, flow as project_flow, project as projects, tasks
from store.people import members as people

from tmux_accounts import accounts, missing_tools, wait_for

pytestmark = [
    pytest.mark.skipif(os.geteuid() != 0, reason="needs root: other accounts' tmux servers"),
    pytest.mark.skipif(bool(missing_tools()), reason="needs useradd, userdel, runuser, tmux"),
]
HUDDLE = Path(sys.executable).with_name("huddle")
# The clock comes from --at alone (no HUDDLE_NOW), so this stays right if HUDDLE_NOW is ever
# restricted to pinned-clock workspaces. TODO: `huddle init --pinned-clock` does not exist in
# this tree; if it comes, nothing here needs it.
AT = "2024-09-03T12:00"  # Tuesday noon in Shanghai: both tasks (due Monday) are overdue


@pytest.fixture
def scratch():
    """A folder like /tmp (root's, sticky, world-writable): the TMUX_TMPDIR of the test."""
    folder = Path(tempfile.mkdtemp(prefix="hdl_tmux_", dir="/tmp"))
    os.chmod(folder, 0o1777)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def attach_terminal(user, base: Path, inner: str, name: str) -> str:
    """Attach a client of `user` to the server at `inner`, inside a second server of theirs
    (the client's terminal); the terminal's socket, whose pane shows what the client sees."""
    outer = str(base / f"term-{name}.sock")
    user.tmux(outer, "new-session", "-d", "-x", "200", "-y", "8",
              f"unset TMUX; exec tmux -S {inner} attach")
    assert wait_for(lambda: user.tmux(inner, "list-clients", check=False).stdout.strip())
    return outer


def team_workspace(workspace, good: str, evil: str, title: str) -> None:
    """The two accounts as members, each owning a task that is overdue at AT."""
    for login in (good, evil):
        people.add_member(workspace, login, login.title(), "Product")
    project = projects.create_project(
        workspace, "Ops", pm=workspace.actor.login, initiator_dept="Product",
        lead_dept="Engineering", goal="g", due="2024-09-30",
        members=[{"login": login, "role": "dev"} for login in (good, evil)])
    project_flow.approve_request(workspace.acting_as("alice"), project["id"])
    kickoff.record_kickoff(workspace, project["id"])
    tasks.add_task(workspace, project["id"], title, owner=good, due="2024-09-02",
                   start="2024-08-26")
    tasks.add_task(workspace, project["id"], "Rotate keys", owner=evil, due="2024-09-02",
                   start="2024-08-26")


def test_root_reaches_every_member_as_themselves(workspace, scratch):
    rootonly = scratch / "rootonly"
    rootonly.mkdir(mode=0o700)
    secret = rootonly / "secret"
    secret.write_text(f"SECRET-{secrets.token_hex(8)}\n")
    ran = scratch / "ran"  # what a `#(touch …)` in a title would create
    with accounts(2) as (good, evil):
        title = f"Fix #(touch {ran}) #{{pane_pid}}"
        team_workspace(workspace, good.login, evil.login, title)
        mine = {u.login: str(scratch / f"tmux-{u.uid}" / "default") for u in (good, evil)}
        for user in (good, evil):  # the default server, where tmux puts it
            user.run("tmux", "-f", "/dev/null", "new-session", "-d", "-s", "main",
                     TMUX_TMPDIR=str(scratch))
            user.servers.append(mine[user.login])
        terminal = attach_terminal(good, scratch, mine[good.login], "good")
        # evil's traps, on its default server when its clients are listed, and on a second
        # server of its own (with a client) when a message is shown.
        second = str(scratch / f"tmux-{evil.uid}" / "second")
        evil.tmux(second, "new-session", "-d", "-s", "main")
        attach_terminal(evil, scratch, second, "evil")
        for sock, hook in ((mine[evil.login], "after-list-clients"),
                           (second, "after-display-message")):
            evil.tmux(sock, "set-buffer", "-b", "bait", "planted")
            for i, command in enumerate([f'run-shell "id -u > {scratch}/{hook}-uid"',
                                         f"save-buffer -b bait {scratch}/{hook}-wrote",
                                         f"save-buffer -b bait {rootonly}/{hook}",
                                         f"load-buffer -b stolen {secret}"]):
                evil.tmux(sock, "set-hook", "-g", f"{hook}[{i}]", command)
        # good's war rooms: one in a safe folder (/run/huddle/<login>/ as the docs say) …
        run_dir = scratch / "run"
        run_dir.mkdir(mode=0o755)
        (run_dir / good.login).mkdir(mode=0o750)
        os.chown(run_dir / good.login, good.uid, good.gid)
        safe = str(run_dir / good.login / "warroom.sock")
        good.tmux(safe, "new-session", "-d", "-s", "warroom")
        attach_terminal(good, scratch, safe, "warroom")
        # … and one in a group-writable folder, where anyone could have swapped it.
        open_dir = scratch / "srv"
        open_dir.mkdir()
        os.chmod(open_dir, 0o2777)
        unsafe = str(open_dir / "warroom.sock")
        good.tmux(unsafe, "new-session", "-d", "-s", "warroom")
        good.tmux(unsafe, "set-hook", "-g", "after-list-clients",
                  f'run-shell "touch {scratch}/unsafe-contacted"')

        done = subprocess.run(
            [str(HUDDLE), "--workspace", str(workspace.folder), "remind", "--json", "--at", AT,
             "--notify-tmux", "--tmux-socket", safe, "--tmux-socket", unsafe],
            capture_output=True, text=True, timeout=60,
            env={"PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8", "TMUX_TMPDIR": str(scratch),
                 "HOME": "/root"})
        assert done.returncode == 0, done.stderr
        reached = {(n["login"], n["socket"]) for n in orjson.loads(done.stdout)["notified"]}
        # evil's default server failed its own listing (its traps failed with its rights):
        # only the second one, which answers, counts.
        assert reached == {(good.login, mine[good.login]), (good.login, safe),
                           (evil.login, second)}

        # The traps ran with evil's rights: the client that ran them was evil, never root.
        for hook, sock in (("after-list-clients", mine[evil.login]),
                           ("after-display-message", second)):
            assert wait_for(lambda: (scratch / f"{hook}-uid").exists()), hook
            assert (scratch / f"{hook}-uid").read_text().strip() == str(evil.uid)
            assert (scratch / f"{hook}-wrote").stat().st_uid == evil.uid
            assert evil.tmux(sock, "show-buffer", "-b", "stolen", check=False).returncode != 0
        assert os.listdir(rootonly) == ["secret"] and secret.read_text().startswith("SECRET-")

        # good's client shows the title literally, and nothing in it ran.
        expected = f"Huddle: Task 1-1 “Fix #(touch {ran}) #{{pane_pid}}” is past its due date"
        client = good.tmux(mine[good.login], "list-clients", "-F", "#{client_name}").stdout
        log = good.tmux(mine[good.login], "show-messages", "-t", client.strip()).stdout
        assert f"{client.strip()} message: {expected.replace('#', '##')}" in log  # as expanded
        screen = good.tmux(terminal, "capture-pane", "-p").stdout
        assert expected in screen
        assert not ran.exists()

        # The war room in the group-writable folder was never contacted.
        assert f"warning: skipped tmux socket {unsafe}: {open_dir} can be written by others " \
               "than root and the socket's owner" in done.stderr
        assert not (scratch / "unsafe-contacted").exists()
