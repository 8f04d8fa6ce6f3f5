"""Issues (问题反馈表, template 5): level 一般/紧急/重大, filed late or not, and for an
urgent issue the 2-hour deadline to start the emergency flow (or its incident)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import DataTable, Static

from store.projects import issues as project_issues
from store.core.i18n import tr
from store.core.punctuation import aside, labelled
from store.labels import LEVEL_LABELS
from store.people.members import display_name

from ...widgets.keyed_table import Col, KeyedTable
from ...widgets.labels import text, themed
from .base import ProjectTab, ink, one_line, when
from store.projects.outlook import ProjectView

STATES = {"open": "Open", "closed": "Closed"}
COLUMNS = (
    Col("id", "ID", 6),
    Col("level", "Level", 7),
    Col("description", "Description", None, min_flex=14),
    Col("filed", "Filed", 16, min_width=90),
    Col("by", "Filed by", 10, min_width=100),
    Col("escalation", "Incident", 18),
    Col("state", "State", 7),
)


class IssuesTab(ProjectTab):
    NAME = "issues"
    LABEL = "Issues"

    def compose(self) -> ComposeResult:
        yield KeyedTable(COLUMNS, id="issues")
        yield Static(id="issue-detail", classes="tab-detail")

    @property
    def table(self) -> KeyedTable:
        return self.query_one("#issues", KeyedTable)

    def focus_target(self) -> Widget | None:
        return self.table

    def show(self, view: ProjectView) -> None:
        super().show(view)
        rows = sorted(view.issues, key=lambda i: (i["state"] != "open", i["filed_at"]))
        self.table.show([(i["id"], self.cells(view, i)) for i in rows])
        self.show_detail()

    def cells(self, view: ProjectView, i: dict) -> dict:
        ws = self.app.ws  # type: ignore[attr-defined]
        level = tr(LEVEL_LABELS.get(i["level"], i["level"]))
        if i.get("incident"):
            escalation = text(i["incident"])
        elif i.get("escalate_by") and i["state"] == "open":
            overdue = project_issues.escalation_overdue(i, view.now)
            at = when(ws, i["escalate_by"])[5:]
            label = tr("overdue {at}", at=at) if overdue else tr("by {at}", at=at)
            escalation = themed(self.app, label, "text-error" if overdue else "text-warning",
                                bold=overdue)
        else:
            escalation = text("")
        filed = aside(when(ws, i["filed_at"]), tr("(late)")) if i.get("late") else \
            when(ws, i["filed_at"])
        return {
            "id": text(i["id"]),
            "level": themed(self.app, level, "text-error", bold=True) if i["level"] != "general"
            else text(level),
            "description": text(one_line(i["description"]),
                                "dim" if i["state"] == "closed" else ""),
            "filed": themed(self.app, filed, "text-warning") if i.get("late") else text(filed),
            "by": text(display_name(ws, i["filed_by"])),
            "escalation": escalation,
            "state": text(tr(STATES.get(i["state"], i["state"]))),
        }

    @on(DataTable.RowHighlighted, "#issues")
    def highlighted(self) -> None:
        self.show_detail()
        self.screen.refresh_bindings()  # "escalate" applies to urgent/major issues only

    def selected_issue(self) -> dict | None:
        key, view = self.table.selected_key, self.view
        return next((i for i in view.issues if i["id"] == key), None) if key and view else None

    def show_detail(self) -> None:
        issue = self.selected_issue()
        out = Text()
        if issue is not None:
            ws = self.app.ws  # type: ignore[attr-defined]
            out.append(f"{issue['id']}  {tr(LEVEL_LABELS.get(issue['level'], issue['level']))}"
                       f"  ·  {tr('Discovered at')} {when(ws, issue['discovered_at'])}",
                       style="bold")
            out.append("\n")
            out.append(one_line(issue["description"]))
            for key_, label in (("impact", "Impact"), ("resolution", "Resolution")):
                if issue.get(key_):
                    out.append("\n" + labelled(tr(label)), style="bold")
                    out.append(one_line(issue[key_]))
            answer = issue.get("response")
            if answer:
                out.append("\n" + tr("Answered: {measure}", measure=one_line(answer["measure"])))
                if answer.get("late"):
                    out.append("  " + tr("Late (due {at})", at=when(ws, answer["late_for"])),
                               style=ink(self, "text-warning", bold=True))
            elif issue.get("respond_by") and issue["state"] == "open" and not issue["incident"]:
                out.append("\n" + tr("Major issue: answer due {at}",
                                      at=when(ws, issue["respond_by"])),
                           style=ink(self, "text-warning", bold=True))
        self.query_one("#issue-detail", Static).update(out)
