"""One look per shard and pass (store/core/shard_looks.py): a refresh stats each shard's files
once; writes, and reads under a lock, look afresh; a pass never reads older than before."""

from __future__ import annotations

import os
import threading

import pytest

from store.core import shard_looks, shard_state
from store.core.workspace import Workspace
from stkit import put, put_elsewhere


def titles(ws: Workspace, shard: str) -> list[str]:
    return sorted(d["title"] for d in ws.table(shard, "t").values())


@pytest.fixture
def ws(tmp_path, clock, monkeypatch):
    monkeypatch.setattr(shard_state, "_SETTLED_NS", 0)  # files as old as a real refresh sees
    return Workspace.open(tmp_path, clock=clock)


@pytest.fixture
def stats(monkeypatch):
    """The paths os.stat is asked about (the looks)."""
    asked: list[str] = []
    real = os.stat

    def counting(path, *args, **kwargs):
        asked.append(os.fspath(path))
        return real(path, *args, **kwargs)
    monkeypatch.setattr(shard_looks.os, "stat", counting)
    return asked


def test_a_pass_stats_each_shard_once(ws, stats):
    put(ws, "a", "one")
    put(ws, "b", "two")
    for shard in ("a", "b"):  # what this process holds
        titles(ws, shard)
        ws.shard(shard).memo("n", lambda tables: len(tables["t"]))
    stats.clear()
    with ws.one_look():
        for _ in range(5):
            assert titles(ws, "a") == ["one"] and titles(ws, "b") == ["two"]
            assert ws.shard("a").memo("n", lambda tables: len(tables["t"])) == 1
    assert sorted(os.path.basename(p) for p in stats) == ["a.journal", "a.json",
                                                          "b.journal", "b.json"]
    stats.clear()
    titles(ws, "a")
    titles(ws, "a")  # outside a pass: every read looks
    assert len(stats) == 4


def test_a_write_in_a_pass_is_read_back(ws):
    put(ws, "a", "one")
    with ws.one_look():
        assert titles(ws, "a") == ["one"]
        put(ws, "a", "two")  # under its lock: looks afresh, and the pass forgets "a"
        assert titles(ws, "a") == ["one", "two"]
        put(Workspace(ws.folder, ws.clock, ws.actor), "a", "three")  # this thread, too
        assert titles(ws, "a") == ["one", "three", "two"]
        with ws.one_look():  # a pass within a pass is the same pass
            assert titles(ws, "a") == ["one", "three", "two"]


def test_another_writer_is_seen_by_the_next_pass_never_older(ws):
    put(ws, "a", "one")
    with ws.one_look():
        assert titles(ws, "a") == ["one"]
        put_elsewhere(ws, "a", "two")
        assert titles(ws, "a") == ["one"]  # as at its first look
        assert ws.shard("a").signature() != shard_looks.stat_now(ws.shard("a").path,
                                                                 ws.shard("a").journal_path)
        with ws.shard("a").locked():  # a writer reads what is there
            assert "two" in [d["title"] for d in ws.shard("a").load()["t"].values()]
        assert titles(ws, "a") == ["one", "two"]  # the lock made the pass look again
    assert titles(ws, "a") == ["one", "two"]


def test_a_shard_first_read_in_a_pass_is_read_as_it_is_then(ws):
    put(ws, "a", "one")
    with ws.one_look():
        assert ws.shard("a").signature() is not None
        put_elsewhere(ws, "a", "two")  # before this process read it at all
        assert titles(ws, "a") == ["one", "two"]


def test_a_pass_is_this_threads_only(ws):
    put(ws, "a", "one")
    seen: list[list[str]] = []
    with ws.one_look():
        assert titles(ws, "a") == ["one"]
        put_elsewhere(ws, "a", "two")
        thread = threading.Thread(target=lambda: seen.append(titles(ws, "a")))
        thread.start()
        thread.join()
    assert seen == [["one", "two"]]
