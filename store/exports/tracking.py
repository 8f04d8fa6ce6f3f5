"""Template 4 跨部门协作进度跟踪表 (with lagging tasks and delay requests) and
template 5 跨部门协作问题反馈表."""

from __future__ import annotations

from datetime import date

from ..core.i18n import trn
from ..people.workdays import WorkCalendar
from ..projects.delays import list_delays
from ..projects.lagging import CAUSE_LABELS, lagging_tasks
from ..people.members import display_name
from ..projects.progress import entries
from ..projects.issues import list_issues
from ..projects.tasks import project_tasks
from ..core.workspace import Workspace
from ..labels import DECISION_LABELS, ISSUE_STATE_LABELS, LEVEL_LABELS
from .lateness_cells import late_cell
from ..core.markdown import Doc, when


def render_tracking(ws: Workspace, project: dict, lang: str | None) -> str:
    doc = Doc(lang)
    t, tz = doc.t, ws.tz
    titles = {task["id"]: task["title"] for task in project_tasks(ws, project["id"])}
    doc.h(1, t("Template 4 Cross-department progress tracking form"))
    doc.para(f"{t('Project')}: {project['name']} (#{project['id']})")
    rows = []
    for e in entries(ws, project=project["id"]):
        helper = t("【Needs help】{name}", name=display_name(ws, e["help_from"])) \
            if e["help_from"] else ""
        rows.append([e["day"], f"{e['task']} {titles.get(e['task'], '')}",
                     display_name(ws, e["owner"]), f"{e['percent']}%", e["done"], e["problems"],
                     e["next_step"], helper, late_cell(doc, e, tz)])
    doc.table([t("Date"), t("Task"), t("Owner"), t("Progress"), t("Work done"), t("Problems"),
               t("Next step"), t("Needs help"), t("Late")], rows)
    doc.h(2, t("Lagging tasks"))
    doc.table([t("Task"), t("Owner"), t("Progress"), t("Planned"), t("Cause"), t("Measure")],
              [[f"{lag['task']['id']} {lag['task']['title']}",
                display_name(ws, lag["task"]["owner"]), f"{lag['progress']}%",
                f"{lag['expected']}%",
                "; ".join(t(CAUSE_LABELS[c["cause"]]) for c in lag["causes"]),
                "; ".join(c["measure"] for c in lag["causes"])]
               for lag in lagging_tasks(ws, project["id"])])
    doc.h(2, t("Delay requests"))
    calendar = WorkCalendar.of(ws)
    doc.table([t("No."), t("Task"), t("From"), t("To"), t("Slip"), t("Reason"),
               t("Adjusted plan"), t("Requested by"), t("State"), t("PM"), t("Head")],
              [[d["id"], d["task"], d["old_due"], d["new_due"], _slip(calendar, d, lang),
                d["reason"], d["plan"],
                display_name(ws, d["requested_by"]), t(DECISION_LABELS[d["state"]]),
                _approval(ws, d["approvals"]["pm"], tz), _approval(ws, d["approvals"]["head"], tz)]
               for d in list_delays(ws, project["id"])])
    return doc.render()


def _slip(calendar: WorkCalendar, delay: dict, lang: str | None) -> str:
    """The delay in working days, as the plan and the preview say it."""
    old, new = date.fromisoformat(delay["old_due"]), date.fromisoformat(delay["new_due"])
    days = calendar.working_days_between(old, new)
    return trn("+{n} working day", "+{n} working days", days, lang)


def _approval(ws: Workspace, approval: dict | None, tz) -> str:
    return f"{display_name(ws, approval['by'])} {when(approval['at'], tz)}" if approval else ""


def _response(doc: Doc, ws: Workspace, issue: dict, tz) -> str:
    """A major issue's answer by the lead department (due filed + 24 h)."""
    answer = issue.get("response")
    if not answer:
        return doc.t("Due {at}", at=when(issue["respond_by"], tz)) if issue.get("respond_by") \
            else ""
    text = f"{answer['measure']} — {display_name(ws, answer['by'])} {when(answer['at'], tz)}"
    late = late_cell(doc, answer, tz)
    return f"{text} · {late}" if late else text


def render_issues(ws: Workspace, project: dict, lang: str | None) -> str:
    doc = Doc(lang)
    t, tz = doc.t, ws.tz
    doc.h(1, t("Template 5 Cross-department issue feedback form"))
    doc.para(f"{t('Project')}: {project['name']} (#{project['id']})")
    doc.table([t("No."), t("Description"), t("Level"), t("Impact"), t("Discovered at"),
               t("Filed at"), t("Filed by"), t("Filed late"), t("Incident"), t("Response"),
               t("State")],
              [[i["id"], i["description"], t(LEVEL_LABELS[i["level"]]), i["impact"],
                when(i["discovered_at"], tz), when(i["filed_at"], tz),
                display_name(ws, i["filed_by"]), t("Yes") if i["late"] else "",
                i.get("incident") or "", _response(doc, ws, i, tz), t(ISSUE_STATE_LABELS[i["state"]])]
               for i in list_issues(ws, project["id"])])
    return doc.render()
