"""Reminders: every timed rule of the product, as records anyone can list.

Each domain module contributes a `due(ws, now) -> list[Reminder]`, marked with
`@provider`; store/reminders/registry.py lists them and `collect` asks them all.
This module is the bottom of the reminders: the domain imports it, it imports no domain.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Callable, Iterable, NamedTuple

from ..core import lateness
from ..core.clock import to_iso
from ..core.workspace import Workspace

Provider = Callable[[Workspace, datetime], list["Reminder"]]


class Reminder(NamedTuple):  # not a dataclass: imported at start, a tenth of the cost
    kind: str                # which rule, e.g. "task.receipt"
    subject: str             # the record it is about, e.g. task id "3-17"
    title: str               # what to tell people, already translated
    who: tuple[str, ...]     # logins to remind
    due_at: datetime
    overdue: bool

    @property
    def key(self) -> str:
        """Identifies one occurrence: the same rule, record and deadline."""
        return f"{self.kind}:{self.subject}:{to_iso(self.due_at)}"

    def to_json(self) -> dict:
        data = self._asdict()
        data["who"] = list(self.who)
        data["due_at"] = to_iso(self.due_at)
        data["key"] = self.key
        return data


class Candidate(NamedTuple):
    """A reminder as a rule finds it for one day, before the instant is known: listed
    before `until` (None: all day), overdue from `overdue_from` on (None: never). A rule's
    candidates depend on its records and the local day only, so they can be kept per
    revision of the records and filtered at each instant (`at_instant`), with the same
    exact instants as the rule asked at that instant."""

    reminder: Reminder                  # its `overdue` is False
    overdue_from: datetime | None = None
    until: datetime | None = None

    def at(self, now: datetime) -> Reminder | None:
        if self.until is not None and lateness.missed(self.until, now):
            return None
        if self.overdue_from is not None and lateness.missed(self.overdue_from, now):
            return self.reminder._replace(overdue=True)
        return self.reminder


CandidateRule = Callable[[Workspace, dict, date], list[Candidate]]


def at_instant(candidates: Iterable[Candidate], now: datetime) -> list[Reminder]:
    """The reminders of `candidates` at `now`, in their order."""
    return [r for r in (c.at(now) for c in candidates) if r is not None]


def local_day(ws: Workspace, now: datetime) -> date:
    """The workspace's calendar day at `now` (the day a rule's candidates are for)."""
    return now.astimezone(ws.tz).date()


def provider(fn: Provider) -> Provider:
    """Marks a domain module's `due(ws, now)`. The list of providers is
    store/reminders/registry.py (a test checks that every marked function is in it)."""
    fn.reminder_provider = True
    return fn
