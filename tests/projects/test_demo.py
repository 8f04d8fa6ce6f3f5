"""The project demo seeds on top of the base demo at any instant of the week."""

import os
import random

import pytest

from store import deliverables, delays, kb, progress, project_issues, projects, retro
from store.clock import FixedClock
from store.people import init_workspace
from store.workspace import Workspace


@pytest.mark.parametrize("now", ["2026-11-18T06:00:00+00:00",   # Wednesday 14:00 Shanghai
                                 "2026-11-21T02:00:00+00:00",   # Saturday 10:00
                                 "2026-11-23T00:00:00+00:00"])  # Monday 08:00
def test_demo_seeds_every_part_of_the_flow(tmp_path, now):
    from store.demo import base, projects_demo
    os.chmod(tmp_path, 0o770)
    ws = Workspace.open(tmp_path, clock=FixedClock(now))
    init_workspace(ws)
    from store.settings import update_settings
    update_settings(ws, timezone="Asia/Shanghai")
    base.seed(ws, random.Random(7))
    projects_demo.seed(ws, random.Random(7))
    states = {p["name"]: p["state"] for p in projects.list_projects(ws)}
    assert "retrospective_done" in states.values() and "delivered" in states.values()
    assert [d["state"] for d in delays.list_delays(ws)] == ["pending"]
    assert {i["level"] for i in project_issues.list_issues(ws, state="open")} == \
        {"general", "urgent", "major"}
    updates = progress.entries(ws)
    assert updates and any(e["help_from"] for e in updates)
    done = next(p for p in projects.list_projects(ws) if p["state"] == "retrospective_done")
    assert [d["state"] for d in deliverables.list_deliverables(ws, done["id"])] == ["passed"]
    entry = kb.get_entry(ws, retro.get_retrospective(ws, done["id"])["kb"])
    assert entry["kind"] == "retrospective"
    delivered = next(p for p in projects.list_projects(ws) if p["state"] == "delivered")
    assert [d["state"] for d in deliverables.list_deliverables(ws, delivered["id"])] == \
        ["changes", "pending"]
