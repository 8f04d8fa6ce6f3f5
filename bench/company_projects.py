"""The company benchmark's projects: 100 projects, their tasks, a year of daily progress,
the archived ones' whole flow and weekly minutes (a part of bench/company.py's builder)."""

from __future__ import annotations

from datetime import date, timedelta

from store.meetings.minutes import minutes_markdown
from store.projects.project import shard_name
from store.core.workspace import AUDIT, DIRECTORY

from . import shapes as sh
from .company_words import TZ, DEPARTMENTS, VERBS, NOUNS, DONE, NEXT, PROBLEMS


class ProjectsPart:
    """Mixed into the builder: it has `put`, `check`, `audit`, `local`, `rng`, `shapes`…"""

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
