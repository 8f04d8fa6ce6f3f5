"""Damaged or hostile workspaces: each gives a clear StoreError naming the file or folder,
and no file is changed. Permission cases run as an account permissions apply to (when the
tests run as root, a forked child drops to `nobody`)."""

from __future__ import annotations

import errno
import os
import shutil
import stat
import tempfile
import time
from pathlib import Path

import pytest
from stkit import run_unprivileged, snapshot, temp_files, unprivileged_ids

from store.people import members as people
from store.projects import project as projects, tasks
from store.core import storage
from store.core.errors import (NotFound, StoreError, WorkspaceCorrupt, WorkspaceInsecure,
                               WorkspaceNotWritable, WorkspaceUnreadable)
from store.core.identity import Actor
from store.core.workspace import DIRECTORY, Workspace

# -- corrupt and empty shards ----------------------------------------------------------------
GARBAGE = {
    "random bytes": bytes(range(256)) * 4,
    "nul bytes": b"\0" * 100,
    "truncated": None,  # the first half of the real file
    "not a shard": b'[1, 2, 3]',
    "tables not a dict": b'{"_rev":3,"tables":[]}',
    "table not a dict": b'{"_rev":3,"tables":{"tasks":5}}',
    "document not a dict": b'{"_rev":3,"tables":{"tasks":{"1":"x"}}}',
    "no tables": b'{"_rev":3}',
}


def _damage(path: Path, content: bytes | None) -> bytes:
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) // 2] if content is None else content)
    return path.read_bytes()


@pytest.mark.parametrize("kind", GARBAGE)
def test_corrupt_shard_is_reported_and_never_overwritten(ws, kind):
    pm = ws.acting_as("bob")
    tasks.add_task(pm, 1, "t", owner="carol", due="2024-09-30")
    path = ws.folder / "project-1.json"
    _damage(path, GARBAGE[kind])
    before = snapshot(ws.folder)
    fresh = Workspace.open(ws.folder, clock=ws.clock, as_login="bob")
    attempts = [lambda: projects.get_project(fresh, 1),
                lambda: tasks.get_task(fresh, "1-1"),
                lambda: tasks.add_task(fresh, 1, "t2", owner="carol", due="2024-09-30"),
                lambda: tasks.edit_task(pm, "1-1", title="x")]   # a writer with a warm cache
    for attempt in attempts:
        with pytest.raises(WorkspaceCorrupt) as err:
            attempt()
        assert err.value.path == str(path)
        assert str(path) in err.value.message and "backup" in err.value.message
    with pytest.raises(WorkspaceCorrupt):
        with pm.transaction("project-1") as tx:
            tx.table("tasks").truncate()
            tx.audit("test.wipe")
    assert snapshot(ws.folder) == before
    assert temp_files(ws.folder) == []
    assert people.get_member(fresh, "bob")["name"] == "Bob Li"    # other shards still work


@pytest.mark.parametrize("content", [b"", b"  \n"], ids=["0 bytes", "whitespace"])
def test_empty_shard(ws, content):
    path = ws.folder / "project-1.json"
    path.write_bytes(content)
    fresh = Workspace.open(ws.folder, clock=ws.clock)
    with pytest.raises(WorkspaceCorrupt, match="is empty") as err:
        projects.get_project(fresh, 1)
    assert err.value.path == str(path)
    with pytest.raises(WorkspaceCorrupt):
        projects.edit_project(ws, 1, goal="x")
    assert path.read_bytes() == content


def test_corrupt_message_in_chinese(ws, zh):
    (ws.folder / "project-1.json").write_bytes(b"{garbage")
    with pytest.raises(WorkspaceCorrupt) as err:
        projects.get_project(Workspace.open(ws.folder, clock=ws.clock), 1)
    assert "已损坏" in err.value.message and str(ws.folder / "project-1.json") in err.value.message


# -- the folder itself -----------------------------------------------------------------------
def test_world_writable_folder_is_refused(ws):
    before = snapshot(ws.folder)
    for mode in (0o777, 0o1777, 0o772):
        os.chmod(ws.folder, mode)
        with pytest.raises(WorkspaceInsecure) as err:
            Workspace.open(ws.folder, clock=ws.clock)
        assert str(ws.folder) in err.value.message and "chmod o-w" in err.value.message
    assert snapshot(ws.folder) == before


def test_missing_folder_and_not_a_folder(tmp_path, clock):
    with pytest.raises(NotFound, match="huddle init"):
        Workspace.open(tmp_path / "nope", clock=clock)
    (tmp_path / "file").write_text("x")
    with pytest.raises(WorkspaceUnreadable, match="not a folder"):
        Workspace.open(tmp_path / "file", clock=clock)


def test_create_makes_the_folder(tmp_path, clock):
    ws = Workspace.open(tmp_path / "a" / "b", clock=clock, create=True)
    assert ws.folder.is_dir() and not stat.S_IMODE(ws.folder.stat().st_mode) & stat.S_IWOTH


@pytest.fixture
def public_ws(clock):
    """An initialised workspace in a folder `nobody` can reach (tmp_path is root-only)."""
    base = Path(tempfile.mkdtemp(prefix="huddle-perm-"))
    os.chmod(base, 0o755)
    folder = base / "ws"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    ws = Workspace.open(folder, clock=clock)
    people.init_workspace(ws)
    people.add_department(ws, "Product")
    for path in folder.iterdir():
        os.chmod(path, 0o644)
    yield ws
    for path in [base, *base.rglob("*")]:
        try:
            os.chmod(path, 0o700)
        except OSError:
            pass
    shutil.rmtree(base, ignore_errors=True)


def _read(folder):
    def read():
        return people.list_departments(Workspace.open(folder))[0]["name"]
    return read


def _write(folder, shard=DIRECTORY):
    def write():
        ws = Workspace.open(folder)
        with ws.transaction(shard) as tx:
            tx.table("departments").insert({"name": "X", "head": None})
            tx.audit("test.write")
        return "written"
    return write


def test_the_permission_cases_really_run_unprivileged(public_ws):
    result = run_unprivileged(os.getuid)
    assert result["ok"] and result["value"] != 0
    assert run_unprivileged(_read(public_ws.folder)) == {**result, "value": "Product"}


def test_unreadable_folder(public_ws):
    before = snapshot(public_ws.folder)
    os.chmod(public_ws.folder, 0o000)
    for fn in (_read(public_ws.folder), _write(public_ws.folder)):
        result = run_unprivileged(fn)
        assert result["error"] == "WorkspaceUnreadable", result
        assert str(public_ws.folder) in result["message"]
        assert "permission denied" in result["message"]
    os.chmod(public_ws.folder, 0o755)
    assert snapshot(public_ws.folder) == before


def test_unreadable_shard(public_ws):
    path = public_ws.folder / "directory.json"
    os.chmod(path, 0o000)
    before = snapshot(public_ws.folder)
    result = run_unprivileged(_read(public_ws.folder))
    assert result["error"] == "WorkspaceUnreadable", result
    assert f"Cannot read {path}" in result["message"]
    assert snapshot(public_ws.folder) == before


def test_read_only_folder(public_ws):
    before = snapshot(public_ws.folder)
    assert run_unprivileged(_read(public_ws.folder))["value"] == "Product"   # reading is fine
    expected = {  # the lock file exists (and flock needs only read access), or cannot be made
        DIRECTORY: f"{public_ws.folder / 'directory.json'} is read-only; nothing was changed.",
        "project-7": f"Cannot write to the workspace folder {public_ws.folder}: Permission denied",
    }
    for shard, message in expected.items():
        result = run_unprivileged(_write(public_ws.folder, shard))
        assert result["error"] == "WorkspaceNotWritable", result
        assert result["message"] == message
    assert snapshot(public_ws.folder) == before
    assert temp_files(public_ws.folder) == []


def test_read_only_data_file_in_a_writable_folder_is_not_replaced(public_ws):
    """The folder's write bit would allow the atomic rename, but a member who may not write
    the shard in place must not replace it either: refused, and the file keeps its owner,
    mode and inode. The lock file may be read-only for us (flock needs no write)."""
    uid, gid = unprivileged_ids()
    os.chown(public_ws.folder, 0 if os.geteuid() == 0 else -1, gid if os.geteuid() == 0 else -1)
    os.chmod(public_ws.folder, 0o770)
    for path in public_ws.folder.iterdir():
        os.chmod(path, 0o640)                 # group may read, not write
        if os.geteuid() == 0:
            os.chown(path, 0, gid)
    shard = public_ws.folder / "directory.json"
    before = os.stat(shard)
    content = shard.read_bytes()
    result = run_unprivileged(_write(public_ws.folder))
    assert result["error"] == "WorkspaceNotWritable", result
    assert result["message"] == f"{shard} is read-only; nothing was changed."
    after = os.stat(shard)
    assert (after.st_ino, after.st_uid, after.st_gid, after.st_mode) == \
        (before.st_ino, before.st_uid, before.st_gid, before.st_mode)
    assert shard.read_bytes() == content
    assert temp_files(public_ws.folder) == []


def test_lock_file_read_only_for_us_still_serialises(public_ws):
    """A lock file another member created without group write: flock needs only read."""
    uid, gid = unprivileged_ids()
    os.chown(public_ws.folder, 0 if os.geteuid() == 0 else -1, gid if os.geteuid() == 0 else -1)
    os.chmod(public_ws.folder, 0o770)
    for path in public_ws.folder.iterdir():
        os.chmod(path, 0o640 if path.suffix == ".lock" else 0o660)
        if os.geteuid() == 0:
            os.chown(path, 0, gid)
    result = run_unprivileged(_write(public_ws.folder))
    assert result == {**result, "ok": True, "value": "written"}, result
    depts = people.list_departments(Workspace.open(public_ws.folder))
    assert [d["name"] for d in depts] == ["Product", "X"]
    assert stat.S_IMODE((public_ws.folder / "directory.json").stat().st_mode) == 0o660


# -- a full disk -----------------------------------------------------------------------------
def _fail_on_temp_files(monkeypatch, name: str, err: int, after_half: bool = False):
    """Make os.<name> fail with `err` on the files a commit writes only (a snapshot's temp
    file, a journal), after writing half. A write is `write` or `pwrite` (an append), a
    sync `fsync` or `fdatasync` (an append): `name` is the first, both are patched."""
    calls = []

    def is_ours(fd: int) -> bool:
        try:
            return os.readlink(f"/proc/self/fd/{fd}").endswith((".tmp", ".journal"))
        except OSError:
            return False

    def failing(real):
        def fake(fd, *args):
            if isinstance(fd, int) and is_ours(fd):
                calls.append(fd)
                if after_half and len(calls) == 1:
                    data = args[0]
                    return real(fd, data[: max(1, len(data) // 2)], *args[1:])
                raise OSError(err, os.strerror(err))
            return real(fd, *args)
        return fake

    for each in {"write": ("write", "pwrite"), "fsync": ("fsync", "fdatasync")}[name]:
        monkeypatch.setattr(storage.os, each, failing(getattr(os, each)))
    return calls


@pytest.mark.parametrize("name, err, half", [
    ("write", errno.ENOSPC, True), ("fsync", errno.ENOSPC, False), ("write", errno.EDQUOT, False),
], ids=["write ENOSPC mid-file", "fsync ENOSPC", "write EDQUOT"])
@pytest.mark.parametrize("journal", [False, True], ids=["new journal", "append"])
def test_disk_full_in_the_middle_of_a_write(ws, monkeypatch, name, err, half, journal):
    pm = ws.acting_as("bob")
    tasks.add_task(pm, 1, "before", owner="carol", due="2024-09-30")
    if journal:  # a journal to append to (otherwise the edit begins one)
        tasks.add_task(pm, 1, "second", owner="carol", due="2024-09-30")
    assert (ws.folder / "project-1.journal").exists() == journal or not journal
    before = snapshot(ws.folder)
    rev = ws.shard("project-1").rev
    calls = _fail_on_temp_files(monkeypatch, name, err, after_half=half)
    with pytest.raises(WorkspaceNotWritable) as exc:
        tasks.edit_task(pm, "1-1", title="after")
    monkeypatch.undo()
    assert calls, "the failure was not injected"
    assert "disk is full" in exc.value.message and "Nothing was changed" in exc.value.message
    assert str(ws.folder / "project-1.json") in exc.value.message
    assert snapshot(ws.folder) == before and temp_files(ws.folder) == []
    assert tasks.get_task(pm, "1-1")["title"] == "before"          # the cache is not poisoned
    assert ws.shard("project-1").rev == rev
    assert [e["action"] for e in ws.rows("project-1", "_audit")].count("task.edit") == 0
    tasks.edit_task(pm, "1-1", title="after")                       # and the next write works
    fresh = Workspace.open(ws.folder, clock=ws.clock)
    assert fresh.revision("project-1") == rev + 1
    assert tasks.get_task(fresh, "1-1")["title"] == "after"


def test_disk_full_message_in_chinese(ws, monkeypatch, zh):
    _fail_on_temp_files(monkeypatch, "fsync", errno.ENOSPC)
    with pytest.raises(WorkspaceNotWritable) as exc:
        people.add_department(ws, "法务部")
    assert "磁盘已满" in exc.value.message and "未做任何更改" in exc.value.message


def test_other_io_errors_keep_their_reason(ws, monkeypatch):
    _fail_on_temp_files(monkeypatch, "fsync", errno.EIO)
    with pytest.raises(WorkspaceNotWritable, match="Input/output error"):
        people.add_department(ws, "法务部")
    assert temp_files(ws.folder) == []


def test_interrupted_write_leaves_no_temp_file(ws, monkeypatch):
    def interrupted(fd):
        raise KeyboardInterrupt
    monkeypatch.setattr(storage.os, "fsync", interrupted)
    monkeypatch.setattr(storage.os, "fdatasync", interrupted)
    before = snapshot(ws.folder)
    with pytest.raises(KeyboardInterrupt):
        people.add_department(ws, "法务部")
    monkeypatch.undo()
    assert snapshot(ws.folder) == before and temp_files(ws.folder) == []
    people.add_department(ws, "财务部")                  # the next one begins a journal …
    monkeypatch.setattr(storage.os, "fdatasync", interrupted)
    before = snapshot(ws.folder)
    with pytest.raises(KeyboardInterrupt):               # … and an append is taken back too
        people.add_department(ws, "法务部")
    monkeypatch.undo()
    assert snapshot(ws.folder) == before and temp_files(ws.folder) == []


# -- temp files of killed writers ------------------------------------------------------------
def test_stale_temp_files_are_swept(ws):
    old = ws.folder / ".project-1.4242.deadbeef.tmp"
    fresh = ws.folder / ".project-1.4243.cafebabe.tmp"
    other = ws.folder / "notes.tmp"
    for path in (old, fresh, other):
        path.write_bytes(b'{"_rev":9,"tab')
    long_ago = time.time() - 61
    os.utime(old, (long_ago, long_ago))
    os.utime(other, (long_ago, long_ago))
    os.utime(fresh, (time.time() - 30,) * 2)     # may belong to a writer still at work
    Workspace.open(ws.folder, clock=ws.clock)
    assert not old.exists() and fresh.exists() and other.exists()


def test_store_errors_are_store_errors():
    for cls in (WorkspaceCorrupt, WorkspaceInsecure, WorkspaceNotWritable, WorkspaceUnreadable):
        assert issubclass(cls, StoreError)
    assert Actor("a", "b").on_behalf
