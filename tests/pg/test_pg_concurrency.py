"""Two processes writing the same shard of a database lose no write (row lock, then the
private copy brought up to date): each adds one to a counter, many times."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.usefixtures("backend")

REPO = Path(__file__).resolve().parents[2]
WRITER = """
import sys
from store.postgres.workspace import PgWorkspace
ws = PgWorkspace.open(sys.argv[1])
for _ in range(int(sys.argv[2])):
    with ws.transaction("counter") as tx:
        table = tx.table("c")
        doc = table.get(doc_id=1)
        table.update({"n": doc["n"] + 1}, doc_ids=[1])
        tx.audit("counter.add")
"""


def test_two_processes_writing_one_shard_lose_no_write(workspace, url):
    with workspace.transaction("counter") as tx:
        tx.table("c").insert({"n": 0})
        tx.audit("counter.start")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, url, "40"], env=env,
                                stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for writer in writers:
        assert writer.wait(timeout=120) == 0, writer.stderr.read()
    assert workspace.table("counter", "c")["1"]["n"] == 80
    assert workspace.revision("counter") == 81
    audit = workspace.rows("counter", "_audit")
    assert sorted(row["rev"] for row in audit) == list(range(1, 82))
