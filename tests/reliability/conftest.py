"""Fixtures for the reliability tests (hostile input, property tests, full disks, many
processes). Builds on the shared `workspace` / `clock` fixtures of tests/conftest.py; the
helpers (`HOSTILE`, `shard_bytes`, …) are in rel_helpers.py.

- `demo_dir`: a copy of a demo workspace (`store.demo`: projects in every state, tasks,
  updates, delays, resources, deliverables, issues, incidents, onboarding, the knowledge
  base, customer requests), built once per test module and copied for each test.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from rel_helpers import NOW

from store.core.clock import FixedClock
from store.core.workspace import Workspace


@pytest.fixture(scope="module")
def demo_master(tmp_path_factory) -> Path:
    """A demo workspace, built once per module through the store API."""
    from store.demo import seed_all
    from store.people.members import init_workspace
    from store.people.settings import update_settings

    folder = tmp_path_factory.mktemp("demo") / "ws"
    folder.mkdir()
    os.chmod(folder, 0o770)
    ws = Workspace.open(folder, clock=FixedClock(NOW))
    init_workspace(ws, name="管理员", pinned_clock=True)  # as `huddle demo` does
    update_settings(ws, timezone="Asia/Shanghai")
    seed_all(ws)
    return folder


@pytest.fixture
def demo_dir(demo_master: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "demo"
    shutil.copytree(demo_master, folder)
    os.chmod(folder, 0o770)
    return folder
