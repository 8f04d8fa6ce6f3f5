"""What each member changed in the projects in a window of time, from the audit trail
(the standup's "since yesterday"; progress updates are reported separately)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from ..core.clock import to_iso
from ..core.transaction import AUDIT
from ..core.workspace import Workspace
from ..projects.project import project_ids, recent, shard_name


def member_changes(ws: Workspace, logins: set[str], since: datetime, until: datetime
             ) -> dict[str, list[dict]]:
    """What each member changed in the projects in [since, until), from the audit trail
    (progress updates are reported separately)."""
    lo, hi = to_iso(since), to_iso(until)
    found: dict[str, list[dict]] = defaultdict(list)
    for pid in project_ids(ws):
        window: list = []
        with ws.skip_damaged(shard_name(pid)):  # a damaged project is left out
            window = _changes_window(ws, pid, lo, hi)
        for who, change in window:
            if who in logins:
                found[who].append(dict(change))
    for rows in found.values():
        rows.sort(key=lambda r: r["at"])
    return found


def _changes_window(ws: Workspace, pid: int, lo: str, hi: str) -> list[tuple[str, dict]]:
    """(who, change) for the project's audit entries in [lo, hi), updates left out."""
    held = recent(ws, pid, AUDIT, lo)  # the head keeps the last two weeks
    if held is not None:
        return [(entry.get("for") or entry.get("by"),
                 {"at": entry["at"], "action": entry["action"],
                  "target": entry.get("target"), "project": pid})
                for entry in held.values() if lo <= entry.get("at", "") < hi]
    # the window of the whole trail, once per revision of the shard
    return ws.shard(shard_name(pid)).memo(
        ("standup.changes", lo, hi), lambda tables: [
            (entry.get("for") or entry.get("by"),
             {"at": entry["at"], "action": entry["action"],
              "target": entry.get("target"), "project": pid})
            for entry in tables.get(AUDIT, {}).values()
            if lo <= entry.get("at", "") < hi
            and not entry.get("action", "").startswith("progress.")])
