"""Fixtures for the app's Pilot tests.

Builds on the shared `workspace` / `clock` fixtures (tests/conftest.py) and adds
`app_ws`: that workspace with two projects:

  1 "Q3 迭代"       PM alice, Product → Engineering (+ collab Product), in_progress,
                    due 2024-12-31; tasks 1-1 "Design" (alice, due 2024-08-30,
                    overdue, 50 %), 1-2 "Build" (bob, due 2024-10-15, depends 1-1,
                    milestone, 0 %)  → progress 25 %, 1 overdue
  2 "Hiring drive"  PM bob, Engineering → Engineering, requested, due 2024-11-30,
                    no tasks
"""

from __future__ import annotations

import pytest

from store.projects.project import create_project, shard_name
from store.projects.tasks import add_task


def set_fields(ws, shard: str, table: str, doc_id: int, **fields) -> None:
    """Test-only direct write (for fields the flows of other modules own: state, progress)."""
    with ws.transaction(shard) as tx:
        tx.table(table).update(fields, doc_ids=[doc_id])
        tx.audit("test.set", doc_id, **fields)


@pytest.fixture
def app_ws(workspace):
    ws = workspace
    p1 = create_project(ws, "Q3 迭代", pm="alice", initiator_dept="Product",
                        lead_dept="Engineering", collab_depts=["Product"],
                        goal="留存率提升 5%", due="2024-12-31")
    add_task(ws, p1["id"], "Design", owner="alice", start="2024-08-01", due="2024-08-30",
             priority="high", standard="Mockups approved")
    add_task(ws, p1["id"], "Build", owner="bob", start="2024-09-02", due="2024-10-15",
             depends=["1-1"], milestone=True)
    set_fields(ws, shard_name(p1["id"]), "project", 1, state="in_progress")
    set_fields(ws, shard_name(p1["id"]), "tasks", 1, progress=50)
    create_project(ws, "Hiring drive", pm="bob", initiator_dept="Engineering",
                   lead_dept="Engineering", goal="Hire 3 engineers", due="2024-11-30")
    return ws
