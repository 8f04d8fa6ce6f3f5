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

from store.kb import entries as kb
from store.meetings import minutes as minutes_store
from store.core.clock import FixedClock, parse_instant, to_iso
from store.core.identity import os_login
from store.people.settings import CLOCK_PINNED
from store.core.workspace import AUDIT, DIRECTORY, Workspace

from . import shapes as sh
from .company_areas import AreasPart
from .company_projects import ProjectsPart
from .company_words import (DEPARTMENTS, GIVEN, NOUNS, NOW, SURNAMES, TITLES, TZ,  # noqa: F401
                            VERBS)  # NOW, VERBS, NOUNS: read by the other benchmarks


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


class _Builder(ProjectsPart, AreasPart):
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

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
