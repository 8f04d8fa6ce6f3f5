"""The backend interface (store/core/backend.py): the folder and PostgreSQL implement it."""

from __future__ import annotations

import pytest

from store.core.backend import FOLDER_PROMISES, Backend, Transaction

pytestmark = pytest.mark.usefixtures("backend")


def test_the_workspace_is_a_backend(ws, backend):
    assert isinstance(ws, Backend)
    if backend == "folder":
        assert ws.promises == FOLDER_PROMISES and not ws.promises.multi_host
    else:
        assert ws.promises.multi_host and ws.promises.push_changes


def test_revision_grows_by_one_per_write_and_changes_name_the_shard(ws):
    token = ws.changes().token
    before = ws.revision("backend-probe")
    assert before == 0
    with ws.transaction("backend-probe") as tx:
        assert isinstance(tx, Transaction)
        tx.table("t").insert({"x": 1})
        tx.audit("test.write", "x")
    assert ws.revision("backend-probe") == 1
    assert "backend-probe" in ws.changes(token).changed
    assert [r["x"] for r in ws.rows("backend-probe", "t")] == [1]


def test_wait_changes_returns_at_the_timeout_or_with_the_change(ws):
    import threading
    import time
    token = ws.changes().token
    started = time.monotonic()
    assert not ws.wait_changes(token, 0.2).changed
    assert time.monotonic() - started >= 0.19

    def write():
        time.sleep(0.1)
        with ws.transaction("wait-probe") as tx:
            tx.table("t").insert({"x": 1})
            tx.audit("test.write", "x")
    threading.Thread(target=write).start()
    assert "wait-probe" in ws.wait_changes(token, 5).changed
