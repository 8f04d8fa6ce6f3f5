"""The company workspace on PostgreSQL: a task edit, and how soon another process sees it.

    python -m bench pg [--quick] [--workspace DIR] [--edits N] [--waits N]

Needs root, PostgreSQL's `initdb`/`pg_ctl` and psycopg (`pip install 'huddle[postgres]'`): it
starts a throw-away cluster as the `postgres` account exactly as the tests do (tests/pgkit.py:
a temp folder, a Unix socket, fsync off), migrates the company workspace into it
(`huddle migrate`, as the tables' owner) and measures, as the OS account's role (the company's
admin):

- `edit_task` on random tasks, on the database and on the folder, interleaved (so both meet
  the same load), each after the app's warm-up (every project listed);
- propagation: a second process waits with `ws.wait_changes` (LISTEN) and reads the changed
  shard again; the time from the start of the edit in this process to that read being done
  there (so it includes the edit itself: the figure is conservative).

Kept apart from `python -m bench` (which must not need a server). Targets (issue 13): edit
p50 <= 5 ms, p95 <= 15 ms, propagation p95 <= 200 ms. The last line is
`RESULT pg_edit_p50_ms=… pg_edit_p95_ms=… pg_propagation_p95_ms=… folder_edit_p50_ms=…`.
"""

from __future__ import annotations

import argparse
import os
import random
import select
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import app_bench
from . import company as company_mod
from .store import pct

TESTS = Path(__file__).resolve().parent.parent / "tests"  # tests/pgkit.py: the cluster
TARGETS = {"pg_edit_p50_ms": 5, "pg_edit_p95_ms": 15, "pg_propagation_p95_ms": 200}


def main(argv: list[str], cluster=None) -> int:
    """`cluster`: one already started (the tests' session cluster), used and left running."""
    parser = argparse.ArgumentParser(prog="python -m bench pg", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="a small workspace, few edits")
    parser.add_argument("--workspace", metavar="DIR",
                        help="a company workspace from `python -m bench company --keep DIR` "
                             "(the folder edits change it)")
    parser.add_argument("--edits", type=int, default=None, help="edits per backend (300)")
    parser.add_argument("--waits", type=int, default=None, help="propagations timed (100)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(TESTS))
    import pgkit
    reason = None if cluster else pgkit.unavailable()
    if reason:
        print(f"python -m bench pg: {reason}", file=sys.stderr)
        return 1
    edits = args.edits or (30 if args.quick else 300)
    waits = args.waits or (10 if args.quick else 100)
    tmp = Path(tempfile.mkdtemp(prefix="huddle-bench-pg-"))
    own = cluster is None
    cluster = cluster or pgkit.Cluster()
    try:
        company = app_bench.load_or_build(args.workspace, tmp, args.quick)
        if own:
            started = time.perf_counter()
            cluster.start()
            print(f"cluster: PostgreSQL in {cluster.root} "
                  f"({time.perf_counter() - started:.1f} s)", flush=True)
        result = run(company, cluster, edits, waits)
    finally:
        if own:
            cluster.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    for key, target in TARGETS.items():
        verdict = "met" if result[key] <= target else "NOT met"
        print(f"{key}: {result[key]:.2f} (target <= {target}: {verdict})")
    print("RESULT " + " ".join(f"{key}={value:.2f}" for key, value in result.items()))
    return 0


def run(company: company_mod.Company, cluster, edits: int, waits: int) -> dict:
    """The figures, on `cluster` (tests/pgkit.py, started): the company migrated into a new
    database of it."""
    from store.core.clock import FixedClock
    from store.core.locate import open_workspace
    from store.core.workspace import Workspace
    from store.postgres.migrate import migrate
    from store.projects.tasks import edit_task

    dbname = f"bench_{os.getpid()}"
    with cluster.connect("postgres") as conn:
        conn.execute(f"CREATE DATABASE {dbname} TEMPLATE template0")
    started = time.perf_counter()
    copied = migrate(str(company.folder), cluster.url(dbname, "postgres"))
    print(f"migrate: {copied.shards} shards, {copied.documents} documents, {copied.audit} "
          f"audit entries into the database ({time.perf_counter() - started:.1f} s)", flush=True)
    url = cluster.url(dbname)  # the OS account's role: the company's admin
    clock = FixedClock(company_mod.parse_instant(company_mod.NOW))
    folder_ws = Workspace.open(company.folder, clock=clock)
    pg_ws = open_workspace(url, clock=clock)
    keys = task_keys(folder_ws)
    for ws in (folder_ws, pg_ws):
        warm_up(ws)
    rng = random.Random(13)
    pg_ms, folder_ms = [], []
    for i in range(edits):
        for ws, samples in ((pg_ws, pg_ms), (folder_ws, folder_ms)):
            pid, n = rng.choice(keys)
            t = time.perf_counter()
            edit_task(ws, f"{pid}-{n}", title=f"bench edit {i} 任务")
            samples.append((time.perf_counter() - t) * 1000)
    print(f"edit_task: database p50 {pct(pg_ms, 50):.2f} ms, p95 {pct(pg_ms, 95):.2f} ms; "
          f"folder p50 {pct(folder_ms, 50):.2f} ms, p95 {pct(folder_ms, 95):.2f} ms "
          f"({edits} each)", flush=True)
    seen = propagation(pg_ws, url, keys, waits, rng)
    print(f"propagation (edit started here -> the other process has read the shard again): "
          f"p50 {pct(seen, 50):.1f} ms, p95 {pct(seen, 95):.1f} ms, max {max(seen):.1f} ms "
          f"({len(seen)})", flush=True)
    pg_ws.close()
    cluster.drop_database(dbname)
    return {"pg_edit_p50_ms": pct(pg_ms, 50), "pg_edit_p95_ms": pct(pg_ms, 95),
            "pg_propagation_p95_ms": pct(seen, 95), "folder_edit_p50_ms": pct(folder_ms, 50)}


def task_keys(ws) -> list[tuple[int, int]]:
    keys = []
    for name in ws.shard_names("project-"):
        pid = name.split("-", 1)[1]
        if pid.isdigit():
            keys += [(int(pid), int(doc_id)) for doc_id in ws.table(name, "tasks")]
    return keys


def warm_up(ws) -> None:
    """As the running app: its first screen has summarised every project."""
    from store.projects.project import list_projects
    from store.projects.tasks import project_summary
    for project in list_projects(ws):
        project_summary(ws, project["id"], ws.today())


def propagation(ws, url: str, keys: list, waits: int, rng: random.Random) -> list[float]:
    """Edit here; a watcher process (`watch`, below) reports when it has read the change."""
    from store.projects.tasks import edit_task
    watcher = subprocess.Popen([sys.executable, "-m", "bench.pg_bench", "--watch", url],
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, text=True,
                               cwd=str(TESTS.parent), bufsize=1)
    samples = []
    try:
        if _line(watcher, 30) != "ready":
            raise SystemExit("the watcher process did not start")
        for i in range(waits):
            time.sleep(rng.uniform(0.02, 0.08))  # commits apart, as people's are
            pid, n = rng.choice(keys)
            t = time.monotonic()
            edit_task(ws, f"{pid}-{n}", title=f"seen elsewhere {i}")
            while True:
                line = _line(watcher, 5)
                if line is None:
                    raise SystemExit(f"the watcher did not see edit {i} within 5 s")
                name, at = line.split()
                if name == f"project-{pid}":
                    samples.append((float(at) - t) * 1000)
                    break
    finally:
        watcher.terminate()
        watcher.wait(10)
    return samples


def _line(process: subprocess.Popen, timeout: float) -> str | None:
    ready, _, _ = select.select([process.stdout], [], [], timeout)
    return process.stdout.readline().strip() if ready else None


def watch(url: str) -> None:
    """The other process: wait for changes (LISTEN), read each changed shard again, print
    "<shard> <monotonic time>" once it is read."""
    from store.core.locate import open_workspace
    import store.people  # noqa: F401  (sets the workspace policy)
    ws = open_workspace(url)
    token = ws.wait_changes(None, 0).token
    print("ready", flush=True)
    while True:
        found = ws.wait_changes(token, 10)
        token = found.token
        for name in sorted(found.changed):
            ws.table(name, "tasks")
            print(name, time.monotonic(), flush=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--watch"]:
        watch(sys.argv[2])
    else:
        sys.exit(main(sys.argv[1:]))
