"""The shapes of the documents the store writes, taken from the store itself.

`capture(folder)` runs one small, complete story through the store's own API
(a project from request to in progress with published, confirmed and updated
tasks, weekly minutes, an archived project with its retrospective, incidents
stopped at each stage up to the postmortem, an onboarding with ticked steps,
knowledge-base pages) and returns the documents it left in the shards. The
company generator (`bench.company`) copies these documents with `like()`,
which refuses any key the store did not write, and `conforms()` checks every
generated document against its template, so the benchmark data is exactly what
the store API writes, and stays so when the store changes.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from store.warroom import reports as incident_reports, incidents
from store.kb import entries as kb
from store.projects import (kickoff, progress, flow as project_flow, project as projects,
                            publication, retro, tasks)
from store.onboarding import checklists as onboarding, templates as onboarding_templates
from store.people import members as people
from store.core.clock import FixedClock
from store.projects.deliverables import review_deliverable, submit_deliverable
from store.core.identity import Actor
from store.people.settings import update_settings
from store.core.workspace import AUDIT, DIRECTORY, Workspace

NOW = "2026-11-18T02:00:00+00:00"   # Wednesday 10:00 in Asia/Shanghai: a standup day
TIMEZONE = "Asia/Shanghai"


@dataclass
class Shapes:
    """Documents as the store wrote them: {shard kind: {table: [docs]}} plus named picks."""

    tables: dict[str, dict[str, list[dict]]] = field(default_factory=dict)
    audit: dict[tuple[str, str], dict] = field(default_factory=dict)  # (kind, action) -> entry
    named: dict[str, dict] = field(default_factory=dict)   # e.g. "project.in_progress"

    def one(self, name: str) -> dict:
        return copy.deepcopy(self.named[name])


def capture(folder: Path) -> Shapes:
    """Run the story in `folder` (an empty directory) and collect what it wrote."""
    clock = FixedClock("2026-10-12T01:00:00+00:00")  # a Monday, 09:00 local
    folder.mkdir(parents=True, exist_ok=True, mode=0o770)
    root = Workspace.open(folder, clock=clock)
    # pinned, so the company copies the mark and `huddle` runs on it with HUDDLE_NOW (bench.app_bench)
    people.init_workspace(root, name="管理员", pinned_clock=True)
    update_settings(root, timezone=TIMEZONE)

    def me(login: str) -> Workspace:  # each person is their own OS account
        return Workspace(folder, clock, Actor(login, login))

    people.add_department(root, "产品部")
    people.add_department(root, "研发部")
    for login, name, dept in (("head.p", "周婷", "产品部"), ("head.r", "张伟", "研发部"),
                              ("pm", "王芳", "研发部"), ("dev", "李强", "研发部"),
                              ("qa", "陈静", "产品部"), ("hire", "刘洋", "研发部")):
        people.add_member(root, login, name, dept, title="工程师")
    people.set_department_head(root, "产品部", "head.p")
    people.set_department_head(root, "研发部", "head.r")

    # -- a project from request to in progress -----------------------------------
    p = projects.create_project(me("qa"), "样例项目", pm="pm", initiator_dept="产品部",
                                lead_dept="研发部", collab_depts=["产品部"], goal="转化率 +5%",
                                due="2027-03-31", background="背景", outcome="上线",
                                time_nodes="MVP 2027-01-31", support="+2 engineers")
    pid = p["id"]
    snap = {"project.requested": _project(root, pid)}
    clock.advance(hours=1)
    project_flow.approve_request(me("head.p"), pid, "同意")
    snap["project.approved"] = _project(root, pid)
    clock.advance(hours=1)
    kickoff.record_kickoff(me("pm"), pid, attendees=["pm", "dev", "qa"], place="3F")
    snap["project.kicked_off"] = _project(root, pid)
    clock.advance(minutes=30)
    kickoff.file_kickoff_minutes(me("pm"), pid, progress="启动", risks="人手", decisions=["按期"],
                                 actions=[{"text": "准备环境", "owner": "dev",
                                           "due": "2026-10-20"}])
    t1 = tasks.add_task(me("pm"), pid, "设计登录页", owner="dev", start="2026-10-12",
                        due="2026-10-23", priority="high", standard="评审通过")
    tasks.add_task(me("pm"), pid, "开发登录页", owner="dev", start="2026-10-26", due="2026-11-30",
                   depends=[t1["id"]], milestone=True, standard="缺陷 < 3")
    tasks.add_task(me("pm"), pid, "测试登录页", owner="qa", start="2026-11-02", due="2026-12-04")
    tasks.add_task(me("pm"), pid, "上线登录页", owner="dev", start="2026-12-07", due="2026-12-11")
    clock.advance(hours=1)
    publication.publish_tasks(me("pm"), pid)
    snap["project.in_progress"] = _project(root, pid)
    clock.advance(hours=1)
    publication.confirm_receipt(me("dev"), f"{pid}-1")
    publication.confirm_receipt(me("dev"), f"{pid}-2")
    publication.confirm_receipt(me("dev"), f"{pid}-4")
    clock.advance(hours=6)
    progress.record_progress(me("dev"), f"{pid}-1", 40, done="画了线框", next_step="高保真")
    progress.record_progress(me("dev"), f"{pid}-2", 5, done="搭框架", next_step="写接口")
    clock.advance(days=1)
    progress.record_progress(me("dev"), f"{pid}-1", 100, done="评审通过", next_step="交付")
    progress.record_progress(me("qa"), f"{pid}-3", 10, done="写用例", problems="环境不稳定",
                             next_step="继续", help_from="dev")
    kickoff.file_weekly_minutes(me("pm"), pid, "2026-10-14", progress="顺利", risks="",
                                decisions=["继续"])

    # -- a second project all the way to archived ----------------------------------
    q = projects.create_project(me("qa"), "归档项目", pm="pm", initiator_dept="产品部",
                                lead_dept="研发部", goal="完成", due="2026-11-13")
    qid = q["id"]
    project_flow.approve_request(me("head.p"), qid)
    kickoff.record_kickoff(me("pm"), qid)
    tasks.add_task(me("pm"), qid, "做完", owner="dev", start="2026-10-12", due="2026-10-16")
    publication.publish_tasks(me("pm"), qid)
    progress.record_progress(me("dev"), f"{qid}-1", 100, done="完成")
    clock.advance(days=1)
    d = submit_deliverable(me("pm"), qid, "v1.0", "登录", "全部通过")
    review_deliverable(me("qa"), d["id"], passed=True, comment="通过")
    project_flow.launch_project(me("pm"), qid)
    clock.advance(days=1)
    retro.save_retrospective(me("pm"), qid, went_well="协作顺畅", lessons="提前准备环境",
                             actions=[{"text": "环境模板化", "owner": "dev",
                                       "due": "2026-11-30"}])
    project_flow.archive_project(me("pm"), qid)
    snap["project.archived"] = _project(root, qid)

    # -- incidents: one left at each stage ---------------------------------------
    clock.set("2026-11-02T06:00:00+00:00")
    stages = {}
    for stage in ("reported", "mobilising", "mitigating", "resolved", "postmortem_done"):
        inc = incidents.declare(me("dev"), f"官网无法访问 {stage}", impact="全国用户，1000+ 访问/分钟",
                                measures="重启无效", severity_level="S1")
        n = inc["number"]
        stages[stage] = n
        if stage == "reported":
            continue
        clock.advance(minutes=2)
        incidents.assign_role(me("dev"), n, "lead", "pm")
        incidents.assign_role(me("pm"), n, "logs", "dev")
        incidents.assign_role(me("pm"), n, "wording", "qa")
        clock.advance(minutes=5)
        incidents.confirm_ready(me("dev"), n, "在查日志")
        incidents.post_update(me("pm"), n, "数据库连接池溢出，扩容中")
        note = incidents.log_note(me("dev"), n, "慢查询：订单表全表扫描")
        incidents.log_note(me("pm"), n, "先限流", kind="decision")
        incidents.pin_event(me("pm"), n, note["no"])
        if stage == "mobilising":
            continue
        clock.advance(minutes=20)
        incidents.confirm_ready(me("qa"), n, "口径已同步")
        incidents.mark_mitigated(me("pm"), n, "扩容并限流，访问恢复")
        if stage == "mitigating":
            continue
        clock.advance(minutes=30)
        incidents.resolve(me("pm"), n, cause="订单查询缺少索引", measures="补索引、加限流")
        incident_reports.set_notice(me("pm"), n, apology="深表歉意", compensation="赠送会员")
        if stage == "resolved":
            continue
        clock.advance(hours=20)
        incident_reports.write_postmortem(me("pm"), n, factors=["缺索引", "无告警"],
                                          actions=[{"text": "加告警", "owner": "dev",
                                                    "due": "2026-11-20"}],
                                          summary="复盘", process_change="上线前慢查询评审")
        clock.advance(minutes=1)

    # -- onboarding ------------------------------------------------------------------
    for template in onboarding_templates.DEFAULT_TEMPLATES:
        onboarding_templates.save_template(root, template["name"], template["role"],
                                           template["steps"], duties=template["duties"])
    onboarding_templates.set_owners(root, it="dev", hr="head.p")
    clock.set("2026-11-09T01:00:00+00:00")
    hire = onboarding.start_onboarding(me("head.r"), "hire", template="engineer",
                                       start="2026-11-11", buddy="dev", manager="head.r")
    onboarding.set_step_done(me("dev"), hire["id"], 3)
    onboarding.set_step_done(me("head.p"), hire["id"], 4)
    onboarding.add_note(me("dev"), hire["id"], 5, "周三见面")
    kb.add_entry(me("pm"), "发布检查清单", "page", "# 发布检查清单\n\n- 慢查询评审", tags=["发布"])

    return _collect(folder, snap, stages)


def _project(ws: Workspace, pid: int) -> dict:
    fresh = Workspace(ws.folder, ws.clock, ws.actor)
    return copy.deepcopy(fresh.shard(projects.shard_name(pid)).load()["project"]["1"])


def _collect(folder: Path, snap: dict, stages: dict) -> Shapes:
    ws = Workspace(folder)
    shapes = Shapes()
    for name in ws.shard_names():
        kind = name.split("-")[0] if name[-1].isdigit() else name
        tables = ws.shard(name).load()
        into = shapes.tables.setdefault(kind, {})
        for table, docs in tables.items():
            into.setdefault(table, []).extend(copy.deepcopy(list(docs.values())))
            if table == AUDIT:
                for entry in docs.values():
                    shapes.audit.setdefault((kind, entry["action"]), copy.deepcopy(entry))
    shapes.named.update(snap)
    for stage, n in stages.items():
        tables = ws.shard(incidents.shard_name(n)).load()
        shapes.named[f"incident.{stage}"] = copy.deepcopy(tables["incident"]["1"])
        shapes.tables.setdefault(f"incident.{stage}", {}).update(copy.deepcopy(
            {t: list(docs.values()) for t, docs in tables.items()}))
    pid_tasks = shapes.tables["project"]["tasks"]
    shapes.named["task.progressing"] = next(t for t in pid_tasks if t["state"] == "open"
                                            and t.get("confirmed_at") and "progress_at" in t)
    shapes.named["task.fresh"] = next(t for t in pid_tasks if t["state"] == "open"
                                      and t.get("confirmed_at") and "progress_at" not in t)
    shapes.named["task.done"] = next(t for t in pid_tasks if t["state"] == "done"
                                     and t.get("confirmed_at"))
    shapes.named["task.unconfirmed"] = next(t for t in pid_tasks if t["state"] == "open"
                                            and not t.get("confirmed_at"))
    shapes.named["progress"] = shapes.tables["project"]["progress"][0]
    shapes.named["progress.help"] = next(e for e in shapes.tables["project"]["progress"]
                                         if e["help_from"])
    shapes.named["member"] = shapes.tables[DIRECTORY]["members"][-1]
    shapes.named["department"] = shapes.tables[DIRECTORY]["departments"][0]
    shapes.named["project.index"] = shapes.tables[DIRECTORY]["projects"][0]
    shapes.named["settings"] = shapes.tables[DIRECTORY]["settings"][0]
    shapes.named["minutes.weekly"] = next(m for m in shapes.tables["minutes"]["minutes"]
                                          if m["kind"] == "weekly")
    shapes.named["incident.index"] = shapes.tables["incidents"]["index"][0]
    shapes.named["hire"] = shapes.tables["onboarding"]["hires"][0]
    for entry in shapes.tables["kb"]["entries"]:
        shapes.named.setdefault(f"kb.{entry['kind']}", entry)
    shapes.named["retro"] = shapes.tables["project"]["retro"][0]
    return shapes


# -- copying with the same keys ----------------------------------------------------
def like(template: dict, /, **values: object) -> dict:
    """A copy of `template` with some values replaced; a key the store never wrote is refused."""
    unknown = set(values) - set(template)
    if unknown:
        raise KeyError(f"the store does not write {sorted(unknown)} here "
                       f"(it writes {sorted(template)})")
    doc = copy.deepcopy(template)
    doc.update(values)
    return doc


def conforms(doc: object, template: object, where: str = "doc") -> list[str]:
    """Differences in keys (recursively) between `doc` and what the store wrote."""
    if isinstance(template, dict) and isinstance(doc, dict):
        problems = []
        if set(doc) != set(template):
            problems.append(f"{where}: keys {sorted(set(doc) ^ set(template))} differ")
        for key in set(doc) & set(template):
            problems += conforms(doc[key], template[key], f"{where}.{key}")
        return problems
    if isinstance(template, list) and isinstance(doc, list) and template and doc \
            and isinstance(template[0], dict):
        return [p for i, item in enumerate(doc[:len(template)])
                for p in conforms(item, template[i], f"{where}[{i}]")]
    if template is not None and doc is not None and type(template) is not type(doc) \
            and not (isinstance(template, (int, float)) and isinstance(doc, (int, float))):
        return [f"{where}: {type(doc).__name__} where the store writes {type(template).__name__}"]
    return []


def later(iso: str, **delta: float) -> str:
    from store.core.clock import parse_instant, to_iso
    return to_iso(parse_instant(iso) + timedelta(**delta))


_INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$")


def shift(doc: object, delta: timedelta, logins: dict[str, str | None]) -> object:
    """A deep copy with every UTC instant moved by `delta` and seed logins renamed."""
    if isinstance(doc, dict):
        return {k: shift(v, delta, logins) for k, v in doc.items()}
    if isinstance(doc, list):
        return [shift(v, delta, logins) for v in doc]
    if isinstance(doc, str):
        if _INSTANT.match(doc):
            from store.core.clock import parse_instant, to_iso
            return to_iso(parse_instant(doc) + delta)
        if doc in logins and logins[doc] is not None:
            return logins[doc]
    return doc


def first_instant(doc: object) -> str | None:
    if isinstance(doc, dict):
        doc = list(doc.values())
    if isinstance(doc, list):
        for value in doc:
            found = first_instant(value)
            if found:
                return found
        return None
    return doc if isinstance(doc, str) and _INSTANT.match(doc) else None


def retime_like(template: dict, at: str, logins: dict[str, str | None]) -> dict:
    """`template` moved so that its first instant is `at`, with logins renamed."""
    from store.core.clock import parse_instant
    first = first_instant(template)
    delta = parse_instant(at) - parse_instant(first) if first else timedelta(0)
    return shift(template, delta, logins)  # type: ignore[return-value]
