"""A writer killed with SIGKILL at random points, 200 times: the workspace always opens,
every shard parses, and every write whose call returned is there. The temp files the
killed writers leave are swept once they are old."""

from __future__ import annotations

import json
import os
import time

from stkit import python, temp_files

from store.projects import project as projects
from store.core.workspace import Workspace

ROUNDS = 200


def test_sigkill_during_compactions(workspace):
    """The same with a journal compacted every few writes: kills land inside compactions
    (a new snapshot renamed, its journal not yet removed) and no reported write is lost."""
    for pid in (1, 2):
        projects.create_project(workspace, f"压缩测试 {pid}", pm="bob", initiator_dept="Product",
                                lead_dept="Engineering", goal="g", due="2024-12-31")
    result = python("proc_crash.py", str(workspace.folder), str(ROUNDS // 2), "11", "compact",
                    timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    summary = json.loads(result.stdout)
    print(f"\n{ROUNDS // 2} SIGKILL rounds with compactions: {summary}")
    assert summary["failures"] == []
    assert summary["writes"] > ROUNDS // 2 and summary["compacted"] > ROUNDS // 10


def test_sigkill_at_random_points(workspace):
    for pid in (1, 2):
        projects.create_project(workspace, f"崩溃测试 {pid}", pm="bob", initiator_dept="Product",
                                lead_dept="Engineering", goal="g", due="2024-12-31")
    started = time.monotonic()
    result = python("proc_crash.py", str(workspace.folder), str(ROUNDS), "7", timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    summary = json.loads(result.stdout)
    elapsed = time.monotonic() - started
    print(f"\n{ROUNDS} SIGKILL rounds: {summary} in {elapsed:.1f} s")
    assert summary["failures"] == []
    assert summary["rounds"] == ROUNDS
    assert summary["writes"] > ROUNDS               # the writers got real work done …
    # … and were killed inside a commit too: mid-append (a torn journal tail) or mid-snapshot
    assert summary["mid_write"] + summary["torn"] > 0
    assert summary["empty_rounds"] < ROUNDS // 3

    # The killed writers' temp files go once they are old enough not to be in use.
    leftovers = temp_files(workspace.folder)
    left = summary["temp_left"]                      # each killed writer's, when first seen
    assert set(leftovers) <= set(left)
    swept = set(left) - set(leftovers)                  # by a later writer: only once 60 s old
    assert all(time.time() - left[name] >= 59 for name in swept), swept
    young = [n for n in leftovers
             if time.time() - (workspace.folder / n).stat().st_mtime < 50]
    Workspace.open(workspace.folder)
    assert set(young) <= set(temp_files(workspace.folder))  # still young: kept
    leftovers = temp_files(workspace.folder)
    old = time.time() - 120
    for name in leftovers:
        os.utime(workspace.folder / name, (old, old))
    Workspace.open(workspace.folder)
    assert temp_files(workspace.folder) == []
