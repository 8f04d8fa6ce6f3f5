"""A company-sized workspace, written straight through the storage layer.

    python -m bench company [--quick] [--keep DIR]   builds one and prints what it holds

100 projects (one of them with 1,000 tasks), 10,000 tasks, 50 members, a year
of daily progress (about 55,000 updates, each with its audit entry), 300
incidents with 30 timeline events each, 100 onboardings, weekly minutes and a
knowledge base of resolution reports, postmortems, retrospectives and minutes.

Every document is a copy of one the store API wrote in `bench.shapes` (a
small story run through the real functions), with the same keys at every
level (`shapes.like` refuses a key the store does not write; `shapes.conforms`
checks each generated document), and Markdown bodies come from the store's own
renderers. One commit per shard, so building takes seconds, not the hours that
100,000 transactions would.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, datetime, time as dtime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from store.warroom import reports as incident_reports, incidents as inc_store
from store.kb import entries as kb
from store.meetings import minutes as minutes_store
from store.core.clock import FixedClock, parse_instant, to_iso
from store.core.identity import Actor, os_login
from store.warroom.records import INDEX_SHARD
from store.meetings.minutes import minutes_markdown
from store.projects.project import shard_name
from store.people.settings import CLOCK_PINNED
from store.core.workspace import AUDIT, DIRECTORY, Workspace

from . import shapes as sh

NOW = sh.NOW
TZ = ZoneInfo(sh.TIMEZONE)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂思远婷浩宇欣然子轩"
DEPARTMENTS = ("研发部", "产品部", "设计部", "测试部", "运维部", "市场部", "客服部", "人力资源部")
TITLES = ("工程师", "高级工程师", "产品经理", "设计师", "测试工程师", "运维工程师", "运营专员")
VERBS = ("设计", "开发", "测试", "评审", "上线", "联调", "重构", "Write", "Review", "Ship", "Fix")
NOUNS = ("登录页", "支付流程", "数据看板", "推送服务", "API gateway", "onboarding flow",
         "release notes", "监控告警", "用户画像", "搜索", "订单服务", "会员积分", "缓存层")
DONE = ("完成接口联调", "修复 2 个缺陷", "完成单元测试", "评审通过", "补充文档", "性能优化 20%",
        "完成页面开发", "对接第三方", "整理测试用例")
NEXT = ("继续编写单元测试", "准备评审", "联调支付接口", "修复遗留缺陷", "上线灰度", "补充监控")
PROBLEMS = ("测试环境不稳定", "依赖接口未就绪", "需求有变更", "缺少测试账号")
CAUSES = ("数据库连接池溢出", "证书过期", "缓存雪崩", "配置错误", "依赖服务超时", "磁盘写满",
          "发布回滚失败", "DNS 解析异常")
SYSTEMS = ("官网", "App 登录", "支付", "订单服务", "推送", "客服系统", "数据看板", "搜索")


@dataclass
class Scale:
    projects: int = 100
    tasks: int = 10_000
    big_project_tasks: int = 1_000
    members: int = 50
    incidents: int = 300
    events: int = 30
    onboardings: int = 100
    weeks_of_minutes: int = 8
    update_rate: float = 0.86   # share of working days an active task gets an update

    @classmethod
    def quick(cls) -> "Scale":
        return cls(projects=8, tasks=400, big_project_tasks=100, members=12, incidents=12,
                   events=30, onboardings=6, weeks_of_minutes=2)


@dataclass
class Company:
    """What was built, and what the screens should show (the benchmark's checks)."""

    folder: Path
    admin: str
    logins: list[str]
    big_project: int
    counts: dict[str, int] = field(default_factory=dict)
    search_terms: list[str] = field(default_factory=list)
    update_task: str = ""          # an open task of an active project for `huddle task update`
    update_owner: str = ""


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench company", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="a small workspace (smoke test)")
    parser.add_argument("--keep", metavar="DIR", help="build in DIR (must not exist) and keep it")
    args = parser.parse_args(argv)
    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="huddle-company-"))
    folder = root if args.keep else root / "workspace"
    try:
        started = time.perf_counter()
        company = build(folder, Scale.quick() if args.quick else Scale())
        describe(company, time.perf_counter() - started)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
            manifest(folder).unlink(missing_ok=True)
    return 0


def describe(company: Company, seconds: float) -> None:
    size = sum(p.stat().st_size for p in company.folder.glob("*.json"))
    c = company.counts
    print(f"workspace: {c['projects']} projects, {c['tasks']} tasks (project {company.big_project}: "
          f"{c['big_project_tasks']}), {c['members']} members, {c['progress']} progress updates, "
          f"{c['incidents']} incidents × {c['events_per_incident']} events, "
          f"{c['onboardings']} onboardings, {c['kb']} knowledge-base entries, "
          f"{c['open_today']} open tasks to update today; "
          f"{c['shards']} shards, {size / 1e6:.1f} MB ({seconds:.1f} s)", flush=True)


# -- building ----------------------------------------------------------------------
def build(folder: Path, scale: Scale, seed: int = 2026) -> Company:
    """Write the company workspace into `folder` (created; must not hold a workspace)."""
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="huddle-shapes-") as tmp:
        shapes = sh.capture(Path(tmp) / "seed")
    folder.mkdir(mode=0o770)
    builder = _Builder(folder, shapes, scale, random.Random(seed))
    company = builder.run()
    manifest(folder).write_text(json.dumps({
        "admin": company.admin, "logins": company.logins, "big_project": company.big_project,
        "counts": company.counts, "search_terms": company.search_terms,
        "update_task": company.update_task, "update_owner": company.update_owner}))
    return company


def manifest(folder: Path) -> Path:
    """What was built, beside the workspace (a file in it would look like a shard)."""
    return Path(f"{Path(folder).resolve()}.company.json")


def describe_existing(folder: Path) -> Company:
    """A workspace built earlier (`--keep DIR`), from its manifest."""
    data = json.loads(manifest(folder).read_text())
    return Company(Path(folder), data["admin"], data["logins"], data["big_project"],
                   data["counts"], data["search_terms"], data["update_task"],
                   data["update_owner"])


class _Builder:
    def __init__(self, folder: Path, shapes: sh.Shapes, scale: Scale, rng: random.Random):
        self.folder, self.shapes, self.scale, self.rng = folder, shapes, scale, rng
        self.now = parse_instant(NOW)
        self.today = self.now.astimezone(TZ).date()
        self.ws = Workspace(folder, FixedClock(NOW))
        self.admin = os_login()
        self.company = Company(folder, self.admin, [], 1)
        self.kb_entries: list[dict] = []
        self.kb_audit: list[dict] = []
        self.minutes: list[dict] = []
        self.minutes_audit: list[dict] = []
        self.checked: set[str] = set()

    # -- helpers ---------------------------------------------------------------
    def put(self, name: str, tables: dict[str, list[dict] | dict[str, dict]]) -> None:
        shard = self.ws.shard(name)
        numbered = {t: docs if isinstance(docs, dict) else
                    {str(i): d for i, d in enumerate(docs, 1)} for t, docs in tables.items()}
        with shard.locked() as lease:
            shard.commit(numbered, lease)

    def check(self, kind: str, doc: dict, template: dict) -> dict:
        """Every generated document is checked (the first few of each kind in depth)."""
        if kind not in self.checked or self.rng.random() < 0.01:
            problems = sh.conforms(doc, template, kind)
            if problems:
                raise SystemExit("benchmark data does not match what the store writes:\n  "
                                 + "\n  ".join(problems[:10]))
            self.checked.add(kind)
        return doc

    def audit(self, kind: str, action: str, at: str, by: str, target: object,
              **detail: object) -> dict:
        template = self.shapes.audit[(kind, action)]
        values: dict = {"at": at, "by": by, "target": target}
        if "detail" in template:
            values["detail"] = sh.like(template["detail"], **detail)
        return self.check(f"audit.{kind}.{action}", sh.like(template, **values), template)

    def working_days(self, start: date, end: date) -> list[date]:
        days, day = [], start
        while day <= end:
            if day.weekday() < 5:
                days.append(day)
            day += timedelta(days=1)
        return days

    def local(self, day: date, hour: int, minute: int = 0) -> str:
        return to_iso(datetime.combine(day, dtime(hour, minute), tzinfo=TZ))

    # -- the parts -------------------------------------------------------------
    def run(self) -> Company:
        self.directory()
        self.projects()
        self.incidents()
        self.onboardings()
        self.put(minutes_store.MINUTES, {"minutes": self.minutes, AUDIT: self.minutes_audit})
        self.put(kb.KB, {"entries": self.kb_entries, AUDIT: self.kb_audit})
        c = self.company.counts
        c["kb"] = len(self.kb_entries)
        c["shards"] = len(self.ws.shard_names())
        # each query's last character changes the results (what is timed is that key press)
        self.company.search_terms = ["INC-12", "连接池 INC-2", "支付 S1", "Postmortem INC-15"]
        return self.company

    def directory(self) -> None:
        rng, s = self.rng, self.shapes
        start = self.local(self.today - timedelta(days=400), 9)
        logins = [self.admin] + [f"u{i:02d}" for i in range(1, self.scale.members)]
        self.company.logins = logins
        members, audit = [], [self.audit(DIRECTORY, "workspace.init", start, self.admin,
                                         self.admin)]
        heads = {}
        for i, login in enumerate(logins):
            dept = DEPARTMENTS[i % len(DEPARTMENTS)]
            heads.setdefault(dept, login)
            name = "管理员" if i == 0 else (rng.choice(SURNAMES) + rng.choice(GIVEN)
                                            + rng.choice(GIVEN))
            members.append(self.check("member", sh.like(
                s.named["member"], login=login, name=name, dept=dept,
                title=rng.choice(TITLES), admin=i == 0), s.named["member"]))
            if i:
                audit.append(self.audit(DIRECTORY, "member.add", start, self.admin, login))
        departments = []
        for dept in DEPARTMENTS:
            departments.append(self.check("department", sh.like(
                s.named["department"], name=dept, head=heads.get(dept)), s.named["department"]))
            audit.append(self.audit(DIRECTORY, "department.add", start, self.admin, dept,
                                    head=None))
            audit.append(self.audit(DIRECTORY, "department.head", start, self.admin, dept,
                                    head=heads.get(dept)))
        self.heads = heads
        self.member_dept = {m["login"]: m["dept"] for m in members}
        # a workspace made for a pinned clock: the measured `huddle` runs with HUDDLE_NOW
        settings = sh.like(s.named["settings"], created_at=start, clock=CLOCK_PINNED)
        settings_doc = {**settings, "timezone": sh.TIMEZONE}
        self.check("settings", settings_doc, s.tables[DIRECTORY]["settings"][0])
        self.directory_tables = {"settings": [settings_doc], "members": members,
                                 "departments": departments, AUDIT: audit}
        self.company.counts["members"] = len(members)

    # -- projects ----------------------------------------------------------------
    def projects(self) -> None:
        scale, rng = self.scale, self.rng
        n = scale.projects
        states = ["in_progress"] * n
        for pid in range(1, n + 1):
            if pid > 1 and pid % 20 == 7:
                states[pid - 1] = "archived"
            elif pid > 1 and pid % 20 == 13:
                states[pid - 1] = "requested"
        with_tasks = [pid for pid in range(2, n + 1) if states[pid - 1] != "requested"]
        rest = scale.tasks - scale.big_project_tasks
        counts = {pid: rest // len(with_tasks) + (1 if i < rest % len(with_tasks) else 0)
                  for i, pid in enumerate(with_tasks)}
        counts[1] = scale.big_project_tasks
        index, dir_audit = [], self.directory_tables[AUDIT]
        totals = {"tasks": 0, "progress": 0, "open_today": 0}
        for pid in range(1, n + 1):
            name = f"2026年{('Q1', 'Q2', 'Q3', 'Q4')[pid % 4]}{rng.choice(NOUNS)}项目{pid:03d}"
            created = self.project(pid, name, states[pid - 1], counts.get(pid, 0), totals)
            index.append(self.check("project.index", sh.like(
                self.shapes.named["project.index"], name=name, created_at=created),
                self.shapes.named["project.index"]))
            dir_audit.append(self.audit(DIRECTORY, "project.create", created,
                                        self.project_initiator, pid))
        self.put(DIRECTORY, {**self.directory_tables, "projects": index})
        self.company.counts.update(projects=n, tasks=totals["tasks"], progress=totals["progress"],
                                   big_project_tasks=counts[1], open_today=totals["open_today"])

    def project(self, pid: int, name: str, state: str, task_count: int, totals: dict) -> str:
        rng, s, logins = self.rng, self.shapes, self.company.logins
        depts = rng.sample(DEPARTMENTS, 3)
        initiator = rng.choice([x for x in logins[1:] if self.member_dept[x] == depts[0]]
                               or logins[1:])
        pm = rng.choice([x for x in logins[1:] if x != initiator])
        self.project_initiator = initiator
        team = [pm] + rng.sample([x for x in logins if x != pm], min(len(logins) - 1, 7))
        if state == "archived":
            begin = self.today - timedelta(days=rng.randrange(250, 360))
            end = begin + timedelta(days=rng.randrange(60, 120))
        elif pid == 1:
            begin = self.today - timedelta(days=355)
            end = self.today + timedelta(days=90)
        else:
            begin = self.today - timedelta(days=rng.randrange(30, 340))
            end = max(self.today + timedelta(days=rng.randrange(20, 200)),
                      begin + timedelta(days=60))
        created = self.local(begin - timedelta(days=10), 10)
        approved = self.local(begin - timedelta(days=8), 11)
        kicked = self.local(begin - timedelta(days=1), 10)
        started = self.local(begin - timedelta(days=1), 15)
        head = self.heads.get(depts[0]) or self.admin
        common = dict(name=name, background="用户反馈注册到首单流程过长，需要跨部门协作改版。",
                      goal="首单转化率从 18% 提升到 25%", outcome="上线新版本",
                      time_nodes=f"MVP {end.isoformat()}", support="研发 5 人、测试 2 人",
                      collab_depts=depts[2:], pm=pm, initiator_dept=depts[0],
                      lead_dept=depts[1], due=end.isoformat(), initiator=initiator,
                      created_at=created,
                      members=[{"login": pm, "role": "项目经理"}]
                      + [{"login": x, "role": "成员"} for x in team[1:]])
        audit = [self.audit("project", "project.create", created, initiator, pid, name=name)]
        tables: dict[str, list[dict]] = {}
        if state == "requested":
            template = s.named["project.requested"]
            project = sh.like(template, **common)
            self.check("project.requested", project, template)
            self.put(shard_name(pid), {"project": [project], AUDIT: audit})
            return created
        history = [{"state": "approved", "at": approved, "by": head},
                   {"state": "kicked_off", "at": kicked, "by": pm},
                   {"state": "in_progress", "at": started, "by": pm}]
        flow = dict(approval={"decision": "approved", "by": head, "at": approved, "comment": ""},
                    approved_at=approved, kicked_off_at=kicked, in_progress_at=started,
                    published_at=started, last_published_at=started,
                    kickoff={"held_at": kicked, "recorded_by": pm, "recorded_at": kicked,
                             "attendees": team[:4], "place": "3F 会议室"})
        audit.append(self.audit("project", "project.approve", approved, head, pid,
                                state="approved", **self._detail("project", "project.approve")))
        audit.append(self.audit("project", "project.kickoff", kicked, pm, pid, state="kicked_off"))
        task_docs, entries, events = self.tasks(pid, team, begin, end, task_count, started,
                                                state == "archived")
        for n, task in enumerate(task_docs, 1):
            events.append((task["created_at"], 0, self.audit("project", "task.add",
                                                             task["created_at"], pm,
                                                             f"{pid}-{n}", title=task["title"])))
            if task.get("confirmed_at"):
                events.append((task["confirmed_at"], 2, self.audit(
                    "project", "task.confirm", task["confirmed_at"], task["owner"],
                    f"{pid}-{n}")))
        events.append((started, 1, self.audit("project", "project.start", started, pm, pid,
                                              state="in_progress")))
        events.append((started, 1, self.audit("project", "tasks.publish", started, pm, pid,
                                              tasks=len(task_docs))))
        if state == "archived":
            project, extra = self.archived(pid, common, flow, history, end, pm, initiator, events)
            tables.update(extra)
        else:
            template = s.named["project.in_progress"]
            project = self.check("project.in_progress",
                                 sh.like(template, **common, **flow, history=history), template)
            self.weekly_minutes(pid, name, pm, team)
        events.sort(key=lambda e: (e[0], e[1]))
        audit += [e[2] for e in events]
        tables.update({"project": [project], "tasks": task_docs, "progress": entries,
                       AUDIT: audit})
        self.put(shard_name(pid), tables)
        totals["tasks"] += len(task_docs)
        totals["progress"] += len(entries)
        if state != "archived":
            totals["open_today"] += sum(1 for t in task_docs if t["state"] == "open"
                                        and t["start"] <= self.today.isoformat())
        return created

    def _detail(self, kind: str, action: str) -> dict:
        """Detail values of an audit entry that the generator does not vary (e.g. a comment)."""
        template = self.shapes.audit[(kind, action)].get("detail", {})
        return {k: v for k, v in template.items() if k not in ("state",)}

    def tasks(self, pid: int, team: list[str], begin: date, end: date, count: int,
              published: str, archived: bool) -> tuple[list[dict], list[dict], list]:
        rng, s = self.rng, self.shapes
        today = self.today
        docs, entries, events = [], [], []
        span = max(1, (end - begin).days - 14)
        owners = team if pid != 1 else self.company.logins
        for n in range(1, count + 1):
            start = begin + timedelta(days=rng.randrange(0, span))
            length = rng.choice((7, 10, 14, 18, 21))
            due = start + timedelta(days=length)
            owner = rng.choice(owners)
            deps = sorted(rng.sample(range(max(1, n - 30), n), min(n - 1, rng.choice((0, 0, 1, 2)))))
            created = published
            confirmed = sh.later(published, hours=rng.randrange(1, 20))
            base = dict(title=f"{rng.choice(VERBS)}{rng.choice(NOUNS)} #{n}", owner=owner,
                        start=start.isoformat(), due=due.isoformat(),
                        priority=rng.choice(("high", "medium", "medium", "low")),
                        milestone=n % 25 == 0, standard="通过验收测试，缺陷数 < 3", depends=deps,
                        created_at=created, created_by=team[0], published_at=published,
                        confirmed_at=confirmed, confirmed_by=owner)
            # the updates: most working days from the start to the due day (or today)
            finish = rng.random() < (1.0 if archived else 0.985)
            last_day = min(due, today)
            days = [d for d in self.working_days(start, last_day)
                    if (d < today and rng.random() < self.scale.update_rate)
                    or (d == today and rng.random() < 0.45)]
            if start > today:
                days = []
            percent = 0
            task_entries = []
            for k, day in enumerate(days):
                done_now = finish and due <= today and k == len(days) - 1
                percent = 100 if done_now else min(95, percent + rng.randrange(5, 30))
                minute = rng.randrange(0, 120) if day == today else rng.randrange(0, 480)
                at = self.local(day, 8 + minute // 60, minute % 60) if day == today \
                    else self.local(day, 9 + minute // 60, minute % 60)
                helped = rng.random() < 0.06
                template = s.named["progress.help" if helped else "progress"]
                entry = sh.like(template, task=f"{pid}-{n}", owner=owner, by=owner, real=owner,
                                at=at, day=day.isoformat(), percent=percent,
                                done=rng.choice(DONE), problems=rng.choice(PROBLEMS) if helped
                                else "", next_step=rng.choice(NEXT),
                                help_from=rng.choice([x for x in team if x != owner] or team)
                                if helped else None)
                task_entries.append(self.check("progress", entry, template))
            for entry in task_entries:
                number = len(entries) + 1
                entries.append(entry)
                events.append((entry["at"], 3, self.audit(
                    "project", "progress.record", entry["at"], owner, f"{pid}-u{number}",
                    task=entry["task"], percent=entry["percent"], help_from=entry["help_from"])))
            if task_entries:
                last = task_entries[-1]
                kind = "task.done" if last["percent"] == 100 else "task.progressing"
                doc = sh.like(s.named[kind], **base, progress=last["percent"],
                              state="done" if last["percent"] == 100 else "open",
                              progress_at=last["at"])
            else:
                kind = "task.fresh"
                doc = sh.like(s.named[kind], **base, progress=0, state="open")
            docs.append(self.check(kind, doc, s.named[kind]))
        entries_sorted = sorted(range(len(entries)), key=lambda i: entries[i]["at"])
        if entries_sorted != list(range(len(entries))):  # number the updates in time order
            order = {old: new for new, old in enumerate(entries_sorted, 1)}
            entries = [entries[i] for i in entries_sorted]
            for e in events:
                if e[1] == 3:
                    old = int(e[2]["target"].split("-u")[1]) - 1
                    e[2]["target"] = f"{pid}-u{order[old]}"
        return docs, entries, events

    def archived(self, pid, common, flow, history, end, pm, initiator, events):
        s = self.shapes
        delivered = self.local(end, 10)
        accepted = self.local(end, 16)
        launched = self.local(end + timedelta(days=1), 10)
        retro_at = self.local(end + timedelta(days=3), 10)
        archived_at = self.local(end + timedelta(days=4), 10)
        history = history + [{"state": "delivered", "at": delivered, "by": pm},
                             {"state": "accepted", "at": accepted, "by": initiator},
                             {"state": "launched", "at": launched, "by": pm},
                             {"state": "retrospective_done", "at": retro_at, "by": pm},
                             {"state": "archived", "at": archived_at, "by": pm}]
        template = s.named["project.archived"]
        kb_id = len(self.kb_entries) + 1
        extra_flow = {k: v for k, v in dict(
            deliverable=f"{pid}-v1", delivered_at=delivered, accepted_at=accepted,
            launched_at=launched, retrospective_done_at=retro_at, archived_at=archived_at
        ).items() if k in template}
        project = self.check("project.archived", sh.like(template, **common, **flow,
                                                         history=history, **extra_flow), template)
        deliverable_t = s.tables["project"]["deliverables"][0]
        deliverable = sh.retime_like(deliverable_t, delivered, {"pm": pm, "qa": initiator,
                                                                "head.p": initiator})
        retro_t = s.named["retro"]
        retro_doc = self.check("retro", sh.like(
            retro_t, title=f"Project retrospective: {common['name']}", saved_by=pm,
            saved_at=retro_at, due_at=sh.later(launched, days=5), kb=kb_id,
            actions=[{"text": "环境模板化", "owner": pm, "due": (end + timedelta(days=30)).isoformat()}]),
            retro_t)
        for at, action, by, detail in (
                (delivered, "deliverable.submit", pm, None), (delivered, "project.deliver", pm, None),
                (accepted, "deliverable.review", initiator, None),
                (accepted, "project.accept", initiator, None),
                (launched, "project.launch", pm, None), (retro_at, "retro.save", pm, None),
                (retro_at, "project.retrospective", pm, None),
                (retro_at, "retro.archive", pm, {"kb": kb_id}),
                (archived_at, "project.archive", pm, None)):
            template_a = s.audit[("project", action)]
            target = template_a["target"] if not isinstance(template_a["target"], int) else pid
            if isinstance(target, str) and "-" in target:
                target = f"{pid}-{target.split('-', 1)[1]}"
            entry = sh.like(template_a, at=at, by=by, target=target)
            if detail:
                entry["detail"] = sh.like(entry["detail"], **detail)
            events.append((at, 4, self.check(f"audit.project.{action}", entry, template_a)))
        self.add_kb("retrospective", retro_doc["title"],
                    f"# {retro_doc['title']}\n\n## 做得好的\n\n协作顺畅\n\n## 教训\n\n提前准备环境\n",
                    ["retrospective", f"project-{pid}"], {"kind": "project", "id": pid},
                    retro_at, pm)
        return project, {"deliverables": [deliverable], "retro": [retro_doc]}

    def weekly_minutes(self, pid: int, name: str, pm: str, team: list[str]) -> None:
        s = self.shapes
        template = s.named["minutes.weekly"]
        wednesday = self.today - timedelta(days=(self.today.weekday() - 2) % 7 or 7)
        for w in range(self.scale.weeks_of_minutes):
            day = wednesday - timedelta(weeks=w)
            held = self.local(day, 10)
            number = len(self.minutes) + 1
            doc = sh.like(template, title=f"Weekly meeting {day.isoformat()}: {name}",
                          meeting=f"weekly:{pid}:{day.isoformat()}", held_at=held, project=pid,
                          attendees=team[:5], progress=f"本周完成 {self.rng.randrange(3, 12)} 项任务",
                          risks=self.rng.choice(PROBLEMS), measures="协调资源",
                          decisions=["按计划推进"], actions=[], body="",
                          filed_at=sh.later(held, hours=3), filed_by=pm,
                          kb=len(self.kb_entries) + 1)
            self.minutes.append(self.check("minutes", doc, template))
            self.minutes_audit.append(self.audit("minutes", "minutes.file", doc["filed_at"], pm,
                                                 number, meeting=doc["meeting"]))
            self.add_kb("minutes", doc["title"], minutes_markdown({**doc, "id": number}, tz=TZ),
                        ["weekly"], {"kind": "minutes", "id": number, "project": pid},
                        doc["filed_at"], pm)
            self.minutes_audit.append(self.audit("minutes", "minutes.archive", doc["filed_at"],
                                                 pm, number, kb=doc["kb"]))

    def add_kb(self, kind: str, title: str, body: str, tags: list[str], source: dict, at: str,
               by: str) -> int:
        template = self.shapes.named[f"kb.{kind}"]
        doc = sh.like(template, title=title[:300], kind=kind, tags=tags, source=source,
                      versions=[{"body": body, "at": at, "by": by}], created_at=at, created_by=by)
        self.kb_entries.append(self.check(f"kb.{kind}", doc, template))
        number = len(self.kb_entries)
        self.kb_audit.append(self.audit("kb", "kb.add", at, by, number, title=doc["title"]))
        return number

    # -- incidents ---------------------------------------------------------------
    def incidents(self) -> None:
        rng, s, scale = self.rng, self.shapes, self.scale
        logins = self.company.logins
        index, index_audit = [], []
        total_events = 0
        for n in range(1, scale.incidents + 1):
            left = scale.incidents - n
            stage = ("reported", "mobilising", "mitigating", "mitigating", "resolved")[left] \
                if left < 5 else ("resolved" if n % 9 == 0 else "postmortem_done")
            if left < 5:
                reported = self.now - timedelta(minutes=15 + 25 * left)
            else:
                reported = self.now - timedelta(days=360 * (scale.incidents - n) / scale.incidents
                                                + 1, minutes=rng.randrange(0, 600))
            system, cause = rng.choice(SYSTEMS), rng.choice(CAUSES)
            title = f"{system}故障：{cause}"
            people = rng.sample(logins[1:], 3)
            mapping = {"dev": people[0], "pm": people[1], "qa": people[2]}
            tables = s.tables[f"incident.{stage}"]
            seed_reported = parse_instant(tables["incident"][0]["reported_at"])
            delta = reported - seed_reported
            label = inc_store.label(n)
            out: dict[str, list[dict]] = {}
            for table, docs in tables.items():
                out[table] = [sh.shift(d, delta, mapping) for d in docs]
            doc = out["incident"][0]
            doc.update(title=title, kb={})
            doc["impact"] = f"{system}不可用，约 {rng.randrange(200, 5000)} 访问/分钟受影响"
            if doc.get("resolution"):
                doc["resolution"].update(cause=f"{cause}导致{system}不可用",
                                         measures="扩容、修复配置并补充监控")
            for event in out["events"]:
                if event["kind"] == "declared":
                    event["text"] = title
            # more timeline: status updates and notes, appended like the lead and the team do
            last = parse_instant(out["events"][-1]["at"])
            update_t = next((e for e in tables["events"] if e["kind"] == "update"), None)
            note_t = next((e for e in tables["events"] if e["kind"] == "note"), None)
            audit_upd = s.audit.get(("incident", "incident.update"))
            audit_log = s.audit.get(("incident", "incident.log"))
            k = 0
            while update_t and len(out["events"]) < scale.events:
                k += 1
                at = to_iso(min(last + timedelta(minutes=3 * k), self.now - timedelta(seconds=k)))
                by = mapping["pm"] if k % 2 else rng.choice(people)
                base = update_t if k % 2 else note_t
                text = (f"进展 {k}：{rng.choice(('已定位', '恢复中', '观察中', '已回滚'))}"
                        if k % 2 else rng.choice(("日志已导出", "客服口径已同步", "厂商已响应")))
                event = sh.like(sh.shift(base, timedelta(0), mapping), at=at, author=by,
                                text=text, pinned=False)
                out["events"].append(self.check("incident.event", event, base))
                number = len(out["events"])
                template_a = audit_upd if k % 2 else audit_log
                detail = {"event": number} if k % 2 else {"event": number, "kind": "note"}
                out[AUDIT].append(self.check("audit.incident.event", sh.like(
                    template_a, at=at, by=by, target=label,
                    detail=sh.like(template_a["detail"], **detail)), template_a))
            for entry in out[AUDIT]:
                if entry.get("target", "").startswith("INC-"):
                    entry["target"] = label
                if entry["action"] == "incident.declare":
                    entry["detail"]["title"] = title
            total_events += len(out["events"])
            # the resolution report and postmortem, rendered by the store, in the knowledge base
            self.put(inc_store.shard_name(n), out)
            kb_ids = {}
            if stage in ("resolved", "postmortem_done"):
                for kind, render, heading in (
                        ("resolution", incident_reports.resolution_report_md,
                         "Resolution report {id}: {title}"),
                        ("postmortem", incident_reports.postmortem_md, "Postmortem {id}: {title}")):
                    if kind == "postmortem" and stage != "postmortem_done":
                        continue
                    at = doc["resolution"]["at"] if kind == "resolution" \
                        else doc["postmortem"]["at"]
                    kb_ids[kind] = self.add_kb(kind, heading.format(id=label, title=title),
                                               render(self.reader, n), ["incident",
                                                                        doc["severity"]],
                                               {"kind": "incident", "id": label}, at,
                                               mapping["pm"])
                out["incident"][0]["kb"] = kb_ids
                for entry in out[AUDIT]:
                    if entry["action"] == "incident.archive":
                        entry["detail"]["entry"] = kb_ids[entry["detail"]["kind"]]
                self.put(inc_store.shard_name(n), out)
            self.check(f"incident.{stage}", doc, tables["incident"][0])
            index.append(sh.like(s.named["incident.index"], title=title,
                                 created_at=doc["reported_at"]))
            index_audit.append(self.audit("incidents", "incident.number", doc["reported_at"],
                                          mapping["dev"], label, title=title))
        self.put(INDEX_SHARD, {"index": index, AUDIT: index_audit})
        self.company.counts.update(incidents=scale.incidents,
                                   events_per_incident=round(total_events / scale.incidents))

    @property
    def reader(self) -> Workspace:
        """A workspace that reads what was written so far (for the store's renderers)."""
        if not hasattr(self, "_reader"):
            self._reader = Workspace(self.folder, FixedClock(NOW), Actor(self.admin, self.admin))
        return self._reader

    # -- onboarding ----------------------------------------------------------------
    def onboardings(self) -> None:
        s, rng = self.shapes, self.rng
        logins = self.company.logins
        template = s.named["hire"]
        hires, audit = [], []
        seed_map = {"hire": None, "dev": None, "head.r": None, "head.p": None}
        for i in range(self.scale.onboardings):
            login = logins[1 + i % (len(logins) - 1)]
            active = i >= self.scale.onboardings - min(6, len(logins) - 1)
            state = "active" if active else ("cancelled" if i % 10 == 3 else "complete")
            start = self.today - timedelta(days=(5 if active else 40 + 3 * i))
            while start.weekday() >= 5:
                start -= timedelta(days=1)
            buddy, manager = rng.sample([x for x in logins if x != login], 2)
            hr, it = logins[0], logins[1] if logins[1] != login else logins[2]
            mapping = {**seed_map, "hire": login, "dev": it, "head.r": manager, "head.p": hr}
            steps = []
            for step in template["steps"]:
                owner = {"hire": login, "buddy": buddy, "manager": manager, "it": it,
                         "hr": hr}[step["owner_role"]]
                due = self._add_working_days(start, step["offset"])
                done = state == "complete" or (state == "active" and due < self.today
                                               and rng.random() < 0.8)
                at = self.local(due, 15) if done else None
                steps.append(sh.like(step, owner=owner, due=due.isoformat(),
                                     done_at=at, done_by=owner if done else None, notes=[],
                                     verified=None))
            created = self.local(start - timedelta(days=3), 10)
            doc = sh.like(template, login=login, buddy=buddy, manager=manager, it=it, hr=hr,
                          start=start.isoformat(), steps=steps, state=state, created_at=created,
                          created_by=manager)
            hires.append(self.check("hire", doc, template))
            audit.append(self.audit("onboarding", "onboarding.start", created, manager, i + 1,
                                    login=login, template=template["template"]))
            del mapping
        tables = {t: docs for t, docs in s.tables["onboarding"].items() if t not in ("hires",)}
        tables = {**tables, "hires": hires, AUDIT: tables.get(AUDIT, [])[:0] + audit}
        config = tables.get("config")
        if config:
            tables["config"] = [{**config[0], "it": logins[1], "hr": logins[0]}]
        templates = [sh.shift(t, timedelta(0), {"dev": logins[1], "head.p": logins[0]})
                     for t in tables.get("templates", [])]
        tables["templates"] = templates
        self.put("onboarding", tables)
        self.company.counts["onboardings"] = len(hires)
        # the task `huddle task update` edits: an open task of project 1, owned by its owner
        pid = self.company.big_project
        docs = self.ws.shard(shard_name(pid)).load()["tasks"]
        for number, doc in docs.items():
            if doc["state"] == "open" and doc["start"] <= self.today.isoformat():
                self.company.update_task = f"{pid}-{number}"
                self.company.update_owner = doc["owner"]
                break

    def _add_working_days(self, start: date, n: int) -> date:
        step = 1 if n >= 0 else -1
        day, left = start, abs(n)
        while left:
            day += timedelta(days=step)
            if day.weekday() < 5:
                left -= 1
        return day


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
