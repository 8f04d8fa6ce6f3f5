"""One rule for every deadline of SPEC §1 (17:00 update, 2 h kickoff minutes, 24 h receipt,
24 h acceptance, next-day minutes, 3-working-day retrospective, …).

The deadline is missed from its instant on: an obligation still open at that instant is
overdue (the reminder's flag), and a record made at that instant or later is late (the
record's flag). Reminders and records ask the same function, so the banner and the record
never disagree about the same instant.

    missed(deadline, at) -> bool
    stamp(deadline, at) -> {"late": bool, "late_for": ISO | None}
"""

from __future__ import annotations

from datetime import datetime

from ..core.clock import to_iso


def missed(deadline: datetime | None, at: datetime) -> bool:
    return deadline is not None and at >= deadline


def stamp(deadline: datetime | None, at: datetime) -> dict:
    """What a record carries: `late` and the deadline it missed (None when on time)."""
    late = missed(deadline, at)
    return {"late": late, "late_for": to_iso(deadline) if late else None}
