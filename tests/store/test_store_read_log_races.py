"""The change feed's deferred token made by its thread while another thread looks: a look
(two stats, `exists()`'s stat, a listing) found the files as they were, and a commit or a
removal came before the token's scan of the folder, but the look is noted only after the
token (the thread was switched out between the two). What the look found must still be
what the token holds (store/core/read_log.py), else the change is never shown."""

from __future__ import annotations

import os
import threading

import pytest

from store.core import shard_looks, shard_state, workspace as workspace_module
from store.core.workspace import Workspace

from tests.store.test_store_read_log import put, put_elsewhere


@pytest.fixture
def ws(tmp_path, clock, monkeypatch):
    monkeypatch.setattr(shard_state, "_SETTLED_NS", 0)  # a look lets a read stand
    return Workspace.open(tmp_path, clock=clock)


class Race:
    """At the look's first call: `change()`, then the feed's thread makes the token; the
    look goes on once that thread is done (or, if the token waits for the look, soon)."""

    def __init__(self, later, change) -> None:
        self.later, self.change = later, change
        self.thread: threading.Thread | None = None
        self.token: dict | None = None

    def fire(self) -> None:
        if self.thread is not None:
            return
        self.change()
        self.thread = threading.Thread(target=self._make)
        self.thread.start()
        self.thread.join(0.3)

    def _make(self) -> None:
        self.token = self.later()

    def result(self) -> dict:
        assert self.thread is not None, "the look was not raced"
        self.thread.join(5)
        assert self.token is not None
        return self.token


def test_a_look_noted_after_the_token_is_still_named(ws, monkeypatch):
    put(ws, "a", "one")
    assert ws.table("a", "t")                     # read (settled: a look lets it stand)
    later = ws.deferred_token()
    race = Race(later, lambda: put_elsewhere(ws, "a", "two"))
    real = shard_looks.stat_pair
    me = threading.get_ident()

    def look(path, journal_path):
        found = real(path, journal_path)
        if threading.get_ident() == me:
            race.fire()                           # switched out between stat and note
        return found

    monkeypatch.setattr(shard_looks, "stat_pair", look)
    assert len(ws.table("a", "t")) == 1           # the screen shows the first state
    assert "a" in ws.changes(race.result()).changed


def test_an_exists_noted_after_the_token_is_still_named(ws, monkeypatch):
    put(ws, "a", "one")
    later = ws.deferred_token()
    path = ws.shard("a").file

    def remove() -> None:
        os.unlink(ws.shard("a").journal_path)
        os.unlink(path)

    race = Race(later, remove)
    real, me = os.stat, threading.get_ident()

    class Os:  # the workspace module's `os`, its stat switched out after the answer
        def __getattr__(self, attr):
            return getattr(os, attr)

        @staticmethod
        def stat(file, *args, **kwargs):
            found = real(file, *args, **kwargs)
            if threading.get_ident() == me and os.fspath(file) == os.fspath(path):
                race.fire()
            return found

    monkeypatch.setattr(workspace_module, "os", Os())
    assert ws.exists("a")                         # the screen shows it
    assert "a" in ws.changes(race.result()).changed


def test_a_listing_noted_after_the_token_is_still_named(ws, monkeypatch):
    put(ws, "incident-1", "one")
    put(ws, "incident-2", "one")
    later = ws.deferred_token()

    def change() -> None:
        put_elsewhere(ws, "incident-3", "one")
        os.unlink(ws.shard("incident-2").journal_path)
        os.unlink(ws.shard("incident-2").path)

    race = Race(later, change)
    real, me = os.scandir, threading.get_ident()

    class Os:
        def __getattr__(self, attr):
            return getattr(os, attr)

        @staticmethod
        def scandir(folder):
            if threading.get_ident() != me:
                return real(folder)
            with real(folder) as entries:
                found = list(entries)
            race.fire()                           # switched out between scan and note
            return iter(found)

    monkeypatch.setattr(workspace_module, "os", Os())
    assert ws.shard_names("incident-") == ["incident-1", "incident-2"]
    monkeypatch.undo()
    assert ws.changes(race.result()).changed == {"incident-2", "incident-3"}


def test_a_memo_kept_though_its_look_found_no_file_is_named(ws, monkeypatch):
    """A look that found no snapshot (moved away and back by another member, the same file)
    and a key that is the memo's: what the memo stands for is not noted, so it is named."""
    put(ws, "a", "one")
    shard = ws.shard("a")
    assert shard.memo("k", lambda: shard.head(), tables=False) is None
    later = ws.deferred_token()
    real, gone = shard_looks.stat_pair, []

    def away(path, journal_path):
        if not gone:
            gone.append(path)
            return None                           # the snapshot away at that moment
        return real(path, journal_path)

    monkeypatch.setattr(shard_looks, "stat_pair", away)
    assert shard.memo("k", lambda: 1 / 0, tables=False) is None  # kept: the same key
    assert gone
    put_elsewhere(ws, "a", "two")
    assert "a" in ws.changes(later()).changed
