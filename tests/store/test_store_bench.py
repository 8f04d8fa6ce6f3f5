"""`python -m bench` runs; the store benchmark ends with its RESULT line (small data here;
the real run is `python -m bench store`)."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from stkit import REPO


def run(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([sys.executable, "-m", "bench", *args], cwd=str(REPO), env=env,
                          capture_output=True, text=True, timeout=120)


def test_store_benchmark_small():
    result = run("store", "--scale", "0.02", "--tinydb-edits", "5", "--cold-edits", "5")
    assert result.returncode == 0, result.stderr
    last = result.stdout.strip().splitlines()[-1]
    match = re.fullmatch(r"RESULT store_edit_p50_ms=([\d.]+) tinydb_edit_p50_ms=([\d.]+) "
                         r"speedup=([\d.]+)", last)
    assert match, last
    store_ms, tiny_ms, speedup = map(float, match.groups())
    assert store_ms > 0 and tiny_ms > 0 and abs(speedup - tiny_ms / store_ms) < 0.1
    assert "store edit_task (warm)" in result.stdout and "2 projects, 200 tasks" in result.stdout


def test_dispatcher():
    assert "store" in run("--help").stdout
    unknown = run("nope")
    assert unknown.returncode == 2 and "unknown benchmark" in unknown.stderr
