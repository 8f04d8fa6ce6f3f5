"""The storage layer: file format, parse cache, `_rev`, memo, change feed, threads."""

from __future__ import annotations

import os
import threading
import time
from datetime import date, datetime, timezone

import orjson
import pytest

from store.core import shard_append, storage
from store.core.storage import Shard
from store.core.workspace import AUDIT, Workspace


def put(ws: Workspace, shard: str, table: str, doc: dict) -> int:
    with ws.transaction(shard) as tx:
        doc_id = tx.table(table).insert(doc)
        tx.audit("test.put", doc_id)
    return doc_id


def other(ws: Workspace) -> Workspace:
    """The same folder seen by another process (its own caches)."""
    return Workspace(ws.folder, ws.clock, ws.actor)


@pytest.fixture
def ws(tmp_path, clock):
    return Workspace.open(tmp_path, clock=clock)


def test_file_format_rev_and_utf8(ws):
    put(ws, "s", "t", {"title": "跨部门协作"})
    put(ws, "s", "t", {"title": "第二"})
    raw = (ws.folder / "s.json").read_bytes()
    assert raw.startswith(b'{"_rev":1,"_tlen":')           # the snapshot the shard began as
    assert "跨部门协作".encode() in raw                      # not \\uXXXX
    assert orjson.loads(raw)["tables"]["t"] == {"1": {"title": "跨部门协作"}}
    journal = (ws.folder / "s.journal").read_bytes()       # the second commit, appended
    assert journal.startswith(b"HUDDLEJ1 %020d\n" % 1) and "第二".encode() in journal
    assert ws.shard("s").rev == 2 and other(ws).shard("s").load()["t"]["2"]["title"] == "第二"
    with ws.shard("s").locked() as lease:                  # compaction: one snapshot again
        assert shard_append.compact(ws.shard("s"), lease, force=True)
    doc = orjson.loads((ws.folder / "s.json").read_bytes())
    assert doc["_rev"] == 2 and (ws.folder / "s.journal").read_bytes() == b"HUDDLEJ1 %020d\n" % 2
    assert doc["tables"]["t"] == {"1": {"title": "跨部门协作"}, "2": {"title": "第二"}}
    assert len(doc["tables"][AUDIT]) == 2


def test_an_unchanged_shard_is_parsed_once(ws, monkeypatch):
    put(ws, "s", "t", {"n": 1})
    parsed = []
    real = Shard._parse
    monkeypatch.setattr(Shard, "_parse", lambda self, raw: parsed.append(self.name) or real(self, raw))
    reader = other(ws)
    for _ in range(5):
        assert reader.rows("s", "t") == [{"n": 1, "doc_id": 1}]
    assert parsed == ["s"]
    put(ws, "s", "t", {"n": 2})        # the writer caches what it wrote: no parse
    assert parsed == ["s"]
    assert len(reader.rows("s", "t")) == 2 and len(reader.rows("s", "t")) == 2
    assert parsed == ["s"]             # the reader read only the new journal record


def test_rev_tells_apart_files_with_the_same_inode_size_and_mtime(ws):
    """An ABA within one timestamp tick: same inode, size and mtime, other content."""
    put(ws, "s", "t", {"v": "aaaa"})
    reader = other(ws)
    assert reader.rows("s", "t")[0]["v"] == "aaaa"
    path = ws.folder / "s.json"
    st = os.stat(path)
    raw = path.read_bytes()
    forged = raw.replace(b'{"_rev":1,', b'{"_rev":7,').replace(b'"aaaa"', b'"bbbb"')
    assert len(forged) == len(raw)
    with open(path, "r+b") as fh:          # in place: the inode stays
        fh.write(forged)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    st2 = os.stat(path)
    assert (st2.st_ino, st2.st_size, st2.st_mtime_ns) == (st.st_ino, st.st_size, st.st_mtime_ns)
    assert reader.rows("s", "t")[0]["v"] == "bbbb"


def test_memo_follows_the_shard(ws):
    put(ws, "s", "t", {"n": 1})
    calls = []

    def count(tables):
        calls.append(1)
        return len(tables["t"])

    shard = ws.shard("s")
    assert shard.memo("count", count) == 1 and shard.memo("count", count) == 1
    assert len(calls) == 1
    put(other(ws), "s", "t", {"n": 2})
    assert shard.memo("count", count) == 2 and len(calls) == 2


def test_memo_computed_from_an_older_revision_is_not_kept(ws):
    """Regression: a value computed from revision N was stored as the value of N+1 when the
    shard was reloaded (by another thread) while it was being computed."""
    put(ws, "s", "t", {"n": 1})
    shard = ws.shard("s")

    def count_while_someone_writes(tables):
        put(other(ws), "s", "t", {"n": 2})
        shard.load()                       # e.g. the UI thread notices the change
        return len(tables["t"])

    assert shard.memo("count", count_while_someone_writes) == 1   # a consistent snapshot
    assert shard.memo("count", lambda tables: len(tables["t"])) == 2


def test_memo_of_a_deleted_shard_is_forgotten(ws):
    """Regression: after the file was deleted, the memo of its last revision was still served."""
    put(ws, "s", "t", {"n": 1})
    shard = ws.shard("s")
    assert shard.memo("count", lambda tables: len(tables.get("t", {}))) == 1
    os.unlink(ws.folder / "s.json")
    assert shard.memo("count", lambda tables: len(tables.get("t", {}))) == 0
    assert ws.rows("s", "t") == [] and not ws.exists("s")


def test_the_revision_comes_from_the_copy_the_transaction_changed(ws):
    """Regression: commit took `rev + 1` from the shared cache, which a reader thread may have
    replaced meanwhile (here: forgotten), so a revision number could go back or repeat."""
    for n in range(3):
        put(ws, "s", "t", {"n": n})
    with ws.transaction("s") as tx:
        tx.table("t").insert({"n": 3})
        tx.audit("test.put")
        ws.shard("s")._base = None         # what a concurrent reload of an older file looks like
    assert other(ws).revision("s") == 4


def test_dates_are_cached_as_the_text_every_other_process_reads(ws):
    """Regression: the writer cached the Python objects it wrote (a date), while every other
    process read the ISO text back."""
    when = datetime(2024, 9, 2, 2, 0, tzinfo=timezone.utc)
    put(ws, "s", "t", {"day": date(2024, 9, 2), "at": when})
    expected = [{"day": "2024-09-02", "at": "2024-09-02T02:00:00+00:00", "doc_id": 1}]
    assert ws.rows("s", "t") == expected == other(ws).rows("s", "t")


def test_change_feed(ws):
    first = ws.changes()
    assert first.changed == set()
    put(ws, "a", "t", {"n": 1})
    put(ws, "b", "t", {"n": 1})
    feed = ws.changes(first.token)
    assert feed.changed == {"a", "b"}
    assert ws.changes(feed.token).changed == set()
    put(other(ws), "b", "t", {"n": 2})
    (ws.folder / ".b.123.abcd.tmp").write_bytes(b"half")     # temp and lock files are not shards
    (ws.folder / "x.lock").write_bytes(b"")
    after = ws.changes(feed.token)
    assert after.changed == {"b"}
    os.unlink(ws.folder / "a.json")
    assert ws.changes(after.token).changed == {"a"}
    assert ws.changes(None).changed == {"b"}                 # no token: everything there is


def test_threads_never_lose_an_update(ws):
    """Threads sharing one Workspace and threads with their own all increment one counter."""
    put(ws, "s", "counter", {"n": 0})
    workspaces = [ws] * 4 + [other(ws) for _ in range(3)]
    errors = []

    def increment(w: Workspace):
        try:
            for _ in range(30):
                with w.transaction("s") as tx:
                    table = tx.table("counter")
                    table.update({"n": table.get(doc_id=1)["n"] + 1}, doc_ids=[1])
                    tx.audit("test.inc")
                w.rows("s", "counter")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=increment, args=(w,)) for w in workspaces]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    assert other(ws).rows("s", "counter")[0]["n"] == 30 * len(workspaces)
    assert ws.rows("s", "counter")[0]["n"] == 30 * len(workspaces)


def test_a_reader_is_not_held_up_by_a_writer_waiting_for_the_lock(ws):
    """Regression: a thread waiting for a shard's flock (held by another process) kept the
    shard's cache mutex, so every reader thread of this process (the UI) froze with it."""
    put(ws, "s", "t", {"n": 1})
    holder, held, release = other(ws), threading.Event(), threading.Event()

    def hold_lock():  # stands for another process in a long transaction
        with holder.transaction("s"):
            held.set()
            release.wait(10)

    def wait_for_lock():
        with ws.transaction("s") as tx:
            tx.table("t").insert({"n": 2})
            tx.audit("test.put")

    threads = [threading.Thread(target=hold_lock)]
    threads[0].start()
    assert held.wait(5)
    threads.append(threading.Thread(target=wait_for_lock))
    threads[1].start()
    time.sleep(0.2)                                    # the writer now waits for the flock
    result = []
    reader = threading.Thread(target=lambda: result.append(ws.rows("s", "t")))
    reader.start()
    reader.join(2)
    blocked = reader.is_alive()
    release.set()
    for t in threads + [reader]:
        t.join(10)
    assert not blocked, "reading waited for another thread's transaction"
    assert result == [[{"n": 1, "doc_id": 1}]]
    assert len(ws.rows("s", "t")) == 2


def test_a_nested_transaction_on_the_same_shard_fails_instead_of_deadlocking(ws):
    outcome = []

    def nested():
        try:
            with ws.transaction("s"):
                with other(ws).transaction("s"):
                    outcome.append("deadlock avoided?")
        except RuntimeError as exc:
            outcome.append(str(exc))

    t = threading.Thread(target=nested, daemon=True)
    t.start()
    t.join(5)
    assert not t.is_alive(), "the thread waits for its own lock"
    assert outcome and "nested transaction" in outcome[0]
    with ws.transaction("s") as tx:                  # and the lock was released
        tx.table("t").insert({"n": 1})
        tx.audit("test.put")
    with ws.transaction("a"):                        # two different shards may nest
        with ws.transaction("b"):
            pass


def test_stored_values_must_be_json(ws):
    with pytest.raises(TypeError):
        put(ws, "s", "t", {"bad": {1, 2}})
    assert not (ws.folder / "s.json").exists()
    assert not [p for p in ws.folder.iterdir() if p.name.endswith(".tmp")]


def test_signature(ws):
    assert ws.shard("s").signature() is None
    put(ws, "s", "t", {"n": 1})
    st, jst = os.stat(ws.folder / "s.json"), os.stat(ws.folder / "s.journal")
    assert ws.shard("s").signature() == (st.st_ino, st.st_size, st.st_mtime_ns,
                                         jst.st_ino, jst.st_size, jst.st_mtime_ns)
    assert storage.Shard(ws.folder, "s", None).load()["t"] == {"1": {"n": 1}}


def test_removing_shards_keeps_the_lock_files(ws):
    """Regression: `remove_shards` (demo --force) deleted the lock files, so a writer holding
    or waiting for the old lock and a writer creating a new lock file could both be inside
    the same shard at once."""
    put(ws, "a", "t", {"n": 1})
    put(ws, "b", "t", {"n": 1})
    locks = sorted(p.name for p in ws.folder.glob("*.lock"))
    inodes = [os.stat(ws.folder / name).st_ino for name in locks]
    assert ws.remove_shards() == 2
    assert ws.shard_names() == []
    assert [os.stat(ws.folder / name).st_ino for name in locks] == inodes
    put(ws, "a", "t", {"n": 2})
    assert ws.rows("a", "t") == [{"n": 2, "doc_id": 1}]


@pytest.mark.parametrize("change", [
    lambda t: t.update({"n": 99}, doc_ids=[1]),
    lambda t: t.update(lambda doc: doc.update(n=99), doc_ids=[1]),
    lambda t: t.update_multiple([({"n": 99}, lambda doc: doc["n"] == 1)]),
    lambda t: t.upsert({"n": 99, "k": "a"}, lambda doc: doc.get("k") == "a"),
    lambda t: t.remove(doc_ids=[1]),
    lambda t: t.truncate(),
    lambda t: t.insert({"n": 3}),
], ids=["update", "update fn", "update_multiple", "upsert", "remove", "truncate", "insert"])
def test_a_failed_transaction_leaves_the_cache_as_it_was(ws, change):
    """The working copy shares documents with the cache until a table is changed; whatever
    TinyDB does inside a transaction that then fails, the cache (what readers get) is intact."""
    put(ws, "s", "t", {"n": 1, "k": "a"})
    put(ws, "s", "u", {"n": 2})
    cached = orjson.dumps(ws.shard("s").load())
    with pytest.raises(ZeroDivisionError):
        with ws.transaction("s") as tx:
            change(tx.table("t"))
            tx.audit("test.change")
            1 / 0
    assert orjson.dumps(ws.shard("s").load()) == cached
    with ws.transaction("s") as tx:     # and the same change, committed, is what it says
        change(tx.table("t"))
        tx.audit("test.change")
    assert other(ws).rows("s", "t") == ws.rows("s", "t")
    assert other(ws).rows("s", "u") == [{"n": 2, "doc_id": 1}]
