"""Today's standup read kept (`kept`): the screen's first opening, each 30 s refresh and the
warm-up's read-ahead (`standup.ahead`) share one read while nothing it depends on changes.

What `standup.read_day` reads for today depends on the directory (the project index, the
calendar and the zone), the day, its update deadline (the schedule's) and every project's
shard (its tasks and updates). So the value is kept in the directory shard's memo (a change
of the directory drops it) under the key (day, deadline, one token per project shard's
revision): one stat per shard tells whether it still holds, and any commit to a project
makes the next read compute it again. Only the latest key is kept: a new day, deadline or
revision replaces it, nothing piles up. Nothing is kept while a damaged file was skipped
(each read notes it again, as store/core/damage.py wants) nor for another day than today
(a past day reads the history, standup_history).

The value is shared: read only.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Callable, TypeVar

from ..core.workspace import DIRECTORY, Workspace
from ..projects.project import project_ids, shard_name

T = TypeVar("T")
_SLOT = "standup.day"            # the directory's memo: {key: value}, the latest key only
_REVISION = "standup.revision"   # a project shard's memo: a token per revision


def kept(ws: Workspace, day: date, deadline: datetime | None, compute: Callable[[], T]) -> T:
    """`compute()`, or what it gave for the same `day`, `deadline` and shards (see above)."""
    if day != ws.today():
        return compute()
    directory = ws.shard(DIRECTORY)
    slot = directory.memo(_SLOT, dict, tables=False)
    key = (day, deadline, revisions(ws))
    held = slot.get(key)
    if held is not None:
        return held
    value = compute()
    # kept only if nothing changed meanwhile (the same slot, the same tokens) and no damaged
    # file is known (one skipped is noted again by the next read)
    if not ws.damage and directory.memo(_SLOT, dict, tables=False) is slot \
            and revisions(ws) == key[2]:
        slot.clear()
        slot[key] = value
    return value


def revisions(ws: Workspace) -> tuple:
    """A token per project shard, the same object while its files are the same (one stat)."""
    return tuple(ws.shard(shard_name(pid)).memo(_REVISION, object, tables=False)
                 for pid in project_ids(ws))
