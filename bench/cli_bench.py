"""`huddle task update` as a whole process against Taskwarrior's `task N modify`.

    python -m bench cli [--quick] [--workspace DIR] [--runs N]

Huddle: the `huddle` console script of this environment records a progress
update (`huddle task update ID --progress N --done TEXT --as OWNER`) on an open
task of the company workspace (10,000 tasks): each run picks a random open task
of an active project, so that the big project is hit as often as a user would
hit it. Taskwarrior: the same number of tasks imported into a fresh TASKDATA,
each run `task N modify` on a random pending task. Runs are interleaved, each a
fresh process timed from start to exit; median. Where `task` is not installed, the
set-up installs the Debian package `taskwarrior` if it runs as root with apt-get;
where it cannot, the comparison is skipped with a note.

The last line is `RESULT cli_vs_taskwarrior=<huddle_ms / task_ms>` (or `skipped`).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from . import company as company_mod
from .app_bench import REPO, child_env, compile_bytecode, load_or_build


def huddle_command() -> list[str]:
    script = Path(sys.executable).with_name("huddle")
    return [str(script)] if script.exists() else [sys.executable, "-m", "tui.cli"]


def open_tasks(company: company_mod.Company) -> list[tuple[str, str]]:
    """(task id, owner) of the open, started tasks of active projects."""
    from store.projects.project import list_projects, shard_name
    from store.core.workspace import Workspace
    ws = Workspace.open(company.folder)
    today = company_mod.NOW[:10]
    found = []
    for project in list_projects(ws):
        if project["state"] not in ("kicked_off", "in_progress", "delivered"):
            continue
        for number, doc in ws.shard(shard_name(project["id"])).load().get("tasks", {}).items():
            if doc["state"] == "open" and doc["start"] <= today:
                found.append((f"{project['id']}-{number}", doc["owner"]))
    return found


def find_or_install_taskwarrior() -> str | None:
    """`task`; where it is missing, the Debian package is installed when this process may
    (root with apt-get, as .ci/run does). None (a skip with a note) where it cannot be had."""
    task = shutil.which("task")
    if task is None and shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        print("installing the Debian package taskwarrior for the reference…", flush=True)
        for step in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq",
                                                     "taskwarrior"]):
            try:
                subprocess.run(step, capture_output=True, timeout=600,
                               env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
            except (OSError, subprocess.SubprocessError):
                break
        task = shutil.which("task")
    return task


def setup_taskwarrior(root: Path, count: int) -> dict[str, str] | None:
    """A TASKDATA with `count` pending tasks (imported in one go); None without `task`."""
    task = find_or_install_taskwarrior()
    if task is None:
        return None
    data = root / "taskdata"
    data.mkdir(parents=True)
    rc = root / "taskrc"
    rc.write_text(f"data.location={data}\nconfirmation=off\nverbose=nothing\nnews.version=9.9.9\n")
    rng = random.Random(5)
    tasks = [{"uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
              "description": f"{rng.choice(company_mod.VERBS)}{rng.choice(company_mod.NOUNS)} #{i}",
              "status": "pending", "entry": "20260101T010000Z", "project": f"p{i % 100}",
              "priority": rng.choice(("H", "M", "L")), "due": "20261231T000000Z"}
             for i in range(count)]
    source = root / "tasks.json"
    source.write_text(json.dumps(tasks, ensure_ascii=False))
    env = {"TASKRC": str(rc), "PATH": "/usr/bin:/bin", "HOME": str(root)}
    subprocess.run([task, "import", str(source)], env=env, check=True, capture_output=True)
    count_out = subprocess.run([task, "status:pending", "count"], env=env, check=True,
                               capture_output=True, text=True).stdout.strip()
    if int(count_out or 0) != count:
        raise RuntimeError(f"taskwarrior imported {count_out} tasks, expected {count}")
    return {**env, "TASK": task}


def run_timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=str(REPO))
    ms = (time.perf_counter() - start) * 1000
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:3])}… failed ({result.returncode}): "
                           f"{result.stderr[-2000:]}")
    return ms


def measure(company: company_mod.Company, runs: int, root: Path) -> dict:
    rng = random.Random(11)
    candidates = open_tasks(company)
    big = [c for c in candidates if c[0].startswith(f"{company.big_project}-")]
    tw = setup_taskwarrior(root, company.counts["tasks"])
    env = child_env()
    huddle = huddle_command()

    def update(task_id: str, owner: str, i: int) -> float:
        return run_timed([*huddle, "--workspace", str(company.folder), "task", "update", task_id,
                          "--progress", str(10 + i % 80), "--done", f"bench {i}", "--as", owner],
                         env)

    update(*candidates[0], 0)  # warm the OS file cache once, as for Taskwarrior below
    huddle_ms, big_ms, task_ms = [], [], []
    if tw:
        run_timed([tw["TASK"], "1", "modify", "priority:L"], tw)
    for i in range(runs):
        huddle_ms.append(update(*rng.choice(candidates), i))
        if big:
            big_ms.append(update(*rng.choice(big), i))
        if tw:
            n = rng.randrange(1, company.counts["tasks"] + 1)
            task_ms.append(run_timed([tw["TASK"], str(n), "modify", f"priority:{'HML'[i % 3]}",
                                      f"+bench{i % 5}"], tw))
    ratio = statistics.median(huddle_ms) / statistics.median(task_ms) if task_ms else None
    version = subprocess.run([tw["TASK"], "--version"], env=tw, capture_output=True,
                             text=True).stdout.strip() if tw else None
    return {"huddle_ms": huddle_ms, "big_ms": big_ms, "task_ms": task_ms, "ratio": ratio,
            "taskwarrior": version, "tasks": company.counts["tasks"]}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench cli", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small workspace, few runs")
    parser.add_argument("--workspace", metavar="DIR", help="a workspace from `bench company --keep`")
    parser.add_argument("--runs", type=int, default=None)
    args = parser.parse_args(argv)
    compile_bytecode()
    tmp = Path(tempfile.mkdtemp(prefix="huddle-bench-cli-"))
    try:
        company = load_or_build(args.workspace, tmp, args.quick)
        result = measure(company, args.runs or (3 if args.quick else 21), tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print_cli(result)
    print("RESULT cli_vs_taskwarrior="
          + (f"{result['ratio']:.2f}" if result["ratio"] is not None else "skipped"))
    return 0


def print_cli(result: dict) -> None:
    med = statistics.median
    line = f"huddle task update: median {med(result['huddle_ms']):.0f} ms (random open task)"
    if result["big_ms"]:
        line += f", {med(result['big_ms']):.0f} ms on the 1,000-task project"
    print(line)
    if result["task_ms"]:
        print(f"{result['taskwarrior'] or 'task'} modify on {result['tasks']} tasks: median "
              f"{med(result['task_ms']):.0f} ms")
    else:
        print("Taskwarrior is not installed and could not be (as root: apt-get install "
              "taskwarrior): comparison skipped")
