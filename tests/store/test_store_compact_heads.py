"""A process that keeps heads (the app) has their second parts compacted as read
(store/core/shard_heads.py `keep_heads_compact`): equal to what a command reads, the short
strings shared between projects, the part read by others never changed."""

from __future__ import annotations

import pytest

from store.core import shard_heads
from store.core.workspace import Workspace
from store.projects import project as projects
from store.projects import project_head, tasks


@pytest.fixture
def compacting():
    shard_heads.keep_heads_compact()
    yield
    shard_heads.keep_heads_compact(False)


def two_projects(ws: Workspace) -> None:
    projects.create_project(ws.acting_as("alice"), "第二个", pm="bob", initiator_dept="Product",
                            lead_dept="Engineering", goal="目标", due="2024-12-31")
    for pid in (1, 2):
        tasks.add_task(ws.acting_as("bob"), pid, "任务", owner="carol", due="2024-09-30")


def test_a_compacted_second_part_equals_the_one_read_plainly(ws, compacting):
    two_projects(ws)
    plain_reader = Workspace(ws.folder, ws.clock, ws.actor)
    shard_heads.keep_heads_compact(False)
    plain = [project_head.read_more(plain_reader, pid) for pid in (1, 2)]
    shard_heads.keep_heads_compact()
    reader = Workspace(ws.folder, ws.clock, ws.actor)
    compact = [project_head.read_more(reader, pid) for pid in (1, 2)]
    assert compact == plain
    [one], [two] = (list(more["open"].values()) for more in compact)
    assert one["owner"] is two["owner"] and one["due"] is two["due"]  # one string for both
    assert project_head.open_tasks(reader, 1) == project_head.open_tasks(plain_reader, 1)


def test_compacting_copies_and_leaves_older_versions_alone():
    doc = {"owner": "carol", "title": "x" * 50, "progress": 5}
    more = {"v": project_head.HEAD_VERSION, "open": {"1": doc}, "published": {},
            "recent": {"since": "", "progress": {}, "audit": {}}, "tables": {}, "big": []}
    compact = project_head.compact_more(more)
    assert compact == more and compact["open"]["1"] is not doc
    assert more["open"]["1"] is doc
    old = {"v": project_head.HEAD_VERSION - 1, "open": {}}
    assert project_head.compact_more(old) is old
