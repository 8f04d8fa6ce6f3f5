"""A journal read with a torn tail (a writer killed mid-append), then cut and refilled by
the next commit with a record exactly as long as the torn bytes: the same inode, the same
size, so the same key (store/core/shard_state.py). A reader must still read the new record:
the key says "the same files" only of a journal read to its end."""

from __future__ import annotations

import os
import shutil
import threading

import pytest

from store.core.workspace import Workspace
from store.projects import project_head, tasks
from store.projects.project_head import shard_name

from tests.store.test_store_read_log import put, put_elsewhere


def torn(tmp_path, clock) -> tuple[Workspace, int]:
    """A workspace whose shard a has a torn tail as long as the next commit's record."""
    folder, spare = tmp_path / "ws", tmp_path / "spare"
    ws = Workspace.open(folder, clock=clock, create=True)
    put(ws, "a", "one")
    put(ws, "a", "one")                           # a journal with a record
    journal = ws.shard("a").journal_path
    good = journal.stat().st_size
    shutil.copytree(folder, spare)                # the next record's bytes, made aside
    put_elsewhere(Workspace.open(spare, clock=clock), "a", "two")
    record = (spare / journal.name).read_bytes()[good:]
    with open(journal, "ab") as out:              # a writer killed in its last byte
        out.write(record[:-1] + bytes([record[-1] ^ 0xFF]))
    return ws, good + len(record)


def refill(ws: Workspace, size: int) -> None:
    put_elsewhere(ws, "a", "two")                 # cut, and refilled to the same size
    assert ws.shard("a").journal_path.stat().st_size == size


def test_a_torn_tail_refilled_to_the_same_size_is_read(tmp_path, clock):
    ws, size = torn(tmp_path, clock)
    assert len(ws.table("a", "t")) == 2           # read: the torn tail is left out
    refill(ws, size)
    assert len(ws.table("a", "t")) == 3


def test_a_memo_of_a_torn_journal_is_not_kept(tmp_path, clock):
    ws, size = torn(tmp_path, clock)
    shard = ws.shard("a")
    assert shard.memo("n", lambda tables: len(tables["t"])) == 2
    refill(ws, size)
    assert shard.memo("n", lambda tables: len(tables["t"])) == 3


def add_elsewhere(ws: Workspace, title: str) -> None:
    """A task added by another process (its own caches, its own thread)."""
    other = Workspace(ws.folder, ws.clock, ws.actor)
    thread = threading.Thread(target=tasks.add_task, args=(other.acting_as("bob"), 1, title),
                              kwargs={"owner": "carol", "due": "2024-09-30"})
    thread.start()
    thread.join()


@pytest.mark.parametrize("read_first", [True, False], ids=["read", "written"])
def test_a_head_read_with_a_torn_tail_then_refilled_is_read_and_patched(ws, tmp_path,
                                                                        read_first):
    """The same for a project's head: read again (`_head_of`), and the base a commit of this
    process patches its head from (`heads_at`), else every reader's head loses a task."""
    add_elsewhere(ws, "一")
    journal = ws.shard(shard_name(1)).journal_path
    good = journal.stat().st_size
    spare = tmp_path / "spare"
    shutil.copytree(ws.folder, spare)
    add_elsewhere(Workspace(spare, ws.clock, ws.actor), "二")
    record = (spare / journal.name).read_bytes()[good:]
    with open(journal, "ab") as out:
        out.write(record[:-1] + bytes([record[-1] ^ 0xFF]))
    assert len(project_head.open_tasks(ws, 1)) == 1
    add_elsewhere(ws, "二")
    assert journal.stat().st_size == good + len(record)
    if read_first:
        assert len(project_head.open_tasks(ws, 1)) == 2
    tasks.add_task(ws.acting_as("bob"), 1, "三", owner="carol", due="2024-09-30")
    reader = Workspace(ws.folder, ws.clock, ws.actor)
    assert len(project_head.open_tasks(reader, 1)) == 3
    assert len(project_head.open_tasks(ws, 1)) == 3


def test_a_commit_patches_its_head_from_the_files_it_read_not_a_torn_read(ws, tmp_path):
    add_elsewhere(ws, "一")
    shard = ws.shard(shard_name(1))
    good = os.path.getsize(shard.journal_path)
    spare = tmp_path / "spare"
    shutil.copytree(ws.folder, spare)
    add_elsewhere(Workspace(spare, ws.clock, ws.actor), "二")
    record = (spare / shard.journal_path.name).read_bytes()[good:]
    with open(shard.journal_path, "ab") as out:
        out.write(record[:-1] + bytes([record[-1] ^ 0xFF]))
    assert len(shard.more()["open"]) == 1          # the head read with the torn tail
    add_elsewhere(ws, "二")
    assert os.path.getsize(shard.journal_path) == good + len(record)
    with shard.locked():
        _tables, base = shard.working_copy()       # a commit's read: the refilled record
        _head, more = shard.heads_at(base)          # what its head record is patched from
    assert len(more["open"]) == 2
