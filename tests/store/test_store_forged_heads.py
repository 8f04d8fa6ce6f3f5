"""A head (store/core/shard_heads.py) read from the files that has not the shape its domain
writes — a record crafted with a valid checksum, a hand-edited snapshot — is read as none:
its readers read the tables instead, never a traceback (`head_fits`, `more_fits`)."""

from __future__ import annotations

import orjson
import pytest

from store.core import shard_journal
from store.core.workspace import Workspace
from store.projects import project as projects
from store.projects import project_head, tasks
from store.warroom import incidents, listing, records


def fresh(ws: Workspace) -> Workspace:
    return Workspace(ws.folder, ws.clock, ws.actor)


def append_parts(ws: Workspace, shard: str, parts: dict) -> None:
    """A record that changes no document and carries `parts` ("H": head, "M": second part)."""
    journal = ws.folder / f"{shard}.journal"
    rev = fresh(ws).revision(shard)
    journal.write_bytes(journal.read_bytes()
                        + shard_journal.frame(rev + 1, orjson.dumps({"c": {}, **parts})))


V = project_head.HEAD_VERSION


@pytest.mark.parametrize("head", [5, [1], {"v": V, "project": 5},
                                  {"v": V, "project": None, "tasks": {"count": "1"}},
                                  {"v": V, "project": None,
                                   "tasks": {"count": 1, "progress": 0, "open_due": {"d": "x"}}}])
def test_a_forged_project_head_is_read_as_none(ws, head):
    tasks.add_task(ws.acting_as("bob"), 1, "任务", owner="carol", due="2024-09-30")
    append_parts(ws, "project-1", {"H": head})
    reader = fresh(ws)
    assert project_head.read_head(reader, 1) is None
    [listed] = projects.list_projects(reader)
    assert listed["name"] == "Q3 迭代"
    assert not list(reader.damage.found())


@pytest.mark.parametrize("more", [7, {"v": V, "open": 5}, {"v": V, "open": {}, "recent": []},
                                  {"v": V, "open": {"1": 2}, "recent": {"since": ""}}])
def test_a_forged_second_part_is_read_as_none(ws, more):
    tasks.add_task(ws.acting_as("bob"), 1, "任务", owner="carol", due="2024-09-30")
    append_parts(ws, "project-1", {"M": more})
    reader = fresh(ws)
    assert project_head.read_more(reader, 1) is None
    assert [t["title"] for t in project_head.open_tasks(reader, 1).values()] == ["任务"]


def test_the_heads_commits_write_fit(ws):
    tasks.add_task(ws.acting_as("bob"), 1, "任务", owner="carol", due="2024-09-30")
    reader = fresh(ws)
    assert project_head.head_fits(reader.shard("project-1").head())
    assert project_head.more_fits(reader.shard("project-1").more())


def test_a_forged_incident_head_is_read_as_none(ws):
    inc = incidents.declare(ws.acting_as("alice"), "官网无法访问", impact="全部用户")
    shard = records.shard_name(inc["number"])
    append_parts(ws, shard, {"H": {"v": listing.HEAD_VERSION, "state": 5, "row": 3}})
    reader = fresh(ws)
    assert reader.shard(shard).head() is None
    assert [row["title"] for row in listing.incident_rows(reader)] == ["官网无法访问"]
