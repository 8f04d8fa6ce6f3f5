"""The decision form for anything that waits for an approver: a project request, a
delay, a resource request, or a deliverable's acceptance. Shared by the project
screen and My work.

    decision_form(kind, record) -> DecisionForm
    decided_message(kind, record) -> str     (what to tell the approver afterwards)
"""

from __future__ import annotations

from store.core.i18n import tr

from .delay_forms import DelayDecisionForm
from .deliverable_forms import AcceptanceForm
from .project_forms import DecisionForm, RequestDecisionForm, ResourceDecisionForm

FORMS = {"request": RequestDecisionForm, "delay": DelayDecisionForm,
         "resource": ResourceDecisionForm, "acceptance": AcceptanceForm}


def decision_form(kind: str, record: dict) -> DecisionForm:
    return FORMS[kind](record)


def decided_message(kind: str, record: dict) -> str:
    if kind == "request":
        return tr("Project {id}: {state}", id=record["id"], state=tr(record["state"]))
    if kind == "delay":
        if record["state"] == "approved":
            return tr("Delay {id} approved: task {task} is now due {due}", id=record["id"],
                      task=record["task"], due=record["new_due"])
        if record["state"] == "pending":
            return tr("Delay {id}: your approval is recorded; it waits for the other approver",
                      id=record["id"])
        return tr("Delay {id} rejected", id=record["id"])
    if kind == "resource":
        return tr("Resource request {id}: {state}", id=record["id"], state=tr(record["state"]))
    return tr("Deliverable {id}: {state}", id=record["id"], state=tr(record["state"]))
