"""Throwaway OS accounts and tmux servers for the root-only tmux tests (imported by name).

`accounts(n)` is a context manager: n accounts `hdl_t_<random>` made with `useradd`
(each with a home and a group of its own), removed with `userdel -r` on the way out,
even when the test fails; every tmux server started with `tmux_as` for them is killed
first, and any process of theirs still alive is ended by its pid (the accounts are new:
everything they run was started here).
"""

from __future__ import annotations

import contextlib
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass, field

TOOLS = ("useradd", "userdel", "runuser", "tmux")


def missing_tools() -> list[str]:
    return [t for t in TOOLS if shutil.which(t) is None]


@dataclass
class Account:
    login: str
    uid: int
    gid: int
    home: str
    servers: list[str] = field(default_factory=list)

    def env(self, **extra: str) -> list[str]:
        values = {"HOME": self.home, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", **extra}
        return ["env", "-i", *(f"{k}={v}" for k, v in values.items())]

    def run(self, *argv: str, check: bool = True, **extra: str) -> subprocess.CompletedProcess:
        """`argv` run as this account (runuser), in a clean environment."""
        return subprocess.run(["runuser", "-u", self.login, "--", *self.env(**extra), *argv],
                              capture_output=True, text=True, timeout=10, check=check)

    def tmux(self, socket: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        if socket not in self.servers:
            self.servers.append(socket)
        return self.run("tmux", "-f", "/dev/null", "-S", socket, *args, check=check)


@contextlib.contextmanager
def accounts(n: int):
    made: list[Account] = []
    try:
        for _ in range(n):
            login = f"hdl_t_{secrets.token_hex(4)}"
            subprocess.run(["useradd", "-m", "-U", "-s", "/bin/sh", login], check=True,
                           capture_output=True, timeout=20)
            entry = pwd.getpwnam(login)
            made.append(Account(login, entry.pw_uid, entry.pw_gid, entry.pw_dir))
        yield made
    finally:
        for account in made:
            _remove(account)


def _remove(account: Account) -> None:
    for socket in account.servers:
        account.tmux(socket, "kill-server", check=False)
    for _ in range(20):
        if not _pids(account.uid):
            break
        for pid in _pids(account.uid):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        time.sleep(0.05)
    subprocess.run(["userdel", "-r", account.login], capture_output=True, timeout=20)


def _pids(uid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError):
                if os.stat(f"/proc/{entry}").st_uid == uid:
                    found.append(int(entry))
    return found


def wait_for(check, timeout: float = 5.0):
    """Poll `check()` until it returns something true; that value (or the last one)."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.05)
