"""Projects: the request form (SPEC §1.1), the project group (§1.2), requirements (§1.3).

Each project lives in its own shard `project-<id>`; the directory keeps only
the index that hands out ids. Everything else is read from the project shard.

Every write of a project shard also writes its head (store/projects/project_head.py): the
project record and its task counts, so that listing the projects reads a few
hundred bytes per project instead of its whole file (tasks, daily updates,
audit trail), and a second part with the open tasks, the last two weeks of
updates and the small tables. `get_project` and `store.projects.tasks.project_summary`
read the head when there is one, `open_tasks`, `recent` and `Workspace.table`
the second part.
"""

from __future__ import annotations

from datetime import date

from ..core import validate
from ..core.clock import to_iso
from ..core.errors import InvalidValue, NotFound, PermissionDenied
from ..core.i18n import tr
from ..core.outbox import emit
from ..people.members import get_department, is_admin, require_member
from ..core.workspace import DIRECTORY, Workspace
from ..people.members import department_head, department_heads
from ..people.members import find_member
from .project_head import PROJECT, shard_name  # noqa: F401  (re-exported)
from .project_head import (open_tasks, project_head, project_more,  # noqa: F401 (re-exported)
                           published_by_owner, read_head, read_more, recent)

INDEX = "projects"
STATES = ("requested", "approved", "rejected", "kicked_off", "in_progress", "delivered",
          "accepted", "launched", "retrospective_done", "archived", "cancelled")
CLOSED_STATES = ("rejected", "archived", "cancelled")

# field -> (label for messages, multiline)
REQUEST_FIELDS = {
    "background": True, "goal": True, "outcome": True, "time_nodes": True, "support": True,
    # 需求说明书 (SPEC §1.3): the requirements document as Markdown (features, personas,
    # expected results), part of the request; `huddle project add/edit --requirements FILE`
    "requirements_doc": True,
}
REQUIREMENT_FIELDS = ("background", "goals", "features", "personas", "expected", "target_date")


def parse_project_id(value: object) -> int:
    raw = str(value).strip().lstrip("Pp#")
    if not raw.isdigit():
        raise InvalidValue("project", tr("project: {value!r} is not a project id", value=value))
    return int(raw)


# -- reading -----------------------------------------------------------------
def project_ids(ws: Workspace) -> list[int]:
    return sorted(row["doc_id"] for row in ws.rows(DIRECTORY, INDEX))


def get_project(ws: Workspace, project_id: int | str) -> dict:
    pid = parse_project_id(project_id)
    head = read_head(ws, pid)
    if head is not None and head.get("project"):
        return {**head["project"], "id": pid}
    rows = ws.rows(shard_name(pid), PROJECT) if ws.exists(shard_name(pid)) else []
    if not rows:
        raise NotFound(tr("No project with id {id}", id=pid))
    project = rows[0]
    project["id"] = pid
    del project["doc_id"]
    return project


def list_projects(ws: Workspace) -> list[dict]:
    """Every project; a damaged project shard is left out and noted (store/core/damage.py)."""
    found = []
    for pid in project_ids(ws):
        with ws.skip_damaged(shard_name(pid)):
            try:
                found.append(get_project(ws, pid))
            except NotFound:
                continue  # index written, shard not yet: a create in flight
    return found


def is_quiet(ws: Workspace, project_id: int | None) -> bool:
    """A rejected, cancelled or archived project (or one not there): nothing about it or its
    tasks is reminded any more (every reminder provider asks this)."""
    if project_id is None:
        return False
    try:
        return get_project(ws, project_id)["state"] in CLOSED_STATES
    except (NotFound, InvalidValue):
        return True


def can_manage(ws: Workspace, project: dict) -> bool:
    """PM, initiator, heads of the requesting and lead departments, or an admin acting as self."""
    login = ws.actor.login
    if login in (project.get("pm"), project.get("initiator")):
        return True
    if login in department_heads(ws, project.get("initiator_dept", ""),
                                 project.get("lead_dept", "")):
        return True
    return not ws.actor.on_behalf and is_admin(ws, login)


def require_manager(ws: Workspace, project: dict) -> None:
    if not can_manage(ws, project):
        raise PermissionDenied(tr("Only the project manager, the initiator, the heads of the "
                                  "requesting and lead departments or an admin may change "
                                  "project {id}", id=project["id"]))


# -- writing -----------------------------------------------------------------
def create_project(ws: Workspace, name: str, *, pm: str, initiator_dept: str, lead_dept: str,
                   goal: str, due: str | date, collab_depts: list[str] | tuple = (),
                   **request: object) -> dict:
    """File the request form. Any member may; the project starts as `requested`."""
    require_member(ws)
    fields = _clean_fields(ws, dict(name=name, pm=pm, initiator_dept=initiator_dept,
                                    lead_dept=lead_dept, goal=goal, due=due,
                                    collab_depts=list(collab_depts), **request))
    for key in ("name", "pm", "initiator_dept", "lead_dept", "goal", "due"):
        if not fields.get(key):
            raise InvalidValue(key, tr("{field}: required", field=tr(key)))
    now = to_iso(ws.now())
    doc = {"name": "", "background": "", "goal": "", "outcome": "", "time_nodes": "",
           "support": "", "requirements_doc": "", "collab_depts": [], "members": [], "requirements": {}, **fields,
           "state": "requested", "initiator": ws.actor.login, "created_at": now}
    doc["members"] = doc["members"] or [{"login": fields["pm"], "role": "PM"}]
    with ws.transaction(DIRECTORY) as tx:  # the index entry and the new shard, all or nothing
        pid = tx.table(INDEX).insert({"name": fields["name"], "created_at": now})
        tx.audit("project.create", pid)
        ptx = tx.join(shard_name(pid), new=True)
        ptx.table(PROJECT).insert(doc)
        ptx.audit("project.create", pid, name=fields["name"])
        emit_project(ptx, {**doc, "id": pid}, "project.requested", goal=doc["goal"])
    return get_project(ws, pid)


def edit_project(ws: Workspace, project_id: int | str, **changes: object) -> dict:
    project = get_project(ws, project_id)
    require_manager(ws, project)
    clean = _clean_fields(ws, {k: v for k, v in changes.items() if v is not None})
    for key in ("name", "pm", "initiator_dept", "lead_dept", "goal", "due"):
        if key in clean and not clean[key]:
            raise InvalidValue(key, tr("{field}: required", field=tr(key)))
    with ws.transaction(DIRECTORY) as tx:  # a rename changes the index too: both or neither
        ptx = tx.join(shard_name(project["id"]))
        ptx.table(PROJECT).update(clean, doc_ids=[1])
        ptx.audit("project.edit", project["id"], **clean)
        if "name" in clean:
            tx.table(INDEX).update({"name": clean["name"]}, doc_ids=[project["id"]])
            tx.audit("project.rename", project["id"], name=clean["name"])
    return get_project(ws, project["id"])


def name_acceptor(ws: Workspace, project_id: int | str, login: str | None) -> dict:
    """The requesting department's head names who accepts deliverables for the department
    (发起部门组织验收); None or "" withdraws the naming (the head accepts)."""
    project = get_project(ws, project_id)
    from ..people.members import department_head
    head = department_head(ws, project.get("initiator_dept", ""))
    if ws.actor.login != head:
        raise PermissionDenied(tr("Only the head of {dept} ({head}) may name who accepts the "
                                  "deliverables of project {id}", dept=project["initiator_dept"],
                                  head=head or "-", id=project["id"]))
    acceptor = None
    if login:
        acceptor = validate.login("acceptor", login)
        if not _is_member(ws, acceptor):
            raise InvalidValue("acceptor", tr("acceptor: no member with login {login!r}",
                                              login=acceptor))
    with ws.transaction(shard_name(project["id"])) as tx:
        tx.table(PROJECT).update({"acceptor": acceptor}, doc_ids=[1])
        tx.audit("project.acceptor", project["id"], acceptor=acceptor)
    return get_project(ws, project["id"])


def _clean_fields(ws: Workspace, raw: dict) -> dict:
    clean: dict[str, object] = {}
    for key, value in raw.items():
        if key == "name":
            clean[key] = validate.text("name", value, required=True, max_len=200)
        elif key == "goal":
            clean[key] = validate.text("goal", value, required=True, multiline=True)
        elif key in REQUEST_FIELDS:
            clean[key] = validate.text(key, value, multiline=True)
        elif key == "pm":
            login = validate.login("pm", value)
            if not _is_member(ws, login):
                raise InvalidValue("pm", tr("pm: no member with login {login!r}", login=login))
            clean[key] = login
        elif key in ("initiator_dept", "lead_dept"):
            name = validate.text(key, value, required=True, max_len=100)
            get_department(ws, name, key)
            clean[key] = name
        elif key == "collab_depts":
            names = [validate.text(key, v, required=True, max_len=100) for v in value]  # type: ignore[union-attr]
            for name in names:
                get_department(ws, name, key)
            clean[key] = list(dict.fromkeys(names))
        elif key == "due":
            clean[key] = validate.day("due", value)
        elif key == "members":
            clean[key] = [_clean_member(ws, m) for m in value]  # type: ignore[union-attr]
        elif key == "requirements":
            clean[key] = _clean_requirements(value)  # type: ignore[arg-type]
        else:
            raise InvalidValue(key, tr("Unknown field {name}", name=key))
    return clean


def _clean_member(ws: Workspace, entry: dict) -> dict:
    login = validate.login("members", entry.get("login"))
    if not _is_member(ws, login):
        raise InvalidValue("members", tr("members: no member with login {login!r}", login=login))
    return {"login": login, "role": validate.text("role", entry.get("role", ""), max_len=100)}


def _clean_requirements(value: dict) -> dict:
    clean = {}
    for key in REQUIREMENT_FIELDS:
        if key == "target_date":
            clean[key] = validate.day("target_date", value.get(key), required=False)
        else:
            clean[key] = validate.text(key, value.get(key, ""), multiline=True)
    return clean


def _is_member(ws: Workspace, login: str) -> bool:
    return find_member(ws, login) is not None


def emit_project(tx, project: dict, topic: str, subject: object = None, **data: object) -> None:
    """A project event: the project's id, name, PM and members come along."""
    try:
        if topic == "project.requested":
            data.setdefault("approver", department_head(tx.ws, project.get("initiator_dept", "")))
        members = [m.get("login") for m in project.get("members", []) if m.get("login")]
        who = list(dict.fromkeys([project.get("pm"), *members]))
        emit(tx, topic, subject if subject is not None else project.get("id"),
             project=project.get("id"), name=project.get("name", ""), pm=project.get("pm"),
             who=[w for w in who if w], **data)
    except Exception:  # noqa: BLE001
        return


def emit_help(tx, entry: dict) -> None:
    """A daily update flagged 【需协助】: the helper is mentioned (store.projects.progress)."""
    if not entry.get("help_from"):
        return
    try:
        pid, number = (int(part) for part in str(entry["task"]).split("-", 1))
        task = tx.table("tasks").get(doc_id=number) or {}
        project = {**(tx.table("project").get(doc_id=1) or {}), "id": pid}
        emit_project(tx, project, "progress.help", entry["task"], task_title=task.get("title", ""),
                     owner=entry.get("owner"), helper=entry["help_from"],
                     problems=entry.get("problems", ""), percent=entry.get("percent"))
    except Exception:  # noqa: BLE001
        return
