"""Base demo data: departments, people, six projects in different states and their tasks.

Every date is counted in working days from `ws.today()`, so the demo always
looks current; `rng` only varies the progress of tasks under way, so the same
seed and day give the same workspace. The calling OS user (the admin `huddle
init` made) becomes 林思远, head of 产品部, PM of two projects and owner of a
few tasks, so "my work" has something in it.

Other seeders can find people through `login_of(ws, "zhangwei")` (the demo
renames a member whose login happens to be the caller's) and `ME`. The tasks of the
projects are listed in store/demo/base_tasks.py.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time

from tinydb import Query

from ..projects import project as projects, tasks
from ..core.clock import to_iso
from ..people.members import DEPARTMENTS as DEPT_TABLE, MEMBERS as MEMBER_TABLE
from ..people.workdays import WorkCalendar
from ..core.workspace import DIRECTORY, Workspace
from .base_tasks import APP_TASKS, CAMPAIGN_TASKS, ITERATION_TASKS, ME, WEBSITE_TASKS

DEPARTMENTS = [  # name, head
    ("产品部", ME), ("研发部", "zhangwei"), ("设计部", "chenjing"), ("市场部", "zhaomin"),
    ("销售部", "sunlei"), ("测试部", "wuhao"), ("运维部", "fengtao"), ("客服部", "helin"),
    ("人力资源部", "xuqing"),
]

MEMBERS = [  # login, display name, department, title
    (ME, "林思远", "产品部", "产品总监"),
    ("zhouting", "周婷", "产品部", "高级产品经理"),
    ("emily.zhao", "Emily Zhao", "产品部", "Product Analyst"),
    ("zhangwei", "张伟", "研发部", "研发总监"),
    ("kevin.wu", "Kevin Wu", "研发部", "Software Architect"),
    ("wangfang", "王芳", "研发部", "后端工程师"),
    ("liqiang", "李强", "研发部", "前端工程师"),
    ("liuyang", "刘洋", "研发部", "移动端工程师"),
    ("chenjing", "陈静", "设计部", "设计主管"),
    ("alice.chen", "Alice Chen", "设计部", "UI Designer"),
    ("yangfan", "杨帆", "设计部", "交互设计师"),
    ("zhaomin", "赵敏", "市场部", "市场总监"),
    ("david.sun", "David Sun", "市场部", "Marketing Specialist"),
    ("huangli", "黄丽", "市场部", "品牌经理"),
    ("sunlei", "孙磊", "销售部", "销售总监"),
    ("grace.lin", "Grace Lin", "销售部", "Key Account Manager"),
    ("machao", "马超", "销售部", "销售代表"),
    ("wuhao", "吴昊", "测试部", "测试主管"),
    ("zhengxue", "郑雪", "测试部", "测试工程师"),
    ("fengtao", "冯涛", "运维部", "运维负责人"),
    ("ryan.xu", "Ryan Xu", "运维部", "SRE Engineer"),
    ("helin", "何琳", "客服部", "客服主管"),
    ("xuqing", "许晴", "人力资源部", "HRBP"),
    ("sophie.wang", "Sophie Wang", "人力资源部", "Recruiter"),
]


def login_of(ws: Workspace, demo_login: str) -> str:
    """The login a demo person has in `ws`: ME is the caller; a clash gets a "2" suffix."""
    real = ws.actor.real
    if demo_login == ME:
        return real
    return demo_login + "2" if demo_login == real else demo_login


def _projects(day, year: int, quarter: int) -> list[dict]:
    """The six projects; `day(n)` is the ISO date n working days from today."""
    return [
        dict(name=f"{year}年Q{quarter}产品迭代项目组", state="in_progress", pm=ME,
             initiator="zhouting", initiator_dept="产品部", lead_dept="研发部",
             collab=["设计部", "测试部", "市场部"], created=-27, due=24,
             goal="首单转化率从 18% 提升到 25%；核心页面加载 ≤ 1.5 秒",
             background="用户反馈注册到首单流程过长，近 3 个月首单转化率停留在 18%。",
             outcome=f"{day(19)} 前上线 MVP 版本，覆盖 12 项功能中的 8 项",
             time_nodes=f"需求评审 {day(-25)}；MVP 演示 {day(6)}；UAT {day(16)}；上线 {day(19)}",
             support="研发 5 人、设计 2 人、测试 2 人；测试环境 2 套；数据看板权限",
             members=[(ME, "项目经理"), ("zhangwei", "研发负责人"), ("chenjing", "设计负责人"),
                      ("wuhao", "测试负责人"), ("david.sun", "市场对接人")],
             requirements=dict(
                 background="首单转化率偏低，用户调研显示下单步骤过多。",
                 goals="首单转化率 ≥ 25%；首屏加载 ≤ 1.5 秒；崩溃率 < 0.1%",
                 features="1. 新版首页\n2. 智能推荐\n3. 一键下单\n4. 新人礼包\n"
                          "5. 订单进度推送\n6. 会员积分（另 7 项见附件）",
                 personas="25–35 岁白领用户；中小企业采购；新注册用户",
                 expected="MVP 版本上线，核心指标无下降",
                 target_date=day(19)),
             tasks=ITERATION_TASKS),
        dict(name="官网改版 Website Redesign", state="delivered", pm="chenjing",
             initiator="zhaomin", initiator_dept="市场部", lead_dept="设计部",
             collab=["研发部", "测试部"], created=-50, due=3,
             goal="官网跳出率从 62% 降到 45%，月均线索 ≥ 800 条",
             background="现官网 2019 年上线，移动端体验差，品牌形象与新 VI 不一致。",
             outcome="新版官网（中英文）上线，Lighthouse 性能分 ≥ 90",
             time_nodes=f"设计定稿 {day(-30)}；开发完成 {day(-15)}；交付 {day(-3)}",
             support="研发 2 人、设计 2 人；CDN 与 CMS 权限",
             members=[("chenjing", "项目经理"), ("zhaomin", "发起人"), ("liqiang", "前端负责人"),
                      ("alice.chen", "视觉设计")],
             requirements=dict(
                 background="移动端访问占比 70%，旧站未做适配。", goals="跳出率 ≤ 45%",
                 features="首页、产品页、案例页、新闻中心、联系我们、英文站",
                 personas="潜在企业客户；求职者；媒体", expected="线索量提升 30%",
                 target_date=day(3)),
             tasks=WEBSITE_TASKS),
        dict(name="移动端 App 3.0 上线", state="launched", pm="kevin.wu",
             initiator="zhouting", initiator_dept="产品部", lead_dept="研发部",
             collab=["测试部", "运维部", "客服部", "市场部"], created=-70, due=-1,
             goal="冷启动时间降低 30%，7 日留存率提升 5 个百分点",
             background="App 2.x 架构老旧，冷启动 3.2 秒，差评集中在卡顿。",
             outcome="3.0 版本在 iOS 与安卓主流商店上线",
             time_nodes=f"开发完成 {day(-33)}；灰度 {day(-23)}；发布 {day(-2)}",
             support="客户端 2 人、后端 1 人、测试 2 人；应用商店开发者账号",
             members=[("kevin.wu", "项目经理"), ("liuyang", "iOS 负责人"),
                      ("liqiang", "Android 负责人"), ("wuhao", "测试负责人"),
                      ("ryan.xu", "运维对接人")],
             requirements=dict(
                 background="卡顿相关差评占 41%。", goals="冷启动 ≤ 2.2 秒；崩溃率 < 0.1%",
                 features="新首页、离线缓存、深色模式、消息中心改版",
                 personas="日活用户 120 万，其中 60% 为老用户", expected="应用商店评分 ≥ 4.6",
                 target_date=day(-2)),
             tasks=APP_TASKS),
        dict(name=f"{year}年终大促活动", state="kicked_off", pm="zhaomin",
             initiator="zhaomin", initiator_dept="市场部", lead_dept="市场部",
             collab=["销售部", "设计部", "研发部", "客服部"], created=-8, due=30,
             goal="活动期 GMV ≥ 3000 万元，新客 ≥ 5 万人，ROI ≥ 3",
             background="年终是全年销售高峰，去年活动 GMV 2100 万元。",
             outcome="活动按期上线，系统可用率 ≥ 99.9%",
             time_nodes=f"方案定稿 {day(-1)}；物料完成 {day(5)}；上线 {day(15)}",
             support="预算 80 万元；研发 3 人支持 2 周；客服临时增员 10 人",
             members=[("zhaomin", "项目经理"), ("david.sun", "活动策划"),
                      ("grace.lin", "销售对接人"), ("yangfan", "设计对接人"),
                      ("wangfang", "研发对接人")],
             requirements=dict(
                 background="去年大促峰值时段下单失败率 2%。", goals="GMV ≥ 3000 万元",
                 features="满减券、会员积分加倍、重点客户专场、直播带货",
                 personas="老客户复购；新客首单；企业采购",
                 expected="GMV 同比 +40%", target_date=day(15)),
             tasks=CAMPAIGN_TASKS),
        dict(name="CRM 客户管理系统升级", state="approved", pm=ME,
             initiator="sunlei", initiator_dept="销售部", lead_dept="研发部",
             collab=["产品部", "客服部"], created=-6, due=60,
             goal="销售录入时间减少 50%，客户跟进及时率 ≥ 95%",
             background="现有 CRM 无移动端，销售每天手工录入约 1.5 小时。",
             outcome="CRM 2.0 上线，覆盖销售部全部 60 名销售",
             time_nodes=f"启动会 {day(3)}；原型 {day(15)}；上线 {day(55)}",
             support="研发 3 人 8 周；HR 协助培训；数据迁移权限",
             members=[(ME, "项目经理"), ("sunlei", "发起人"), ("grace.lin", "业务对接人")],
             requirements={}, tasks=[]),
        dict(name="用户增长数据看板", state="requested", pm="emily.zhao",
             initiator="zhouting", initiator_dept="产品部", lead_dept="研发部",
             collab=["市场部", "销售部"], created=-1, due=40,
             goal="增长核心指标 15 项实现 T+1 自动更新，周报制作时间从 4 小时降到 0.5 小时",
             background="各部门增长数据口径不一，每周手工汇总。",
             outcome="统一口径的数据看板，市场部、销售部均可自助查询",
             time_nodes=f"需求确认 {day(5)}；上线 {day(35)}",
             support="数据工程师 1 人；数仓只读权限",
             members=[("emily.zhao", "项目经理"), ("zhouting", "发起人")],
             requirements={}, tasks=[]),
    ]


# -- seeding ---------------------------------------------------------------------
def seed(ws: Workspace, rng: random.Random) -> None:
    today = ws.today()
    cal = WorkCalendar.of(ws)

    def day(n: int) -> str:
        return cal.add_working_days(today, n).isoformat()

    def at(n: int, hour: int = 9, minute: int = 30) -> str:
        moment = datetime.combine(date.fromisoformat(day(n)), time(hour, minute), tzinfo=ws.tz)
        return to_iso(min(moment, ws.now()))

    def who(login: str) -> str:
        return login_of(ws, login)

    _seed_people(ws, who)
    for spec in _projects(day, today.year, (today.month - 1) // 3 + 1):
        _seed_project(ws, rng, spec, day, at, who)


def _seed_people(ws: Workspace, who) -> None:
    me = who(ME)
    with ws.transaction(DIRECTORY) as tx:
        members = tx.table(MEMBER_TABLE)
        for login, name, dept, title in MEMBERS:
            doc = {"login": who(login), "name": name, "dept": dept, "title": title,
                   "admin": who(login) == me}
            if members.contains(Query().login == doc["login"]):
                members.update(doc, Query().login == doc["login"])
            else:
                members.insert(doc)
            tx.audit("demo.seed", doc["login"], kind="member")
        depts = tx.table(DEPT_TABLE)
        for name, head in DEPARTMENTS:
            depts.insert({"name": name, "head": who(head)})
            tx.audit("demo.seed", name, kind="department", head=who(head))


def _seed_project(ws: Workspace, rng: random.Random, spec: dict, day, at, who) -> None:
    created = projects.create_project(
        ws, spec["name"], pm=who(spec["pm"]), initiator_dept=spec["initiator_dept"],
        lead_dept=spec["lead_dept"], goal=spec["goal"], due=day(spec["due"]),
        collab_depts=spec["collab"], background=spec["background"], outcome=spec["outcome"],
        time_nodes=spec["time_nodes"], support=spec["support"],
        members=[{"login": who(login), "role": role} for login, role in spec["members"]],
        **({"requirements": spec["requirements"]} if spec["requirements"] else {}))
    pid = created["id"]
    created_at = at(spec["created"])
    with ws.transaction(projects.shard_name(pid)) as tx:
        tx.table(projects.PROJECT).update(
            {"state": spec["state"], "initiator": who(spec["initiator"]),
             "created_at": created_at}, doc_ids=[1])
        tx.audit("demo.seed", pid, kind="project", state=spec["state"])
        numbers: dict[str, int] = {}
        table = tx.table(tasks.TASKS)
        for key, title, owner, start, end, priority, deps, milestone, standard, status in \
                spec["tasks"]:
            doc = tasks._clean(ws, pid, dict(title=title, owner=who(owner), start=day(start),
                                             due=day(end), priority=priority,
                                             milestone=milestone, standard=standard))
            state, progress = _status(rng, start, end, status)
            number = table.insert({
                **doc, "depends": [numbers[d] for d in deps], "progress": progress,
                "state": state, "created_at": at(spec["created"] + 1, 10, 0),
                "created_by": who(spec["pm"])})
            numbers[key] = number
            tx.audit("demo.seed", tasks.task_id(pid, number), kind="task", title=title)


def _status(rng: random.Random, start: int, end: int, status) -> tuple[str, int]:
    """(state, progress) of a demo task whose dates are `start`..`end` working days from today."""
    if status == "done":
        return "done", 100
    if status == "late":
        return "open", rng.randrange(55, 95, 5)
    if isinstance(status, tuple):
        return status[0], status[1]
    if end < 0:
        return "done", 100
    if start > 0:
        return "open", 0
    elapsed = (0.5 - start) / (end - start + 1)
    progress = round((elapsed * 100 + rng.randint(-15, 10)) / 5) * 5
    return "open", max(5, min(95, progress))
