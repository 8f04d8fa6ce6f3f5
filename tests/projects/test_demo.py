"""The project demo seeds on top of the base demo at any instant of the week."""

import os
import random

import pytest

from store.projects import (deliverables, delays, progress, issues as project_issues,
                            project as projects, retro)
from store.kb import entries as kb
from store.core.clock import FixedClock
from store.people.members import init_workspace
from store.core.workspace import Workspace


@pytest.mark.parametrize("now", ["2026-11-18T06:00:00+00:00",   # Wednesday 14:00 Shanghai
                                 "2026-11-21T02:00:00+00:00",   # Saturday 10:00
                                 "2026-11-23T00:00:00+00:00"])  # Monday 08:00
def test_demo_seeds_every_part_of_the_flow(tmp_path, now):
    from store.demo import base, projects_demo
    os.chmod(tmp_path, 0o770)
    ws = Workspace.open(tmp_path, clock=FixedClock(now))
    init_workspace(ws)
    from store.people.settings import update_settings
    update_settings(ws, timezone="Asia/Shanghai")
    base.seed(ws, random.Random(7))
    projects_demo.seed(ws, random.Random(7))
    states = {p["name"]: p["state"] for p in projects.list_projects(ws)}
    assert "retrospective_done" in states.values() and "delivered" in states.values()
    assert [d["state"] for d in delays.list_delays(ws)] == ["approved", "pending"]
    # the plan holds, and shows a moved dependent, a gap and float
    from store.projects import plan
    iteration = next(p for p in projects.list_projects(ws) if "产品迭代" in p["name"])
    view = plan.project_plan(ws, iteration["id"])
    assert view["conflicts"] == [] and view["buffer"]["ok"] is True
    moved = [t for t in view["tasks"] if any(h.get("after") for h in t.get("due_history", []))]
    assert [t["title"] for t in moved] == ["接口文档评审"]
    assert any(t["gap"] > 0 for t in view["tasks"])
    assert any(t["float"] and t["float"] > 0 for t in view["tasks"])
    pending = next(d for d in delays.list_delays(ws) if d["state"] == "pending")
    assert delays.delay_impact(ws, pending["id"])["moves"]    # its preview moves dependents
    for p in projects.list_projects(ws):
        assert plan.project_plan(ws, p["id"])["conflicts"] == []
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
