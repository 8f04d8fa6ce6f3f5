"""Taskwarrior interop: import the JSON of `task export`, write JSON that `task import` takes.

    parse_export(raw) -> list[dict]            # a JSON array, or one object per line
    import_tasks(ws, project_id, raw_or_records, *, owner=None, tw_project=None) -> dict
        {"project", "added": [ids], "updated": [ids], "unchanged": [ids],
         "skipped": [{"uuid", "description", "reason"}], "warnings": [text]}
    export_tasks(ws, project_id=None) -> list[dict]   # Taskwarrior task records
    dumps(records) -> str                             # what `task import` reads
    task_uuid(namespace, task) -> str

Mapping (Taskwarrior → Huddle on import, the reverse on export)
- description → title (control characters dropped; cut at 300 characters).
- due (UTC, `20261122T160000Z`) → the due day in the workspace's timezone; a
  task without one gets the project's due date. Export writes midnight of the
  due day in the workspace's timezone, in UTC — what `task add due:DAY` stores
  when Taskwarrior runs in the same timezone.
- scheduled ↔ start day (a start after the due day becomes the due day; none:
  today, or the due day if that is earlier — as `tasks.add_task`).
- priority H/M/L ↔ high/medium/low (none → medium).
- status pending/waiting → open, completed → done (100 %), deleted → cancelled;
  recurring templates are skipped (their pending instances are imported).
  Export: open → pending, done → completed (with `end`), cancelled → deleted.
  An import never reopens a task that is done in Huddle.
- project: the Huddle project is the one named on the command line; the
  Taskwarrior project is kept with the task and `tw_project` imports only the
  tasks of that project (and its sub-projects, `Q3.web`). Export writes the
  Huddle project's name.
- depends (an array of uuids, or the comma-separated text of Taskwarrior 2.5)
  → dependencies on the tasks of the same import or imported before; others are
  dropped with a warning; a cycle refuses the whole import.
- annotations ↔ notes (kept on the task, `notes`: at, by, text); the delivery
  standard travels as an annotation starting with "Delivery standard: ".
- tags: `milestone` ↔ the milestone flag; other tags are kept and written back.
- uuid: a task imported from Taskwarrior keeps its uuid; any other task's uuid
  is uuid5(workspace uuid, "task:<id>") (store.people.preferences.workspace_uuid), so
  exporting twice gives the same uuids and `task import` updates instead of
  duplicating. Importing a task whose uuid is already in the project (imported
  before, or exported from it) updates that task instead of adding one.

Permission: as for adding tasks (the project's managers). Owner of new tasks:
`owner`, else the acting member. The whole import is one transaction of the
project's shard, audited as `taskwarrior.import`: all of it is written, or none.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime, time, timezone

import orjson

from ..core import validate
from ..core.clock import parse_instant, to_iso
from ..core.errors import InvalidValue
from ..core.i18n import tr
from ..people.members import find_member
from ..people.preferences import workspace_uuid
from ..projects.project import get_project, list_projects, require_manager, shard_name
from ..projects.tasks import TASKS, find_cycle, project_tasks, task_id
from ..core.workspace import Workspace
from ..projects.progress import entries

TW_TIME = "%Y%m%dT%H%M%SZ"
PRIORITY_IN = {"H": "high", "M": "medium", "L": "low"}
PRIORITY_OUT = {value: key for key, value in PRIORITY_IN.items()}
STATUS_IN = {"pending": "open", "waiting": "open", "completed": "done", "deleted": "cancelled"}
STATUS_OUT = {"open": "pending", "done": "completed", "cancelled": "deleted"}
STANDARD_PREFIX = "Delivery standard: "
MILESTONE_TAG = "milestone"
MAX_TITLE, MAX_NOTE = 300, 2000
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


# -- the format ------------------------------------------------------------------
def parse_export(raw: bytes | str) -> list[dict]:
    """The records of `task export` output: a JSON array, one object, or one object per line."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidValue("file", tr("file: not UTF-8 text; expected the JSON of "
                                          "`task export`")) from None
    text = raw.lstrip("\ufeff").strip()
    if not text:
        return []
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError:
        try:  # Taskwarrior before 2.4 (or rc.json.array=off): one object per line
            data = [orjson.loads(line.rstrip().rstrip(",")) for line in text.splitlines()
                    if line.strip() not in ("", "[", "]")]
        except orjson.JSONDecodeError as exc:
            raise InvalidValue("file", tr("file: not the JSON of `task export` ({reason})",
                                          reason=str(exc))) from None
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise InvalidValue("file", tr("file: expected a JSON array of tasks"))
    return data


def dumps(records: list[dict]) -> str:
    return orjson.dumps(records, option=orjson.OPT_INDENT_2).decode() + "\n"


def tw_time(instant: datetime | str) -> str:
    value = parse_instant(instant) if isinstance(instant, str) else instant
    return value.astimezone(timezone.utc).strftime(TW_TIME)


def tw_day(day: str | date, tz) -> str:
    """Midnight of a calendar day in `tz`, as Taskwarrior's UTC time."""
    value = date.fromisoformat(day) if isinstance(day, str) else day
    return tw_time(datetime.combine(value, time.min, tzinfo=tz))


def parse_tw_time(value: object) -> datetime | None:
    """Taskwarrior's `20261122T160000Z` (also ISO-8601 and plain dates); None if unreadable."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        return datetime.strptime(text, TW_TIME).replace(tzinfo=timezone.utc)
    except ValueError:
        pass
    try:
        return parse_instant(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def task_uuid(namespace: uuid.UUID, task: dict) -> str:
    kept = (task.get("taskwarrior") or {}).get("uuid")
    return kept or str(uuid.uuid5(namespace, f"task:{task['id']}"))


# -- export -----------------------------------------------------------------------
def export_tasks(ws: Workspace, project_id: int | str | None = None) -> list[dict]:
    projects = [get_project(ws, project_id)] if project_id is not None else list_projects(ws)
    namespace = workspace_uuid(ws)  # after the checks: a refused export changes nothing
    now = tw_time(ws.now())
    records = []
    for project in projects:
        # every project: a damaged one is left out (store/core/damage.py)
        with ws.skip_damaged(shard_name(project["id"]), skip=project_id is None):
            tasks = project_tasks(ws, project["id"])
            uuids = {t["id"]: task_uuid(namespace, t) for t in tasks}
            finished = {e["task"]: e["at"] for e in entries(ws, project=project["id"])}
            records += [_record(ws, project, task, uuids, finished.get(task["id"]), now)
                        for task in tasks]
    return records


def _record(ws: Workspace, project: dict, task: dict, uuids: dict, last_update: str | None,
            now: str) -> dict:
    status = STATUS_OUT.get(task["state"], "pending")
    record: dict = {"uuid": uuids[task["id"]], "description": task["title"], "status": status,
                    "entry": tw_time(task.get("created_at") or ws.now()), "modified": now,
                    "due": tw_day(task["due"], ws.tz), "project": project["name"],
                    "priority": PRIORITY_OUT.get(task.get("priority", "medium"), "M")}
    if task.get("start") and task["start"] <= task["due"]:
        record["scheduled"] = tw_day(task["start"], ws.tz)
    if status != "pending":
        record["end"] = tw_time(last_update) if last_update else now
    tags = [t for t in (task.get("taskwarrior") or {}).get("tags", []) if t != MILESTONE_TAG]
    if task.get("milestone"):
        tags.append(MILESTONE_TAG)
    if tags:
        record["tags"] = tags
    depends = [uuids[d] for d in task.get("depends", []) if d in uuids]
    if depends:
        record["depends"] = depends
    annotations = []
    if task.get("standard"):
        annotations.append({"entry": record["entry"],
                            "description": STANDARD_PREFIX + task["standard"]})
    for note in task.get("notes", []):
        annotations.append({"entry": tw_time(note["at"]), "description": note["text"]})
    if annotations:
        record["annotations"] = annotations
    return record


# -- import -----------------------------------------------------------------------
def import_tasks(ws: Workspace, project_id: int | str, data: bytes | str | list, *,
                 owner: str | None = None, tw_project: str | None = None) -> dict:
    project = get_project(ws, project_id)
    require_manager(ws, project)
    pid = project["id"]
    owner = validate.login("owner", owner or ws.actor.login)
    if find_member(ws, owner) is None:
        raise InvalidValue("owner", tr("owner: no member with login {login!r}; a task "
                                       "is owned by one person", login=owner))
    records = data if isinstance(data, list) else parse_export(data)
    result: dict = {"project": pid, "added": [], "updated": [], "unchanged": [], "skipped": [],
                    "warnings": []}
    planned: dict[str, dict] = {}
    for record in records:
        item = _plan(ws, project, record, tw_project, result)
        if item is not None:
            if item["uuid"] in planned:
                result["warnings"].append(tr("{uuid} is in the file twice; the last one is "
                                             "imported", uuid=item["uuid"]))
            planned[item["uuid"]] = item
    if not planned:
        return result
    namespace = workspace_uuid(ws)
    now = to_iso(ws.now())
    with ws.transaction(shard_name(pid)) as tx:
        table = tx.table(TASKS)
        known: dict[str, int] = {}
        for doc in table.all():
            known[task_uuid(namespace, {**doc, "id": task_id(pid, doc.doc_id)})] = doc.doc_id
        numbers: dict[str, int] = {}
        for key, item in planned.items():
            number = known.get(key)
            if number is None:
                number = table.insert(_new_doc(item, owner, ws.actor.login, now))
                result["added"].append(task_id(pid, number))
            elif _update(table, number, item, ws.actor.login):
                result["updated"].append(task_id(pid, number))
            else:
                result["unchanged"].append(task_id(pid, number))
            numbers[key] = number
        _link(table, pid, planned, {**known, **numbers}, result)
        tx.audit("taskwarrior.import", pid, added=result["added"], updated=result["updated"])
    return result


def _plan(ws: Workspace, project: dict, record: object, tw_project: str | None,
          result: dict) -> dict | None:
    def skip(reason: str) -> None:
        result["skipped"].append({"uuid": str(rec.get("uuid", "")),
                                  "description": _clean(rec.get("description"), MAX_TITLE),
                                  "reason": reason})

    rec = record if isinstance(record, dict) else {}
    if not isinstance(record, dict):
        skip(tr("not a task record"))
        return None
    status = str(rec.get("status", "pending"))
    if status == "recurring":
        skip(tr("a recurring template; its instances are imported"))
        return None
    if status not in STATUS_IN:
        skip(tr("unknown status {status!r}", status=status))
        return None
    tw_proj = rec.get("project") if isinstance(rec.get("project"), str) else ""
    if tw_project and not (tw_proj == tw_project or tw_proj.startswith(tw_project + ".")):
        skip(tr("in Taskwarrior project {name!r}", name=tw_proj))
        return None
    try:
        key = str(uuid.UUID(str(rec.get("uuid"))))
    except ValueError:
        skip(tr("no valid uuid"))
        return None
    title = _clean(rec.get("description"), MAX_TITLE)
    if not title:
        skip(tr("no description"))
        return None
    tz = ws.tz
    due_at = parse_tw_time(rec.get("due"))
    due = due_at.astimezone(tz).date().isoformat() if due_at else project["due"]
    if rec.get("due") and not due_at:
        result["warnings"].append(tr("{title}: due {value!r} is not a date; the project's due "
                                     "date is used", title=title, value=str(rec.get("due"))))
    scheduled = parse_tw_time(rec.get("scheduled"))
    start = scheduled.astimezone(tz).date().isoformat() if scheduled else \
        min(ws.today().isoformat(), due)
    tags = [t for t in rec.get("tags", []) if isinstance(t, str)] \
        if isinstance(rec.get("tags"), list) else []
    notes, standard = [], ""
    for note in rec.get("annotations") or []:
        if not isinstance(note, dict):
            continue
        text = _clean(note.get("description"), MAX_NOTE, multiline=True)
        if text.startswith(STANDARD_PREFIX):
            standard = text[len(STANDARD_PREFIX):].strip()
        elif text:
            at = parse_tw_time(note.get("entry")) or ws.now()
            notes.append({"at": to_iso(at), "text": text})
    entry = parse_tw_time(rec.get("entry"))
    return {"uuid": key, "title": title, "due": due, "start": min(start, due),
            "priority": PRIORITY_IN.get(str(rec.get("priority", "")).upper(), "medium"),
            "state": STATUS_IN[status], "depends": _uuids(rec.get("depends")),
            "milestone": MILESTONE_TAG in tags, "standard": standard, "notes": notes,
            "created_at": to_iso(entry) if entry else None,
            "taskwarrior": {"uuid": key, "project": tw_proj,
                            "tags": [t for t in tags if t != MILESTONE_TAG]}}


def _new_doc(item: dict, owner: str, by: str, now: str) -> dict:
    done = item["state"] == "done"
    return {"title": item["title"], "owner": owner, "due": item["due"], "start": item["start"],
            "priority": item["priority"], "milestone": item["milestone"],
            "standard": item["standard"], "depends": [], "progress": 100 if done else 0,
            "state": item["state"], "created_at": item["created_at"] or now, "created_by": by,
            "notes": [{**n, "by": by} for n in item["notes"]],
            "taskwarrior": item["taskwarrior"]}


def _update(table, number: int, item: dict, by: str) -> bool:
    """Bring an existing task in line with the record; whether anything changed."""
    doc = table.get(doc_id=number)
    change = {k: item[k] for k in ("title", "due", "start", "priority", "milestone")
              if doc.get(k) != item[k]}
    if item["standard"] and doc.get("standard") != item["standard"]:
        change["standard"] = item["standard"]
    if doc.get("state") == "open" and item["state"] != "open":
        change["state"] = item["state"]
        if item["state"] == "done":
            change["progress"] = 100
    seen = {(n["at"], n["text"]) for n in doc.get("notes", [])}
    new_notes = [{**n, "by": by} for n in item["notes"]
                 if (n["at"], n["text"]) not in seen]
    if new_notes:
        change["notes"] = [*doc.get("notes", []), *new_notes]
    kept = doc.get("taskwarrior")
    if (kept or item["taskwarrior"]["tags"]) and kept != item["taskwarrior"]:
        change["taskwarrior"] = item["taskwarrior"]
    if change:
        table.update(change, doc_ids=[number])
    return bool(change)


def _link(table, pid: int, planned: dict, numbers: dict[str, int], result: dict) -> None:
    """Set the dependencies named in the file; refuse a cycle."""
    graph = {doc.doc_id: list(doc.get("depends", [])) for doc in table.all()}
    changed: dict[int, list[int]] = {}
    for key, item in planned.items():
        deps = []
        for dep in item["depends"]:
            if dep in numbers and numbers[dep] != numbers[key]:
                deps.append(numbers[dep])
            else:
                result["warnings"].append(tr("{title}: depends on {uuid}, which is not in the "
                                             "file; the dependency is left out",
                                             title=item["title"], uuid=dep))
        deps = list(dict.fromkeys(deps))
        if deps != graph.get(numbers[key], []):
            changed[numbers[key]] = deps
    graph.update(changed)
    for start in changed:
        cycle = find_cycle(graph, start)
        if cycle:
            chain = " → ".join(task_id(pid, n) for n in cycle)
            raise InvalidValue("depends", tr("depends: this would make a cycle: {chain}",
                                             chain=chain))
    for number, deps in changed.items():
        table.update({"depends": deps}, doc_ids=[number])
        tid = task_id(pid, number)
        if tid not in result["added"] and tid not in result["updated"]:
            result["updated"].append(tid)
            if tid in result["unchanged"]:
                result["unchanged"].remove(tid)


def _uuids(value: object) -> list[str]:
    items = value.split(",") if isinstance(value, str) else value if isinstance(value, list) \
        else []
    found = []
    for item in items:
        try:
            found.append(str(uuid.UUID(str(item).strip())))
        except ValueError:
            continue
    return found


def _clean(value: object, limit: int, multiline: bool = False) -> str:
    """Imported text: control characters dropped, trimmed, cut at `limit` characters."""
    text = value if isinstance(value, str) else ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not multiline:
        text = " ".join(text.split("\n"))
    text = _CONTROL.sub("", text.replace("\t", " ")).strip()
    return text if len(text) <= limit else text[:limit - 1] + "…"
