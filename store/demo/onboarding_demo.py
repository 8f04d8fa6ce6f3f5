"""Demo data for onboarding, the knowledge base, routine sync and customer requests.

Two checklist templates (研发工程师, 销售专员) with IT owned by 冯涛 and HR by
许晴, and three new hires at different stages, all dated in working days
from today:
- 林小雨 (engineer) starts in three working days: IT is preparing;
- 唐宁 (sales) started four working days ago: day one done, one step overdue;
- 高洁 (engineer) started eighteen working days ago: nearly done, with notes.
Plus two free knowledge-base pages, weekly and monthly minutes with decisions
and action items, and three customer requests (received, in progress with a
change waiting for the customer, closed).
"""

from __future__ import annotations

import random
from datetime import date, datetime, time

from ..customers import requests as customers
from ..kb import entries as kb
from ..onboarding import checklists as onboarding, templates as onboarding_templates
from ..meetings import routines
from ..core.clock import to_iso
from ..people.members import add_member, find_member
from ..people.workdays import WorkCalendar
from ..core.workspace import Workspace
from .base import login_of

HIRES = [  # login, name, department, title
    ("xiaoyu", "林小雨", "研发部", "后端工程师"),
    ("tangning", "唐宁", "销售部", "销售代表"),
    ("gaojie", "高洁", "研发部", "前端工程师"),
]

PAGES = [
    ("新人须知：跨部门协作流程", ["新人", "流程"], """# 新人须知：跨部门协作流程

欢迎加入！以下是我们日常协作的几条规则：

1. **每日进度**：每个工作日 17:00 前更新你负责的任务进度；遇到问题标注【需协助】并写明需要谁协助。
2. **周三站会**：项目经理每周三召开 15 分钟站会，纪要次日同步。
3. **延期申请**：至少提前 2 天提交，说明原因与调整后的计划，经项目经理和发起部门负责人审批。
4. **问题反馈**：发现问题 24 小时内填写问题反馈表；紧急问题 2 小时内启动应急流程。

有疑问先找你的对接人，再找直属主管。
"""),
    ("客户需求对接流程", ["客户", "流程"], """# 客户需求对接流程

收到 → 确认 → 处理中 → 关闭。

- 收到需求后，**下一个工作日内**与客户确认需求范围。
- 需求变更必须经客户确认后，才更新截止日期；旧的截止日期保留在历史中。
- 关闭时写明处理结果，例如“已上线并经客户验收”。
"""),
]


def seed(ws: Workspace, rng: random.Random) -> None:
    today = ws.today()
    cal = WorkCalendar.of(ws)

    def day(n: int) -> date:
        return cal.add_working_days(today, n)

    def at(n: int, hour: int) -> datetime:
        return min(datetime.combine(day(n), time(hour, 0), tzinfo=ws.tz), ws.now())

    def who(login: str) -> str:
        return login_of(ws, login)

    for login, name, dept, title in HIRES:
        if find_member(ws, who(login)) is None:
            add_member(ws, who(login), name, dept, title)
    onboarding_templates.set_owners(ws, it=who("fengtao"), hr=who("xuqing"))
    for template in onboarding_templates.DEFAULT_TEMPLATES:
        onboarding_templates.save_template(ws, template["name"], template["role"],
                                           template["steps"], duties=template["duties"])
    _hires(ws, day, who)
    _knowledge(ws, day, at, who)
    _customers(ws, day, at, who)


def _progress(ws: Workspace, hire: dict, done: list[int],
              notes: dict[int, tuple[str, str]]) -> None:
    """Tick steps as their owners did on their due days, and add notes: one write per hire."""
    tz, now = ws.tz, ws.now()

    def when(day: str, hour: int) -> str:
        moment = datetime.combine(date.fromisoformat(day), time(hour, 0), tzinfo=tz)
        return to_iso(min(moment, now))

    steps = []
    for step in hire["steps"]:
        step = dict(step)
        if step["n"] in done:
            step.update(done_at=when(step["due"], 16), done_by=step["owner"])
        if step["n"] in notes:
            login, text = notes[step["n"]]
            step["notes"] = [{"at": when(step["due"], 11), "by": login, "text": text}]
        steps.append(step)
    with ws.transaction(onboarding.ONBOARDING) as tx:
        tx.table(onboarding.HIRES).update({"steps": steps}, doc_ids=[hire["id"]])
        tx.audit("demo.onboarding", hire["id"], done=done)


def _hires(ws: Workspace, day, who) -> None:
    soon = onboarding.start_onboarding(ws, who("xiaoyu"), template="engineer", start=day(3),
                                       buddy=who("wangfang"), manager=who("zhangwei"))
    _progress(ws, soon, [3], {1: (who("fengtao"), "账号申请已提交，等待安全组审批。")})

    started = onboarding.start_onboarding(ws, who("tangning"), template="sales", start=day(-4),
                                          buddy=who("grace.lin"), manager=who("sunlei"))
    _progress(ws, started, [1, 2, 3], {4: (who("grace.lin"), "下周二的华东客户A沟通会可以旁听。")})

    almost = onboarding.start_onboarding(ws, who("gaojie"), template="engineer", start=day(-18),
                                         buddy=who("liqiang"), manager=who("zhangwei"))
    _progress(ws, almost, [1, 2, 3, 4, 5, 6, 7, 8],
              {8: (who("gaojie"), "已完成登录页重构的代码评审，收获很大。")})


def _knowledge(ws: Workspace, day, at, who) -> None:
    for title, tags, body in PAGES:
        kb.add_entry(ws.acting_as(who("xuqing")), title, "page", body, tags=tags)
    routines.file_routine(
        ws.acting_as(who("zhangwei")), "weekly", "研发部周会", held_at=at(-5, 10),
        scope="研发部", attendees=[who("zhangwei"), who("wangfang"), who("liqiang")],
        progress="支付模块联调完成 80%，登录页重构进入测试。",
        risks="第三方短信接口限流，可能影响注册流程压测。",
        measures="与供应商确认扩容时间；压测改用模拟网关。",
        decisions=["压测环境下周一前准备好", "新人高洁转正评估由李强负责"],
        actions=[{"text": "确认短信接口扩容时间", "owner": who("kevin.wu"), "due": day(-3)},
                 {"text": "整理压测用例", "owner": who("wangfang"), "due": day(2)}])
    routines.file_routine(
        ws.acting_as(who("sunlei")), "monthly", "销售部月度总结", held_at=at(-12, 15),
        scope="销售部", attendees=[who("sunlei"), who("grace.lin"), who("machao")],
        decisions=["华东区客户需求统一由 Grace Lin 对接", "需求变更一律书面确认"],
        actions=[{"text": "建立客户需求台账", "owner": who("grace.lin"), "due": day(-2)}])


def _customers(ws: Workspace, day, at, who) -> None:
    grace = ws.acting_as(who("grace.lin"))
    waiting = customers.add_request(
        grace, "华东客户A", "报表支持按部门筛选", owner=who("grace.lin"), due=day(6),
        contact="刘经理", detail="客户希望月度报表可以按部门筛选并导出。",
        received_at=at(-2, 11))
    customers.confirm(grace, waiting["id"], "电话确认：需要支持多选部门")
    customers.start(grace, waiting["id"])
    customers.request_change(grace, waiting["id"], "增加按项目筛选", due=day(9))

    customers.add_request(ws.acting_as(who("machao")), "华南客户B", "批量导入联系人",
                          owner=who("machao"), due=day(5), contact="陈总",
                          detail="导入 Excel 通讯录，约 3000 条。", received_at=at(-3, 16))

    done = customers.add_request(grace, "华北客户C", "发票抬头修改", owner=who("grace.lin"),
                                 due=day(-6), contact="王会计", received_at=at(-10, 9))
    customers.confirm(grace, done["id"])
    customers.start(grace, done["id"])
    customers.close(grace, done["id"], "已在系统中更新发票抬头，客户确认无误。")
