"""The company benchmark's other areas: the knowledge base, 300 incidents and 100
onboardings (a part of bench/company.py's builder)."""

from __future__ import annotations

from datetime import date, timedelta

from store.warroom import reports as incident_reports, incidents as inc_store
from store.core.clock import FixedClock, parse_instant, to_iso
from store.core.identity import Actor
from store.warroom.records import INDEX_SHARD
from store.projects.project import shard_name
from store.core.workspace import AUDIT, Workspace

from . import shapes as sh
from .company_words import NOW, CAUSES, SYSTEMS


class AreasPart:
    """Mixed into the builder: it has `put`, `check`, `audit`, `local`, `rng`, `shapes`…"""

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
