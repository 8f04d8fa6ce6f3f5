"""Real OS accounts for the trust tests: made with `useradd` (root only), removed afterwards.

"As alice" means a forked child that has become alice (tests/as_account.py) and calls
Huddle in-process.
"""

from __future__ import annotations

import grp
import os
import pwd
import shutil
import subprocess
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from as_account import call_as


def need_root() -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root to create OS accounts with useradd")
    if not shutil.which("useradd"):
        pytest.skip("useradd is not installed")


@dataclass
class Accounts:
    """A group and its members, and a shared folder for them (setgid, 2770)."""

    group: str
    logins: list[str]
    base: Path
    folder: Path
    made: list[str] = field(default_factory=list)

    def uid(self, login: str) -> int:
        return pwd.getpwnam(login).pw_uid

    def gid(self) -> int:
        return grp.getgrnam(self.group).gr_gid

    def run_as(self, login: str, fn) -> dict:
        """`fn()` in a child that has become `login`: {"ok", "value"|"error", "message"}."""
        return run_as(login, fn)


def make_accounts(names: list[str]) -> Accounts:
    tag = uuid.uuid4().hex[:6]
    group = f"hdl{tag}"
    subprocess.run(["groupadd", group], check=True, capture_output=True)
    accounts = Accounts(group, [], Path("/tmp") / f"huddle-trust-{tag}", Path())
    try:
        for name in names:
            login = f"{name[:3]}{tag}"
            subprocess.run(["useradd", "-M", "-N", "-g", group, "-s", "/bin/sh", login],
                           check=True, capture_output=True)
            accounts.logins.append(login)
        accounts.base.mkdir(mode=0o755)
        accounts.folder = accounts.base / "ws"
        accounts.folder.mkdir()
        os.chown(accounts.folder, 0, accounts.gid())
        os.chmod(accounts.folder, 0o2770)
    except BaseException:
        remove_accounts(accounts)
        raise
    return accounts


def remove_accounts(accounts: Accounts) -> None:
    shutil.rmtree(accounts.base, ignore_errors=True)
    for login in accounts.logins:
        subprocess.run(["userdel", "-f", login], capture_output=True)
    subprocess.run(["groupdel", accounts.group], capture_output=True)


def run_as(login: str, fn) -> dict:
    entry = pwd.getpwnam(login)
    groups = os.getgrouplist(login, entry.pw_gid)
    return call_as(entry.pw_uid, entry.pw_gid, groups, fn, umask=0o007)


def cli_as(login: str, *args: str) -> dict:
    """`huddle ARGS` run by `login`: {"ok", "value": (exit code, stdout, stderr)}."""
    def call():
        from click.testing import CliRunner

        from tui.cli import cli
        done = CliRunner().invoke(cli, list(args), catch_exceptions=False)
        return done.exit_code, done.stdout, done.stderr
    return run_as(login, call)
