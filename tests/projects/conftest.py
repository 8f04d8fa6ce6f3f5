"""Fixtures for the project-flow tests: a small organisation in Asia/Shanghai.

People (login: role):
  admin  workspace admin                 pat   head of 产品部 (requesting dept)
  chen   initiator, 产品部                li    head of 研发部 (lead dept)
  wang   project manager, 研发部          zhao, qian  engineers, 研发部
  hr     head of 人力资源部                zhou  市场部 (head: ma)
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from store.people import members as people, settings
from store.projects import project as projects
from store.core.clock import FixedClock
from store.core.identity import Actor
from store.core.workspace import Workspace

TZ = ZoneInfo("Asia/Shanghai")


def local(text: str) -> datetime:
    """A wall-clock time in Shanghai, e.g. local("2026-11-16 09:00")."""
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


@pytest.fixture
def clock():
    return FixedClock(local("2026-11-16 09:00"))  # a Monday


def make_org(ws) -> Workspace:
    """Initialise `ws` (its actor becomes the admin) with the departments and members above."""
    people.init_workspace(ws, "Admin", pinned_clock=True, language="en")  # CLI tests set HUDDLE_NOW
    settings.update_settings(ws, timezone="Asia/Shanghai")
    for dept in ("产品部", "研发部", "市场部", "人力资源部"):
        people.add_department(ws, dept)
    for login, name, dept in [("pat", "Pat 潘", "产品部"), ("chen", "陈晨", "产品部"),
                              ("li", "李立", "研发部"), ("wang", "王经理", "研发部"),
                              ("zhao", "赵工", "研发部"), ("qian", "钱工", "研发部"),
                              ("hr", "何人", "人力资源部"), ("ma", "马主管", "市场部"),
                              ("zhou", "周专员", "市场部")]:
        people.add_member(ws, login, name, dept)
    for dept, head in [("产品部", "pat"), ("研发部", "li"), ("人力资源部", "hr"), ("市场部", "ma")]:
        people.set_department_head(ws, dept, head)
    return ws


@pytest.fixture
def ws(tmp_path, clock):
    return make_org(Workspace(tmp_path, clock, Actor("admin", "admin")))


@pytest.fixture
def as_(ws):
    return ws.acting_as


def new_project(ws, due="2026-12-31", pm="wang", **extra) -> dict:
    return projects.create_project(
        ws.acting_as("chen"), "2026年Q4产品迭代项目组", pm=pm, initiator_dept="产品部",
        lead_dept="研发部", collab_depts=["市场部"], goal="MVP上线, 缺陷率 < 1%", due=due,
        background="客户投诉率上升15%", **extra)


@pytest.fixture
def project(ws):
    return new_project(ws)


def add_tasks(ws, pid, specs, pm="wang") -> list[dict]:
    """specs: (title, owner, start, due, depends-by-index, milestone)."""
    from store.projects import tasks
    made = []
    pm = ws.acting_as(pm)
    for title, owner, start, due, deps, milestone in specs:
        made.append(tasks.add_task(pm, pid, title, owner=owner, start=start, due=due,
                                   depends=[made[i]["id"] for i in deps], milestone=milestone,
                                   standard="通过评审"))
    return made


DEFAULT_TASKS = [
    ("UI设计初稿", "zhao", "2026-11-16", "2026-11-20", (), False),
    ("前端开发核心模块", "qian", "2026-11-23", "2026-12-04", (0,), False),
    ("测试用例编写", "zhao", "2026-11-23", "2026-11-27", (0,), False),
    ("联调测试", "qian", "2026-12-07", "2026-12-11", (1, 2), True),
    ("市场预热", "zhou", "2026-12-14", "2026-12-18", (3,), False),
]


def start_project(ws, project, specs=DEFAULT_TASKS, publish=True):
    """Approve, kick off, add tasks and (optionally) publish: the project is in progress."""
    from store.projects import kickoff, flow as project_flow, publication
    project_flow.approve_request(ws.acting_as("pat"), project["id"], "同意")
    kickoff.record_kickoff(ws.acting_as(project["pm"]), project["id"])
    made = add_tasks(ws, project["id"], specs, project["pm"])
    if publish:
        publication.publish_tasks(ws.acting_as(project["pm"]), project["id"])
    return made


@pytest.fixture
def running(ws, project):
    """(project, tasks) with the project in progress and the task list published at 09:00."""
    made = start_project(ws, project)
    return projects.get_project(ws, project["id"]), made
