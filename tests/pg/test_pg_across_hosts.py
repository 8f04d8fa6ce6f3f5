"""Across hosts, simulated (issue 13 point 7): two app processes on two connections — TCP to
127.0.0.1 and the Unix socket — watch incident 1 while a third process, bob, logs notes.
Each app draws every note within 1 s, and within 200 ms at the 95th percentile, measured
on what its timeline draws (tests/pg/proc_incident_watch.py) from the writer's commit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.usefixtures("backend")  # "postgres" (tests/pg/conftest.py)
WATCHER = Path(__file__).with_name("proc_incident_watch.py")
NOTES = 10
PREFIX = "across"
WRITER = r"""
import sys, time
from store.core.clock import FixedClock
from store.core.locate import open_workspace
from store.warroom import incidents
ws = open_workspace(sys.argv[1], clock=FixedClock("2024-09-02T02:05:00+00:00"))
for i in range(int(sys.argv[2])):
    time.sleep(0.25)
    incidents.log_note(ws, 1, f"{sys.argv[3]} {i}.")
    print(time.time(), flush=True)
"""


def _spawn(*argv: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, *argv], cwd=ROOT, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT), "LC_ALL": "C.UTF-8"},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_two_apps_on_two_connections_see_every_note(workspace, clock, pg_cluster, pg_database):
    from store.warroom import incidents
    inc = incidents.declare(workspace.acting_as("alice"), "跨主机 incident", severity_level="S1",
                            impact="all users", measures="none yet")
    assert inc["id"] == "INC-1"
    watchers = {how: _spawn(str(WATCHER), pg_cluster.url(pg_database, tcp=(how == "tcp")),
                            PREFIX, str(NOTES)) for how in ("tcp", "socket")}
    writer = None
    try:
        for how, proc in watchers.items():
            line = proc.stdout.readline().strip()
            assert line == "ready", (how, line, proc.stderr.read() if proc.poll() else "")
        writer = _spawn("-c", WRITER, pg_cluster.url(pg_database, "bob", tcp=True),
                        str(NOTES), PREFIX)
        out, err = writer.communicate(timeout=60)
        assert writer.returncode == 0, err
        committed = [float(line) for line in out.split()]
        assert len(committed) == NOTES
        lags: dict[str, list[float]] = {}
        for how, proc in watchers.items():
            out, err = proc.communicate(timeout=30)
            drawn = {row["i"]: row["at"] for row in map(json.loads, out.split("\n")[:-1])}
            assert sorted(drawn) == list(range(NOTES)), (how, drawn, err[-2000:])
            lags[how] = sorted(drawn[i] - committed[i] for i in range(NOTES))
    finally:
        for proc in [*watchers.values(), writer]:
            if proc is not None and proc.poll() is None:
                proc.kill()
                proc.wait()
    p95 = {how: lag[int(len(lag) * 0.95) - 1] for how, lag in lags.items()}
    print("lags (s):", json.dumps({how: [round(x, 3) for x in lag] for how, lag in lags.items()}))
    for how, lag in lags.items():
        assert lag[-1] < 1.0, (how, lag)  # every note, within 1 s
    for how, value in p95.items():
        assert value < 0.2, (how, lags[how])
