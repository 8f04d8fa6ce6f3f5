"""16 processes write to one workspace for 60 seconds, every kind of record, while two apps
watch: one in this process (Pilot), one in another (tests/reliability/proc_app_watcher.py).

Afterwards every write whose call returned is there, as written, and both apps show the
final state on their screens: this one the project's task list (every task, renamed ones
with their last name), the other the knowledge base's search (its count and first results).
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from rel_helpers import REPO

from store.projects import delays, kickoff
from store.warroom import incidents
from store.kb import entries as kb
from store.meetings import minutes
from store.onboarding import checklists as onboarding, templates as onboarding_templates
from store.people import members as people
from store.projects import progress, flow as project_flow, project as projects, publication, tasks
from store.people.workdays import WorkCalendar
from store.core.workspace import Workspace
from tui.app import make_app

WRITERS = 16
SECONDS = 60
HERE = Path(__file__).resolve().parent


def prepare(ws: Workspace) -> None:
    """Project 1 in progress with a published task, incident INC-1, an onboarding."""
    alice = ws.acting_as("alice")
    project = projects.create_project(alice, "并发项目", pm=ws.actor.login,
                                      initiator_dept="Product", lead_dept="Engineering",
                                      goal="不丢数据", due=(date.today() + timedelta(days=120)))
    project_flow.approve_request(alice, project["id"])
    kickoff.record_kickoff(ws, project["id"])
    tasks.add_task(ws, project["id"], "起步", owner=ws.actor.login,
                   due=date.today() + timedelta(days=60))
    publication.publish_tasks(ws, project["id"])
    incidents.declare(ws, "并发压测", impact="内部")
    template = onboarding_templates.DEFAULT_TEMPLATES[0]
    onboarding_templates.save_template(ws, template["name"], template["role"], template["steps"])
    start = date.today()
    while not WorkCalendar.of(ws).is_working_day(start):
        start += timedelta(days=1)
    onboarding.start_onboarding(ws, "chen", template="engineer", start=start, buddy="alice",
                                manager="bob")


def spawn(args: list[str], **kw) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": "1",
           "HUDDLE_NOW": ""}
    env.pop("HUDDLE_NOW")
    return subprocess.Popen([sys.executable, *args], cwd=str(REPO), env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)


def rows_of(app, selector: str) -> list[str]:
    try:
        return [row.key.value for row in app.screen.query_one(selector).ordered_rows]
    except Exception:  # noqa: BLE001 - the screen may be between states
        return []


async def test_sixteen_writers_for_a_minute_and_two_apps_watching(workspace_dir, tmp_path):
    ws = Workspace.open(workspace_dir)
    people.init_workspace(ws, name="Admin")
    for dept, head in (("Product", "alice"), ("Engineering", "bob")):
        people.add_department(ws, dept)
    for login, name, dept in (("alice", "Alice", "Product"), ("bob", "Bob", "Engineering"),
                              ("chen", "陈静", "Product")):
        people.add_member(ws, login, name, dept)
    people.set_department_head(ws, "Product", "alice")
    people.set_department_head(ws, "Engineering", "bob")
    prepare(ws)

    go = tmp_path / "go"
    ready, expect = tmp_path / "watcher-ready", tmp_path / "watcher-expect"
    watcher = spawn([str(HERE / "proc_app_watcher.py"), str(workspace_dir), str(ready),
                     str(expect)])
    writers = [spawn([str(HERE / "proc_mixed_writer.py"), str(workspace_dir), str(i),
                      str(SECONDS), str(go)]) for i in range(WRITERS)]
    app = make_app(Workspace.open(workspace_dir))
    try:
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            app.reminder_watcher.stop()
            from tui.screens.project_detail import ProjectDetailScreen
            app.push_screen(ProjectDetailScreen(1, tab="tasks"))
            await pilot.pause()
            deadline = time.monotonic() + 90
            while not (ready.exists() and all(Path(f"{go}.ready-{i}").exists()
                                              for i in range(WRITERS))):
                assert time.monotonic() < deadline, "writers or watcher did not start"
                for proc in (watcher, *writers):
                    assert proc.poll() is None, proc.stderr.read()[-2000:]
                await asyncio.sleep(0.1)
            go.touch()
            while any(proc.poll() is None for proc in writers):  # the app keeps refreshing
                assert time.monotonic() < deadline + SECONDS + 60, "writers did not stop"
                await asyncio.sleep(0.2)
            logs = []
            for proc in writers:
                out, err = proc.communicate()
                assert proc.returncode == 0, err[-3000:]
                logs += [json.loads(line) for line in out.splitlines()]

            # -- nothing lost ---------------------------------------------------------
            fresh = Workspace.open(workspace_dir)
            kinds = {k for k, _, _ in logs}
            assert kinds >= {"task", "rename", "update", "delay", "event", "ob_note", "kb",
                             "minutes"}, kinds
            titles = {t["id"]: t["title"] for t in tasks.project_tasks(fresh, 1)}
            renamed: dict[str, str] = {}
            for kind, ident, marker in logs:
                if kind == "task":
                    assert ident in titles, ident
                    renamed.setdefault(ident, marker)
                elif kind == "rename":
                    renamed[ident] = marker  # the last rename a writer saw return wins
            assert all(titles[tid] == title for tid, title in renamed.items())
            updates = {e["id"]: e["done"] for e in progress.entries(fresh, project=1)}
            delay_reasons = {d["id"]: d["reason"] for d in delays.list_delays(fresh, 1)}
            events = {e["no"]: e["text"] for e in incidents.get_incident(fresh, 1)["events"]}
            notes = {n["text"] for s in onboarding.get_hire(fresh, 1)["steps"] for n in s["notes"]}
            pages = {e["id"]: e["title"] for e in kb.list_entries(fresh)}
            filed = {m["id"]: m["title"] for m in minutes.list_minutes(fresh)}
            for kind, ident, marker in logs:
                if kind == "update":
                    assert updates[ident] == marker
                elif kind == "delay":
                    assert delay_reasons[ident] == marker
                elif kind == "event":
                    assert events[ident] == marker
                elif kind == "ob_note":
                    assert marker in notes
                elif kind == "kb":
                    assert pages[ident] == marker
                elif kind == "minutes":
                    assert filed[ident] == marker
            assert len(logs) > WRITERS * 20, len(logs)  # they really did write for a minute

            # -- this app shows the final state ---------------------------------------
            want = list(tasks.project_tasks(fresh, 1))
            screen = app.screen
            assert isinstance(screen, ProjectDetailScreen)
            until = time.monotonic() + 30
            while time.monotonic() < until:
                table = screen.tasks
                if rows_of(app, "#tasks") == [t["id"] for t in want] and all(
                        table.get_cell(t["id"], "title").plain == t["title"] for t in want):
                    break
                await asyncio.sleep(0.1)
            assert rows_of(app, "#tasks") == [t["id"] for t in want]

            # -- and so does the other one --------------------------------------------
            found = kb.search(fresh, "mw")
            wanted = {"count": f"{len(found)} found", "first": [f"K{e['id']}" for e in found[:10]]}
            expect.write_text(json.dumps(wanted))
            out, err = watcher.communicate(timeout=60)
            assert watcher.returncode == 0, err[-3000:]
            assert json.loads(out.splitlines()[-1])["shown"] == wanted
    finally:
        for proc in (watcher, *writers):
            if proc.poll() is None:
                proc.kill()
                proc.wait()
