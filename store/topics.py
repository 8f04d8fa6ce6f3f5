"""Change topics: what the screens subscribe to, named by the store, never by file.

`ws.changes(token)` (the persistence core) names the shards that changed; `topics_of`
turns those names into topics a screen can ask for without knowing how the store is
cut into files (a second backend may cut it otherwise):

    "people"          members, departments, settings (the directory)
    "projects"        the list of projects: any project, or the index in the directory
    "project 3"       everything of project 3
    "incidents"       the list of incidents: any incident, or the index
    "incident INC-2"  everything of incident INC-2
    "onboarding", "kb", "customers", "minutes", "standup", "schedules", "reminders"
    "*"               everything (a screen shown again after a long time)

A new kind of shard adds one line to areas() (or a prefix rule below).
"""

from __future__ import annotations

from typing import Iterable

EVERYTHING = "*"
PEOPLE, PROJECTS, INCIDENTS = "people", "projects", "incidents"

_AREAS: dict[str, frozenset[str]] = {}


def areas() -> dict[str, frozenset[str]]:
    """Shard name -> topics, for the shards that are one of a kind. Built on first use: the
    names come from every domain package, which the app's first screen does not import."""
    if not _AREAS:
        from .core.workspace import DIRECTORY
        from .customers.requests import CUSTOMERS
        from .kb.entries import KB
        from .meetings.minutes import MINUTES
        from .meetings.standup_meetings import STANDUP
        from .onboarding.templates import ONBOARDING
        from .reminders.engine import STATE as REMINDER_STATE
        from .reminders.schedules import SCHEDULES
        from .warroom.records import INDEX_SHARD
        _AREAS.update({
            DIRECTORY: frozenset({PEOPLE, PROJECTS}),   # it also holds the project index
            INDEX_SHARD: frozenset({INCIDENTS}),
            ONBOARDING: frozenset({"onboarding"}),
            KB: frozenset({"kb"}),
            CUSTOMERS: frozenset({"customers"}),
            MINUTES: frozenset({"minutes"}),
            STANDUP: frozenset({"standup"}),
            SCHEDULES: frozenset({"schedules"}),
            REMINDER_STATE: frozenset({"reminders"}),
        })
    return _AREAS


def project(project_id: int | str) -> str:
    return f"project {project_id}"


def incident(number: int) -> str:
    from .warroom.records import label as incident_label  # lazy: see areas()
    return f"incident {incident_label(number)}"


def topics_of(shard: str) -> frozenset[str]:
    """The topics a change to `shard` concerns (its own name for a shard no rule knows)."""
    known = areas()
    if shard in known:
        return known[shard]
    kind, _, ident = shard.partition("-")
    if ident.isdigit() and kind == "project":
        return frozenset({project(ident), PROJECTS})
    if ident.isdigit() and kind == "incident":
        return frozenset({incident(int(ident)), INCIDENTS})
    return frozenset({shard})


def changed_topics(shards: Iterable[str]) -> set[str]:
    """The union of `topics_of` over changed shard names ("*" stays "*")."""
    found: set[str] = set()
    for shard in shards:
        found |= {EVERYTHING} if shard == EVERYTHING else topics_of(shard)
    return found
