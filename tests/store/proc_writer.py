"""A writer process for test_store_concurrency: `proc_writer.py FOLDER|URL WORKER WRITES PROJECTS GO`.

Waits for the file GO, then makes WRITES store calls: task inserts and task edits
spread over the projects 1..PROJECTS, and every tenth call a member insert into
the directory. Prints one JSON line per returned call: [op, marker, task id].
"""

from __future__ import annotations

import json
import os
import sys
import time


def plan(worker: int, writes: int, projects: int) -> list[tuple[str, str, int]]:
    """(op, marker, project) for each call; the parent uses it to know what to expect."""
    ops = []
    for j in range(writes):
        marker = f"w{worker}-j{j}"
        if j % 10 == 9:
            ops.append(("member", f"w{worker}m{j}", 0))
        elif j % 3 == 0:
            ops.append(("insert", marker, (worker + j) % projects + 1))
        else:
            ops.append(("edit", marker, 0))
    return ops


def main(folder: str, worker: int, writes: int, projects: int, go: str) -> None:
    from store.people import members as people
    from store.projects import tasks
    from store.core.locate import open_workspace

    ws = open_workspace(folder)  # a folder or a database
    open(f"{go}.ready-{worker}", "w").close()
    deadline = time.monotonic() + 60
    while not os.path.exists(go):
        if time.monotonic() > deadline:
            raise SystemExit("no go signal")
        time.sleep(0.002)
    mine: list[str] = []
    out = sys.stdout
    for n, (op, marker, pid) in enumerate(plan(worker, writes, projects)):
        if op == "member":
            people.add_member(ws, marker, f"Worker {worker} 成员 {n}")
            tid = ""
        elif op == "insert":
            tid = tasks.add_task(ws, pid, marker, owner="alice", due="2024-12-31")["id"]
            mine.append(tid)
        else:
            tid = mine[n % len(mine)]
            tasks.edit_task(ws, tid, title=marker, priority=("high", "low")[n % 2])
        out.write(json.dumps([op, marker, tid]) + "\n")
    out.flush()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5])
