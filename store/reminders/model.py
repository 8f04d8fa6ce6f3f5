"""Reminders: every timed rule of the product, as records anyone can list.

Each domain module contributes a `due(ws, now) -> list[Reminder]`, marked with
`@provider`; store/reminders/registry.py lists them and `collect` asks them all.
This module is the bottom of the reminders: the domain imports it, it imports no domain.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Callable

from ..core.clock import to_iso
from ..core.workspace import Workspace

Provider = Callable[[Workspace, datetime], list["Reminder"]]


@dataclass(frozen=True)
class Reminder:
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
        data = asdict(self)
        data["who"] = list(self.who)
        data["due_at"] = to_iso(self.due_at)
        data["key"] = self.key
        return data


def provider(fn: Provider) -> Provider:
    """Marks a domain module's `due(ws, now)`. The list of providers is
    store/reminders/registry.py (a test checks that every marked function is in it)."""
    fn.reminder_provider = True
    return fn
