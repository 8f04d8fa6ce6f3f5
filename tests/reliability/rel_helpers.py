"""Helpers of the reliability tests (a plain module: tests/reliability is on sys.path; the
fixtures are in conftest.py). Reuses the store tests' helpers (tests/store/stkit.py)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from stkit import REPO, python, snapshot  # noqa: E402,F401  (re-exported: the store helpers)

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
    "emoji": "🚀🔥 ship it 👩\u200d💻",
    "bad-date": "2024-02-30",
    "percent": "150%",
    "cron": "*/0 25 * * 8",
}


def shard_bytes(folder: Path) -> dict[str, bytes]:
    """What the workspace holds: every shard's snapshot and journal bytes (not the lock or
    temp files)."""
    return {p.name: p.read_bytes() for p in sorted(Path(folder).iterdir())
            if p.suffix in (".json", ".journal")}
