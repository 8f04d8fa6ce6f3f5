"""Helpers shared by the store tests (imported as a plain module: tests/store is on sys.path)."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from as_account import call_as

from store.core.identity import Actor
from store.core.workspace import AUDIT, Workspace

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent


def as_user(ws: Workspace, login: str) -> Workspace:
    """The workspace's folder as seen by the OS account `login` (not an admin acting for it);
    on PostgreSQL, the database as seen by the role `login` (tests/pgkit.py makes them)."""
    if getattr(ws, "location", None):
        return type(ws)(ws.location.replace(f"user={ws.actor.real}", f"user={login}"), ws.clock)
    return Workspace(ws.folder, ws.clock, Actor(login, login))


def fresh(ws: Workspace) -> Workspace:
    """The same workspace opened again (no cache): what another process reads."""
    if getattr(ws, "location", None):
        return type(ws)(ws.location, ws.clock, ws.actor)
    return Workspace(ws.folder, ws.clock, ws.actor)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file's bytes, to check that nothing was changed."""
    return {p.name: p.read_bytes() for p in sorted(Path(folder).iterdir()) if p.is_file()}


def audit(ws: Workspace, shard: str) -> list[dict]:
    """The shard's audit trail as it is on disk, in order."""
    return [row for row in sorted(fresh(ws).rows(shard, AUDIT), key=lambda r: r["doc_id"])]


def state(ws: Workspace) -> object:
    """Everything the workspace stores, to check that nothing changed: the folder's files,
    or the database's rows."""
    if not getattr(ws, "location", None):
        return snapshot(ws.folder)
    with ws._reader.use() as conn:  # type: ignore[attr-defined]
        return [conn.execute(f"SELECT * FROM huddle.{table} ORDER BY 1, 2").fetchall()
                for table in ("shards", "documents", "audit")]


def temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in Path(folder).iterdir() if p.name.endswith(".tmp"))


def python(script: str, *args: str, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    """Run one of the helper scripts of this folder in a fresh interpreter."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([sys.executable, str(HERE / script), *args], capture_output=True,
                          text=True, timeout=timeout, env=env, cwd=str(REPO), **kwargs)


def unprivileged_ids() -> tuple[int, int]:
    """(uid, gid) of `nobody`, the account root drops to so that permissions really apply."""
    entry = pwd.getpwnam("nobody")
    return entry.pw_uid, entry.pw_gid


def run_unprivileged(fn) -> dict:
    """Call `fn()` as an account that file permissions apply to.

    Not root: here, in this process. Root (who ignores permissions): in a forked
    child that first drops to `nobody` (exec-ing a new interpreter as nobody is not
    possible when Python lives under /root). Returns {"ok", "value" | "error",
    "message", "uid"}; exceptions are reported, not raised.
    """
    if os.geteuid() != 0:
        try:
            return {"ok": True, "value": fn(), "uid": os.getuid()}
        except Exception as exc:
            return {"ok": False, "error": type(exc).__name__, "message": str(exc),
                    "uid": os.getuid()}
    uid, gid = unprivileged_ids()
    return call_as(uid, gid, [], fn)


def reachable_copy(folder: Path, file_mode: int) -> Path:
    """A copy of workspace `folder` where the unprivileged account can reach it (tmp_path is
    root-only): a new temp folder 0755 holding `ws` 0755, its files `file_mode`. Remove its
    parent afterwards."""
    base = Path(tempfile.mkdtemp(prefix="huddle-reachable-"))
    os.chmod(base, 0o755)
    copy = base / "ws"
    shutil.copytree(folder, copy)
    os.chmod(copy, 0o755)
    for path in copy.iterdir():
        os.chmod(path, file_mode)
    return copy


def put(ws: Workspace, shard: str, title: str) -> None:
    """A commit to `shard`'s table "t" (with its audit entry)."""
    with ws.transaction(shard) as tx:
        tx.table("t").insert({"title": title})
        tx.audit("test.put", title)


def put_elsewhere(ws: Workspace, shard: str, title: str) -> None:
    """A commit by another process (its own caches, its own thread)."""
    import threading
    other = Workspace(ws.folder, ws.clock, ws.actor)
    thread = threading.Thread(target=put, args=(other, shard, title))
    thread.start()
    thread.join()
