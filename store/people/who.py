"""Who is logged in to the host now, from the output of `who`.

The standup shows it next to each member so that the facilitator sees who is
online but has not answered. The source is injectable: tests (and hosts
without `who`) call `set_source(fn)` with a function returning `who`-style
text, or pass `text=` to `parse`. Results are cached for a few seconds so a
screen refresh never runs a process per member.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from typing import Callable

_CACHE_SECONDS = 15.0
# login, line (tty or pts/N or :0), then whatever the platform prints (date, idle, pid, host).
_LINE = re.compile(r"^(?P<login>\S+)\s+(?P<line>\S+)\s+(?P<rest>.*?)\s*$")
_HOST = re.compile(r"\((?P<host>[^()]*)\)\s*$")


@dataclass(frozen=True)
class Session:
    login: str
    line: str          # tty, e.g. pts/3
    since: str         # as `who` printed it, e.g. "2026-11-20 09:01"
    host: str          # remote host or display, "" when local


def run_who() -> str:
    """The output of `who` (empty when the command is missing or fails)."""
    exe = shutil.which("who")
    if not exe:
        return ""
    try:
        done = subprocess.run([exe], capture_output=True, text=True, timeout=3, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout if done.returncode == 0 else ""


_source: Callable[[], str] = run_who
_cached: tuple[float, list[Session]] | None = None


def set_source(fn: Callable[[], str] | None) -> None:
    """Replace where `who` output comes from (None restores the real command)."""
    global _source, _cached
    _source = fn or run_who
    _cached = None


def parse(text: str) -> list[Session]:
    """Parse `who` output; lines that do not look like a session are skipped."""
    found = []
    for raw in text.splitlines():
        match = _LINE.match(raw.strip())
        if not match or raw.startswith(" "):
            continue
        rest = match.group("rest")
        host_match = _HOST.search(rest)
        host = host_match.group("host") if host_match else ""
        since = _HOST.sub("", rest).strip()
        found.append(Session(match.group("login"), match.group("line"), since, host))
    return found


def sessions(max_age: float = _CACHE_SECONDS) -> list[Session]:
    global _cached
    now = time.monotonic()
    if _cached is None or now - _cached[0] > max_age:
        _cached = (now, parse(_source()))
    return _cached[1]


def logged_in(max_age: float = _CACHE_SECONDS) -> set[str]:
    """Logins with at least one session on this host now."""
    return {s.login for s in sessions(max_age)}
