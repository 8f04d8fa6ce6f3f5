"""Deterministic benchmark data: members, departments, projects, tasks and progress records.

The documents have the shapes the store writes (`store.people.members`, `store.projects.project`,
`store.projects.tasks`) so that the store and plain TinyDB hold the same data.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"
DEPARTMENTS = ("研发部", "产品部", "市场部", "运营部", "客服部", "人力资源部", "财务部", "法务部")
VERBS = ("设计", "开发", "测试", "评审", "上线", "联调", "Write", "Review", "Ship", "Fix")
NOUNS = ("登录页", "支付流程", "数据看板", "推送服务", "API gateway", "onboarding flow",
         "release notes", "监控告警", "用户画像", "搜索")


@dataclass
class Dataset:
    admin: str
    members: list[dict] = field(default_factory=list)
    departments: list[dict] = field(default_factory=list)
    projects: list[dict] = field(default_factory=list)          # project docs, id = index + 1
    tasks: dict[int, list[dict]] = field(default_factory=dict)     # project id -> task docs
    progress: dict[int, list[dict]] = field(default_factory=dict)  # project id -> records

    @property
    def task_count(self) -> int:
        return sum(len(t) for t in self.tasks.values())

    @property
    def progress_count(self) -> int:
        return sum(len(p) for p in self.progress.values())


def build(admin: str, *, projects: int = 100, tasks: int = 10_000, members: int = 50,
          progress: int = 50_000, seed: int = 2024) -> Dataset:
    """`admin` (the OS account running the benchmark) is member number one and an admin."""
    rng = random.Random(seed)
    data = Dataset(admin)
    data.departments = [{"name": name, "head": None} for name in DEPARTMENTS]
    logins = [admin] + [f"user{i:02d}" for i in range(1, members)]
    for i, login in enumerate(logins):
        dept = DEPARTMENTS[i % len(DEPARTMENTS)]
        name = login if i == 0 else rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
        data.members.append({"login": login, "name": name, "dept": dept, "title": "工程师",
                             "admin": i == 0})
        if data.departments[i % len(DEPARTMENTS)]["head"] is None and i:
            data.departments[i % len(DEPARTMENTS)]["head"] = login
    base = date(2026, 9, 1)
    per_project = tasks // projects
    records_per_project = progress // projects
    for pid in range(1, projects + 1):
        pm = rng.choice(logins[1:])
        depts = rng.sample(DEPARTMENTS, 3)
        data.projects.append({
            "name": f"2026年Q{pid % 4 + 1}项目{pid:03d}", "background": "背景说明 " * 8,
            "goal": "留存率提升 5%", "outcome": "上线新版本", "time_nodes": "MVP 2026-11-30",
            "support": "+2 engineers", "collab_depts": depts[2:], "pm": pm,
            "members": [{"login": pm, "role": "PM"}] + [
                {"login": m, "role": "成员"} for m in rng.sample(logins[1:], 5)],
            "requirements": {}, "initiator_dept": depts[0], "lead_dept": depts[1],
            "due": (base + timedelta(days=90 + pid)).isoformat(), "state": "in_progress",
            "initiator": pm, "created_at": "2026-08-01T02:00:00+00:00",
        })
        project_tasks = []
        for n in range(1, per_project + 1):
            start = base + timedelta(days=rng.randrange(0, 60))
            deps = sorted(rng.sample(range(1, n), min(n - 1, rng.choice((0, 0, 1, 2)))))
            project_tasks.append({
                "title": f"{rng.choice(VERBS)}{rng.choice(NOUNS)} #{n}",
                "owner": rng.choice(logins), "due": (start + timedelta(days=rng.randrange(1, 30))).isoformat(),
                "start": start.isoformat(), "priority": rng.choice(("high", "medium", "low")),
                "milestone": n % 25 == 0, "standard": "通过验收测试，缺陷数 < 3",
                "depends": deps, "progress": rng.randrange(0, 101, 5), "state": "open",
                "created_at": "2026-08-02T02:00:00+00:00", "created_by": pm,
            })
        data.tasks[pid] = project_tasks
        records = []
        for k in range(records_per_project):
            n = rng.randrange(1, per_project + 1)
            day = base + timedelta(days=k // 10)
            help_flag = rng.random() < 0.1
            records.append({
                "task": f"{pid}-{n}", "by": project_tasks[n - 1]["owner"], "day": day.isoformat(),
                "at": f"{day.isoformat()}T08:{k % 60:02d}:00+00:00", "percent": rng.randrange(0, 101),
                "done": "完成了接口联调，修复 2 个缺陷", "problems": "测试环境不稳定" if help_flag else "",
                "next_step": "继续编写单元测试", "help_from": rng.choice(logins) if help_flag else None,
            })
        data.progress[pid] = records
    return data
