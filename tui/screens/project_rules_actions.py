"""The project screen's keys for the project rules (a mixin of ProjectDetailScreen):

    m  file the kickoff or a weekly meeting's minutes (decisions, risks, actions;
       Overview, Tasks and Updates tabs)
    o  sign off the published task allocation for the department you head (模板2)
    v  answer the selected (else the oldest) major issue waiting for a response (Issues tab)
    n  name who accepts the deliverables (the requesting department's head; Overview and
       Deliverables tabs)
"""

from __future__ import annotations

from textual.binding import Binding

from store.projects import issues as project_issues
from store.core.i18n import tr


RULE_BINDINGS = [
    Binding("m", "minutes", "Minutes", id="project.minutes",
            tooltip="File the kickoff or weekly meeting minutes: decisions, risks, actions; "
                    "archived in the knowledge base"),
    Binding("o", "signoff", "Sign off tasks", id="project.signoff",
            tooltip="As head of a department owning tasks, sign the published task allocation"),
    Binding("v", "respond", "Answer issue", id="project.respond",
            tooltip="The lead department's answer to a major issue (within 24 hours)"),
    Binding("n", "acceptor", "Name acceptor", id="project.acceptor",
            tooltip="Name who accepts the deliverables for the requesting department"),
]
RULE_ACTIONS = {"minutes": "minutes", "signoff": "signoff", "respond": "respond",
                "acceptor": "acceptor"}
# keys that belong to some tabs only (elsewhere greyed out, so that an 80-column Footer
# keeps the keys of the tab shown): answering an issue on the Issues tab (as `x`
# escalates there), naming the acceptor on the Overview and Deliverables tabs, minutes
# where meetings are followed (Overview: the kickoff; Tasks, Updates), not on the Gantt
RULE_TABS = {"respond": ("issues",), "acceptor": ("overview", "deliverables"),
             "minutes": ("overview", "tasks", "updates")}


class ProjectRuleActions:
    """Needs `view`, `project`, `open_form`, `tab`, `tab_name` from the screen."""

    def action_minutes(self) -> None:
        if self.view is not None:
            self.open_form(rules_forms().MinutesForm(self.project, self.view.pending_minutes),
                           lambda m: tr("Minutes {id} filed and archived as K{kb}", id=m["id"],
                                        kb=m.get("kb")))

    def action_signoff(self) -> None:
        if self.view is not None and self.view.my_signoffs:
            self.open_form(rules_forms().SignoffForm(self.project, self.view.my_signoffs),
                           lambda r: tr("{dept} signed off the task allocation", dept=r["dept"]))

    def action_respond(self) -> None:
        if self.view is None:
            return
        selected = (self.tab("issues").selected_issue()  # type: ignore[attr-defined]
                    if self.tab_name == "issues" else None)
        waiting = [i for i in self.view.issues if project_issues.needs_response(i)]
        issue = selected if selected in waiting else (waiting[0] if waiting else None)
        if issue is not None:
            self.open_form(rules_forms().IssueResponseForm(issue),
                           lambda i: tr("Issue {id} answered", id=i["id"]))

    def action_acceptor(self) -> None:
        if self.view is not None:
            self.open_form(rules_forms().AcceptorForm(self.project),
                           lambda p: tr("Deliverables are accepted by {who}",
                                        who=p.get("acceptor") or tr("the head")))


def rules_forms():
    """tui.dialogs.project_rules_forms, imported when a form is first opened (start-up and
    the first opening of a project do not need it; see tui/screens/project_detail.py)."""
    import importlib
    return importlib.import_module("tui.dialogs.project_rules_forms")
