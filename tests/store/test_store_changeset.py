"""store/core/changeset.py: what a transaction changed, document by document."""

from __future__ import annotations

from store.core.changeset import DROPPED, apply, diff, size
from store.core.tinydb_views import open_tinydb


def _base():
    return {"tasks": {"1": {"title": "a"}, "2": {"title": "b"}}, "_audit": {"1": {"x": 1}}}


def test_an_untouched_shard_has_no_changes():
    base = _base()
    assert diff(base, dict(base)) == {}


def test_insert_update_and_remove_are_found_by_document():
    base = _base()
    db = open_tinydb(dict(base), writable=True)
    db.table("tasks").update({"title": "B"}, doc_ids=[2])
    db.table("tasks").insert({"title": "c"})
    db.table("_audit").remove(doc_ids=[1])
    changes = diff(base, db.storage.tables)
    assert changes == {"tasks": {"2": {"title": "B"}, "3": {"title": "c"}}, "_audit": {"1": None}}
    assert size(changes) == 3
    rebuilt = apply(base, changes)
    assert rebuilt == db.storage.tables
    assert rebuilt["tasks"]["1"] is base["tasks"]["1"]  # untouched documents are shared
    assert base["tasks"]["2"] == {"title": "b"}  # the base is never changed


def test_an_update_that_changes_nothing_writes_nothing():
    base = _base()
    db = open_tinydb(dict(base), writable=True)
    db.table("tasks").update({"title": "a"}, doc_ids=[1])  # TinyDB copies the table first
    assert diff(base, db.storage.tables) == {}


def test_a_dropped_table_and_a_new_empty_one():
    base = _base()
    db = open_tinydb(dict(base), writable=True)
    db.drop_table("_audit")
    new = {**db.storage.tables, "empty": {}}
    changes = diff(base, new)
    assert changes == {"_audit": {DROPPED: None}, "empty": {}}
    assert apply(base, changes) == {"tasks": base["tasks"], "empty": {}}


def test_a_transaction_names_what_it_changed(ws):
    with ws.transaction("changeset-probe") as tx:
        tx.table("t").insert({"x": 1})
        tx.audit("test.write", "x")
        changes = tx.changes()
    assert changes["t"] == {"1": {"x": 1}} and list(changes["_audit"]) == ["1"]
    with ws.transaction("changeset-probe") as tx:
        tx.table("t").update({"x": 2}, doc_ids=[1])
        tx.audit("test.write", "x")
        assert tx.changes()["t"] == {"1": {"x": 2}} and list(tx.changes()["_audit"]) == ["2"]
