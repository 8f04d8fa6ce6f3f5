"""Random sequences of store operations by random people (hypothesis, stateful).

Whoever acts (an admin, the PM, a department head, a task owner, someone with no part in
it), whatever the order, the clock moving on between steps:

- no record is ever lost: every project, task, update, delay, resource request,
  deliverable, incident and timeline event a call returned is still there, as returned;
- no audit gap: every commit of every shard carries an audit entry, a call that wrote added
  at least one, and a call that was refused left every shard byte for byte as it was;
- nobody approves who may not: a request is decided only by the requesting department's
  head, a delay by the PM or that head, a resource by its named approver, a deliverable by
  the initiator or that head, a cancellation only by the initiator, and only the incident's
  lead posts updates, mitigates and resolves;
- no illegal state: each project's history and each incident's timeline is a chain of the
  legal transitions from where they start, and the state shown is where the chain ends.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from rel_helpers import shard_bytes

from store.projects import (deliverables, delays, kickoff, progress, flow as project_flow,
                            project as projects, publication, resources, tasks)
from store.warroom import incidents
from store.people import members as people
from store.core.clock import FixedClock, to_iso
from store.core.errors import StoreError
from store.core.identity import os_login
from store.warroom.records import TRANSITIONS as INCIDENT_TRANSITIONS
from store.projects.flow import TRANSITIONS as PROJECT_TRANSITIONS
from store.people.settings import update_settings
from store.core.workspace import AUDIT, Workspace

ADMIN = os_login()
DEPTS = {"Product": "alice", "Engineering": "bob", "Sales": "erin"}
MEMBERS = {"alice": "Product", "bob": "Engineering", "chen": "Product", "carol": "Engineering",
           "dave": "Product", "erin": "Sales", "frank": "Sales"}
PEOPLE = [ADMIN, *MEMBERS]   # frank is in no project unless a rule puts him there
WHO = st.sampled_from(PEOPLE)
# Half the time the person entitled to act (None: the rule fills them in), so that the
# flows get somewhere; otherwise anyone.
ACTOR = st.one_of(st.none(), WHO)
PICK = st.integers(min_value=0, max_value=10_000)


class StoreMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.tmp = Path(tempfile.mkdtemp(prefix="huddle-prop-"))
        folder = self.tmp / "ws"
        folder.mkdir()
        os.chmod(folder, 0o770)
        self.clock = FixedClock("2024-09-02T02:00:00+00:00")
        self.ws = Workspace.open(folder, clock=self.clock)
        people.init_workspace(self.ws, name="Admin")
        update_settings(self.ws, timezone="Asia/Shanghai")
        for dept in DEPTS:
            people.add_department(self.ws, dept)
        for login, dept in MEMBERS.items():
            people.add_member(self.ws, login, login.title(), dept)
        for dept, head in DEPTS.items():
            people.set_department_head(self.ws, dept, head)
        self.returned: dict[str, dict] = {}    # record kind:id -> what the call returned
        self.projects: list[int] = []
        self.tasks: list[str] = []
        self.delays: list[str] = []
        self.resources: list[str] = []
        self.deliverables: list[str] = []
        self.incidents: list[int] = []

    def teardown(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)

    # -- running a call ---------------------------------------------------------------
    def as_(self, login: str) -> Workspace:
        return self.ws.acting_as(login) if login != ADMIN else self.ws

    def call(self, fn, *args, **kwargs):
        """Run a store call; a refusal must leave every shard as it was, a write must audit."""
        before = shard_bytes(self.ws.folder)
        audits = self.audit_count()
        try:
            result = fn(*args, **kwargs)
        except StoreError:
            assert shard_bytes(self.ws.folder) == before, f"{fn.__name__} refused but wrote"
            return None
        if shard_bytes(self.ws.folder) != before:
            assert self.audit_count() > audits, f"{fn.__name__} wrote without an audit entry"
        return result

    def audit_count(self) -> int:
        fresh = Workspace(self.ws.folder, self.clock, self.ws.actor)
        return sum(len(fresh.shard(name).load().get(AUDIT, {})) for name in fresh.shard_names())

    def pick(self, items: list, n: int):
        return items[n % len(items)] if items else None

    # -- time --------------------------------------------------------------------------
    @rule(hours=st.integers(min_value=1, max_value=60))
    def time_passes(self, hours: int) -> None:
        self.clock.advance(hours=hours)

    # -- projects ----------------------------------------------------------------------
    @rule(who=WHO, initiator=st.sampled_from(list(DEPTS)), lead=st.sampled_from(list(DEPTS)),
          pm=WHO)
    def file_request(self, who: str, initiator: str, lead: str, pm: str) -> None:
        due = (self.clock.now() + timedelta(days=90)).date().isoformat()
        p = self.call(projects.create_project, self.as_(who), f"项目 {len(self.projects)}",
                      pm=pm, initiator_dept=initiator, lead_dept=lead, goal="+5%", due=due)
        if p is not None:
            self.projects.append(p["id"])
            self.returned[f"project:{p['id']}"] = {"name": p["name"], "initiator": who}

    @precondition(lambda self: self.projects)
    @rule(who=ACTOR, n=PICK, approve=st.sampled_from([True, True, False]))
    def decide_request(self, who: str | None, n: int, approve: bool) -> None:
        pid = self.pick(self.projects, n)
        project = projects.get_project(self.ws, pid)
        who = who or DEPTS[project["initiator_dept"]]
        fn = project_flow.approve_request if approve else project_flow.reject_request
        if self.call(fn, self.as_(who), pid, "ok") is not None:
            assert who == DEPTS[project["initiator_dept"]], (who, "decided a request")

    @precondition(lambda self: self.projects)
    @rule(who=ACTOR, n=PICK)
    def hold_kickoff(self, who: str | None, n: int) -> None:
        pid = self.pick(self.projects, n)
        who = who or projects.get_project(self.ws, pid)["pm"]
        self.call(kickoff.record_kickoff, self.as_(who), pid)

    @precondition(lambda self: self.projects)
    @rule(who=ACTOR, n=PICK, owner=WHO, days=st.integers(min_value=3, max_value=40))
    def add_task(self, who: str | None, n: int, owner: str, days: int) -> None:
        pid = self.pick(self.projects, n)
        who = who or projects.get_project(self.ws, pid)["pm"]
        start = self.clock.now().date()
        t = self.call(tasks.add_task, self.as_(who), pid, f"任务 {len(self.tasks)}", owner=owner,
                      start=start.isoformat(), due=(start + timedelta(days=days)).isoformat())
        if t is not None:
            self.tasks.append(t["id"])
            self.returned[f"task:{t['id']}"] = {"title": t["title"], "owner": owner}

    @precondition(lambda self: self.projects)
    @rule(who=ACTOR, n=PICK)
    def publish(self, who: str | None, n: int) -> None:
        pid = self.pick(self.projects, n)
        who = who or projects.get_project(self.ws, pid)["pm"]
        self.call(publication.publish_tasks, self.as_(who), pid)

    @precondition(lambda self: self.tasks)
    @rule(who=ACTOR, n=PICK, percent=st.integers(min_value=0, max_value=100))
    def update_progress(self, who: str | None, n: int, percent: int) -> None:
        tid = self.pick(self.tasks, n)
        owner = tasks.get_task(self.ws, tid)["owner"]
        who = who or owner
        e = self.call(progress.record_progress, self.as_(who), tid, percent, done="做了")
        if e is not None:
            assert who == owner, (who, "updated someone else's task")
            self.returned[f"update:{e['id']}"] = {"task": tid, "percent": percent}

    @precondition(lambda self: self.tasks)
    @rule(who=ACTOR, n=PICK, days=st.integers(min_value=1, max_value=20))
    def ask_for_delay(self, who: str | None, n: int, days: int) -> None:
        tid = self.pick(self.tasks, n)
        task = tasks.get_task(self.ws, tid)
        who = who or task["owner"]
        new_due = (task and (self.clock.now() + timedelta(days=30 + days)).date().isoformat())
        d = self.call(delays.request_delay, self.as_(who), tid, new_due, "依赖延迟")
        if d is not None:
            assert who == task["owner"]
            self.delays.append(d["id"])
            self.returned[f"delay:{d['id']}"] = {"task": tid, "new_due": new_due}

    @precondition(lambda self: self.delays)
    @rule(who=ACTOR, n=PICK, approve=st.sampled_from([True, True, False]), head=st.booleans())
    def decide_delay(self, who: str | None, n: int, approve: bool, head: bool) -> None:
        did = self.pick(self.delays, n)
        delay = delays.get_delay(self.ws, did)
        project = projects.get_project(self.ws, delay["project"])
        may = {project["pm"], DEPTS[project["initiator_dept"]]}
        who = who or (DEPTS[project["initiator_dept"]] if head else project["pm"])
        fn = delays.approve_delay if approve else delays.reject_delay
        if self.call(fn, self.as_(who), did, "好") is not None:
            assert who in may, (who, "decided a delay", may)

    @precondition(lambda self: self.projects)
    @rule(who=ACTOR, n=PICK, approver=WHO)
    def ask_for_resources(self, who: str | None, n: int, approver: str) -> None:
        pid = self.pick(self.projects, n)
        who = who or projects.get_project(self.ws, pid)["pm"]
        r = self.call(resources.request_resource, self.as_(who), pid, "people", "+2 engineers",
                      approver=approver)
        if r is not None:
            self.resources.append(r["id"])
            self.returned[f"resource:{r['id']}"] = {"approver": approver}

    @precondition(lambda self: self.resources)
    @rule(who=ACTOR, n=PICK, approve=st.sampled_from([True, True, False]))
    def decide_resources(self, who: str | None, n: int, approve: bool) -> None:
        rid = self.pick(self.resources, n)
        approver = resources.get_resource(self.ws, rid)["approver"]
        who = who or approver
        if approve:
            done = self.call(resources.approve_resource, self.as_(who), rid)
        else:
            done = self.call(resources.reject_resource, self.as_(who), rid, "不批")
        if done is not None:
            assert who == approver, (who, "decided a resource request for", approver)

    @precondition(lambda self: self.projects)
    @rule(who=ACTOR, n=PICK)
    def deliver(self, who: str | None, n: int) -> None:
        pid = self.pick(self.projects, n)
        who = who or projects.get_project(self.ws, pid)["pm"]
        version = f"v{len(self.deliverables) + 1}"
        d = self.call(deliverables.submit_deliverable, self.as_(who), pid, version, "登录",
                      "全部通过")
        if d is not None:
            self.deliverables.append(d["id"])
            self.returned[f"deliverable:{d['id']}"] = {"version": version}

    @precondition(lambda self: self.deliverables)
    @rule(who=ACTOR, n=PICK, passed=st.sampled_from([True, True, False]))
    def accept(self, who: str | None, n: int, passed: bool) -> None:
        did = self.pick(self.deliverables, n)
        project = projects.get_project(self.ws, deliverables.get_deliverable(self.ws, did)
                                       ["project"])
        may = {project["initiator"], DEPTS[project["initiator_dept"]]}
        who = who or project["initiator"]
        if self.call(deliverables.review_deliverable, self.as_(who), did, passed=passed,
                     comment="" if passed else "改") is not None:
            assert who in may, (who, "reviewed a deliverable", may)

    @precondition(lambda self: self.projects)
    @rule(who=ACTOR, n=PICK)
    def cancel(self, who: str | None, n: int) -> None:
        if n % 4:
            return  # cancelling ends a project's story: only now and then
        pid = self.pick(self.projects, n)
        initiator = projects.get_project(self.ws, pid)["initiator"]
        who = who or initiator
        if self.call(project_flow.cancel_project, self.as_(who), pid, "不做了") is not None:
            assert who == initiator, (who, "cancelled a project of", initiator)

    @precondition(lambda self: self.projects)
    @rule(n=PICK)
    def next_step(self, n: int) -> None:
        """The entitled person takes the project's next step (so that stories get far)."""
        pid = self.pick(self.projects, n)
        project = projects.get_project(self.ws, pid)
        head, pm = DEPTS[project["initiator_dept"]], project["pm"]
        state = project["state"]
        if state == "requested":
            self.call(project_flow.approve_request, self.as_(head), pid, "同意")
        elif state == "approved":
            self.call(kickoff.record_kickoff, self.as_(pm), pid)
        elif state == "kicked_off":
            self.add_task(pm, n, pm, 10)
            self.call(publication.publish_tasks, self.as_(pm), pid)
        elif state == "in_progress":
            mine = [t for t in tasks.project_tasks(self.ws, pid) if t["state"] == "open"]
            if mine and n % 2:
                self.update_progress(None, self.tasks.index(mine[0]["id"]), 100)
            else:
                self.deliver(pm, self.projects.index(pid))
        elif state == "delivered":
            pending = [d for d in deliverables.list_deliverables(self.ws, pid)
                       if d["state"] == "pending"]
            if pending:
                self.accept(None, self.deliverables.index(pending[-1]["id"]), True)

    # -- incidents ---------------------------------------------------------------------
    @precondition(lambda self: len(self.incidents) < 4)
    @rule(who=WHO)
    def declare(self, who: str) -> None:
        inc = self.call(incidents.declare, self.as_(who), f"故障 {len(self.incidents)}",
                        impact="全国用户")
        if inc is not None:
            self.incidents.append(inc["number"])
            self.returned[f"incident:{inc['number']}"] = {"title": inc["title"]}

    @precondition(lambda self: self.incidents)
    @rule(who=ACTOR, n=PICK, role=st.sampled_from(["lead", "logs", "vendor"]), login=WHO)
    def assign(self, who: str | None, n: int, role: str, login: str) -> None:
        number = self.pick(self.incidents, n)
        who = who or incidents.get_incident(self.ws, number)["lead"] or login
        self.call(incidents.assign_role, self.as_(who), number, role, login)

    @precondition(lambda self: self.incidents)
    @rule(who=ACTOR, n=PICK, step=st.sampled_from(["update", "note", "mitigate", "resolve"]))
    def work_the_incident(self, who: str | None, n: int, step: str) -> None:
        number = self.pick(self.incidents, n)
        lead = incidents.get_incident(self.ws, number)["lead"]
        who = who or lead or ADMIN
        if step == "note":
            e = self.call(incidents.log_note, self.as_(who), number, "日志已导出")
            if e is not None:
                self.returned[f"event:{number}:{e['no']}"] = {"text": "日志已导出"}
            return
        fn = {"update": lambda ws: incidents.post_update(ws, number, "恢复中"),
              "mitigate": lambda ws: incidents.mark_mitigated(ws, number, "已限流"),
              "resolve": lambda ws: incidents.resolve(ws, number, cause="缺索引",
                                                     measures="补索引")}[step]
        if self.call(fn, self.as_(who)) is not None:
            assert who == lead, (who, step, "but the lead is", lead)

    # -- invariants --------------------------------------------------------------------
    @invariant()
    def nothing_is_lost(self) -> None:
        ws = Workspace(self.ws.folder, self.clock, self.ws.actor)  # what is on disk
        for key, expected in self.returned.items():
            kind, _, ident = key.partition(":")
            if kind == "project":
                assert projects.get_project(ws, int(ident))["name"] == expected["name"]
            elif kind == "task":
                found = tasks.get_task(ws, ident)
                assert (found["title"], found["owner"]) == (expected["title"], expected["owner"])
            elif kind == "update":
                assert any(e["id"] == ident and e["percent"] == expected["percent"]
                           for e in progress.entries(ws, task=expected["task"]))
            elif kind == "delay":
                assert delays.get_delay(ws, ident)["new_due"] == expected["new_due"]
            elif kind == "resource":
                assert resources.get_resource(ws, ident)["approver"] == expected["approver"]
            elif kind == "deliverable":
                assert deliverables.get_deliverable(ws, ident)["version"] == expected["version"]
            elif kind == "incident":
                assert incidents.get_incident(ws, int(ident))["title"] == expected["title"]
            elif kind == "event":
                number, no = ident.split(":")
                assert incidents.get_event(ws, int(number), int(no))["text"] == expected["text"]

    @invariant()
    def every_commit_is_audited(self) -> None:
        ws = Workspace(self.ws.folder, self.clock, self.ws.actor)
        for name in ws.shard_names():
            shard = ws.shard(name)
            tables = shard.load()
            assert len(tables.get(AUDIT, {})) >= shard.rev, (name, "a commit without audit")
            times = [e["at"] for e in tables.get(AUDIT, {}).values()]
            assert all(t <= to_iso(self.clock.now()) for t in times), name

    @invariant()
    def only_legal_states(self) -> None:
        ws = Workspace(self.ws.folder, self.clock, self.ws.actor)
        for pid in self.projects:
            project = projects.get_project(ws, pid)
            state = "requested"
            for step in project.get("history", []):
                assert step["state"] in PROJECT_TRANSITIONS[state], (pid, state, step)
                state = step["state"]
            assert project["state"] == state, (pid, project["state"], state)
        for number in self.incidents:
            inc = incidents.get_incident(ws, number)
            state = "reported"
            for event in inc["events"]:
                if event["kind"] == "state":
                    assert event["data"]["from"] == state, (number, event)
                    assert event["data"]["to"] in INCIDENT_TRANSITIONS[state], (number, event)
                    state = event["data"]["to"]
            assert inc["state"] == state, (number, inc["state"], state)


StoreMachine.TestCase.settings = settings(
    max_examples=15, stateful_step_count=50, deadline=None, derandomize=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
TestStoreProperties = StoreMachine.TestCase
