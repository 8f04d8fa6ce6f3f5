"""The app at company scale: cold start against a bare Textual app, key press → screen updated.

    python -m bench app [--quick] [--workspace DIR] [--runs N] [--reps N]

- Cold start: `huddle --workspace DIR` in a fresh process (the console script's
  entry point, headless through Pilot) until the Projects screen has painted
  every project, against a bare Textual app (Header, DataTable with as many rows,
  Footer) run the same way; each run a fresh process, runs interleaved, median.
  `start_ratio` = huddle / bare.
- Actions, in one app process: open the 1,000-task project (Enter on the
  Projects screen → its screen shows it with all its tasks), the standup for the
  50-member team (F4 → every member listed, the first one shown), the war room
  with 300 incidents (F5 → every incident listed), a knowledge-base search (the
  last key of a query → the results and their count shown). Each: perf_counter
  from the key press until the target widget shows the data and the screen has
  rendered; several repetitions (an area is built afresh each time), median. The first
  key comes after the same reading pause as every other (1.5 s after the first screen).
- Peak RSS (VmHWM) of that app process after all of it.

The last line is `RESULT start_ratio=<x> first_action_max_ms=<f> slowest_action_ms=<y> rss_mb=<z>`
(first_action_max_ms: the slowest FIRST run of an action).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import company as company_mod

REPO = Path(__file__).resolve().parents[1]
ACTIONS = {  # name -> what the table calls it
    "open_project": "open the 1,000-task project",
    "task_list": "its task list (Tasks tab)",
    "standup": "the standup, 50-member team",
    "warroom": "the war room, 300 incidents",
    "kb_search": "a knowledge-base search",
}


def child_env() -> dict[str, str]:
    """The environment of every measured process: the repository importable, the clock
    pinned (the company workspace is made for it: bench.company), English, and bytecode
    caching on (as in an installed Huddle)."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONDONTWRITEBYTECODE", "HUDDLE_WORKSPACE", "HUDDLE_DEBUG")}
    env.update(PYTHONPATH=str(REPO), HUDDLE_NOW=company_mod.NOW, LC_ALL="C.UTF-8",
               TERM="xterm-256color", COLUMNS="120", LINES="36")
    return env


def compile_bytecode() -> None:
    """What `pip install` does: compile the package once, so no run pays for it."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", "store", "tui", "themes", "bench"],
                   cwd=str(REPO), env=child_env(), check=True, capture_output=True)


def timed_process(args: list[str], timeout: float = 120) -> tuple[float, dict]:
    """Start `python -m bench.app_driver ARGS`; ms until its first line, and that line."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "bench.app_driver", *args], cwd=str(REPO),
                            env=child_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    try:
        line = proc.stdout.readline()  # type: ignore[union-attr]
        ms = (time.perf_counter() - start) * 1000
        proc.wait(timeout=timeout)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    if not line.strip():
        raise RuntimeError(f"app_driver {args[0]} printed nothing:\n{proc.stderr.read()[-3000:]}")
    return ms, json.loads(line)


def measure_start(folder: Path, projects: int, runs: int) -> dict:
    huddle, bare, rss = [], [], []
    timed_process(["start-bare", str(projects)])               # warm the OS file cache once
    timed_process(["start-huddle", str(folder), str(projects)])
    for _ in range(runs):
        ms, _info = timed_process(["start-bare", str(projects)])
        bare.append(ms)
        ms, info = timed_process(["start-huddle", str(folder), str(projects)])
        huddle.append(ms)
        rss.append(info["rss_mb"])
    return {"huddle_ms": huddle, "bare_ms": bare, "huddle_rss_mb": max(rss),
            "ratio": statistics.median(huddle) / statistics.median(bare)}


def action_spec(company: company_mod.Company, reps: int) -> dict:
    """What each action must show, computed here with the store (not in the timed process)."""
    from store.warroom import incidents
    from store.kb import entries as kb
    from store.meetings import standup
    from store.core.clock import FixedClock
    from store.people.members import display_name
    from store.projects.project import get_project
    from store.projects.tasks import project_tasks
    from store.core.workspace import Workspace

    ws = Workspace.open(company.folder, clock=FixedClock(company_mod.NOW))
    big = company.big_project
    team = standup.team(ws, ws.today())
    searches = []
    for query in company.search_terms:
        found = [f"K{e['id']}" for e in kb.search(ws, query)]
        before = [f"K{e['id']}" for e in kb.search(ws, query[:-1])]
        if found[:5] == before[:5] and len(found) == len(before):
            raise RuntimeError(f"the last key of {query!r} does not change the results")
        searches.append((query, len(found), found[:5]))
    return {"now": company_mod.NOW, "projects": company.counts["projects"], "reps": reps,
            "actions": list(ACTIONS), "big_project": big,
            "big_project_name": get_project(ws, big)["name"],
            "big_tasks_rows": len(project_tasks(ws, big)),
            "big_tasks_first": [t["id"] for t in project_tasks(ws, big)[:30]], "team": len(team),
            "first_member_name": display_name(ws, team[0]) if team else "",
            "incidents": len(incidents.incident_numbers(ws)),
            "incidents_first": [i["id"] for i in incidents.list_incidents(ws)[:30]],
            "searches": searches}


def measure_actions(company: company_mod.Company, reps: int, reading: float = 1.5) -> dict:
    """`reading`: seconds between an action's answer and the next key (a person reads)."""
    spec = action_spec(company, reps)
    spec["reading"] = reading
    _ms, info = timed_process(["actions", str(company.folder), json.dumps(spec)], timeout=600)
    medians = {name: statistics.median(runs) for name, runs in info["results"].items()}
    return {"spec": spec, "runs": info["results"], "medians": medians,
            "slowest": max(medians.values()), "rss_mb": info["rss_mb"],
            "rss_after_start_mb": info["rss_after_start_mb"]}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench app", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small workspace, few runs")
    parser.add_argument("--workspace", metavar="DIR",
                        help="a company workspace built by `python -m bench company --keep DIR`")
    parser.add_argument("--runs", type=int, default=None, help="cold starts of each app")
    parser.add_argument("--reps", type=int, default=None, help="repetitions of each action")
    args = parser.parse_args(argv)
    runs = args.runs or (2 if args.quick else 7)
    reps = args.reps or (2 if args.quick else 5)
    compile_bytecode()
    tmp = Path(tempfile.mkdtemp(prefix="huddle-bench-app-"))
    try:
        company = load_or_build(args.workspace, tmp, args.quick)
        start = measure_start(company.folder, company.counts["projects"], runs)
        acts = measure_actions(company, reps, reading=0.1 if args.quick else 1.5)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print_app(start, acts)
    first_max = max(runs[0] for runs in acts["runs"].values())
    print(f"RESULT start_ratio={start['ratio']:.2f} first_action_max_ms={first_max:.1f} "
          f"slowest_action_ms={acts['slowest']:.1f} rss_mb={acts['rss_mb']:.0f}")
    return 0


def load_or_build(workspace: str | None, tmp: Path, quick: bool) -> company_mod.Company:
    if workspace:
        return company_mod.describe_existing(Path(workspace))
    started = time.perf_counter()
    company = company_mod.build(tmp / "workspace",
                                company_mod.Scale.quick() if quick else company_mod.Scale())
    company_mod.describe(company, time.perf_counter() - started)
    return company


def print_app(start: dict, acts: dict) -> None:
    med = statistics.median
    print(f"cold start: huddle {med(start['huddle_ms']):.0f} ms, bare Textual "
          f"{med(start['bare_ms']):.0f} ms (median of {len(start['huddle_ms'])}; "
          f"huddle runs {', '.join(f'{x:.0f}' for x in start['huddle_ms'])}; "
          f"bare {', '.join(f'{x:.0f}' for x in start['bare_ms'])})")
    for name, label in ACTIONS.items():
        runs = acts["runs"][name]
        print(f"{label:<34} median {med(runs):7.1f} ms  first {runs[0]:7.1f} ms  "
              f"all {', '.join(f'{x:.0f}' for x in runs)}")
    print(f"peak RSS of the app process: {acts['rss_mb']:.0f} MB "
          f"({acts['rss_after_start_mb']:.0f} MB once the Projects screen was shown)")
