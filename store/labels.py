"""The label tables: one per kind of stored code, English message ids for `tr`.

Store codes stay English identifiers ("in_progress", "high"); what a person reads is
`tr(PRIORITY_LABELS["high"])` ("高" in zh). The exports, the command line and the app
all read these tables; a new state or kind adds its label here, once. (Labels that
belong to one area's records stay next to them: minutes, kb, onboarding, customers.)
"""

PROJECT_STATE_LABELS = {
    "requested": "Requested", "approved": "Approved", "rejected": "Rejected",
    "kicked_off": "Kicked off", "in_progress": "In progress", "delivered": "Delivered",
    "accepted": "Accepted", "launched": "Launched", "retrospective_done": "Retrospective done",
    "archived": "Archived", "cancelled": "Cancelled",
}
TASK_STATE_LABELS = {"open": "Open", "done": "Done", "cancelled": "Cancelled"}
PRIORITY_LABELS = {"high": "High", "medium": "Medium", "low": "Low"}
LEVEL_LABELS = {"general": "General", "urgent": "Urgent", "major": "Major"}
RECEIPT_LABELS = {"unpublished": "Not published", "pending": "Awaiting confirmation",
                  "confirmed": "Confirmed", "default_accepted": "Accepted by default"}
DECISION_LABELS = {"pending": "Awaiting approval", "approved": "Approved",
                   "rejected": "Rejected", "withdrawn": "Withdrawn"}
# who approves a delay request (store/projects/delays.py): the PM and the requesting head
APPROVER_LABELS = {"pm": "PM", "head": "Head"}
ISSUE_STATE_LABELS = {"open": "Unresolved", "closed": "Resolved"}
RESOURCE_KIND_LABELS = {"people": "People", "budget": "Budget", "equipment": "Equipment",
                        "other": "Other"}
ACCEPTANCE_LABELS = {"pending": "Awaiting acceptance", "passed": "Passed",
                     "changes": "Changes needed"}
# what waits for a decision (the project screen, My work, the approvals list)
WAITING_KIND_LABELS = {"request": "Project request", "delay": "Delay request",
                       "resource": "Resource request", "acceptance": "Deliverable acceptance",
                       "receipt": "Confirm receipt"}
# a project's risks and flags (store/projects/outlook.py `risks`)
RISK_LABELS = {"overdue": "Overdue", "lagging": "Lagging", "buffer": "Buffer",
               "updates": "Daily updates", "help": "Help asked", "escalation": "Escalation",
               "major": "Major issue", "decision": "Overdue decision",
               "retro": "Retrospective"}
