"""Reminders: every timed rule of the product, as records anyone can list.

Each domain module contributes a `due(ws, now) -> list[Reminder]` with the
`@provider` decorator; `collect` asks them all.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Callable

from ..core.clock import to_iso
from ..core.workspace import Workspace

Provider = Callable[[Workspace, datetime], list["Reminder"]]
PROVIDERS: list[Provider] = []


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
    if fn not in PROVIDERS:
        PROVIDERS.append(fn)
    return fn


def collect(ws: Workspace, now: datetime | None = None) -> list[Reminder]:
    from . import registry as domains  # noqa: F401  (registers every provider)
    now = now or ws.now()
    found: list[Reminder] = []
    for fn in PROVIDERS:
        # a damaged shard (but the directory) costs its own reminders, not everyone else's:
        # a provider skips a damaged record itself, and a damaged area shard skips it here
        with ws.skip_damaged():
            found.extend(fn(ws, now))
    return sorted(found, key=lambda r: (r.due_at, r.kind, r.subject))
