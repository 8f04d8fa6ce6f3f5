"""A writer for test_many_processes: `proc_mixed_writer.py FOLDER WORKER SECONDS GO`.

Waits for the file GO, then for SECONDS makes store calls of every kind, in turn, with a
short random pause between them (a sustained load, not a flood: the rest of the test suite
runs beside it): a task added to project 1, a task of its own renamed, a daily update on a
task of its own, a delay request on one, a note on incident 1, a note on an onboarding
step, a knowledge-base page, meeting minutes (which archive a page too). Every call that
returned is printed as a JSON line [kind, id, marker], marker unique to the call.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from datetime import date, timedelta

KINDS = ("task", "rename", "update", "delay", "event", "ob_note", "kb", "minutes")


def main(folder: str, worker: int, seconds: float, go: str) -> None:
    from store.projects import delays, progress, tasks
    from store.warroom import incidents
    from store.kb import entries as kb
    from store.meetings import minutes
    from store.onboarding import checklists as onboarding
    from store.core.workspace import Workspace

    ws = Workspace.open(folder)
    open(f"{go}.ready-{worker}", "w").close()
    deadline = time.monotonic() + 120
    while not os.path.exists(go):
        if time.monotonic() > deadline:
            raise SystemExit("no go signal")
        time.sleep(0.005)
    rng = random.Random(worker)
    stop = time.monotonic() + seconds
    mine: list[str] = []
    delayed: set[str] = set()
    out = sys.stdout
    n = 0
    while time.monotonic() < stop:
        kind = KINDS[(worker + n) % len(KINDS)]
        marker = f"mw{worker}-{n}"
        n += 1
        if kind in ("rename", "update", "delay") and not mine:
            kind = "task"
        if kind == "task":
            due = (date.today() + timedelta(days=30 + rng.randrange(30))).isoformat()
            tid = tasks.add_task(ws, 1, marker, owner=ws.actor.login, due=due,
                                 start=date.today().isoformat())["id"]
            mine.append(tid)
            record = [kind, tid, marker]
        elif kind == "rename":
            tid = rng.choice(mine)
            tasks.edit_task(ws, tid, title=marker)
            record = [kind, tid, marker]
        elif kind == "update":
            entry = progress.record_progress(ws, rng.choice(mine), rng.randrange(0, 99),
                                             done=marker)
            record = [kind, entry["id"], marker]
        elif kind == "delay":
            choices = [t for t in mine if t not in delayed]
            if not choices:
                continue
            tid = rng.choice(choices)
            task = tasks.get_task(ws, tid)
            new_due = (date.fromisoformat(task["due"]) + timedelta(days=5)).isoformat()
            record = [kind, delays.request_delay(ws, tid, new_due, marker)["id"], marker]
            delayed.add(tid)
        elif kind == "event":
            record = [kind, incidents.log_note(ws, 1, marker)["no"], marker]
        elif kind == "ob_note":
            onboarding.add_note(ws, 1, 1 + n % 3, marker)
            record = [kind, 1 + n % 3, marker]
        elif kind == "kb":
            record = [kind, kb.add_entry(ws, marker, "page", f"# {marker}\n\n内容")["id"],
                      marker]
        else:
            filed = minutes.file_minutes(ws, "weekly", marker, meeting=f"weekly:{marker}",
                                         held_at=ws.now(), decisions=["继续"])
            record = [kind, filed["id"], marker]
        out.write(json.dumps(record) + "\n")
        out.flush()
        time.sleep(rng.uniform(0.25, 0.75))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4])
