"""One task edit: Huddle's sharded store against plain TinyDB, on the same documents.

    python -m bench store [--edits N] [--tinydb-edits N] [--keep DIR] [--scale F]

Builds, in a temporary folder, a workspace of 100 projects, 10,000 tasks, 50
members and 50,000 progress records (written straight through the storage
layer, one commit per shard), and a plain TinyDB file (default JSONStorage)
holding the same documents. Then it times:

- store: `store.projects.tasks.edit_task(ws, id, title=...)` on random tasks, the full
  API call (validation, permission check, locked transaction, audit entry,
  one record appended to the shard's journal and fdatasync'd, reading the task
  back), with the shards cached as
  they are in the running app after its first screen;
- store, cold: the same call from a freshly opened workspace (nothing cached,
  like one `huddle task edit` command);
- tinydb: `db.table("tasks").update({"title": ...}, doc_ids=[id])`, one after every
  few store edits (interleaved, so that both meet the same background load).

The last line is `RESULT store_edit_p50_ms=<x> tinydb_edit_p50_ms=<y> speedup=<y/x>`.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from tinydb import TinyDB

from store.core.identity import os_login
from store.projects.project import list_projects, shard_name
from store.projects.tasks import edit_task, project_summary
from store.core.workspace import AUDIT, DIRECTORY, Workspace

from . import data as datagen


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench store", description=__doc__.split("\n")[0])
    parser.add_argument("--edits", type=int, default=300, help="store edits to time (>= 200)")
    parser.add_argument("--cold-edits", type=int, default=50, help="edits from a fresh workspace")
    parser.add_argument("--tinydb-edits", type=int, default=30,
                        help="plain TinyDB edits to time (each rewrites the whole file)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--scale", type=float, default=1.0,
                        help="data size factor (1.0: 100 projects, 10,000 tasks, 50,000 records)")
    parser.add_argument("--keep", metavar="DIR", help="build in DIR and keep it")
    args = parser.parse_args(argv)
    if args.edits < 200:
        parser.error("--edits must be at least 200")

    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="huddle-bench-"))
    try:
        return run(root, args)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


def run(root: Path, args: argparse.Namespace) -> int:
    started = time.perf_counter()
    admin = os_login()
    load = os.getloadavg()[0]
    data = datagen.build(admin, projects=max(1, round(100 * args.scale)),
                         tasks=max(1, round(10_000 * args.scale)),
                         progress=max(1, round(50_000 * args.scale)))
    print(f"data: {len(data.projects)} projects, {data.task_count} tasks, "
          f"{len(data.members)} members, {data.progress_count} progress records "
          f"({time.perf_counter() - started:.1f} s)", flush=True)

    t0 = time.perf_counter()
    folder = root / "workspace"
    build_store(folder, data)
    store_bytes = sum(p.stat().st_size for p in folder.glob("*.json"))
    print(f"store: {len(list(folder.glob('*.json')))} shards, {store_bytes / 1e6:.1f} MB "
          f"({time.perf_counter() - t0:.1f} s)", flush=True)

    t0 = time.perf_counter()
    tiny_path = root / "tinydb.json"
    task_doc_ids = build_tinydb(tiny_path, data)
    print(f"tinydb: 1 file, {tiny_path.stat().st_size / 1e6:.1f} MB "
          f"({time.perf_counter() - t0:.1f} s)", flush=True)

    rng = random.Random(args.seed)
    all_tasks = [(pid, n) for pid, tasks in data.tasks.items() for n in range(1, len(tasks) + 1)]

    # The store, as the running app uses it: its first screen has read every project.
    ws = Workspace.open(folder)
    for project in list_projects(ws):
        project_summary(ws, project["id"], ws.today())
    # Plain TinyDB, the same documents in one file with its default JSONStorage.
    db = TinyDB(tiny_path)
    tasks_table = db.table("tasks")

    # Interleaved, so that both see the same machine (other load comes and goes).
    store_ms, tiny_ms = [], []
    per_round = -(-args.edits // args.tinydb_edits)
    for i in range(args.edits):
        pid, n = rng.choice(all_tasks)
        t = time.perf_counter()
        edit_task(ws, f"{pid}-{n}", title=f"store edit {i} 任务")
        store_ms.append((time.perf_counter() - t) * 1000)
        if i % per_round == per_round - 1 or i == args.edits - 1:
            pid, n = rng.choice(all_tasks)
            t = time.perf_counter()
            tasks_table.update({"title": f"tinydb edit {i} 任务"}, doc_ids=[task_doc_ids[pid, n]])
            tiny_ms.append((time.perf_counter() - t) * 1000)
    db.close()

    # The store from cold: a fresh workspace object per edit (one command-line call).
    cold_ms = []
    for i in range(args.cold_edits):
        pid, n = rng.choice(all_tasks)
        t = time.perf_counter()
        edit_task(Workspace.open(folder), f"{pid}-{n}", title=f"cold edit {i}")
        cold_ms.append((time.perf_counter() - t) * 1000)

    check_store(folder, args.edits + args.cold_edits)

    rows = [("store edit_task (warm)", store_ms), ("store edit_task (cold)", cold_ms),
            ("tinydb table.update", tiny_ms)]
    print()
    print(f"{'operation':<26}{'n':>6}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
    for label, samples in rows:
        print(f"{label:<26}{len(samples):>6}{pct(samples, 50):>10.2f}{pct(samples, 95):>10.2f}"
              f"{max(samples):>10.2f}")
    print(f"\ntotal {time.perf_counter() - started:.1f} s on {os.cpu_count()} CPUs, "
          f"Python {sys.version.split()[0]}, load average {load:.1f} at the start")
    x, y = pct(store_ms, 50), pct(tiny_ms, 50)
    print(f"RESULT store_edit_p50_ms={x:.3f} tinydb_edit_p50_ms={y:.3f} speedup={y / x:.1f}")
    return 0


def build_store(folder: Path, data: datagen.Dataset) -> None:
    """Write every shard straight through the storage layer: one locked commit per shard."""
    folder.mkdir(parents=True, mode=0o750)
    ws = Workspace(folder)
    audit = {"1": {"at": "2026-08-01T02:00:00+00:00", "by": data.admin,
                   "action": "bench.build", "target": None}}

    def put(name: str, tables: dict) -> None:
        shard = ws.shard(name)
        with shard.locked() as lease:
            shard.commit(tables, lease)

    put(DIRECTORY, {
        "settings": {"1": {"created_at": "2026-08-01T02:00:00+00:00", "timezone": "Asia/Shanghai"}},
        "members": numbered(data.members),
        "departments": numbered(data.departments),
        "projects": {str(pid): {"name": p["name"], "created_at": p["created_at"]}
                     for pid, p in enumerate(data.projects, 1)},
        AUDIT: audit,
    })
    for pid, project in enumerate(data.projects, 1):
        put(shard_name(pid), {"project": {"1": project}, "tasks": numbered(data.tasks[pid]),
                              "progress": numbered(data.progress[pid]), AUDIT: audit})


def build_tinydb(path: Path, data: datagen.Dataset) -> dict[tuple[int, int], int]:
    """The same documents in one plain TinyDB file; returns (project, n) -> tasks doc_id."""
    db = TinyDB(path)
    db.table("members").insert_multiple(data.members)
    db.table("departments").insert_multiple(data.departments)
    db.table("projects").insert_multiple(data.projects)
    keys, tasks = [], []
    for pid, project_tasks in data.tasks.items():
        for n, task in enumerate(project_tasks, 1):
            keys.append((pid, n))
            tasks.append({**task, "project": pid, "number": n})
    ids = db.table("tasks").insert_multiple(tasks)
    db.table("progress").insert_multiple(r for records in data.progress.values() for r in records)
    db.close()
    return dict(zip(keys, ids))


def check_store(folder: Path, edits: int) -> None:
    """Every timed edit is on disk with its audit entry."""
    ws = Workspace.open(folder)
    audited = sum(1 for name in ws.shard_names("project-")
                  for entry in ws.shard(name).load().get(AUDIT, {}).values()
                  if entry["action"] == "task.edit")
    if audited != edits:
        raise SystemExit(f"store check failed: {audited} task.edit audit entries, expected {edits}")


def numbered(docs: list[dict]) -> dict[str, dict]:
    return {str(i): doc for i, doc in enumerate(docs, 1)}


def pct(samples: list[float], p: int) -> float:
    if len(samples) == 1:
        return samples[0]
    return statistics.quantiles(samples, n=100, method="inclusive")[p - 1] if p != 50 \
        else statistics.median(samples)


# -- a project with a longer history (bench/suite.py: history_ratio) ------------------------
def history_twin(ws: Workspace, pid: int, more_years: int = 2) -> int:
    """A copy of project `pid` with `more_years` more years of daily updates and audit entries
    in front of its own (each a copy of its own, moved back a year at a time), written through
    the storage layer as a new project (its index entry through a transaction); its id."""
    from datetime import timedelta

    from store.core.clock import parse_instant, to_iso
    from store.projects.project import INDEX

    tables = ws.shard(shard_name(pid)).load()
    twin = {name: dict(docs) for name, docs in tables.items()}
    with ws.transaction(DIRECTORY) as tx:
        source = tx.table(INDEX).get(doc_id=pid)
        new = tx.table(INDEX).insert({**source, "name": f"{source['name']} (3 years)"})
        tx.audit("bench.history", new)
    for table in ("progress", AUDIT):
        docs, n = {}, 0
        for back in range(more_years, -1, -1):
            shift = timedelta(days=365 * back)
            for doc in tables.get(table, {}).values():
                n += 1
                moved = dict(doc)
                for key in ("at", "wall"):
                    if back and isinstance(moved.get(key), str):
                        moved[key] = to_iso(parse_instant(moved[key]) - shift)
                if back and isinstance(moved.get("day"), str):
                    moved["day"] = moved["at"][:10]
                docs[str(n)] = moved
        twin[table] = docs
    shard = ws.shard(shard_name(new))
    with shard.locked() as lease:
        shard.commit(twin, lease)
    return new
