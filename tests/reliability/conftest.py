"""Fixtures for the reliability tests (hostile input, property tests, full disks, many
processes). Builds on the shared `workspace` / `clock` fixtures of tests/conftest.py and
reuses the store tests' helpers (tests/store/stkit.py: `snapshot`, `python`, …).

- `demo_dir`: a copy of a demo workspace (`store.demo`: projects in every state, tasks,
  updates, delays, resources, deliverables, issues, incidents, onboarding, the knowledge
  base, customer requests), built once per test module and copied for each test.
- `HOSTILE`: the strings every input is fed (markup, ANSI escapes, control characters,
  100 kB text, CJK, right-to-left text, emoji, invalid dates, percentages, cron).
- `shard_bytes(folder)`: every shard's bytes (lock files and temp files left out).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from stkit import REPO, python, snapshot  # noqa: E402,F401  (re-exported: the store helpers)

from store.clock import FixedClock  # noqa: E402
from store.i18n import set_language  # noqa: E402
from store.workspace import Workspace  # noqa: E402

NOW = "2024-09-02T02:00:00+00:00"  # Monday 10:00 in Asia/Shanghai (tests/conftest.py)
HOSTILE = {
    "markup": "[bold]x",
    "close-tag": "[/]",
    "link": "[link=file:///etc/passwd]y",
    "ansi": "\x1b[31mred\x1b[0m",
    "control": "a\x00b\x07c\x08d",
    "huge": "长文本" * 34_000,                       # 102 kB of text
    "cjk": "跨部门协作：需求评审会（第二轮）",
    "rtl": "مرحبا بالعالم \u202eabc",
    "emoji": "🚀🔥 ship it 👩‍💻",
    "bad-date": "2024-02-30",
    "percent": "150%",
    "cron": "*/0 25 * * 8",
}


@pytest.fixture(autouse=True)
def _english():
    set_language("en")
    yield
    set_language("en")


@pytest.fixture(scope="module")
def demo_master(tmp_path_factory) -> Path:
    """A demo workspace, built once per module through the store API."""
    from store.demo import seed_all
    from store.people import init_workspace
    from store.settings import update_settings

    folder = tmp_path_factory.mktemp("demo") / "ws"
    folder.mkdir()
    os.chmod(folder, 0o770)
    ws = Workspace.open(folder, clock=FixedClock(NOW))
    init_workspace(ws, name="管理员")
    update_settings(ws, timezone="Asia/Shanghai")
    seed_all(ws)
    return folder


@pytest.fixture
def demo_dir(demo_master: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "demo"
    shutil.copytree(demo_master, folder)
    os.chmod(folder, 0o770)
    return folder


def shard_bytes(folder: Path) -> dict[str, bytes]:
    """What the workspace holds: every shard's bytes (not the lock or temp files)."""
    return {p.name: p.read_bytes() for p in sorted(Path(folder).glob("*.json"))}
