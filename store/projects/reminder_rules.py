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

What it costs (the app asks every few seconds): each rule gives its `candidates(ws,
project, day)` (store/reminders/model.py `Candidate`), which depend on the project's shard,
the shards the rules also read (CONTEXT) and the local day only. They are kept per revision
of the project's shard (`Shard.memo`), keyed by the revisions of CONTEXT, the day and the
language, so an unchanged project costs one stat and the instant is a filter
(`at_instant`): exactly what the rules would say at that instant.

    project_reminders(ws, project, now) -> list[Reminder]
    due(ws, now) -> list[Reminder]      (registered provider)
"""

from __future__ import annotations

from datetime import date, datetime

from . import (deliverables, delays, kickoff, lagging, issues as project_issues, publication,
               resources, retro, signoff)
from .project import CLOSED_STATES, get_project, project_ids, shard_name
from ..core.damage import DAMAGE
from ..core.errors import InvalidValue, NotFound
from ..core.i18n import get_language
from ..core.workspace import DIRECTORY, Workspace
from ..reminders.model import Candidate, CandidateRule, Reminder, at_instant, local_day, provider

RULES: tuple[CandidateRule, ...] = (
    kickoff.candidates, publication.candidates, lagging.candidates, delays.candidates,
    resources.candidates, project_issues.candidates, deliverables.candidates, retro.candidates,
    signoff.candidates)
# What the rules read besides the project's own shard: the people, settings (zone, holidays)
# and project index; the minutes (kickoff and weekly); the schedules (the weekly standup).
# A rule that reads another shard adds it here, or its reminders go stale.
CONTEXT = (DIRECTORY, "minutes", "schedules")
_MEMO = "reminders.project"


def project_reminders(ws: Workspace, project: dict, now: datetime) -> list[Reminder]:
    if project["state"] in CLOSED_STATES:
        return []
    return at_instant(_compute(ws, project, local_day(ws, now))[0], now)


@provider
def due(ws: Workspace, now: datetime) -> list[Reminder]:
    day, context = local_day(ws, now), _context(ws)
    found: list[Reminder] = []
    for pid in project_ids(ws):
        # a damaged project shard costs its own reminders (store/core/damage.py)
        with ws.skip_damaged(shard_name(pid)):
            found += at_instant(_candidates(ws, pid, day, context), now)
    return found


def _context(ws: Workspace) -> tuple:
    """Stands for the current revisions of CONTEXT: an object per revision of each (one stat
    each), equal between two calls exactly when none of them changed."""
    return tuple(ws.shard(name).memo(_MEMO + ".revision", object, tables=False)
                 for name in CONTEXT)


def _candidates(ws: Workspace, pid: int, day: date, context: tuple) -> tuple[Candidate, ...]:
    shard = ws.shard(shard_name(pid))
    # one slot per revision of the project's shard: the candidates of the latest key only,
    # so a day or a context that changes does not pile up values
    slot = shard.memo(_MEMO, dict, tables=False)
    key = (day, get_language(), context)
    held = slot.get(key)
    if held is not None:
        return held
    try:
        project = {**get_project(ws, pid)}
    except (NotFound, InvalidValue):
        return ()  # index written, shard not yet: a create in flight
    found, damaged = _compute(ws, project, day)
    # kept only if the shard did not change meanwhile (the memo's slot is then the same), and
    # not when a damaged file was skipped: each check notes it again
    if not damaged and shard.memo(_MEMO, dict, tables=False) is slot:
        slot.clear()
        slot[key] = found
    return found


def _compute(ws: Workspace, project: dict, day: date) -> tuple[tuple[Candidate, ...], bool]:
    """The project's candidates for `day`, and whether a damaged file was skipped."""
    if project["state"] in CLOSED_STATES:
        return (), False
    found: list[Candidate] = []
    damaged = False
    for rule in RULES:
        # a damaged file (the project's, the minutes) costs the reminders read from it,
        # not the project's other rules nor the other projects (store/core/damage.py)
        with ws.skip_damaged():
            try:
                found += rule(ws, project, day)
            except DAMAGE:
                damaged = True
                raise
    return tuple(found), damaged
