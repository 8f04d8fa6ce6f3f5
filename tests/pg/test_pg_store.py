"""The PostgreSQL backend's own promises (store/postgres/): all-or-nothing joins, only the
changed rows written and fetched, documents read back as the folder reads them."""

from __future__ import annotations

from datetime import date

import pytest

pytestmark = pytest.mark.usefixtures("backend")


def fresh(ws):
    """The same database opened again (another process: no cache)."""
    return type(ws)(ws.location, ws.clock, ws.actor)


def _write(ws, shard, **tables):
    with ws.transaction(shard) as tx:
        for name, docs in tables.items():
            for doc in docs:
                tx.table(name).insert(doc)
        tx.audit("test.write", shard)


def test_a_joined_transaction_commits_all_or_nothing(workspace):
    with pytest.raises(ZeroDivisionError):
        with workspace.transaction("index") as tx:
            tx.table("t").insert({"x": 1})
            tx.audit("test.write")
            other = tx.join("part-1")
            other.table("t").insert({"y": 1})
            other.audit("test.write")
            1 / 0
    assert not workspace.exists("index") and not workspace.exists("part-1")
    assert workspace.shard_names() == workspace.shard_names()  # still readable
    with workspace.transaction("index") as tx:
        tx.table("t").insert({"x": 1})
        tx.audit("test.write")
        other = tx.join("part-1")
        other.table("t").insert({"y": 1})
        other.audit("test.write")
    again = fresh(workspace)
    assert again.rows("index", "t")[0]["x"] == 1 and again.rows("part-1", "t")[0]["y"] == 1
    assert (again.revision("index"), again.revision("part-1")) == (1, 1)


def test_a_write_sends_only_the_documents_it_changed(workspace, pg_cluster, pg_database):
    _write(workspace, "big", t=[{"n": i} for i in range(200)])
    reader = fresh(workspace)
    assert len(reader.table("big", "t")) == 200
    with workspace.transaction("big") as tx:
        tx.table("t").update({"n": -1}, doc_ids=[7])
        tx.table("t").remove(doc_ids=[9])
        tx.audit("test.edit")
    with pg_cluster.connect(pg_database) as conn:
        rows = conn.execute("SELECT doc_id, body IS NULL FROM huddle.documents "
                            "WHERE shard = 'big' AND rev = 2 ORDER BY doc_id").fetchall()
    assert rows == [("7", False), ("9", True)]  # one update, one tombstone: nothing else
    table = reader.table("big", "t")  # the other reader fetches those two rows
    assert len(table) == 199 and table["7"] == {"n": -1} and "9" not in table


def test_dropped_tables_and_removed_shards_read_back_empty(workspace):
    _write(workspace, "drop", t=[{"n": 1}], u=[{"n": 2}])
    reader = fresh(workspace)
    assert set(reader.shard("drop").load()) >= {"t", "u"}
    with workspace.transaction("drop") as tx:
        tx.db.drop_table("t")
        tx.audit("test.drop")
    assert "t" not in reader.shard("drop").load() and reader.table("drop", "u")
    removed = workspace.remove_shards()
    assert removed >= 2 and workspace.shard_names() == [] and reader.table("drop", "u") == {}


def test_documents_read_back_as_the_folder_reads_them(workspace):
    _write(workspace, "shape", t=[{"z": 1, "a": 2, "m": {"y": 1, "b": 2}, "day": date(2024, 9, 2)}])
    doc = fresh(workspace).rows("shape", "t")[0]
    assert list(doc) == ["z", "a", "m", "day", "doc_id"] and list(doc["m"]) == ["y", "b"]
    assert doc["day"] == "2024-09-02"  # as JSON keeps it; the writer's cache agrees
    assert workspace.rows("shape", "t")[0]["day"] == "2024-09-02"


def test_tables_leave_the_cache_within_its_budget_and_memos_stay(workspace, monkeypatch):
    monkeypatch.setenv("HUDDLE_CACHE_MB", "0.01")  # 10 kB: one shard at a time
    ws = fresh(workspace)
    for name in ("one", "two"):
        _write(workspace, name, t=[{"text": "x" * 200, "n": i} for i in range(60)])
    calls = []
    assert ws.shard("one").memo("count", lambda t: calls.append(1) or len(t["t"])) == 60
    assert len(ws.table("two", "t")) == 60  # "one" is pushed out of the cache
    assert ws.shard("one")._tables is None
    assert ws.shard("one").memo("count", lambda t: calls.append(1) or len(t["t"])) == 60
    assert calls == [1]  # the memo outlived the tables
    assert len(ws.table("one", "t")) == 60  # read again, whole


def test_a_big_history_table_is_read_whole_and_parsed_when_first_read(workspace, psql,
                                                                      pg_database):
    from store.core.lazy_table import LAZY_AT, LazyTable
    note = "n" * 300
    with workspace.transaction("hist") as tx:
        for i in range(LAZY_AT // 300 + 10):
            tx.table("progress").insert({"note": note, "i": i})
            tx.audit("test.progress", i, note=note)
        tx.table("t").insert({"n": 1})
    reader = fresh(workspace)
    tables = reader.shard("hist").load()
    assert isinstance(tables["progress"], LazyTable) and not tables["progress"].filled
    assert isinstance(tables["_audit"], LazyTable) and tables["t"] == {"1": {"n": 1}}
    # a row changed with psql, then a commit on top (which brings it in): still unparsed
    psql(pg_database, "postgres", "UPDATE huddle.documents SET body = '{\"note\": \"psql\"}' "
         "WHERE shard = 'hist' AND tbl = 'progress' AND doc_id = '2'")
    with reader.transaction("hist") as tx:
        tx.table("progress").insert({"note": "late", "i": -1})
        tx.audit("test.progress", -1)
    progress = reader.shard("hist").load()["progress"]
    assert isinstance(progress, LazyTable) and not progress.filled
    docs = dict(progress)  # read: parsed now, in doc_id order, every change on top
    last = len(docs)
    assert list(docs) == [str(n) for n in range(1, last + 1)]
    assert docs["1"]["i"] == 0 and docs["2"] == {"note": "psql"}
    assert docs[str(last)] == {"note": "late", "i": -1}
    audit = reader.shard("hist").load()["_audit"]
    assert len(audit) == last and audit[str(last)]["target"] == -1
    for ws in (workspace, fresh(workspace)):  # the other process caught up; a new one agrees
        assert ws.table("hist", "progress") == docs and ws.table("hist", "_audit") == audit
