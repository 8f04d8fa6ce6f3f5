"""Fixtures for the project screen's Pilot tests (tests/project_app).

Builds on the shared `workspace` / `clock` fixtures (tests/conftest.py: Monday
2024-09-02 10:00 Asia/Shanghai; Product head alice with chen "陈静", Engineering
head bob). `flow_ws` adds project 1 "Q3 迭代" in progress:

    initiator chen (Product: its head alice approves requests, delays, acceptance)
    PM bob, lead Engineering, due 2024-10-31; kicked off and published at 10:00
    1-1 "需求评审" chen   09-02 → 09-06
    1-2 "Build"    chen   09-09 → 09-20  after 1-1
    1-3 "Test"     alice  09-23 → 09-27  after 1-2, milestone
"""

from __future__ import annotations

import pytest

from store import kickoff, project_flow, publication
from store.i18n import set_language
from store.projects import create_project
from store.tasks import add_task


@pytest.fixture(autouse=True)
def _english():
    set_language("en")
    yield
    set_language("en")


def start_project(ws, name="Q3 迭代", due="2024-10-31", tasks=None) -> dict:
    chen, bob = ws.acting_as("chen"), ws.acting_as("bob")
    project = create_project(chen, name, pm="bob", initiator_dept="Product",
                             lead_dept="Engineering", goal="留存率提升 5%", due=due)
    pid = project["id"]
    project_flow.approve_request(ws.acting_as("alice"), pid, "OK")
    kickoff.record_kickoff(bob, pid)
    made = []
    for title, owner, start, end, deps, milestone in tasks or [
            ("需求评审", "chen", "2024-09-02", "2024-09-06", (), False),
            ("Build", "chen", "2024-09-09", "2024-09-20", (0,), False),
            ("Test", "alice", "2024-09-23", "2024-09-27", (1,), True)]:
        made.append(add_task(bob, pid, title, owner=owner, start=start, due=end,
                             depends=[made[i]["id"] for i in deps], milestone=milestone,
                             standard="评审通过"))
    publication.publish_tasks(bob, pid)
    return project


@pytest.fixture
def flow_ws(workspace):
    start_project(workspace)
    return workspace
