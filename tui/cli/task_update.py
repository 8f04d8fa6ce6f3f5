"""`huddle task update`: declared once (DECLARED) for the click command (flow_cmds) and the
fast path (tui/cli/fast_path.py), and run by both through `run`; it imports no click."""

from __future__ import annotations

from store.core.clock import local_text
from store.core.i18n import tr
from store.projects import progress

from .common import Session, print_json
from .declared import JSON, Arg, Declared, Opt
from .safe_output import echo

DECLARED = Declared(("task", "update"), (Arg("task_id", metavar="TASK_ID"),), (
    Opt("--progress", "percent", required=True, metavar="N", help="Percent done, 0–100."),
    Opt("--done", "done", default="", help="What was done."),
    Opt("--problem", "problem", default="", help="Problems met."),
    Opt("--next", "next_step", default="", help="The next step."),
    Opt("--help-from", "help_from", metavar="LOGIN",
        help="Who should help (the 【需协助】 flag)."),
    JSON,
))


def run(session: Session, task_id: str, percent: str, done: str, problem: str,
        next_step: str, help_from: str | None, as_json: bool) -> None:
    """Record today's progress on your task (before 17:00)."""
    ws = session.open()
    e = progress.record_progress(ws, task_id, percent, done=done, problems=problem,
                                 next_step=next_step, help_from=help_from)
    if as_json:
        print_json(e)
        return
    message = tr("Recorded {percent}% on task {task} ({id})", percent=e["percent"],
                 task=e["task"], id=e["id"])
    if e.get("late"):
        message += " " + tr("(late: due {at})", at=local_text(e["late_for"], ws.tz))
    echo(message)
