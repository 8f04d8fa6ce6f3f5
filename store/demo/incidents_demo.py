"""Demo incidents: one mid-flight now, led by the caller (so every key of the incident
screen can be tried), and past ones resolved, with reports, customer notices and
postmortems in the knowledge base.

Everything goes through the store's own functions, each call on a copy of the
workspace acting as the right person with its clock set to the right moment,
so the timelines, SLA records and audit trails are what real use would leave.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from ..warroom import reports
from ..warroom import incidents
from ..core.clock import FixedClock
from ..core.workspace import Workspace
from .base import ME, login_of

# (days ago, local start "HH:MM", title, severity, impact, measures, lead, roles, script)
# script steps: (minutes after the report, login, action, *args); began 10 minutes earlier.
PAST = [
    (10, "14:05", "官网无法访问", "S1", "全国用户，预计影响1000+访问/分钟", "重启服务器无效",
     "fengtao", [("logs", "ryan.xu"), ("vendor", "kevin.wu"), ("wording", "helin")], [
         (12, "ryan.xu", "ready", "正在排查服务器日志"),
         (15, "kevin.wu", "ready", "已联系云服务商"),
         (18, "helin", "ready", "客服口径已同步"),
         (25, "fengtao", "update", "初步判断为数据库连接池溢出，正在扩容"),
         (31, "ryan.xu", "note", "慢查询日志显示订单表全表扫描", "pin"),
         (55, "fengtao", "update", "连接池扩容完成，访问逐步恢复"),
         (70, "fengtao", "mitigate", "扩容连接池并限流，官网恢复访问"),
         (110, "fengtao", "resolve", "数据库连接池溢出：订单查询缺少索引导致连接长时间占用",
          "扩容连接池、为订单表补充索引并上线限流"),
     ], ("为给您带来不便，我们深表歉意。", "我们赠送1个月会员权益。"),
     (["订单表缺少索引", "连接池没有容量告警"],
      [("为连接池使用率增加告警", "ryan.xu", 7), ("上线前执行慢查询评审", "wangfang", 14)],
      "数据库变更必须经过慢查询评审后才能上线")),
    (25, "09:40", "App 登录失败", "S2", "iOS 与安卓用户无法登录，约40%用户受影响",
     "回滚昨日发布无效", "zhangwei", [("logs", "liqiang"), ("ops", "fengtao")], [
         (6, "liqiang", "ready", ""),
         (9, "fengtao", "ready", "已检查网关"),
         (20, "zhangwei", "update", "发现认证服务证书已过期，正在更新"),
         (28, "zhangwei", "decision", "先用备用证书恢复登录", "pin"),
         (35, "zhangwei", "mitigate", "切换备用证书，登录恢复"),
         (50, "zhangwei", "resolve", "认证服务 TLS 证书过期", "更新证书并配置自动续期"),
     ], ("给您带来不便，非常抱歉。", ""),
     (["证书到期没有提醒"], [("证书到期前30天自动提醒", "fengtao", 10)],
      "所有证书纳入到期监控")),
    (40, "16:20", "客户重大投诉：批量订单丢失", "S2", "重点客户的一批订单（约300单）未入库",
     "已人工核对部分订单", "helin", [("rnd", "wangfang"), ("wording", "grace.lin")], [
         (8, "wangfang", "ready", "研发团队已准备回滚方案"),
         (12, "grace.lin", "ready", "已联系客户"),
         (30, "helin", "update", "定位为导入脚本编码问题，正在补录"),
         (60, "helin", "mitigate", "订单已全部补录，客户确认"),
         (95, "helin", "resolve", "订单导入脚本未处理 GBK 编码文件", "修复脚本并补录全部订单"),
     ], ("对于此次给贵司带来的困扰，我们深表歉意。", "本月服务费减免10%。"),
     (["导入脚本缺少编码检测", "导入失败没有告警"],
      [("导入脚本支持编码自动识别", "wangfang", 7), ("导入失败时通知客服", "helin", 10)],
      "客户数据导入增加校验报告")),
]


def _as(ws: Workspace, login: str, when: datetime) -> Workspace:
    """The workspace acting as `login` with its clock stopped at `when`."""
    clone = ws.acting_as(login)
    clone.clock = FixedClock(when)
    return clone


def _local(ws: Workspace, days_ago: int, hhmm: str) -> datetime:
    day = ws.local_now().date() - timedelta(days=days_ago)
    hour, minute = (int(x) for x in hhmm.split(":"))
    return datetime.combine(day, time(hour, minute), tzinfo=ws.tz)


def _step(ws: Workspace, number: int, when: datetime, login: str, action: str, *args) -> None:
    actor = _as(ws, login, when)
    if action == "ready":
        incidents.confirm_ready(actor, number, args[0])
    elif action == "update":
        incidents.post_update(actor, number, args[0])
    elif action in ("note", "decision"):
        event = incidents.log_note(actor, number, args[0], action)
        if "pin" in args[1:]:
            incidents.pin_event(actor, number, event["no"])
    elif action == "mitigate":
        incidents.mark_mitigated(actor, number, args[0])
    elif action == "resolve":
        incidents.resolve(actor, number, cause=args[0], measures=args[1])


def _past(ws: Workspace, spec) -> None:
    days, hhmm, title, sev, impact, measures, lead, roles, script, notice, pm = spec
    who = lambda login: login_of(ws, login)  # noqa: E731
    reported = _local(ws, days, hhmm)
    inc = incidents.declare(_as(ws, who(roles[0][1]), reported), title, impact=impact,
                            measures=measures, severity_level=sev,
                            began_at=reported - timedelta(minutes=10))
    number = inc["number"]
    lead_ws = _as(ws, who(lead), reported + timedelta(minutes=3))
    incidents.assign_role(lead_ws, number, incidents.LEAD, who(lead))
    for role, login in roles:
        incidents.assign_role(lead_ws, number, role, who(login))
    for minutes, login, action, *args in script:
        _step(ws, number, reported + timedelta(minutes=minutes), who(login), action, *args)
    done = reported + timedelta(minutes=script[-1][0])
    reports.set_notice(_as(ws, who(lead), done + timedelta(minutes=10)), number,
                       apology=notice[0], compensation=notice[1])
    factors, actions, change = pm
    reports.write_postmortem(
        _as(ws, who(lead), done + timedelta(days=1)), number, factors=factors,
        summary=f"{title}：{impact}。",
        actions=[{"text": text, "owner": who(owner),
                  "due": (done + timedelta(days=due)).astimezone(ws.tz).date().isoformat()}
                 for text, owner, due in actions],
        process_change=change)


def _active(ws: Workspace) -> None:
    """Payment callbacks failing, reported 38 minutes ago; the caller leads it."""
    now = ws.now()
    me, who = login_of(ws, ME), (lambda login: login_of(ws, login))  # noqa: E731

    def at(minutes_ago: int, login: str) -> Workspace:
        return _as(ws, login, now - timedelta(minutes=minutes_ago))

    inc = incidents.declare(at(38, who("ryan.xu")), "支付回调超时，部分订单状态未更新",
                            impact="约30%的微信支付订单回调失败，客服咨询量激增",
                            measures="重启回调服务无效", severity_level="S1",
                            began_at=now - timedelta(minutes=45))
    n = inc["number"]
    incidents.assign_role(at(35, me), n, incidents.LEAD, me)
    incidents.assign_role(at(34, me), n, "logs", who("ryan.xu"))
    incidents.assign_role(at(34, me), n, "vendor", who("kevin.wu"))
    incidents.confirm_ready(at(30, who("ryan.xu")), n, "正在排查回调服务日志")
    incidents.confirm_ready(at(28, who("kevin.wu")), n, "已联系支付渠道技术支持")
    incidents.assign_role(at(27, me), n, "rnd", who("wangfang"))
    note = incidents.log_note(at(22, who("ryan.xu")), n, "日志显示回调请求在网关层超时")
    incidents.pin_event(at(21, who("ryan.xu")), n, note["no"])
    incidents.post_update(at(15, me), n, "初步判断为支付网关超时设置过短，正在与渠道确认")
    incidents.assign_role(at(10, me), n, "wording", who("helin"))
    incidents.log_note(at(6, me), n, "先将回调超时从5秒调到15秒，观察成功率", "decision")
    incidents.log_note(at(3, who("kevin.wu")), n, "渠道确认其上游有波动，预计20分钟内恢复")


def seed(ws: Workspace, rng: random.Random) -> None:
    for spec in PAST:
        _past(ws, spec)
    _active(ws)
