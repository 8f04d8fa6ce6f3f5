"""Writes respect the files (issue: safe on a shared jump host).

- a member who may not write a shard in place does not replace it either;
- a lock file deleted or replaced while a writer is inside its transaction loses no write;
- a file changed by hand meanwhile is reported, not overwritten;
- the folder is fsync'd after each replace.
"""

from __future__ import annotations

import os
import stat
import threading
import time

import pytest
from accounts import cli_as

from store.people import members as people
from store.core import shard_append
from store.core.errors import WorkspaceConflict
from store.core.workspace import DIRECTORY, Workspace


def test_a_member_cannot_replace_a_shard_its_owner_made_read_only(members):
    alice, bob = members.logins
    made = cli_as(alice, "--workspace", str(members.folder), "project", "add", "Portal",
                  "--pm", bob, "--initiator-dept", "Engineering", "--lead-dept",
                  "Engineering", "--goal", "g", "--due", "2030-01-31")
    assert made["ok"] and made["value"][0] == 0, made
    shard = members.folder / "project-1.json"
    os.chmod(shard, 0o440)  # alice's choice (as root here: the same chmod she may make)
    before, content = os.stat(shard), shard.read_bytes()
    done = cli_as(bob, "--workspace", str(members.folder), "task", "add", "1", "Spec",
                  "--owner", bob, "--due", "2030-01-10")
    code, out, err = done["value"]
    assert code == 1 and out == ""
    assert err == f"huddle: {shard} is read-only; nothing was changed.\n"
    after = os.stat(shard)
    assert (after.st_ino, after.st_uid, after.st_gid, stat.S_IMODE(after.st_mode)) == \
        (before.st_ino, before.st_uid, before.st_gid, 0o440)
    assert shard.read_bytes() == content
    assert not [p for p in members.folder.iterdir() if p.name.endswith(".tmp")]


def test_a_replaced_shard_keeps_its_mode_and_group(members):
    alice, bob = members.logins
    shard = members.folder / "directory.json"
    os.chmod(shard, 0o640 | 0o020)  # 0660: alice lets the group write
    done = cli_as(bob, "--workspace", str(members.folder), "dept", "list")
    assert done["value"][0] == 0
    result = members.run_as(alice, lambda: people.add_department(
        Workspace.open(members.folder), "Sales") and True)
    assert result["ok"], result
    st = os.stat(shard)
    assert stat.S_IMODE(st.st_mode) == 0o660 and st.st_gid == members.gid()


def _hold_transaction(folder, inside: threading.Event, go: threading.Event, errors: list):
    try:
        ws = Workspace.open(folder)
        with ws.transaction(DIRECTORY) as tx:
            tx.table("departments").insert({"name": "HeldWrite", "head": None})
            tx.audit("test.held")
            inside.set()
            go.wait(10)
    except Exception as exc:  # reported to the test
        errors.append(exc)


@pytest.mark.parametrize("what", ["deleted", "replaced"])
def test_a_deleted_or_replaced_lock_file_loses_no_write(workspace, what):
    folder = workspace.folder
    inside, go, errors = threading.Event(), threading.Event(), []
    holder = threading.Thread(target=_hold_transaction, args=(folder, inside, go, errors))
    holder.start()
    assert inside.wait(10)
    lock = folder / "directory.lock"
    lock.unlink()
    if what == "replaced":
        lock.write_bytes(b"")
    second = threading.Thread(target=lambda: people.add_department(Workspace.open(folder),
                                                                   "SecondWrite"))
    second.start()
    time.sleep(0.3)
    assert second.is_alive(), "the second writer must wait for the first"
    go.set()
    holder.join(10)
    second.join(10)
    assert not errors
    names = {d["name"] for d in people.list_departments(Workspace.open(folder))}
    assert {"HeldWrite", "SecondWrite"} <= names


def test_a_file_changed_by_hand_meanwhile_is_not_overwritten(workspace):
    folder = workspace.folder
    shard = folder / "directory.json"
    inside, go, errors = threading.Event(), threading.Event(), []
    holder = threading.Thread(target=_hold_transaction, args=(folder, inside, go, errors))
    holder.start()
    assert inside.wait(10)
    edited = shard.read_bytes().replace(b'"Engineering"', b'"Engineering (by hand)"')
    (folder / "hand.tmp").write_bytes(edited)
    os.replace(folder / "hand.tmp", shard)  # no lock, as an editor would
    go.set()
    holder.join(10)
    assert len(errors) == 1 and isinstance(errors[0], WorkspaceConflict)
    assert "changed outside Huddle" in str(errors[0]) and str(shard) in str(errors[0])
    assert shard.read_bytes() == edited


def test_the_folder_is_fsynced_after_a_replace(workspace, monkeypatch):
    """A commit that makes a file (a new journal, a new snapshot) fsyncs it and then the
    folder; an append to a journal fdatasyncs the journal, and nothing else."""
    synced: list[str] = []
    real, real_data = os.fsync, os.fdatasync

    def spy(fd: int) -> None:
        synced.append("folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file")
        real(fd)

    def spy_data(fd: int) -> None:
        synced.append("data:" + os.readlink(f"/proc/self/fd/{fd}").rsplit("/", 1)[1])
        real_data(fd)
    shard = workspace.shard("directory")
    with shard.locked() as lease:  # a compaction: the snapshot holds everything …
        shard_append.compact(shard, lease, force=True)
    journal = workspace.folder / "directory.journal"
    assert journal.stat().st_size == 30    # … and its journal only its header. A snapshot
    journal.unlink()                       # without one (an older Huddle wrote it):
    monkeypatch.setattr(os, "fsync", spy)
    monkeypatch.setattr(os, "fdatasync", spy_data)
    people.add_department(workspace, "Sales")
    assert synced == ["file", "folder"]                  # the journal begun, then the folder
    synced.clear()
    people.add_department(workspace, "Legal")
    assert synced == ["data:directory.journal"]


def test_a_symlinked_shard_is_refused_not_followed(workspace, tmp_path):
    target = tmp_path / "elsewhere.json"
    shard = workspace.folder / "directory.json"
    target.write_bytes(shard.read_bytes())
    shard.unlink()
    shard.symlink_to(target)
    with pytest.raises(Exception) as err:
        people.list_departments(Workspace.open(workspace.folder))
    assert str(shard) in str(err.value)
    assert target.read_bytes() and shard.is_symlink()
