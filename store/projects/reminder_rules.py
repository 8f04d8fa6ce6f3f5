"""Every timed rule of SPEC §1 as reminders (`@provider due(ws, now)`), each to
the right people. Each rule lives with its records; this module only asks
them, project by project, skipping rejected, cancelled and archived projects.

    kind                    who                                due at
    kickoff.minutes         kickoff recorder, PM               kickoff + 2 h
    weekly.minutes          PM                                 end of the day after the meeting
    task.receipt            task owner                         publication + 24 h (默认接受)
    task.lagging            lead department head, PM           start of today (no deadline)
    delay.approval          PM / requesting head (not yet)     the task's current deadline
    resource.decision       approver                           end of the decide-by day
    issue.escalate          filer, PM                          urgent issue filed + 2 h
    issue.respond           lead department head, PM           major issue filed + 24 h
    task.signoff            head of each department owning     publication (no deadline)
                            tasks, until signed
    deliverable.acceptance  named acceptor (else requesting     submitted + 24 h
                            head), initiator
    project.retro           PM                                 end of 3rd working day after launch

A reminder is listed while the obligation is open (overdue=False) and flagged
overdue from its due instant on. The daily 17:00 progress update is the
reminder schedule's own (SPEC §6; see progress.missing_updates). Overdue tasks
are tasks.py's ("task.due").

    project_reminders(ws, project, now) -> list[Reminder]
    due(ws, now) -> list[Reminder]      (registered provider)
"""

from __future__ import annotations

from datetime import datetime

from . import (deliverables, delays, kickoff, lagging, issues as project_issues, publication,
               resources, retro, signoff)
from .project import CLOSED_STATES, list_projects
from ..reminders.model import Reminder, provider
from ..core.workspace import Workspace

RULES = (kickoff.reminders, publication.reminders, lagging.reminders, delays.reminders,
         resources.reminders, project_issues.reminders, deliverables.reminders, retro.reminders,
         signoff.reminders)


def project_reminders(ws: Workspace, project: dict, now: datetime) -> list[Reminder]:
    if project["state"] in CLOSED_STATES:
        return []
    found: list[Reminder] = []
    for rule in RULES:
        # a damaged file (the project's, the minutes) costs the reminders read from it,
        # not the project's other rules nor the other projects (store/core/damage.py)
        with ws.skip_damaged():
            found += rule(ws, project, now)
    return found


@provider
def due(ws: Workspace, now: datetime) -> list[Reminder]:
    return [r for project in list_projects(ws) for r in project_reminders(ws, project, now)]
