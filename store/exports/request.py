"""Template 1 跨部门协作需求申请表, with the project group and the requirements."""

from __future__ import annotations

from ..people.members import display_name
from ..projects.flow import state_label
from ..projects.roles import requesting_head
from ..core.workspace import Workspace
from ..core.markdown import Doc, when


def render(ws: Workspace, project: dict, lang: str | None) -> str:
    doc = Doc(lang)
    t, tz = doc.t, ws.tz
    doc.h(1, t("Template 1 Cross-department collaboration request form"))
    approval = project.get("approval") or {}
    decision = ""
    if approval:
        decision = t("{decision} by {who} at {at}",
                     decision=state_label(approval["decision"], lang),
                     who=display_name(ws, approval["by"]), at=when(approval["at"], tz))
        if approval.get("comment"):
            decision += f": {approval['comment']}"
    doc.fields([
        ("Project", f"{project['name']} (#{project['id']})"),
        ("Requesting department", project["initiator_dept"]),
        ("Initiator", display_name(ws, project.get("initiator"))),
        ("Head of the requesting department", display_name(ws, requesting_head(ws, project))),
        ("Lead department", project["lead_dept"]),
        ("Collaborating departments", "、".join(project.get("collab_depts", []))),
        ("Project manager", display_name(ws, project.get("pm"))),
        ("Background", project.get("background")),
        ("Core goal", project.get("goal")),
        ("Expected outcome", project.get("outcome")),
        ("Time nodes", project.get("time_nodes")),
        ("Support needed", project.get("support")),
        ("Due date", project.get("due")),
        ("State", state_label(project["state"], lang)),
        ("Approval", decision),
        ("Filed at", when(project.get("created_at"), tz)),
    ])
    doc.h(2, t("Project group"))
    doc.table([t("Member"), t("Login"), t("Project role")],
              [[display_name(ws, m["login"]), m["login"], m.get("role", "")]
               for m in project.get("members", [])])
    req = project.get("requirements") or {}
    doc.h(2, t("Requirements"))
    doc.fields([("Background", req.get("background")), ("Goals", req.get("goals")),
                ("Feature list", req.get("features")), ("Personas", req.get("personas")),
                ("Expected results", req.get("expected")),
                ("Target date", req.get("target_date"))])
    if project.get("requirements_doc"):
        # the document as written (Markdown), its headings one level under this page's
        doc.h(2, t("Requirements document"))
        doc.para("\n".join("##" + line if line.startswith("#") else line
                           for line in project["requirements_doc"].split("\n")))
    return doc.render()
