"""Run a command as another OS account: root's cross-user jobs (`huddle remind --notify-tmux`).

Why this exists: a tmux server can make the client that talks to it read and write
files with the client's rights (a member's `set-hook -g after-list-clients
'save-buffer /etc/…'` or `load-buffer /root/…`), and a fake server can even make it
run commands. A system cron job runs as root, so every command it sends to a
member's server must come from a process that *is* that member, never root.

How (`run`):
- The child drops in `subprocess` between fork and exec (C code, no Python runs
  there, so it is safe with threads): setgroups(the account's groups, the list
  `initgroups` would set), then setregid(gid), then setreuid(uid) — real,
  effective and saved ids alike.
- It then execs a small check (Python, isolated: `-I -S`; this interpreter, or the
  system's python3 when this one sits where other accounts cannot run it, e.g. under
  /root) that verifies the
  real/effective/saved uid and gid and the groups, and that setuid(0) and setgid(0)
  now fail, before it execs the command. A failed check exits 97: the command
  never runs and `run` raises `CannotSwitch`.
- The child gets a clean environment (HOME, USER, LOGNAME, SHELL of the account, a
  fixed system PATH, the caller's locale; nothing else, so no TMUX or TMUX_TMPDIR
  of root), "/" as its folder, umask 077, /dev/null as stdin, a session of its own
  (no controlling terminal to push keys into), and its output is read up to a size
  and a time limit (a hostile server can neither hang nor flood the job).
Without root the command runs as the caller (only the caller's own account can be
asked for), with the same clean environment and limits.
"""

from __future__ import annotations

import functools
import os
import pwd
import selectors
import shutil
import signal
import stat
import subprocess
import sys
import time
from dataclasses import dataclass

from store.core.i18n import tr

SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
LOCALE_VARS = ("LANG", "LC_ALL", "LC_CTYPE", "LC_MESSAGES", "LANGUAGE")
CHECK_FAILED = 97
MAX_OUTPUT = 256 * 1024

# Runs in the child, as the account, before the command: prove the drop is complete.
_CHECK = """\
import os, sys
uid, gid = int(sys.argv[1]), int(sys.argv[2])
groups = {int(g) for g in sys.argv[3].split(",") if g} | {gid}
ok = (os.getresuid() == (uid, uid, uid) and os.getresgid() == (gid, gid, gid)
      and set(os.getgroups()) | {gid} == groups)
for back in [os.setuid] + ([os.setgid] if gid != 0 else []):
    try:
        back(0)
    except OSError:
        continue
    ok = False
if not ok:
    os._exit(97)
os.execv(sys.argv[4], sys.argv[4:])
"""


class CannotSwitch(Exception):
    """The command could not be run as the account asked for (message for the user)."""


@dataclass(frozen=True)
class Account:
    login: str
    uid: int
    gid: int
    groups: tuple[int, ...]
    home: str
    shell: str

    @classmethod
    def of_uid(cls, uid: int) -> "Account | None":
        """The account of `uid` from the password database, or None when it has none."""
        try:
            entry = pwd.getpwuid(uid)
        except KeyError:
            return None
        try:
            groups = tuple(sorted(set(os.getgrouplist(entry.pw_name, entry.pw_gid))))
        except OSError:
            groups = (entry.pw_gid,)
        return cls(entry.pw_name, entry.pw_uid, entry.pw_gid, groups,
                   entry.pw_dir or "/", entry.pw_shell or "/bin/sh")


@dataclass(frozen=True)
class Result:
    returncode: int
    stdout: str


def is_root() -> bool:
    return os.geteuid() == 0


def clean_env(account: Account) -> dict[str, str]:
    """The child's whole environment: the account's own basics, a system PATH, the locale."""
    env = {"HOME": account.home, "USER": account.login, "LOGNAME": account.login,
           "SHELL": account.shell, "PATH": SYSTEM_PATH}
    env.update({k: os.environ[k] for k in LOCALE_VARS if k in os.environ})
    return env


def run(argv: list[str], account: Account, *, timeout: float = 5.0,
        limit: int = MAX_OUTPUT) -> Result:
    """Run `argv` (argv[0] an absolute path) as `account`; its exit code and output.
    A command that outlives `timeout` or prints more than `limit` bytes is killed
    (exit code < 0). Raises CannotSwitch when the process may not or could not
    become the account."""
    me = os.geteuid()
    options: dict = {}
    if account.uid != me:
        if me != 0:
            raise CannotSwitch(tr("only root can act as {login}", login=account.login))
        options = {"user": account.uid, "group": account.gid,
                   "extra_groups": list(account.groups)}
        python = checker()
        if python is None:
            raise CannotSwitch(tr("no Python that every account can run was found (for the "
                                  "check before acting as {login})", login=account.login))
        argv = [python, "-I", "-S", "-c", _CHECK, str(account.uid), str(account.gid),
                ",".join(map(str, account.groups)), *argv]
    try:
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, cwd="/", env=clean_env(account),
                                umask=0o077, start_new_session=True, **options)
    except (OSError, subprocess.SubprocessError) as exc:
        raise CannotSwitch(tr("cannot run {command} as {login}: {error}", command=argv[0],
                              login=account.login, error=str(exc))) from None
    code, out = _collect(proc, timeout, limit)
    if options and code == CHECK_FAILED:
        raise CannotSwitch(tr("could not drop root's rights to {login}; nothing was run",
                              login=account.login))
    return Result(code, out)


@functools.lru_cache(maxsize=1)
def checker() -> str | None:
    """A Python interpreter every account can run (o+x on it and on every folder above it)."""
    system = shutil.which("python3", path=SYSTEM_PATH)
    for candidate in (sys.executable, system):
        if candidate and _everyone_can_run(os.path.realpath(candidate)):
            return os.path.realpath(candidate)
    return None


def _everyone_can_run(path: str) -> bool:
    try:
        if not os.stat(path).st_mode & stat.S_IXOTH:
            return False
        folder = os.path.dirname(path)
        while True:
            if not os.stat(folder).st_mode & stat.S_IXOTH:
                return False
            if folder == os.path.dirname(folder):
                return True
            folder = os.path.dirname(folder)
    except OSError:
        return False


def _collect(proc: subprocess.Popen, timeout: float, limit: int) -> tuple[int, str]:
    """Read the child's output until it ends, the deadline passes or `limit` is exceeded."""
    deadline = time.monotonic() + timeout
    chunks: list[bytes] = []
    size = 0
    assert proc.stdout is not None
    with proc.stdout, selectors.DefaultSelector() as sel:
        sel.register(proc.stdout, selectors.EVENT_READ)
        while (left := deadline - time.monotonic()) > 0 and size <= limit:  # else: too long
            if not sel.select(left):
                continue
            data = os.read(proc.stdout.fileno(), 65536)
            if not data:
                break
            chunks.append(data)
            size += len(data)
        else:
            _kill(proc)
    try:
        code = proc.wait(max(0.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        _kill(proc)
        code = proc.wait()
    if size > limit:
        code = -signal.SIGKILL
    return code, b"".join(chunks)[:limit].decode("utf-8", "replace")


def _kill(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # its own session: the whole group goes
    except OSError:
        proc.kill()
