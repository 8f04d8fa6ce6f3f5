"""The registry of reminder providers: the one module that imports every domain package.

A feature adds its `due(ws, now)` (marked `@provider`, store/reminders/model.py) to
PROVIDERS here; tests/store/test_store_reminders.py fails on a marked function that is
missing. Nothing in the domain imports this module (import-linter layers, pyproject.toml):
the engine, the command line and the app do.
"""

from __future__ import annotations

from datetime import datetime

from ..core.workspace import Workspace
from ..customers import requests as customers
from ..meetings import minutes, standup
from ..onboarding import checklists as onboarding
from ..projects import progress, tasks
from ..projects.project import is_quiet
from ..projects import reminder_rules as project_reminders
from ..warroom import sla as incident_sla
from .model import Provider, Reminder, provider

@provider
def minutes_actions(ws: Workspace, now: datetime) -> list[Reminder]:
    """The minutes' action items, but not those of a rejected, cancelled or archived
    project's minutes (the minutes sit below the projects, so the rule is passed here)."""
    return minutes.due(ws, now, quiet=is_quiet)


PROVIDERS: list[Provider] = [
    tasks.due,               # a task's receipt and due date
    minutes_actions,         # action items of every meeting's minutes
    onboarding.due,          # onboarding steps
    customers.due,           # customer requests
    standup.due,             # the daily update gate and the standup meeting
    incident_sla.due,        # incidents: roles, ready, status-update timers
    project_reminders.due,   # projects: every timed rule of SPEC §1
    progress.due,            # the helper named in a 【需协助】 flag
]


def register(fn: Provider) -> Provider:
    """Adds a provider at run time (a test's fake); registering twice keeps one."""
    if fn not in PROVIDERS:
        PROVIDERS.append(fn)
    return fn


def collect(ws: Workspace, now: datetime | None = None) -> list[Reminder]:
    now = now or ws.now()
    found: list[Reminder] = []
    for fn in PROVIDERS:
        # a damaged shard (but the directory) costs its own reminders, not everyone else's:
        # a provider skips a damaged record itself, and a damaged area shard skips it here
        with ws.skip_damaged():
            found.extend(fn(ws, now))
    return sorted(found, key=lambda r: (r.due_at, r.kind, r.subject))
