"""The change feed's deferred token (store/core/read_log.py): taken after the first paint, it
still names every shard changed after a read made since `deferred_token()`, whether that
read opened the files, let a read from before stand after a look, found the shard absent,
or listed the shards; a shard nobody read is taken as it is when the token is made."""

from __future__ import annotations

import os

import pytest

from store.core import shard_state
from store.core.workspace import Workspace
from stkit import put, put_elsewhere


@pytest.fixture(params=[True, False], ids=["settled", "fresh"])
def ws(request, tmp_path, clock, monkeypatch):
    if request.param:  # files as old as a real start sees: a look lets a read stand
        monkeypatch.setattr(shard_state, "_SETTLED_NS", 0)
    return Workspace.open(tmp_path, clock=clock)


def test_a_change_after_a_read_and_before_the_token_is_named(ws):
    put(ws, "a", "one")
    put(ws, "b", "one")
    later = ws.deferred_token()
    assert ws.table("a", "t")                     # the first screen reads a
    put_elsewhere(ws, "a", "two")                 # … then another process writes it
    put_elsewhere(ws, "b", "two")                 # and a shard no screen read
    token = later()                               # the token, after the first paint
    assert ws.changes(token).changed == {"a"}     # b is taken as it is now: no refresh
    assert ws.changes(ws.changes(token).token).changed == set()


def test_a_read_let_stand_by_a_look_counts_from_the_look(ws):
    put(ws, "a", "one")
    assert ws.table("a", "t")                     # read before (the command line's checks)
    later = ws.deferred_token()
    with ws.one_look():
        assert len(ws.table("a", "t")) == 1       # the same tables, after two stats
    put_elsewhere(ws, "a", "two")
    assert "a" in ws.changes(later()).changed


def test_a_head_read_counts_too(ws):
    put(ws, "a", "one")
    later = ws.deferred_token()
    ws.shard("a").head()
    ws.shard("a").head()
    put_elsewhere(ws, "a", "two")
    assert ws.changes(later()).changed == {"a"}


def test_a_shard_found_absent_then_made_is_named(ws):
    later = ws.deferred_token()
    assert not ws.exists("new")
    assert ws.table("new2", "t") == {}
    put_elsewhere(ws, "new", "one")
    put_elsewhere(ws, "new2", "one")
    assert ws.changes(later()).changed == {"new", "new2"}


def test_a_shard_read_then_removed_is_named(ws):
    put(ws, "a", "one")
    later = ws.deferred_token()
    assert ws.exists("a") and ws.table("a", "t")
    os.unlink(ws.shard("a").path)
    os.unlink(ws.shard("a").journal_path)
    assert ws.changes(later()).changed == {"a"}


def test_a_listing_names_what_came_or_went_before_the_token(ws):
    put(ws, "incident-1", "one")
    put(ws, "incident-2", "one")
    put(ws, "other", "one")
    later = ws.deferred_token()
    assert ws.shard_names("incident-") == ["incident-1", "incident-2"]
    put_elsewhere(ws, "incident-3", "one")        # new since the listing
    os.unlink(ws.shard("incident-2").path)        # gone since the listing
    os.unlink(ws.shard("incident-2").journal_path)
    put_elsewhere(ws, "other2", "one")            # not what was listed: no refresh
    assert ws.changes(later()).changed == {"incident-2", "incident-3"}


def test_reads_that_saw_two_states_or_one_under_way_are_named(ws):
    put(ws, "a", "one")
    put(ws, "b", "one")
    later = ws.deferred_token()
    ws.table("a", "t")                            # one screen reads a
    put_elsewhere(ws, "a", "two")
    assert len(ws.table("a", "t")) == 2           # another (a thread) reads it again, newer
    ws._reads.begin("b")                          # a read of b has not ended yet
    token = later()
    assert ws.changes(token).changed == {"a", "b"}


def test_the_log_stops_once_the_token_is_made(ws):
    put(ws, "a", "one")
    later = ws.deferred_token()
    later()
    ws.table("a", "t")
    assert not ws._reads.on and ws._reads._seen == {}


def test_two_feeds_on_one_workspace_each_get_a_token(ws):
    put(ws, "a", "one")
    first, second = ws.deferred_token(), ws.deferred_token()
    ws.table("a", "t")
    put_elsewhere(ws, "a", "two")
    assert ws.changes(first()).changed == {"a"}
    assert ws._reads.on                           # the second still waits
    assert ws.changes(second()).changed == {"a"}
    assert not ws._reads.on


def test_a_listing_is_named_whatever_other_reads_of_its_shards_found(ws):
    """A screen listed the incidents; others then found one gone and read one new: the list
    still shows what the listing gave, so both are changes for it."""
    put(ws, "incident-1", "one")
    put(ws, "incident-2", "one")
    later = ws.deferred_token()
    assert ws.shard_names("incident-") == ["incident-1", "incident-2"]
    os.unlink(ws.shard("incident-2").journal_path)
    os.unlink(ws.shard("incident-2").path)
    put_elsewhere(ws, "incident-3", "one")
    assert not ws.exists("incident-2")            # another screen finds it gone
    assert ws.table("incident-3", "t")            # and reads the new one
    assert ws.changes(later()).changed == {"incident-2", "incident-3"}
