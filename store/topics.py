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

`TopicReader(ws)` (the app's change feed) is finer for the directory, which holds both
the people and the project index: it compares the directory's tables with what it saw at
the last change, so a new project is "projects" only and does not reload every project's
and incident's screen (they ask for "people"), and a new member is "people" only.
"""

from __future__ import annotations

from typing import Iterable

from .core.errors import StoreError
from .core.outbox import OUTBOX
from .core.transaction import AUDIT
from .core.workspace import DIRECTORY

EVERYTHING = "*"
PEOPLE, PROJECTS, INCIDENTS = "people", "projects", "incidents"
# the directory also holds the project index; a constant, so that the change feed's
# `prime()` at start does not build areas() (which imports every domain package)
DIRECTORY_TOPICS = frozenset({PEOPLE, PROJECTS})

_AREAS: dict[str, frozenset[str]] = {}


def areas() -> dict[str, frozenset[str]]:
    """Shard name -> topics, for the shards that are one of a kind. Built on first use: the
    names come from every domain package, which the app's first screen does not import."""
    if not _AREAS:
        from .customers.requests import CUSTOMERS
        from .kb.entries import KB
        from .meetings.minutes import MINUTES
        from .meetings.standup_meetings import STANDUP
        from .onboarding.templates import ONBOARDING
        from .reminders.engine import STATE as REMINDER_STATE
        from .reminders.schedules import SCHEDULES
        from .warroom.records import INDEX_SHARD
        _AREAS.update({
            DIRECTORY: DIRECTORY_TOPICS,
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


_DIRECTORY_TABLES: dict[str, frozenset[str]] = {}


def directory_tables() -> dict[str, frozenset[str]]:
    """The directory's tables and the topic a change to each concerns (bookkeeping: none).
    Built on first use, as areas()."""
    if not _DIRECTORY_TABLES:
        from .people.members import DEPARTMENTS, MEMBERS
        from .people.settings import SETTINGS
        from .projects.project import INDEX as PROJECT_INDEX
        _DIRECTORY_TABLES.update({
            MEMBERS: frozenset({PEOPLE}), DEPARTMENTS: frozenset({PEOPLE}),
            SETTINGS: frozenset({PEOPLE}), PROJECT_INDEX: frozenset({PROJECTS}),
            AUDIT: frozenset(), OUTBOX: frozenset(),
        })
    return _DIRECTORY_TABLES


class TopicReader:
    """`changed_topics`, with the directory's topics from the tables that changed in it.

    The tables are compared with those seen at the previous directory change (or at
    `prime()`; without either, the first change gives every directory topic). Reading them
    after the change was found and before the screens reload keeps it exact: a write
    between the two is in both the tables read now and the screens' next reload. So
    `prime()` must come after the token it goes with and before any screen reads. A table
    this module does not know of gives every directory topic. Not thread-safe: its caller
    holds one lock."""

    def __init__(self, ws) -> None:
        self.ws = ws
        self._tables: dict[str, dict] | None = None

    def prime(self) -> None:
        """Remember the directory's tables as they are now."""
        self._directory_topics()

    def topics(self, shards: Iterable[str]) -> set[str]:
        shards = set(shards)
        found = changed_topics(shards)
        if DIRECTORY in shards and EVERYTHING not in found:
            found = (found - DIRECTORY_TOPICS) | self._directory_topics()
        return found

    def _directory_topics(self) -> set[str]:
        every = set(DIRECTORY_TOPICS)
        try:
            names = self.ws.table_names(DIRECTORY)
            now = {name: self.ws.table(DIRECTORY, name) for name in names}
        except (StoreError, OSError):  # the screens will say what is wrong with it
            self._tables = None
            return every
        before, self._tables = self._tables, now
        if before is None:
            return every
        found: set[str] = set()
        for name in names | before.keys():
            if now.get(name) != before.get(name):
                found |= directory_tables().get(name, every)
        return found
