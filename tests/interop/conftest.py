"""Fixtures for the interop tests (themes, palette, calendar, Taskwarrior).

`iws`: the shared `workspace` (Asia/Shanghai, Monday 2024-09-02 10:00; admin =
the OS account; alice, bob, chen) plus:

  holidays 2024-10-02 (a Wednesday) and a make-up workday 2024-10-12 (Saturday);
  member lin "林新" with onboarding H1 from the "engineer" template (PM-free steps
  owned by it → bob, hr → alice, buddy alice, hire lin), started 2024-09-02;
  project 1 "Q3 迭代" (PM alice, in progress, due 2024-12-31):
      1-1 HOSTILE_TITLE   alice high   2024-08-01..2024-08-30  standard multi-line
      1-2 "Build 构建"     bob   medium  2024-09-02..2024-10-15  milestone, depends 1-1
      1-3 "Launch 上线"    chen  low     ..2024-11-01            depends 1-2
      1-4 "Old spike"     bob   cancelled
      1-5 "Kickoff deck"  alice done (100 %)
  project 2 "Hiring drive" (PM bob, requested, due 2024-11-30), no tasks;
  knowledge-base entry K1 "复盘 [link=file:///etc/passwd]";
  incident INC-1 "Checkout down [/]".
"""

from __future__ import annotations

import pytest
from interop_helpers import HOSTILE_TITLE, STEPS, set_fields

from store.warroom import incidents
from store.kb import entries as kb
from store.onboarding import templates
from store.onboarding.checklists import start_onboarding
from store.people.members import add_member
from store.projects.project import create_project, shard_name
from store.people.settings import update_settings
from store.projects.tasks import add_task


@pytest.fixture
def iws(workspace):
    ws = workspace
    update_settings(ws, holidays=["2024-10-02"], workdays=["2024-10-12"])
    add_member(ws, "lin", "林新", "Engineering")
    templates.set_owners(ws, it="bob", hr="alice")
    templates.save_template(ws, "engineer", "研发工程师", STEPS)
    start_onboarding(ws, "lin", template="engineer", start="2024-09-02", buddy="alice",
                     manager="bob")
    p1 = create_project(ws, "Q3 迭代", pm="alice", initiator_dept="Product",
                        lead_dept="Engineering", goal="留存率提升 5%", due="2024-12-31")
    add_task(ws, 1, HOSTILE_TITLE, owner="alice", start="2024-08-01", due="2024-08-30",
             priority="high", standard="Mockups approved,\nsigned off; by PM")
    add_task(ws, 1, "Build 构建", owner="bob", start="2024-09-02", due="2024-10-15",
             depends=["1-1"], milestone=True)
    add_task(ws, 1, "Launch 上线", owner="chen", due="2024-11-01", priority="low",
             depends=["1-2"])
    add_task(ws, 1, "Old spike", owner="bob", due="2024-09-20")
    add_task(ws, 1, "Kickoff deck", owner="alice", start="2024-08-01", due="2024-08-05")
    set_fields(ws, shard_name(p1["id"]), "project", 1, state="in_progress")
    set_fields(ws, shard_name(1), "tasks", 4, state="cancelled")
    set_fields(ws, shard_name(1), "tasks", 5, state="done", progress=100)
    create_project(ws, "Hiring drive", pm="bob", initiator_dept="Engineering",
                   lead_dept="Engineering", goal="Hire 3 engineers", due="2024-11-30")
    kb.add_entry(ws, "复盘 [link=file:///etc/passwd]", "page", "# 复盘\n一切顺利。", tags=["q3"])
    incidents.declare(ws, "Checkout down [/]", impact="all users nationwide")
    return ws
