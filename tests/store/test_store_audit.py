"""Every write appends an audit entry in the same atomic write: who (and for whom), when, what."""

from __future__ import annotations

import pytest
from stkit import audit, fresh, state

from store.people import members as people, settings
from store.projects import project as projects, tasks
from store.core.identity import os_login
from store.core.workspace import AUDIT, DIRECTORY

pytestmark = pytest.mark.usefixtures("backend")  # on the folder and on PostgreSQL

ME = os_login()


def test_a_write_without_an_audit_entry_is_refused(ws):
    before = state(ws)
    with pytest.raises(RuntimeError, match="without an audit entry"):
        with ws.transaction(DIRECTORY) as tx:
            tx.table("members").insert({"login": "sneaky", "name": "Sneaky"})
    assert state(ws) == before
    assert people.find_member(ws, "sneaky") is None


def test_a_transaction_that_only_reads_writes_nothing(ws):
    before = state(ws)
    with ws.transaction(DIRECTORY) as tx:
        assert len(tx.table("members").all()) == 6
    assert state(ws) == before


def test_an_error_inside_a_transaction_writes_nothing(ws):
    before = state(ws)
    with pytest.raises(ZeroDivisionError):
        with ws.transaction(DIRECTORY) as tx:
            tx.table("members").insert({"login": "half", "name": "Half"})
            tx.audit("member.add", "half")
            1 / 0
    assert state(ws) == before
    assert people.find_member(ws, "half") is None


def test_the_transaction_is_closed_after_the_block(ws):
    """Regression: a write after the block went into the cache, unlocked and never saved."""
    with ws.transaction(DIRECTORY) as tx:
        members = tx.table("members")
        tx.audit("noop")
    with pytest.raises(RuntimeError, match="transaction is over"):
        tx.table("members").insert({"login": "late", "name": "Late"})
    with pytest.raises(RuntimeError, match="transaction is over"):
        tx.audit("late")
    with pytest.raises(RuntimeError, match="read-only"):
        members.insert({"login": "late", "name": "Late"})
    assert people.find_member(ws, "late") is None
    assert people.find_member(fresh(ws), "late") is None


def test_a_read_only_view_refuses_writes_without_touching_the_cache(ws):
    """Regression: TinyDB changed the cached documents in place before the storage refused."""
    view = ws.read(DIRECTORY)
    for write in (lambda: view.table("members").update({"name": "X"}),
                  lambda: view.table("members").insert({"login": "x"}),
                  lambda: view.table("members").remove(doc_ids=[1]),
                  lambda: view.table("members").truncate(),
                  lambda: view.drop_table("members"),
                  lambda: view.drop_tables()):
        with pytest.raises(RuntimeError, match="read-only"):
            write()
    assert people.get_member(ws, "alice")["name"] == "Alice Wang"
    assert len(people.list_members(ws)) == 6
    assert len(view.table("members")) == 6
    assert view.table("members").get(doc_id=1)["login"] == ME


def test_audit_entry_fields(ws, clock):
    clock.set("2024-09-03T07:08:09.123456+00:00")
    rev = ws.shard(DIRECTORY).rev
    with ws.transaction(DIRECTORY) as tx:
        tx.audit("test.action", "target-1", reason="因为", n=3)
    entry = audit(ws, DIRECTORY)[-1]
    assert entry == {
        "doc_id": entry["doc_id"], "at": "2024-09-03T07:08:09+00:00", "wall": entry["wall"],
        "by": ME, "action": "test.action", "target": "target-1", "rev": rev + 1,
        "detail": {"reason": "因为", "n": 3}}
    assert ws.shard(DIRECTORY).rev == rev + 1  # the entry names the revision it is part of
    with ws.acting_as("alice").transaction(DIRECTORY) as tx:
        tx.audit("test.for")
    entry = audit(ws, DIRECTORY)[-1]
    assert (entry["by"], entry["for"], entry["target"]) == (ME, "alice", None)
    assert "detail" not in entry


def test_an_entry_records_the_wall_clock_whatever_the_workspace_clock_says(ws, clock):
    from datetime import datetime, timezone

    from store.core.clock import parse_instant
    clock.set("2020-01-01T09:00:00+00:00")
    before = datetime.now(timezone.utc).replace(microsecond=0)
    people.add_member(ws, "erin", "Erin")
    after = datetime.now(timezone.utc)
    entry = audit(ws, DIRECTORY)[-1]
    assert entry["action"] == "member.add" and entry["at"] == "2020-01-01T09:00:00+00:00"
    assert before <= parse_instant(entry["wall"]) <= after


WRITES = [  # (shard, action, write)
    (DIRECTORY, "member.add", lambda ws: people.add_member(ws, "erin", "Erin")),
    (DIRECTORY, "member.edit", lambda ws: people.edit_member(ws, "dave", title="PM")),
    (DIRECTORY, "department.add", lambda ws: people.add_department(ws, "法务部")),
    (DIRECTORY, "department.head", lambda ws: people.set_department_head(ws, "Product", "dave")),
    (DIRECTORY, "settings.update", lambda ws: settings.update_settings(ws, timezone="UTC")),
    (DIRECTORY, "project.create",
     lambda ws: projects.create_project(ws, "P", pm="bob", initiator_dept="Product",
                                        lead_dept="Engineering", goal="g", due="2024-12-31")),
    ("project-1", "project.edit", lambda ws: projects.edit_project(ws, 1, goal="g2")),
    ("project-1", "task.add",
     lambda ws: tasks.add_task(ws, 1, "t", owner="carol", due="2024-09-30")),
]


@pytest.mark.parametrize("shard, action, write", WRITES, ids=[w[1] for w in WRITES])
def test_every_store_write_is_audited(ws, shard, action, write):
    before = len(audit(ws, shard))
    write(ws)
    trail = audit(ws, shard)
    assert len(trail) > before and trail[-1]["action"] == action and trail[-1]["by"] == ME


def test_task_edit_is_audited_with_the_change(ws):
    bob = ws.acting_as("bob")
    tasks.add_task(bob, 1, "t", owner="carol", due="2024-09-30")
    tasks.edit_task(bob, "1-1", priority="high", due="2024-10-08")
    entry = audit(ws, "project-1")[-1]
    assert entry["action"] == "task.edit" and entry["target"] == "1-1"
    assert entry["detail"] == {"priority": "high", "due": "2024-10-08"}
    assert (entry["by"], entry["for"]) == (ME, "bob")


def test_audit_lives_in_the_shard_it_describes(ws):
    assert {e["action"] for e in fresh(ws).rows("project-1", AUDIT)} == {"project.create"}
