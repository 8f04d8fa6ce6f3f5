"""16 processes × 200 store writes into one workspace at once, with a reader looking all along.

Plain TinyDB corrupts its file or loses updates under this load (DESIGN.md); the store
must keep every write whose call returned, and every shard must parse at every instant.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import defaultdict

import pytest

from proc_writer import plan
from stkit import HERE, REPO

from store.people import members as people
from store.projects import project as projects, tasks
from store.core.locate import open_workspace
from store.core.workspace import AUDIT, DIRECTORY

WORKERS, WRITES, PROJECTS = 16, 200, 8
DB_WRITES = 50  # on PostgreSQL: the same 16 writers, a quarter of the calls (the suite's time)


def spawn(script: str, *args: object) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.Popen([sys.executable, str(HERE / script), *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def wait_for(paths, timeout=60.0):
    deadline = time.monotonic() + timeout
    while not all(os.path.exists(p) for p in paths):
        assert time.monotonic() < deadline, "the helper processes did not start"
        time.sleep(0.01)


@pytest.mark.usefixtures("backend")  # on the folder and on PostgreSQL
def test_sixteen_writers_and_a_reader(workspace, tmp_path, backend):
    writes = WRITES if backend == "folder" else DB_WRITES
    for pid in range(1, PROJECTS + 1):
        projects.create_project(workspace, f"并发项目 {pid}", pm="bob", initiator_dept="Product",
                                lead_dept="Engineering", goal="g", due="2024-12-31")
    folder = getattr(workspace, "location", None) or workspace.folder  # or a database
    go, stop = tmp_path / "go", tmp_path / "stop"
    started = time.monotonic()
    reader = spawn("proc_reader.py", folder, stop)
    writers = [spawn("proc_writer.py", folder, w, writes, PROJECTS, go) for w in range(WORKERS)]
    wait_for([f"{go}.ready-{w}" for w in range(WORKERS)] + [f"{stop}.ready"])
    go.touch()
    results = []
    for w, proc in enumerate(writers):
        out, err = proc.communicate(timeout=240)
        assert proc.returncode == 0, f"writer {w} failed:\n{err[-3000:]}"
        results.append([json.loads(line) for line in out.splitlines()])
    stop.touch()
    out, err = reader.communicate(timeout=60)
    assert reader.returncode == 0, err[-3000:]
    seen = json.loads(out)
    elapsed = time.monotonic() - started

    # The reader never saw a torn or unparsable shard, and it really looked.
    assert seen["errors"] == []
    assert seen["loads"] > 100, seen

    # Every call returned, in the planned order.
    for w, reported in enumerate(results):
        assert [(op, marker) for op, marker, _ in reported] == \
            [(op, marker) for op, marker, _ in plan(w, writes, PROJECTS)]
    assert sum(map(len, results)) == WORKERS * writes

    ws = open_workspace(folder, clock=workspace.clock)
    # Every write is present: members, inserted tasks, and each task's last edit.
    logins = {m["login"] for m in people.list_members(ws)}
    final_title, inserted = {}, defaultdict(int)
    for reported in results:
        for op, marker, tid in reported:
            if op == "member":
                assert marker in logins
            else:
                final_title[tid] = marker
                inserted[tid] += op == "insert"
    assert all(n == 1 for n in inserted.values())
    all_tasks = {t["id"]: t for t in tasks.list_tasks(ws)}
    assert len(all_tasks) == len(final_title) == sum(
        1 for reported in results for op, _, _ in reported if op == "insert")
    assert {tid: t["title"] for tid, t in all_tasks.items()} == final_title

    # … and each has exactly one audit entry, in the shard it changed.
    audited = defaultdict(int)
    for name in [DIRECTORY] + [projects.shard_name(p) for p in range(1, PROJECTS + 1)]:
        for entry in ws.rows(name, AUDIT):
            detail = entry.get("detail") or {}
            key = entry["target"] if entry["action"] == "member.add" else detail.get("title")
            audited[(entry["action"], key)] += 1
    for reported in results:
        for op, marker, _ in reported:
            action = {"member": "member.add", "insert": "task.add", "edit": "task.edit"}[op]
            assert audited[(action, marker)] == 1, (action, marker)
    # Revisions count the writes exactly: one per transaction, none lost or repeated.
    for p in range(1, PROJECTS + 1):
        name = projects.shard_name(p)
        assert ws.shard(name).rev == len(ws.rows(name, AUDIT))
    print(f"\n{WORKERS * writes:,} writes by {WORKERS} processes + reader ({seen['loads']} shard loads): "
          f"{elapsed:.1f} s")
