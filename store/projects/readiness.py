"""What is still open when a project's deliverable is accepted or the project launched.

Neither step is refused for it (SPEC §1.12–13 leave the decision to the acceptor and the
PM), but neither should be taken blind: the dialogs and the commands say first what is
not done — open tasks (how many overdue) and issues not closed (how many urgent or
major) — one line each, or nothing when all is done.

    open_work(ws, project_id, today=None) -> list[str]
    still_open(ws, project_id) -> str   # "Still open: …" for a dialog or a warning ("": none)
"""

from __future__ import annotations

from datetime import date

from ..core.i18n import tr, trn
from ..core.punctuation import labelled
from ..core.workspace import Workspace
from .issues import list_issues
from .project import get_project
from .summary import is_overdue
from .tasks import project_tasks


def open_work(ws: Workspace, project_id: int | str, today: date | None = None) -> list[str]:
    project = get_project(ws, project_id)
    today = today or ws.today()
    lines = []
    tasks = [t for t in project_tasks(ws, project["id"]) if t["state"] == "open"]
    if tasks:
        late = sum(is_overdue(t, today) for t in tasks)
        line = trn("{n} task is not done", "{n} tasks are not done", len(tasks), n=len(tasks))
        if late:
            line += tr(" ({n} overdue)", n=late)
        lines.append(line)
    issues = list_issues(ws, project["id"], state="open")
    if issues:
        grave = sum(i["level"] in ("urgent", "major") for i in issues)
        line = trn("{n} issue is not closed", "{n} issues are not closed", len(issues),
                   n=len(issues))
        if grave:
            line += tr(" ({n} urgent or major)", n=grave)
        lines.append(line)
    return lines


def still_open(ws: Workspace, project_id: int | str) -> str:
    """`open_work` as one labelled line, or "" when all is done."""
    found = open_work(ws, project_id)
    return labelled(tr("Still open"), "; ".join(found)) if found else ""
