"""The store write against plain TinyDB, the 1,000-task project and a long history: the
write figures of `python -m bench` (bench/suite.py)."""

from __future__ import annotations

import random
import shutil
import statistics
import time
from pathlib import Path

from . import company as company_mod
from . import store as store_bench


def measure_write(company: company_mod.Company, root: Path, quick: bool) -> dict:
    """`store.projects.tasks.edit_task` on the company workspace (the app's warm caches) against
    `table.update` on one plain TinyDB file with all the same documents, interleaved."""
    from tinydb import TinyDB

    from store.core.clock import FixedClock
    from store.projects.project import list_projects
    from store.projects.tasks import edit_task, project_summary
    from store.core.workspace import Workspace

    t0 = time.perf_counter()
    tiny = root / "tinydb.json"
    ids = build_tinydb(company.folder, tiny)
    print(f"tinydb: one file, {tiny.stat().st_size / 1e6:.1f} MB, the same documents "
          f"({time.perf_counter() - t0:.1f} s)", flush=True)
    ws = Workspace.open(company.folder, clock=FixedClock(company_mod.NOW))
    for project in list_projects(ws):  # as the running app: every project listed
        project_summary(ws, project["id"], ws.today())
    db = TinyDB(tiny)
    table = db.table("tasks")
    rng = random.Random(3)
    keys = list(ids)
    edits, tiny_every = (40, 10) if quick else (300, 10)
    store_ms, tiny_ms = [], []
    for i in range(edits):
        pid, n = rng.choice(keys)
        t = time.perf_counter()
        edit_task(ws, f"{pid}-{n}", title=f"bench edit {i} 任务")
        store_ms.append((time.perf_counter() - t) * 1000)
        if i % tiny_every == tiny_every - 1:
            pid, n = rng.choice(keys)
            t = time.perf_counter()
            table.update({"title": f"tinydb edit {i} 任务"}, doc_ids=[ids[pid, n]])
            tiny_ms.append((time.perf_counter() - t) * 1000)
    db.close()
    result = {"store_ms": store_ms, "tiny_ms": tiny_ms,
              "tiny_mb": tiny.stat().st_size / 1e6,
              "speedup": statistics.median(tiny_ms) / statistics.median(store_ms)}
    print(f"store edit_task: p50 {store_bench.pct(store_ms, 50):.2f} ms, p95 "
          f"{store_bench.pct(store_ms, 95):.2f} ms ({len(store_ms)}); plain TinyDB update: p50 "
          f"{store_bench.pct(tiny_ms, 50):.1f} ms, p95 {store_bench.pct(tiny_ms, 95):.1f} ms "
          f"({len(tiny_ms)})", flush=True)
    result.update(measure_big_and_history(ws, company, ids, rng, 20 if quick else 100, root))
    return result


def measure_big_and_history(ws, company: company_mod.Company, ids: dict, rng: random.Random,
                            edits: int, root: Path) -> dict:
    """big_p50: edits of random tasks of the 1,000-task project (its tables cached by one
    edit first, as in the app once it is open). history_ratio: a project of about a hundred
    tasks and its twin with two more years of updates and audit entries (bench/store.py
    `history_twin`), edited in turn, both cached; the ratio of the medians. The two live in
    a copy of the directory and that project (the company workspace is measured further and
    must keep its hundred projects)."""
    from store.projects.tasks import edit_task

    big = [n for pid, n in ids if pid == company.big_project]
    edit_task(ws, f"{company.big_project}-{big[0]}", title="warm-up 任务")
    big_ms = []
    for i in range(edits):
        t = time.perf_counter()
        edit_task(ws, f"{company.big_project}-{rng.choice(big)}", title=f"big edit {i} 任务")
        big_ms.append((time.perf_counter() - t) * 1000)
    sizes: dict[int, int] = {}
    for pid, _ in ids:
        sizes[pid] = sizes.get(pid, 0) + 1
    one = min((pid for pid in sizes if pid != company.big_project),
              key=lambda pid: abs(sizes[pid] - 100))
    folder = root / "history"
    folder.mkdir()
    for path in (*company.folder.glob("directory.j*"), *company.folder.glob(f"project-{one}.j*")):
        shutil.copy2(path, folder / path.name)
    three = store_bench.history_twin(type(ws).open(folder, clock=ws.clock), one)
    # as the app would: both shards read from their files (the writer of the twin holds its
    # tables as it built them)
    ws = type(ws).open(folder, clock=ws.clock)
    numbers = [n for pid, n in ids if pid == one]
    samples: dict[int, list[float]] = {one: [], three: []}
    for i in range(edits + 1):
        for pid in (one, three) if i % 2 else (three, one):
            t = time.perf_counter()
            edit_task(ws, f"{pid}-{rng.choice(numbers)}", title=f"history edit {i} 任务")
            samples[pid].append((time.perf_counter() - t) * 1000)
    for runs in samples.values():
        del runs[0]  # the first edit of each parses its shard
    files = {pid: sum(p.stat().st_size for p in folder.glob(f"project-{pid}.j*"))
             for pid in samples}
    ratio = statistics.median(samples[three]) / statistics.median(samples[one])
    print(f"1,000-task project: edit p50 {store_bench.pct(big_ms, 50):.2f} ms, p95 "
          f"{store_bench.pct(big_ms, 95):.2f} ms ({len(big_ms)}); project {one} "
          f"({files[one] / 1e6:.1f} MB) against its twin with three years of history "
          f"({files[three] / 1e6:.1f} MB): p50 {statistics.median(samples[one]):.2f} / "
          f"{statistics.median(samples[three]):.2f} ms, history_ratio {ratio:.2f}", flush=True)
    return {"big_ms": big_ms, "big_p50": store_bench.pct(big_ms, 50), "history_ratio": ratio,
            "history_ms": {"one": samples[one], "three": samples[three]}}


def build_tinydb(folder: Path, path: Path) -> dict[tuple[int, int], int]:
    """Every document of the workspace in one plain TinyDB file (default JSONStorage): one
    table per kind of record, each document with the shard it came from."""
    from tinydb import TinyDB

    from store.core.workspace import Workspace

    ws = Workspace(folder)
    tables: dict[str, list[dict]] = {}
    task_keys: list[tuple[int, int]] = []
    for name in ws.shard_names():
        kind = name.split("-")[0]
        for table, docs in ws.shard(name).load().items():
            rows = tables.setdefault(f"{kind}.{table}" if table != "tasks" else "tasks", [])
            for doc_id, doc in docs.items():
                rows.append({**doc, "shard": name, "number": int(doc_id)})
                if table == "tasks":
                    task_keys.append((int(name.split("-")[1]), int(doc_id)))
    db = TinyDB(path)
    ids: dict[tuple[int, int], int] = {}
    for table, rows in tables.items():
        inserted = db.table(table).insert_multiple(rows)
        if table == "tasks":
            ids = dict(zip(task_keys, inserted))
    db.close()
    return ids
