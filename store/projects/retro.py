"""The retrospective (复盘, SPEC §1.13).

After launch the project manager holds the retrospective within 3 working
days: the launch day (local) plus 3 working days (WorkCalendar: weekends and
holidays do not count, make-up workdays do); it is due by the end of that day
and overdue from then on. The report — what went well, lessons, actions with
owners (and optional due dates) — moves the project launched →
retrospective_done and is archived as a knowledge-base entry
(kind "retrospective", source {"kind": "project", "id": pid}).

Stored in the project shard table "retro" (one record).

    retro_due_at(ws, project) -> datetime | None     # None before launch
    save_retrospective(ws, project_id, *, went_well, lessons, actions=(), summary="",
                       title=None) -> dict
        keys: project, title, summary, went_well, lessons,
        actions [{"text","owner","due"}], saved_by, saved_at, due_at, late (bool), late_for (ISO|None), kb (entry id)
    get_retrospective(ws, project_id) -> dict | None
    reminders(ws, project, now) -> list[Reminder]
"""

from __future__ import annotations

from datetime import date, datetime

from ..core import lateness
from ..core import validate
from ..core.clock import parse_instant, to_iso
from ..core.errors import IllegalTransition
from ..core.i18n import tr
from ..kb.entries import add_entry
from ..people.team_language import kind_tag, team_page, team_text
from ..meetings.minutes import _clean_action
from .flow import apply_transition, check_transition
from .roles import end_of_day, unique
from .project import get_project, require_manager, shard_name
from .retro_report import retro_report
from ..reminders.model import Candidate, Reminder, at_instant, local_day
from ..people.workdays import WorkCalendar
from ..core.workspace import Workspace

TABLE = "retro"
WITHIN_WORKING_DAYS = 3


def retro_due_at(ws: Workspace, project: dict) -> datetime | None:
    if not project.get("launched_at"):
        return None
    launched = parse_instant(project["launched_at"]).astimezone(ws.tz).date()
    last = WorkCalendar.of(ws).add_working_days(launched, WITHIN_WORKING_DAYS)
    return end_of_day(last, ws.tz)


def save_retrospective(ws: Workspace, project_id: int | str, *, went_well: str, lessons: str,
                       actions: list[dict] | tuple = (), summary: str = "",
                       title: str | None = None) -> dict:
    project = get_project(ws, project_id)
    require_manager(ws, project)
    check_transition(project, "retrospective_done")
    now = ws.now()
    due_at = retro_due_at(ws, project)
    doc = {"title": validate.text("title", title or team_text(ws, "Project retrospective: {name}",
                                                              name=project["name"]),
                                  required=True, max_len=300),
           "summary": validate.text("summary", summary, multiline=True),
           "went_well": validate.text("went_well", went_well, required=True, multiline=True),
           "lessons": validate.text("lessons", lessons, required=True, multiline=True),
           "actions": [_clean_action(ws, a) for a in actions],
           "saved_by": ws.actor.login, "saved_at": to_iso(now),
           "due_at": to_iso(due_at) if due_at else None,
           **lateness.stamp(due_at, now), "kb": None}
    pid = project["id"]
    with ws.transaction(shard_name(pid)) as tx:
        if tx.table(TABLE).contains(doc_id=1):
            raise IllegalTransition(tr("Project {id} already has its retrospective", id=pid))
        tx.table(TABLE).insert(doc)
        tx.audit("retro.save", pid, late=doc["late"])
        apply_transition(tx, pid, "retrospective_done", "project.retrospective")
    report = team_page(ws, lambda: retro_report(ws, get_project(ws, pid),
                                                get_retrospective(ws, pid), None))
    entry = add_entry(ws, doc["title"], "retrospective", report,
                      tags=["retrospective", kind_tag(ws, "Retrospective"), f"project-{pid}"],
                      source={"kind": "project", "id": pid})
    with ws.transaction(shard_name(pid)) as tx:
        tx.table(TABLE).update({"kb": entry["id"]}, doc_ids=[1])
        tx.audit("retro.archive", pid, kb=entry["id"])
    return get_retrospective(ws, pid)  # type: ignore[return-value]


def get_retrospective(ws: Workspace, project_id: int | str) -> dict | None:
    pid = get_project(ws, project_id)["id"]
    raw = ws.table(shard_name(pid), TABLE).get("1")
    return {**raw, "project": pid} if raw else None


def reminders(ws: Workspace, project: dict, now: datetime) -> list[Reminder]:
    return at_instant(candidates(ws, project, local_day(ws, now)), now)


def candidates(ws: Workspace, project: dict, day: date) -> list[Candidate]:
    if project["state"] != "launched":
        return []
    due_at = retro_due_at(ws, project)
    if due_at is None:
        return []
    return [Candidate(Reminder("project.retro", str(project["id"]),
                               tr("The retrospective of “{name}” is due within 3 working days "
                                  "of launch", name=project["name"]),
                               unique(project.get("pm")), due_at, False), overdue_from=due_at)]
