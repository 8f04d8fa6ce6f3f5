"""English labels (message ids for `tr`) of the stored codes, shared by the
exports, the command line and the app: `tr(LEVELS["urgent"])` → "紧急" in zh."""

PRIORITIES = {"high": "High", "medium": "Medium", "low": "Low"}
LEVELS = {"general": "General", "urgent": "Urgent", "major": "Major"}
RECEIPT = {"unpublished": "Not published", "pending": "Awaiting confirmation",
           "confirmed": "Confirmed", "default_accepted": "Accepted by default"}
DECISIONS = {"pending": "Awaiting approval", "approved": "Approved", "rejected": "Rejected",
             "withdrawn": "Withdrawn"}
ISSUE_STATES = {"open": "Unresolved", "closed": "Resolved"}
RESOURCE_KINDS = {"people": "People", "budget": "Budget", "equipment": "Equipment",
                  "other": "Other"}
APPROVALS = {"request": "Project request", "delay": "Delay request",
             "resource": "Resource request", "acceptance": "Deliverable acceptance"}
ACCEPTANCE = {"pending": "Awaiting acceptance", "passed": "Passed", "changes": "Changes needed"}
WAITING_KINDS = {"request": "Project request", "delay": "Delay request",
                 "resource": "Resource request", "acceptance": "Deliverable acceptance",
                 "receipt": "Confirm receipt"}
