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
from project_app_helpers import start_project



@pytest.fixture
def flow_ws(workspace):
    start_project(workspace)
    return workspace
