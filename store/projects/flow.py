"""The life of a cross-department project (SPEC §1): its states and the only legal
transitions between them, the approval of the request (template 1) by the
requesting department's head, cancellation by the initiator, launch and archive.

    requested → approved | rejected
    approved → kicked_off            (kickoff.record_kickoff)
    kicked_off → in_progress         (publication.publish_tasks, first time)
    in_progress → delivered          (deliverables.submit_deliverable)
    delivered → accepted             (deliverables.review_deliverable, passed)
    delivered → in_progress          (deliverables.review_deliverable, changes needed)
    accepted → launched              (launch_project)
    launched → retrospective_done    (retro.save_retrospective)
    retrospective_done → archived    (archive_project)
    any state but rejected/archived/cancelled → cancelled   (cancel_project, initiator only)

API:
    TRANSITIONS: dict[state, tuple[state, ...]]
    can_transition(state, to) -> bool
    check_transition(project, to) -> None      # IllegalTransition with the reason
    transition(ws, project_id, to, action, **fields) -> dict
    apply_transition(tx, pid, to, action, **fields)   # the same inside a held transaction
        (internal to the project-flow modules: moves the state, stamps `<to>_at`,
        appends to project["history"] [{"state","at","by"}], audits `action`.)
    approve_request(ws, project_id, comment="") -> project
    reject_request(ws, project_id, comment) -> project   (comment required)
        both: only the requesting department's head; project["approval"] =
        {"decision": "approved"|"rejected", "by", "at", "comment"}
    cancel_project(ws, project_id, reason="") -> project  (only the initiator)
    launch_project(ws, project_id) -> project  (a project manager; sets launched_at)
    archive_project(ws, project_id) -> project  (a project manager)
    state_label(state, lang=None) -> str   # "requested" → "待审批" in zh
    pending_requests(ws, login) -> list[project]   # requests `login` may approve
"""

from __future__ import annotations

from ..core import validate
from ..core.clock import to_iso
from ..core.errors import IllegalTransition, InvalidValue, PermissionDenied
from ..core.i18n import tr
from .roles import requesting_head, role_of
from .project import (CLOSED_STATES, PROJECT, STATES, get_project, list_projects, require_manager,
                      shard_name)
from ..core.workspace import Workspace
from ..labels import PROJECT_STATE_LABELS

TRANSITIONS: dict[str, tuple[str, ...]] = {
    "requested": ("approved", "rejected", "cancelled"),
    "approved": ("kicked_off", "cancelled"),
    "rejected": (),
    "kicked_off": ("in_progress", "cancelled"),
    "in_progress": ("delivered", "cancelled"),
    "delivered": ("accepted", "in_progress", "cancelled"),
    "accepted": ("launched", "cancelled"),
    "launched": ("retrospective_done", "cancelled"),
    "retrospective_done": ("archived", "cancelled"),
    "archived": (),
    "cancelled": (),
}
assert set(TRANSITIONS) == set(STATES)

STATE_LABELS = PROJECT_STATE_LABELS  # store/labels.py
# What has to happen to leave each state (for the reason in an IllegalTransition).
NEXT_STEP = {
    "requested": "the requesting department's head approves the request",
    "approved": "the kickoff meeting is recorded",
    "kicked_off": "the task list is published",
    "in_progress": "a deliverable is submitted",
    "delivered": "the deliverable is accepted",
    "accepted": "the project is launched",
    "launched": "the retrospective is saved",
    "retrospective_done": "the project is archived",
}


def state_label(state: str, lang: str | None = None) -> str:
    return tr(STATE_LABELS.get(state, state), lang)


def can_transition(state: str, to: str) -> bool:
    return to in TRANSITIONS.get(state, ())


def check_transition(project: dict, to: str) -> None:
    state = project["state"]
    if can_transition(state, to):
        return
    if state in CLOSED_STATES:
        reason = tr("project {id} is {state} and can no longer change", id=project["id"],
                    state=state_label(state))
    elif state == to:
        reason = tr("project {id} is already {state}", id=project["id"], state=state_label(state))
    else:
        reason = tr("project {id} is {state}; next, {step}", id=project["id"],
                    state=state_label(state), step=tr(NEXT_STEP[state]))
    raise IllegalTransition(tr("Cannot move to {to}: {reason}", to=state_label(to),
                               reason=reason))


def transition(ws: Workspace, project_id: int | str, to: str, action: str,
               **fields: object) -> dict:
    """Move the project to `to` (checked again under the lock) and store `fields`."""
    pid = get_project(ws, project_id)["id"]
    with ws.transaction(shard_name(pid)) as tx:
        apply_transition(tx, pid, to, action, **fields)
    return get_project(ws, pid)


def apply_transition(tx, pid: int, to: str, action: str, **fields: object) -> None:
    """`transition` inside a transaction the caller holds on the project's shard, so a
    record and the state change it causes are written together."""
    now = to_iso(tx.ws.now())
    table = tx.table(PROJECT)
    current = {**table.get(doc_id=1), "id": pid}
    check_transition(current, to)
    history = list(current.get("history", []))
    history.append({"state": to, "at": now, "by": tx.ws.actor.login})
    table.update({**fields, "state": to, f"{to}_at": now, "history": history}, doc_ids=[1])
    tx.audit(action, pid, state=to, **{k: v for k, v in fields.items()
                                      if isinstance(v, (str, int, float, bool))})


# -- request approval (template 1) -------------------------------------------
def _require_requesting_head(ws: Workspace, project: dict) -> None:
    if "requesting_head" not in role_of(ws, project):
        head = requesting_head(ws, project) or tr("(no head set)")
        raise PermissionDenied(tr("Only the head of {dept} ({head}) may decide on the request "
                                  "for project {id}", dept=project["initiator_dept"], head=head,
                                  id=project["id"]))


def approve_request(ws: Workspace, project_id: int | str, comment: str = "") -> dict:
    project = get_project(ws, project_id)
    _require_requesting_head(ws, project)
    check_transition(project, "approved")
    decision = {"decision": "approved", "by": ws.actor.login, "at": to_iso(ws.now()),
                "comment": validate.text("comment", comment, multiline=True, max_len=2000)}
    return transition(ws, project["id"], "approved", "project.approve", approval=decision)


def reject_request(ws: Workspace, project_id: int | str, comment: str) -> dict:
    project = get_project(ws, project_id)
    _require_requesting_head(ws, project)
    check_transition(project, "rejected")
    text = validate.text("comment", comment, multiline=True, max_len=2000)
    if not text:
        raise InvalidValue("comment", tr("comment: say why the request is rejected"))
    decision = {"decision": "rejected", "by": ws.actor.login, "at": to_iso(ws.now()),
                "comment": text}
    return transition(ws, project["id"], "rejected", "project.reject", approval=decision)


def pending_requests(ws: Workspace, login: str) -> list[dict]:
    return [p for p in list_projects(ws) if p["state"] == "requested"
            and requesting_head(ws, p) == login]


# -- cancel, launch, archive --------------------------------------------------
def cancel_project(ws: Workspace, project_id: int | str, reason: str = "") -> dict:
    project = get_project(ws, project_id)
    if ws.actor.login != project.get("initiator"):
        raise PermissionDenied(tr("Only the initiator ({login}) may cancel project {id}",
                                  login=project.get("initiator"), id=project["id"]))
    check_transition(project, "cancelled")
    text = validate.text("reason", reason, multiline=True, max_len=2000)
    return transition(ws, project["id"], "cancelled", "project.cancel", cancel_reason=text)


def launch_project(ws: Workspace, project_id: int | str) -> dict:
    """A project manager records the launch (上线); the retrospective is then due
    within 3 working days (see retro.retro_due_at)."""
    project = get_project(ws, project_id)
    require_manager(ws, project)
    check_transition(project, "launched")
    return transition(ws, project["id"], "launched", "project.launch")


def archive_project(ws: Workspace, project_id: int | str) -> dict:
    project = get_project(ws, project_id)
    require_manager(ws, project)
    check_transition(project, "archived")
    return transition(ws, project["id"], "archived", "project.archive")
