"""“My work” (SPEC §1, issue 3): what one member has to do across projects.

    my_work(ws, login, now=None) -> {
        "tasks": [task + {"receipt", "lagging", "expected", "latest"}]   open tasks owned
                                           (not in rejected, cancelled or archived projects),
        "confirmations": [task]            published tasks waiting for `login` to confirm,
        "approvals": [{"kind": "request"|"delay"|"resource"|"acceptance", "id", "project",
                       "title", "due_at" (iso or None), "record"}]   outlook.member_waiting,
        "updates_due": [task]              tasks needing today's update, none recorded yet
                                           (working days; deadline 17:00 local),
        "update_deadline": iso | None,     today's 17:00 (None on a non-working day),
        "help_asked": [progress entry]     standing 【需协助】 flags naming `login`
                                           (progress.open_help; also reminded: help.asked),
        "reminders": [Reminder]            project reminders addressed to `login`,
        "allowed": {"decide"|"confirm"|"update"|"delay": bool}   (outlook.member_allowed)
    }
"""

from __future__ import annotations

from datetime import datetime

from . import outlook, progress, publication
from ..core.clock import to_iso
from .lagging import expected_percent, is_lagging
from .reminder_rules import due as project_due
from .project import CLOSED_STATES, get_project
from .tasks import list_tasks
from ..people.workdays import WorkCalendar
from ..core.workspace import Workspace


def my_work(ws: Workspace, login: str, now: datetime | None = None) -> dict:
    now = now or ws.now()
    today = now.astimezone(ws.tz).date()
    mine = [t for t in list_tasks(ws, owner=login) if t["state"] == "open"]
    projects = {t["project"]: get_project(ws, t["project"]) for t in mine}
    mine = [t for t in mine if projects[t["project"]]["state"] not in CLOSED_STATES]
    updated = {e["task"] for e in progress.entries(ws, owner=login)
               if e["day"] == today.isoformat()}
    calendar = WorkCalendar.of(ws)
    deadline = progress.update_deadline(ws, today)
    tasks = [{**t, "receipt": publication.receipt(t, now), "lagging": is_lagging(t, today),
              "expected": expected_percent(t, today), "latest": progress.latest(ws, t["id"])}
             for t in mine]
    # The decisions and the allowed actions come from the project outlook, so My work,
    # the project screen and the CLI never disagree.
    approvals = [{"kind": w.kind, "id": w.id, "project": w.project, "title": w.title,
                  "due_at": w.due_at, "record": w.record}
                 for w in outlook.member_waiting(ws, login)]
    confirmations = publication.pending_confirmations(ws, login, now)
    states = {**projects, **{t["project"]: get_project(ws, t["project"]) for t in confirmations
                             if t["project"] not in projects}}
    return {
        "tasks": tasks,
        "confirmations": confirmations,
        "approvals": approvals,
        "allowed": outlook.member_allowed(states, approvals, mine, confirmations),
        "updates_due": [t for t in mine if t["id"] not in updated
                        and progress.needs_update(ws, projects[t["project"]], t, today,
                                                  calendar, deadline=deadline)],
        "update_deadline": to_iso(deadline) if deadline else None,
        "help_asked": progress.open_help(ws, now, login=login),
        "reminders": [r for r in project_due(ws, now) + progress.due(ws, now) if login in r.who],
    }
