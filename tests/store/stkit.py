"""Helpers shared by the store tests (imported as a plain module: tests/store is on sys.path)."""

from __future__ import annotations

import os
import pwd
import subprocess
import sys
from pathlib import Path

from store.identity import Actor
from store.workspace import AUDIT, Workspace

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent


def as_user(ws: Workspace, login: str) -> Workspace:
    """The workspace's folder as seen by the OS account `login` (not an admin acting for it)."""
    return Workspace(ws.folder, ws.clock, Actor(login, login))


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file's bytes, to check that nothing was changed."""
    return {p.name: p.read_bytes() for p in sorted(Path(folder).iterdir()) if p.is_file()}


def audit(ws: Workspace, shard: str) -> list[dict]:
    """The shard's audit trail as it is on disk, in order."""
    fresh = Workspace(ws.folder, ws.clock, ws.actor)
    return [row for row in sorted(fresh.rows(shard, AUDIT), key=lambda r: r["doc_id"])]


def temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in Path(folder).iterdir() if p.name.endswith(".tmp"))


def python(script: str, *args: str, timeout: float = 120, user: str | None = None,
           group: str | None = None, **kwargs) -> subprocess.CompletedProcess:
    """Run one of the helper scripts of this folder (or `-c CODE`) in a fresh interpreter."""
    cmd = [sys.executable, *(["-c", script] if "\n" in script or " " in script
                             else [str(HERE / script)]), *args]
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env,
                          cwd=str(REPO), user=user, group=group, **kwargs)


def unprivileged() -> tuple[str, str] | None:
    """(user, group) to drop to when running as root, so permissions are really enforced."""
    if os.geteuid() != 0:
        return None
    for name in ("nobody", "daemon"):
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            continue
        import grp
        return name, grp.getgrgid(entry.pw_gid).gr_name
    return None
