"""`python -m bench propagation [--quick] [--workspace DIR] [--changes N]`: a commit in one
process → drawn in another app process.

Two app processes, headless as in `bench.app_driver` and built as `huddle` builds them
(`make_app`: the change feed and the reminders running), open the company workspace: one
shows an incident (F5, Enter on it in the war room), the other a project's Tasks tab
(Enter on it in the Projects list, `2`). This process is the third: it commits N changes,
alternately a note on that incident and a new title for a task of that project, a random
0.2–0.5 s apart. Before each commit it tells the app concerned what to look for; that app
checks every millisecond until its widget shows it, renders the screen, and reports the
instant (`time.time()`, one clock for the three processes). The figure runs from the moment
the commit reached the folder (the newest mtime of the shard's files: its last write before
the fsync and the rename that publish it, so the figure errs long) to that instant; p95
over both apps. Printed beside it: from the store call's start (it includes the write) and
from its return (after the folder's fsync; the change is often drawn before that).

    python -m bench.propagation app WORKSPACE SPEC_JSON    (one app process; internal)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import queue
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from . import app_bench
from . import company as company_mod
from .app_driver import SIZE, paint, report, until
from .store import pct

REPO = Path(__file__).resolve().parents[1]


def main(argv: list[str]) -> int:
    if argv[:1] == ["app"]:
        run_app(argv[1], json.loads(argv[2]))
        return 0
    parser = argparse.ArgumentParser(prog="python -m bench propagation",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="a small workspace, few changes")
    parser.add_argument("--workspace", metavar="DIR",
                        help="a company workspace from `python -m bench company --keep DIR` "
                             "(its incident gets notes, its task new titles)")
    parser.add_argument("--changes", type=int, help="how many commits (default 40; quick 6)")
    args = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="huddle-propagation-"))
    try:
        app_bench.compile_bytecode()
        company = app_bench.load_or_build(args.workspace, tmp, args.quick)
        found = measure(company, args.changes or (6 if args.quick else 40))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print_result(found)
    return 0


def print_result(found: dict) -> None:
    for screen, ms in found["by_screen"].items():
        print(f"propagation to {screen}: p50 {pct(ms, 50):.0f} ms, p95 {pct(ms, 95):.0f} ms, "
              f"max {max(ms):.0f} ms ({len(ms)})")
    print(f"propagation, both screens: p95 {found['p95']:.0f} ms (from the store call's start: "
          f"p95 {pct(found['from_start_ms'], 95):.0f} ms; from its return: p95 "
          f"{pct(found['from_return_ms'], 95):.0f} ms); load {found['load']:.2f}", flush=True)


# -- the committing process ------------------------------------------------------------------
def targets(company: company_mod.Company) -> dict:
    """The incident and the task the changes go to, and what the apps must show first."""
    from store.core.clock import FixedClock
    from store.core.workspace import Workspace
    from store.projects.project import list_projects
    from store.projects.tasks import project_tasks
    from store.warroom import incidents

    ws = Workspace.open(company.folder, clock=FixedClock(company_mod.NOW))
    first = incidents.list_incidents(ws)[0]
    # a project of the usual size (the 1,000-task one is issue 16's "first time" figures'),
    # the first task of its list, so it is drawn at once
    pid = next(p["id"] for p in list_projects(ws)
               if p["id"] != company.big_project and project_tasks(ws, p["id"]))
    return {"now": company_mod.NOW, "projects": company.counts["projects"],
            "incident_key": first["id"], "incident": incidents.parse_incident_id(first["id"]),
            "project": pid, "task": project_tasks(ws, pid)[0]["id"]}


def measure(company: company_mod.Company, changes: int) -> dict:
    """Start both apps, commit `changes` changes, collect when each was drawn."""
    from store.core.clock import FixedClock
    from store.core.workspace import Workspace
    from store.projects.project import shard_name as project_shard
    from store.projects.tasks import edit_task
    from store.warroom import incidents
    from store.warroom.records import shard_name as incident_shard

    spec = targets(company)
    apps = {role: AppProcess(company.folder, {**spec, "role": role})
            for role in ("incident", "project")}
    ws = Workspace.open(company.folder, clock=FixedClock(company_mod.NOW))
    rng = random.Random(16)
    by_screen: dict[str, list[float]] = {role: [] for role in apps}
    from_start: list[float] = []
    from_return: list[float] = []
    load = os.getloadavg()[0]
    try:
        for app in apps.values():
            app.expect_line("ready", timeout=180)
        for n in range(changes):
            role = ("incident", "project")[n % 2]
            # new in every run: a kept workspace holds the markers of earlier runs
            marker = f"Propagation check {n} {os.urandom(4).hex()}"
            apps[role].send(marker)
            time.sleep(rng.uniform(0.2, 0.5))  # the app has the marker; a random moment
            started = time.time()
            if role == "incident":
                incidents.log_note(ws, spec["incident"], marker)
                shard = incident_shard(spec["incident"])
            else:
                edit_task(ws, spec["task"], title=marker)
                shard = project_shard(spec["project"])
            returned = time.time()
            written = written_at(company.folder, shard)
            drawn = apps[role].expect_line(marker, timeout=30)["drawn"]
            by_screen[role].append((drawn - written) * 1000)
            from_start.append((drawn - started) * 1000)
            from_return.append((drawn - returned) * 1000)
    finally:
        for app in apps.values():
            app.close()
    both = [ms for runs in by_screen.values() for ms in runs]
    labels = {"incident": "an incident's timeline", "project": "a project's task list"}
    return {"by_screen": {labels[role]: runs for role, runs in by_screen.items()},
            "all_ms": both, "p95": pct(both, 95), "from_start_ms": from_start,
            "from_return_ms": from_return, "load": load}


def written_at(folder: Path, shard: str) -> float:
    """When the commit reached the folder: the newest mtime of the shard's files (the data
    file renamed into place, or the journal appended to). The mtime is that of the last
    write before the file's fsync and rename, so the figure errs long, never short."""
    times = []
    for suffix in (".json", ".journal"):
        try:
            times.append(os.stat(folder / f"{shard}{suffix}").st_mtime_ns / 1e9)
        except FileNotFoundError:
            pass
    return max(times)


class AppProcess:
    """One app child: markers in on stdin, JSON lines out on stdout (read by a thread)."""

    def __init__(self, folder: Path, spec: dict) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bench.propagation", "app", str(folder), json.dumps(spec)],
            cwd=str(REPO), env=app_bench.child_env(), stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:  # type: ignore[union-attr]
            self.lines.put(line)
        self.lines.put("")

    def send(self, marker: str) -> None:
        self.proc.stdin.write(marker + "\n")  # type: ignore[union-attr]
        self.proc.stdin.flush()  # type: ignore[union-attr]

    def expect_line(self, what: str, timeout: float) -> dict:
        try:
            line = self.lines.get(timeout=timeout)
        except queue.Empty:
            line = ""
        found = json.loads(line) if line.strip() else {}
        if found.get("ready" if what == "ready" else "marker") not in (True, what):
            self.close()
            raise RuntimeError(f"the {self.role} app did not show {what!r}: {line!r}\n"
                               f"{self.proc.stderr.read()[-3000:]}")  # type: ignore[union-attr]
        return found

    @property
    def role(self) -> str:
        return json.loads(self.proc.args[-1])["role"]  # type: ignore[index]

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                self.proc.stdin.close()  # type: ignore[union-attr]
                self.proc.wait(5)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()


# -- an app process -----------------------------------------------------------------------------
def run_app(folder: str, spec: dict) -> None:
    """Open the screen of `spec["role"]`, say "ready", then for each marker read on stdin
    report when the screen shows it."""
    from store.core.clock import FixedClock
    from store.core.workspace import Workspace
    from tui.app import make_app

    ws = Workspace.open(folder, clock=FixedClock(spec["now"]))
    app = make_app(ws, lang="en")  # as `huddle` builds it: the change feed and reminders on
    markers: queue.Queue[str | None] = queue.Queue()

    def read_stdin() -> None:
        for line in sys.stdin:
            markers.put(line.rstrip("\n"))
        markers.put(None)
    threading.Thread(target=read_stdin, daemon=True).start()

    async def session() -> None:
        async with app.run_test(headless=True, size=SIZE) as pilot:
            await until(lambda: _rows(app, "#projects") == spec["projects"])
            shows = await (open_incident if spec["role"] == "incident" else open_tasks)(
                app, pilot, spec)
            await pilot.pause()
            if os.environ.get("BENCH_NO_REMINDERS"):  # for finding out what else costs, only
                app.reminder_watcher.stop()
            report(ready=True)
            while True:
                while markers.empty():
                    await asyncio.sleep(0.001)
                marker = markers.get()
                if marker is None:
                    break
                await until(lambda: shows(marker), timeout=30)
                await paint(app)
                report(marker=marker, drawn=time.time())
        os._exit(0)

    asyncio.run(session())


async def open_incident(app, pilot, spec):
    from tui.screens.incident import IncidentScreen
    await pilot.press("f5")
    await until(lambda: _rows(app, "#incidents") > 0)
    table = app.screen.query_one("#incidents")
    table.move_cursor(row=table.get_row_index(spec["incident_key"]))
    table.focus()
    await pilot.press("enter")
    await until(lambda: isinstance(app.screen, IncidentScreen)
                and app.screen.number == spec["incident"] and bool(app.screen.timeline.texts()))
    screen = app.screen
    return lambda marker: app.screen is screen and any(
        marker in line for line in screen.timeline.texts())


async def open_tasks(app, pilot, spec):
    table = app.screen.query_one("#projects")
    table.move_cursor(row=table.get_row_index(str(spec["project"])))
    table.focus()
    await pilot.press("enter")
    await until(lambda: getattr(app.screen, "project_id", None) == spec["project"])
    await pilot.pause()
    await pilot.press("2")
    screen = app.screen
    await until(lambda: _title(screen, spec["task"]) is not None)
    return lambda marker: app.screen is screen and _title(screen, spec["task"]) == marker


def _title(screen, task: str) -> str | None:
    try:
        return screen.tasks.get_cell(task, "title").plain
    except Exception:  # noqa: BLE001 - not drawn yet (the table fills in batches)
        return None


def _rows(app, selector: str) -> int:
    try:
        return app.screen.query_one(selector).row_count
    except Exception:  # noqa: BLE001 - another screen
        return -1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
