"""A journal read with a torn tail (a writer killed mid-append), then cut and refilled by
the next commit with a record exactly as long as the torn bytes: the same inode, the same
size, so the same key (store/core/shard_state.py). A reader must still read the new record:
the key says "the same files" only of a journal read to its end."""

from __future__ import annotations

import shutil

from store.core.workspace import Workspace

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
