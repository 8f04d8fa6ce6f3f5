"""A project shard's head (store/core/shard_heads.py): what a commit writes in front of the
tables so that lists, the standup, reminders and most of a project's screen read a project
without parsing its tasks, its year of daily updates and its audit trail; and the incremental
versions a journal append uses (a write costs what it changed, not the project's history).

Readers: `read_head`, `read_more`, `recent`, `open_tasks` (re-exported by
store/projects/project.py, which registers nothing itself).
"""

from __future__ import annotations

from datetime import timedelta
from itertools import repeat
from sys import intern

from ..core.changeset import DROPPED
from ..core.clock import parse_instant, to_iso
from ..core.outbox import OUTBOX
from ..core.shard_heads import register_head
from ..core.workspace import AUDIT, Workspace

PROJECT = "project"     # store.projects.project.PROJECT (that module builds on this one)
_TASKS = "tasks"        # store.projects.tasks.TASKS (tasks builds on this module)
_PROGRESS = "progress"  # store.projects.progress.TABLE
_HEAD_TABLE_DOCS = 200  # a table with more documents stays out of the head


def shard_name(project_id: int) -> str:
    return f"project-{project_id}"


HEAD_VERSION = 3
RECENT = timedelta(days=14)


def project_head(tables: dict) -> dict:
    """A project shard's head, what listing the projects reads: the project record; of its
    tasks (cancelled ones left out) how many there are, their progress summed, and the open
    ones per due day."""
    project = (tables.get(PROJECT) or {}).get("1")
    count = total = 0
    open_due: dict[str, int] = {}
    for task in (tables.get(_TASKS) or {}).values():
        state = task.get("state")
        if state == "cancelled":
            continue
        count += 1
        total += task.get("progress", 0) or 0
        if state == "open":
            open_due[task.get("due", "")] = open_due.get(task.get("due", ""), 0) + 1
    return {"v": HEAD_VERSION, "project": project,
            "tasks": {"count": count, "progress": total, "open_due": open_due}}


def project_more(tables: dict) -> dict:
    """The second part of the head, so that the standup, the reminders and most of a
    project's screen read a project without parsing its tasks, its year of daily updates and
    its audit trail:

    - "open": the open tasks whole, by number;
    - "recent": the daily updates and the audit entries (but those of the updates) of the
      last RECENT before the newest of them, whole, by number, from "since" on;
    - "published": owner → the newest publication of their tasks not cancelled ("" if none
      published), for the sign-offs (store/projects/signoff.py); absent from older heads;
    - "tables": the small tables whole (delays, resources, issues, deliverables, …:
      `Workspace.table` serves them from here); "big" names those left out.
    """
    small = {name: docs for name, docs in tables.items()
             if name not in (_TASKS, _PROGRESS, AUDIT, OUTBOX)
             and len(docs) <= _HEAD_TABLE_DOCS}
    open_tasks = {number: task for number, task in (tables.get(_TASKS) or {}).items()
                  if task.get("state") == "open"}
    progress = tables.get(_PROGRESS) or {}
    audit = tables.get(AUDIT) or {}
    newest = max((doc.get("at", "") for docs in (progress, audit) for doc in docs.values()),
                 default="")
    since = to_iso(parse_instant(newest) - RECENT) if newest else ""
    return {"v": HEAD_VERSION, "open": open_tasks, "published": published_by_owner(tables),
            "recent": {"since": since,
                       "progress": {n: e for n, e in progress.items() if e.get("at", "") >= since},
                       "audit": {n: e for n, e in audit.items() if e.get("at", "") >= since
                                 and not str(e.get("action", "")).startswith("progress.")}},
            "tables": small, "big": sorted(set(tables) - set(small))}


def published_by_owner(tables: dict) -> dict[str, str]:
    """Owner → the newest publication of their tasks not cancelled ("" if none published)."""
    found: dict[str, str] = {}
    for task in (tables.get(_TASKS) or {}).values():
        if task.get("state") != "cancelled" and "owner" in task:
            owner = task["owner"]
            found[owner] = max(found.get(owner, ""), task.get("published_at") or "")
    return found


def project_more_update(prev: dict, tables: dict, changes: dict) -> dict | None:
    """`project_more(tables)` from the previous second part and a commit's change set
    (store/core/changeset.py), so a write costs what it changed, not the project's history
    (its year of daily updates, its audit trail). None: recompute (a removal, a dropped
    table, an entry of the recent window whose time changed)."""
    if prev.get("v") != HEAD_VERSION or any(DROPPED in docs for docs in changes.values()):
        return None
    more = dict(prev)
    if changes.get(_TASKS):
        open_tasks = dict(prev["open"])
        for number, task in changes[_TASKS].items():
            if task is not None and task.get("state") == "open":
                open_tasks[number] = task
            else:
                open_tasks.pop(number, None)
        more["open"] = open_tasks
        if "published" in prev:  # a pass over the tasks' owners, cheap beside the write
            more["published"] = published_by_owner(tables)
    others = [name for name in changes if name not in (_TASKS, _PROGRESS, AUDIT, OUTBOX)]
    if others:
        small = dict(prev["tables"])
        for name in others:
            docs = tables.get(name)
            small.pop(name, None)
            if docs is not None and len(docs) <= _HEAD_TABLE_DOCS:
                small[name] = docs
        more["tables"] = small
    more["big"] = sorted(set(tables) - set(more["tables"]))
    progress, audit = changes.get(_PROGRESS) or {}, changes.get(AUDIT) or {}
    if progress or audit:
        recent = _recent_after(prev["recent"], progress, audit)
        if recent is None:
            return None
        more["recent"] = recent
    return more


def _recent_after(recent: dict, progress: dict, audit: dict) -> dict | None:
    """The "recent" part after new or changed daily updates and audit entries."""
    entries = (*progress.values(), *audit.values())
    if any(doc is None for doc in entries):
        return None
    for kind, docs in (("progress", progress), ("audit", audit)):
        for number, doc in docs.items():
            held = recent[kind].get(number)
            if held is not None and held.get("at") != doc.get("at"):
                return None
    newest = max((doc.get("at", "") for doc in entries), default="")
    since = recent["since"]
    if newest:
        # `since` is the newest time less RECENT, and that function keeps the order
        since = max(since, to_iso(parse_instant(newest) - RECENT)) if since else \
            to_iso(parse_instant(newest) - RECENT)
    out = {"since": since}
    for kind, docs in (("progress", progress), ("audit", audit)):
        held = recent[kind]
        if since != recent["since"]:
            held = {n: e for n, e in held.items() if e.get("at", "") >= since}
        else:
            held = dict(held)
        for number, doc in docs.items():
            if doc.get("at", "") >= since and (
                    kind == "progress" or not str(doc.get("action", "")).startswith("progress.")):
                held[number] = doc
        out[kind] = held
    return out


def project_head_update(prev: dict, tables: dict, changes: dict, base: dict) -> dict | None:
    """`project_head(tables)` from the previous head and a commit's change set: the changed
    tasks' old counts out, their new ones in (not a pass over a thousand tasks)."""
    if prev.get("v") != HEAD_VERSION or DROPPED in (changes.get(_TASKS) or {}):
        return None
    head = dict(prev)
    if PROJECT in changes:
        head["project"] = (tables.get(PROJECT) or {}).get("1")
    if changes.get(_TASKS):
        counts = dict(prev["tasks"])
        open_due = dict(counts["open_due"])
        old_tasks = base.get(_TASKS) or {}
        for number, task in changes[_TASKS].items():
            for doc, sign in ((old_tasks.get(number), -1), (task, 1)):
                if doc is None or doc.get("state") == "cancelled":
                    continue
                counts["count"] += sign
                counts["progress"] += sign * (doc.get("progress", 0) or 0)
                if doc.get("state") == "open":
                    due = doc.get("due", "")
                    open_due[due] = open_due.get(due, 0) + sign
                    if not open_due[due]:
                        del open_due[due]
        counts["open_due"] = open_due
        head["tasks"] = counts
    return head


def _map_of(value: object, kind: type | tuple) -> bool:
    # (map, not a generator: no Python frame per value; a head's check runs on every read)
    return isinstance(value, dict) and all(map(isinstance, value.values(), repeat(kind)))


def head_fits(head: object) -> bool:
    """Whether a head read from the files has project_head's shape (only the current version
    is read: an older one passes here and is left alone by `read_head`)."""
    if not isinstance(head, dict):
        return False
    if head.get("v") != HEAD_VERSION:
        return True
    tasks = head.get("tasks")
    return (isinstance(head.get("project"), (dict, type(None))) and isinstance(tasks, dict)
            and type(tasks.get("count")) is int
            and type(tasks.get("progress")) in (int, float)
            and _map_of(tasks.get("open_due"), int))


def more_fits(more: object) -> bool:
    """Whether a second part read from the files has project_more's shape."""
    if not isinstance(more, dict):
        return False
    if more.get("v") != HEAD_VERSION:
        return True
    recent = more.get("recent")
    return (_map_of(more.get("open"), dict)
            and ("published" not in more or _map_of(more["published"], str))
            and isinstance(recent, dict) and isinstance(recent.get("since"), str)
            and _map_of(recent.get("progress"), dict) and _map_of(recent.get("audit"), dict)
            and isinstance(more.get("tables"), dict)
            and all(_map_of(docs, dict) for docs in more["tables"].values())
            and isinstance(more.get("big"), list))


def compact_more(more: dict) -> dict:
    """`more` with the short strings of its documents (logins, days, times, states) shared
    with every other head's, their dicts sized to fit: what the app keeps of a hundred
    projects' open tasks and recent updates, ~13 MB, takes ~6. A copy (a part read is
    shared, never changed); an older version as it is."""
    if more.get("v") != HEAD_VERSION:
        return more
    recent = more["recent"]
    return {**more, "open": _shared(more["open"]),
            "recent": {**recent, "progress": _shared(recent["progress"]),
                       "audit": _shared(recent["audit"])}}


def _shared(docs: dict) -> dict:
    return {number: {key: intern(value) if type(value) is str and len(value) <= 40 else value
                     for key, value in doc.items()}
            for number, doc in docs.items()}


register_head("project-", project_head, project_more, project_more_update,
              project_head_update, head_fits=head_fits, more_fits=more_fits,
              more_compact=compact_more)


def read_head(ws: Workspace, pid: int) -> dict | None:
    """The project shard's head, if it has a current one (shared: do not change it)."""
    head = ws.shard(shard_name(pid)).head()
    return head if head is not None and head.get("v") == HEAD_VERSION else None


def read_more(ws: Workspace, pid: int) -> dict | None:
    """The second part of the project shard's head, if current (shared: do not change it)."""
    more = ws.shard(shard_name(pid)).more()
    return more if more is not None and more.get("v") == HEAD_VERSION else None


def recent(ws: Workspace, pid: int, table: str, since: str) -> dict | None:
    """The head's documents of `table` ("progress" or the audit without the updates) at or
    after `since` (UTC ISO), when the head holds all of them; None: read the shard."""
    more = read_more(ws, pid)
    if more is None or not since or since < more["recent"]["since"]:
        return None
    return more["recent"]["progress" if table == _PROGRESS else "audit"]


def open_tasks(ws: Workspace, pid: int) -> dict[str, dict]:
    """The project's open tasks as stored, {number: task}, from the head when it has one."""
    more = read_more(ws, pid)
    if more is not None:
        return more["open"]
    return {n: t for n, t in ws.table(shard_name(pid), _TASKS).items() if t.get("state") == "open"}
