"""Demo data for the project flow (SPEC §1), on top of the base demo's six projects.

The base seeder writes projects straight into their states; this one adds what
those states imply, and drives the rest through the store's own rules with a
clock pinned at past instants:
- every project past approval gets its approval, kickoff and published task list;
- every published task list signed by the heads of its departments that day;
- 产品迭代 (in progress): its requirements document (需求说明书); of the
  departments whose tasks were republished today one signed again, the others
  are reminded; daily updates for the last working days (some with
  【需协助】), an approved delay that moved a dependent (接口文档评审) and a
  delay request waiting for the PM and the head (its preview moves four tasks), issues of each
  level (an urgent one not yet escalated), a resource request for HR, a lag cause,
  the weekly meeting minutes but the latest, a few tasks published today and not
  yet confirmed;
- 官网改版 (delivered): v2.0-rc1 sent back with changes, v2.0 awaiting acceptance;
- App 3.0 (launched): v3.0 accepted, launched two working days ago, its
  retrospective saved and archived to the knowledge base;
- 年终大促 (kicked off): kickoff held three days ago, its minutes still missing;
- CRM (approved): the approval of 销售部's head.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from ..projects import (delays, deliverables, kickoff, lagging, progress, issues as project_issues,
                        resources, retro, signoff)
from ..core.clock import FixedClock, to_iso
from ..people.members import department_head
from ..projects.flow import launch_project
from ..projects.project import PROJECT, edit_project, get_project, list_projects, shard_name
from ..projects.tasks import TASKS, project_tasks
from ..people.workdays import WorkCalendar
from ..core.workspace import Workspace
from .base import login_of

HELP = {  # task title → (helper, problem) for the 【需协助】 flag
    "后端核心接口开发": ("kevin.wu", "支付回调接口签名方案未定，需架构师确认"),
    "前端开发核心模块": ("zhangwei", "遇到技术瓶颈：首屏渲染超 2 秒，需研发主管协调资源"),
    "移动端适配": ("alice.chen", "部分机型切图缺失"),
}


def seed(ws: Workspace, rng: random.Random) -> None:
    calendar = WorkCalendar.of(ws)
    today = ws.today()

    def moment(n: int, hour: int, minute: int = 0) -> datetime:
        """n working days from today at hh:mm local (never after now)."""
        day = calendar.add_working_days(today, n)
        return min(datetime.combine(day, time(hour, minute), tzinfo=ws.tz), ws.now())

    def as_(login: str, when: datetime) -> Workspace:
        """`ws` acting for `login` (a login of this workspace) at the instant `when`."""
        clone = ws.acting_as(login)
        clone.clock = FixedClock(when)
        return clone

    found = {p["name"]: p for p in list_projects(ws)}

    def project(fragment: str) -> dict | None:
        return next((p for name, p in found.items() if fragment in name), None)

    iteration = project("产品迭代项目组")
    if iteration:
        iteration = _backfill(ws, iteration, moment(-25, 14), moment(-24, 10), rng)
        _iteration(ws, iteration, moment, as_, calendar, today, rng)
    website = project("官网改版")
    if website:
        _backfill(ws, website, moment(-47, 10), moment(-46, 10), rng)
        _website(ws, website, moment, as_)
    app = project("App 3.0")
    if app:
        _backfill(ws, app, moment(-67, 10), moment(-66, 10), rng)
        _app(ws, app, moment, as_, calendar.add_working_days(today, 10))
    campaign = project("年终大促")
    if campaign:
        _backfill(ws, campaign, moment(-3, 10), None, rng)
    crm = project("CRM")
    if crm:
        _backfill(ws, crm, None, None, rng)


# -- what the base states imply ----------------------------------------------------
def _backfill(ws: Workspace, project: dict, kicked: datetime | None,
              published: datetime | None, rng: random.Random) -> dict:
    """Approval (by the requesting head), kickoff and publication, written as records."""
    pid = project["id"]
    head = department_head(ws, project["initiator_dept"]) or project["pm"]
    approved_at = to_iso(min(_created(project) + timedelta(days=1),
                             kicked or ws.now(), ws.now()))
    fields: dict = {"approval": {"decision": "approved", "by": head, "at": approved_at,
                                 "comment": "同意立项，请尽快组织启动会"},
                    "approved_at": approved_at}
    if kicked:
        fields["kickoff"] = {"held_at": to_iso(kicked), "recorded_by": project["pm"],
                             "recorded_at": to_iso(kicked), "attendees": [
                                 m["login"] for m in project.get("members", [])],
                             "place": "3 楼大会议室 / 线上"}
        fields["kicked_off_at"] = to_iso(kicked)
    if published:
        fields["published_at"] = fields["last_published_at"] = to_iso(published)
    with ws.transaction(shard_name(pid)) as tx:
        tx.table(PROJECT).update(fields, doc_ids=[1])
        if published:
            for doc in tx.table(TASKS).all():
                change = {"published_at": to_iso(published)}
                if rng.random() < 0.6:
                    change.update(confirmed_at=to_iso(published + timedelta(
                        minutes=rng.randint(20, 600))), confirmed_by=doc["owner"])
                tx.table(TASKS).update(change, doc_ids=[doc.doc_id])
        tx.audit("demo.seed", pid, kind="project-flow")
    if published:  # every department owning tasks signed the list the day it was published
        project = get_project(ws, pid)
        for dept in signoff.departments_to_sign(ws, project):
            head = department_head(ws, dept)
            if head:
                clone = ws.acting_as(head)
                # two hours later (not from `rng`: the rest of the demo keeps its draws)
                clone.clock = FixedClock(published + timedelta(hours=2))
                signoff.sign_off(clone, pid, dept)
    return get_project(ws, pid)


def _created(project: dict) -> datetime:
    return datetime.fromisoformat(project["created_at"])


def _task(ws: Workspace, project: dict, title: str) -> dict | None:
    return next((t for t in project_tasks(ws, project["id"]) if t["title"] == title), None)


# -- 产品迭代: in progress ---------------------------------------------------------
def _iteration(ws: Workspace, project: dict, moment, as_, calendar: WorkCalendar, today: date,
               rng: random.Random) -> None:
    pid, pm = project["id"], project["pm"]
    edit_project(as_(pm, moment(-25, 9)), pid, requirements_doc=REQUIREMENTS)
    _minutes(ws, project, as_)
    _daily_updates(ws, project, as_, calendar, today, rng)
    _approved_delay(ws, project, moment, as_, calendar)
    fe = _task(ws, project, "前端开发核心模块")
    if fe and fe["state"] == "open":
        new_due = calendar.add_working_days(date.fromisoformat(fe["due"]), 3).isoformat()
        delays.request_delay(as_(fe["owner"], moment(0, 9, 40)), fe["id"], new_due,
                             "需求变更导致工作量增加：新增新人礼包页面",
                             plan="礼包页面与首页并行开发，联调顺延 3 个工作日")
    for demo_login, when, level, text, impact, found_at in [
        ("zhengxue", moment(-1, 15), "general", "测试环境偶发登录超时 | 约 5% 请求",
         "影响自动化用例稳定性", moment(-1, 11)),
        ("kevin.wu", moment(0, 9, 20), "major", "第三方支付 SDK 升级导致签名校验失败",
         "可能导致 MVP 演示延期 2 天", moment(-2, 16)),
        ("wuhao", ws.now() - timedelta(minutes=40), "urgent",
         "测试环境数据库连接池溢出，联调全部阻塞", "研发、测试 12 人无法工作",
         ws.now() - timedelta(minutes=55)),
    ]:
        project_issues.file_issue(as_(login_of(ws, demo_login), when), pid, text, level=level,
                                  impact=impact, discovered_at=found_at)
    resources.request_resource(as_(pm, moment(-1, 10)), pid, "people", "增调 2 名开发工程师",
                               amount="2 人 × 4 周", approver=login_of(ws, "xuqing"),
                               reason="前端进度滞后，联调前需补充人手")
    late = _task(ws, project, "数据库迁移脚本")
    head = department_head(ws, project["lead_dept"])
    if late and head and lagging.is_lagging(late, today):
        lagging.record_cause(as_(head, moment(0, 9)), late["id"], "resources",
                             "抽调 1 名后端工程师支援，预计 2 天内完成", note="周三站会已同步")
    _republish(ws, project, moment(0, 8, 30))
    _signoffs(ws, project, as_, moment(0, 9, 50))


REQUIREMENTS = """# 项目需求说明书

## 功能清单
- 新人礼包页面（注册后 24 小时内可领取）
- 首页改版：首屏渲染 < 2 秒
- 支付回调签名升级

## 用户画像
- 新注册用户：18–30 岁，移动端为主
- 老用户：每月下单 ≥ 2 次

## 预期成果
- 首单转化率提升到 25%
- 2024-09-30 前上线 MVP 版本
"""


def _signoffs(ws: Workspace, project: dict, as_, when: datetime) -> None:
    """Of the departments whose tasks were republished this morning, one head has signed
    again; the others have not yet (their heads are reminded)."""
    waiting = [row for row in signoff.signoff_status(ws, project["id"])
               if not row["current"] and row["head"]]
    if waiting:
        signoff.sign_off(as_(waiting[0]["head"], when), project["id"], waiting[0]["dept"])


def _approved_delay(ws: Workspace, project: dict, moment, as_, calendar: WorkCalendar) -> None:
    """Two days ago 后端核心接口开发 asked for one more working day; the PM (also the
    requesting head) approved, and 接口文档评审, which starts right after it, moved a day:
    the plan shows the moved dependent and its due-date history."""
    api = _task(ws, project, "后端核心接口开发")
    if not api or api["state"] != "open":
        return
    new_due = calendar.add_working_days(date.fromisoformat(api["due"]), 1).isoformat()
    delay = delays.request_delay(as_(api["owner"], moment(-2, 11)), api["id"], new_due,
                                 "支付回调接口签名方案变更，需补充联调用例",
                                 plan="签名方案由架构师确认后顺延 1 个工作日，接口文档评审同步顺延")
    for login in dict.fromkeys([project["pm"], department_head(ws, project["initiator_dept"])]):
        if login and delays.get_delay(ws, delay["id"])["state"] == "pending":
            delays.approve_delay(as_(login, moment(-2, 15)), delay["id"], "同意顺延 1 天")


def _minutes(ws: Workspace, project: dict, as_) -> None:
    """Kickoff minutes an hour after the meeting; weekly minutes the next morning, all but
    the latest meeting's (still due)."""
    pm, held = project["pm"], datetime.fromisoformat(project["kickoff"]["held_at"])
    kickoff.file_kickoff_minutes(
        as_(pm, held + timedelta(hours=1)), project["id"], progress="逐项说明需求，各方理解一致",
        risks="设计资源紧张；第三方接口依赖", measures="设计部增派 1 人；提前对接服务商",
        decisions=["每周三 10:00 站会 15 分钟", "每日 17:00 前更新任务进度"])
    for day in kickoff.weekly_days(ws, project, ws.now())[:-1]:
        kickoff.file_weekly_minutes(
            as_(pm, datetime.combine(day + timedelta(days=1), time(11), tzinfo=ws.tz)),
            project["id"], day, progress="按计划推进，整体进度见跟踪表",
            risks="个别任务滞后", measures="牵头部门协调资源，周五复查")


def _daily_updates(ws: Workspace, project: dict, as_, calendar: WorkCalendar, today: date,
                   rng: random.Random) -> None:
    """Updates on the last three working days for every task under way, and today for some."""
    days = [calendar.add_working_days(today, -n) for n in (3, 2, 1)]
    if calendar.is_working_day(today):
        days.append(today)
    prepared = []
    for task in project_tasks(ws, project["id"]):
        if task["state"] != "open" or task["start"] > today.isoformat():
            continue
        helper, problem = HELP.get(task["title"], (None, ""))
        moments = []
        for day in days:
            when = min(datetime.combine(day, time(16, rng.randint(0, 55)), tzinfo=ws.tz),
                       ws.now() - timedelta(minutes=5))
            skip = day == today and rng.random() < 0.5  # not yet today: shown as missing
            if day.isoformat() >= task["start"] and not skip \
                    and when.astimezone(ws.tz).date() == day:
                moments.append(when)
        final = task.get("progress", 0)
        for i, when in enumerate(moments):
            last = i == len(moments) - 1
            percent = max(0, final - 5 * (len(moments) - 1 - i))
            prepared.append(progress.prepare_entry(
                as_(task["owner"], when), task["id"], percent,
                done=f"完成 {task['title']} 约 {percent}%", problems=problem if last else "",
                next_step="继续推进，预计按期交付",
                help_from=login_of(ws, helper) if (helper and last) else None))
    with ws.transaction(shard_name(project["id"])) as tx:  # one write for the whole batch
        for doc in sorted(prepared, key=lambda d: d["at"]):
            progress.write_entry(tx, doc)


def _republish(ws: Workspace, project: dict, when: datetime) -> None:
    """The task list changed this morning: its later tasks wait for their owners' receipt."""
    later = (ws.today() + timedelta(days=18)).isoformat()
    with ws.transaction(shard_name(project["id"])) as tx:
        for doc in tx.table(TASKS).all():
            if doc["start"] >= later:
                tx.table(TASKS).update({"published_at": to_iso(when), "confirmed_at": None,
                                        "confirmed_by": None}, doc_ids=[doc.doc_id])
        tx.table(PROJECT).update({"last_published_at": to_iso(when)}, doc_ids=[1])
        tx.audit("demo.seed", project["id"], kind="republish")


# -- 官网改版: delivered, one round of changes -----------------------------------
def _website(ws: Workspace, project: dict, moment, as_) -> None:
    pid, pm, initiator = project["id"], project["pm"], project.get("initiator")
    _set_state(ws, pid, "in_progress")
    first = deliverables.submit_deliverable(
        as_(pm, moment(-3, 17)), pid, "v2.0-rc1",
        "首页、产品页、案例页、新闻中心、联系我们（中文站 22 页）",
        "兼容性测试：6 种浏览器 × 5 种分辨率，缺陷 14 个已全部关闭；Lighthouse 性能分 91")
    deliverables.review_deliverable(
        as_(initiator, moment(-2, 11)), first["id"], passed=False,
        comment="英文站缺 6 页；案例页图片未压缩 | 移动端首屏 2.1 秒")
    deliverables.submit_deliverable(
        as_(pm, ws.now() - timedelta(hours=3)), pid, "v2.0",
        "中英文站 58 页；案例页图片压缩；移动端首屏优化",
        "回归测试 180 条用例全部通过；移动端首屏 1.1 秒；Lighthouse 性能分 94")


# -- App 3.0: accepted, launched, retrospective done ---------------------------------
def _app(ws: Workspace, project: dict, moment, as_, action_due: date) -> None:
    pid, pm, initiator = project["id"], project["pm"], project.get("initiator")
    _set_state(ws, pid, "in_progress")
    shipped = deliverables.submit_deliverable(
        as_(pm, moment(-5, 15)), pid, "v3.0.0",
        "新首页、离线缓存、深色模式、消息中心改版；冷启动 2.1 秒",
        "全量回归 352 条用例通过率 99.1%；灰度 500 人崩溃率 0.06%")
    deliverables.review_deliverable(as_(initiator, moment(-4, 10)), shipped["id"], passed=True,
                                    comment="验收通过，准予发布")
    launch_project(as_(pm, moment(-2, 10)), pid)
    retro.save_retrospective(
        as_(pm, moment(0, 9)), pid,
        summary="3.0 版本按期发布，冷启动 3.2 秒 → 2.1 秒（-34%），首周崩溃率 0.06%。",
        went_well="灰度内测提前暴露 37 个问题；每日 17:00 进度更新让风险提前 3 天可见；"
                  "测试部与研发部联合值班响应迅速",
        lessons="需求变更流程需优化：开发中途新增 2 项需求导致回归测试压缩 2 天；"
                "跨部门沟通频次不足：客服 FAQ 晚于灰度 2 天完成",
        actions=[{"text": "需求冻结后的变更须经发起部门负责人审批", "owner": initiator,
                  "due": action_due.isoformat()},
                 {"text": "灰度前 3 天同步客服 FAQ", "owner": login_of(ws, "helin"),
                  "due": None}])


def _set_state(ws: Workspace, pid: int, state: str) -> None:
    with ws.transaction(shard_name(pid)) as tx:
        tx.table(PROJECT).update({"state": state}, doc_ids=[1])
        tx.audit("demo.seed", pid, kind="state", state=state)

