"""成果交付说明 (every submitted version with its acceptance) and 项目复盘报告."""

from __future__ import annotations

from ..projects.deliverables import list_deliverables
from ..core.errors import NotFound
from ..people.members import display_name
from ..projects.retro import get_retrospective
from ..projects.retro_report import retro_report
from ..core.workspace import Workspace
from ..labels import ACCEPTANCE_LABELS
from ..core.markdown import Doc, when


def render_delivery(ws: Workspace, project: dict, lang: str | None) -> str:
    doc = Doc(lang)
    t, tz = doc.t, ws.tz
    doc.h(1, t("Deliverable description"))
    doc.para(f"{t('Project')}: {project['name']} (#{project['id']})")
    versions = list_deliverables(ws, project["id"])
    if not versions:
        doc.para(t("Nothing delivered yet."))
    for d in reversed(versions):
        doc.h(2, t("Version {version}", version=d["version"]))
        review = d.get("review") or {}
        doc.fields([
            ("No.", d["id"]), ("Submitted by", display_name(ws, d["submitted_by"])),
            ("Submitted at", when(d["submitted_at"], tz)),
            ("Acceptance due", when(d["due_at"], tz)),
            ("Acceptance", t(ACCEPTANCE_LABELS[d["state"]])),
            ("Reviewed by", display_name(ws, review.get("by")) if review else ""),
            ("Reviewed at", when(review.get("at"), tz) + (f" ({t('reviewed late')})"
                                                          if review.get("late") else "")),
            ("Comments", review.get("comment", "")),
            ("Previous version", d.get("previous") or ""),
        ])
        doc.text_section("Feature list", d["features"])
        doc.text_section("Test report", d["test_report"])
        if d.get("notes"):
            doc.text_section("Notes", d["notes"])
    return doc.render()


def render_retro(ws: Workspace, project: dict, lang: str | None) -> str:
    retro = get_retrospective(ws, project["id"])
    if retro is None:
        raise NotFound(Doc(lang).t("Project {id} has no retrospective yet", id=project["id"]))
    return retro_report(ws, project, retro, lang)
