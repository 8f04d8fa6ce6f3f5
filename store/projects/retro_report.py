"""项目复盘报告: the retrospective as Markdown, in English or Chinese (`lang`).

Here, under projects/, rather than in store/exports/: the retrospective archives this
report in the knowledge base when it is saved, and the domain never imports the
exports (store/exports/delivery.py renders the "retro" form with it).
"""

from __future__ import annotations

from ..core.markdown import Doc, when
from ..core.workspace import Workspace
from ..people.members import display_name


def retro_report(ws: Workspace, project: dict, retro: dict, lang: str | None) -> str:
    doc = Doc(lang)
    t, tz = doc.t, ws.tz
    doc.h(1, t("Project retrospective report"))
    doc.fields([
        ("Project", f"{project['name']} (#{project['id']})"),
        ("Project manager", display_name(ws, project.get("pm"))),
        ("Launched at", when(project.get("launched_at"), tz)),
        ("Retrospective due", when(retro.get("due_at"), tz)),
        ("Saved at", when(retro["saved_at"], tz) + (f" ({t('saved late')})"
                                                    if retro["late"] else "")),
        ("Saved by", display_name(ws, retro["saved_by"])),
    ])
    if retro.get("summary"):
        doc.text_section("Summary", retro["summary"])
    doc.text_section("What went well", retro["went_well"])
    doc.text_section("Lessons learned", retro["lessons"])
    doc.h(2, t("Actions"))
    doc.table([t("Action"), t("Owner"), t("Due")],
              [[a["text"], display_name(ws, a["owner"]), a.get("due") or ""]
               for a in retro["actions"]])
    return doc.render()
