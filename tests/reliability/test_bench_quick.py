"""`python -m bench --quick`: the whole benchmark on a small workspace, so that it cannot rot
(the real run is `python -m bench`, several minutes; its table is docs/benchmarks.md)."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from rel_helpers import REPO

KEYS = ("write_p50_ms", "write_p95_ms", "big_write_p50_ms", "history_ratio", "write_speedup",
        "propagation_p95_ms", "start_ratio", "first_action_max_ms", "slowest_action_ms",
        "rss_mb", "cli_vs_taskwarrior")
RESULT = re.compile("RESULT " + " ".join(rf"{key}=([\d.]+|skipped)" for key in KEYS))


def test_the_benchmark_runs_and_ends_with_its_result_line():
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("HUDDLE_NOW", None)
    done = subprocess.run([sys.executable, "-m", "bench", "--quick", "--no-doc"], cwd=str(REPO),
                          env=env, capture_output=True, text=True, timeout=170)
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.strip().splitlines()
    match = RESULT.fullmatch(lines[-1])
    assert match, lines[-5:]
    figures = dict(zip(KEYS, match.groups()))
    measured_here = ("write_p50_ms", "write_p95_ms", "write_speedup", "propagation_p95_ms",
                     "start_ratio",
                     "first_action_max_ms", "slowest_action_ms", "rss_mb")
    assert all(float(figures[key]) > 0 for key in measured_here), figures
    out = done.stdout
    for shown in ("== write", "cold start: huddle", "the standup, 50-member team",
                  "the war room, 300 incidents", "a knowledge-base search", "huddle task update",
                  "propagation, both screens: p95"):
        assert shown in out, shown
    assert "benchmark data does not match what the store writes" not in out + done.stderr


def test_the_store_benchmark_keeps_its_own_result_line():
    """`python -m bench store` (the foundation's) still ends as it did; tests/store runs it."""
    done = subprocess.run([sys.executable, "-m", "bench", "--help"], cwd=str(REPO),
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "store" in done.stdout and "all" in done.stdout
