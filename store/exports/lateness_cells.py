"""How the exports show lateness and sign-offs: one wording for every form."""

from __future__ import annotations

from ..people.members import display_name
from ..projects.signoff import signoff_status
from ..core.workspace import Workspace
from ..core.markdown import Doc, when


def late_cell(doc: Doc, record: dict, tz) -> str:
    """"Late (due 2026-11-16 17:00)" for a record stamped late (lateness.stamp), else ""."""
    if not record.get("late"):
        return ""
    return doc.t("Late (due {at})", at=when(record.get("late_for"), tz))


def signoff_section(doc: Doc, ws: Workspace, project: dict) -> None:
    """模板2 "各部门负责人签字确认版": each department owning tasks, its head, the signature."""
    t, tz = doc.t, ws.tz
    doc.h(2, t("Sign-off by the department heads"))
    rows = []
    for row in signoff_status(ws, project["id"]):
        signed = row["signed"]
        if signed is None:
            state = t("Not signed yet")
        elif row["current"]:
            state = t("Signed by {who} at {at}", who=display_name(ws, signed["by"]),
                      at=when(signed["at"], tz))
        else:
            state = t("Signed at {at}, before the last publication: to sign again",
                      at=when(signed["at"], tz))
        rows.append([row["dept"], display_name(ws, row["head"]), state])
    doc.table([t("Department"), t("Head"), t("Sign-off")], rows)
