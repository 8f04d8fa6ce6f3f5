"""store/core/shard_storage.py: a transaction's tables before it needs TinyDB (`Tx.db`).

The fast paths (insert of a plain dict, update of fields by doc ids) write the copy
themselves; anything else makes the TinyDB, whose tables carry on with the same ids. A
progress update uses only the fast paths, so its process never imports tinydb."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tinydb import Query

REPO = Path(__file__).resolve().parents[2]
SHARD = "scratch"


def _seed(ws) -> None:
    with ws.transaction(SHARD) as tx:
        for title in ("a", "b", "c"):
            tx.table("items").insert({"title": title})
        tx.audit("seed")


def test_fast_writes_then_tinydb_keep_one_sequence_of_ids(workspace):
    _seed(workspace)
    with workspace.transaction(SHARD) as tx:
        items = tx.table("items")
        assert not tx.has_db
        assert items.insert({"title": "d"}) == 4
        assert items.update({"done": True}, doc_ids=[1, 4]) == [1, 4]
        assert tx.document("items", 4) == {"title": "d", "done": True}
        assert not tx.has_db  # nothing so far needed TinyDB
        found = items.search(Query().done == True)  # noqa: E712  (TinyDB from here on)
        assert tx.has_db and sorted(doc.doc_id for doc in found) == [1, 4]
        assert items.insert({"title": "e"}) == 5  # the TinyDB table took the next id over
        assert tx.table("items").insert({"title": "f"}) == 6
        assert len(items) == 6 and bool(items)
        tx.audit("more")
    docs = workspace.table(SHARD, "items")
    assert [docs[k]["title"] for k in sorted(docs, key=int)] == ["a", "b", "c", "d", "e", "f"]
    assert docs["1"]["done"] is True and "done" not in docs["2"]


def test_what_the_fast_paths_leave_to_tinydb(workspace):
    _seed(workspace)
    with workspace.transaction(SHARD) as tx:
        items = tx.table("items")
        assert items.update({"title": "x"}, doc_ids=[9]) == []  # TinyDB's answer: no such id
        assert items.update({"title": "y"}, doc_ids=iter([2])) == [2]  # not a list: TinyDB
        tx.audit("edit")
    assert workspace.table(SHARD, "items")["2"]["title"] == "y"
    with workspace.transaction(SHARD) as tx:
        assert tx.document("items", 42) is None and tx.document("nothing", 1) is None
        assert tx.table("items").get(doc_id=2)["title"] == "y"


def test_a_transaction_of_fast_writes_never_imports_tinydb(tmp_path):
    """What `huddle task update` writes (an insert, an update by id, a read by id, the
    audit entry) in a fresh process: tinydb stays unimported (~1 ms of the command)."""
    probe = f"""
import sys
from store.core.workspace import Workspace
ws = Workspace.open({str(tmp_path)!r}, create=True)
for n in range(2):
    with ws.transaction("scratch") as tx:
        tx.table("progress").insert({{"n": n}})
        tx.table("tasks").insert({{"state": "open"}}) if n == 0 else None
        current = tx.document("tasks", 1) or {{}}
        tx.table("tasks").update({{"progress": n, "state": current["state"]}}, doc_ids=[1])
        tx.audit("progress.record", n)
print(sorted(ws.table("scratch", "progress")), "tinydb" in sys.modules)
"""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            env=env, cwd=str(REPO), timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["['1',", "'2']", "False"]
