"""Project flow on the command line (SPEC §1):

    huddle project approve|reject|kickoff|publish|launch|cancel|archive ID
    huddle project plan ID            critical path, float, buffer check, conflicts, overlaps
    huddle project lagging [ID]       lagging tasks and their recorded causes
    huddle project minutes ID --kickoff | --weekly YYYY-MM-DD …
    huddle task update TASK_ID --progress N [--done] [--problem] [--next] [--help-from LOGIN]
    huddle task confirm TASK_ID       confirm receipt of a published task
    huddle task updates TASK_ID       the task's daily updates
    huddle task lag TASK_ID --cause C --measure TEXT
    huddle delay request|approve|reject|withdraw|list|impact

`project` and `task` are the CLI base's groups (project_cmds, task_cmds); this
module adds its subcommands to them in `register`. Every command that returns
a record takes `--json`.
"""

from __future__ import annotations

import click

from store.projects import (delays, kickoff, lagging, plan, progress, flow as project_flow,
                            publication)
from store.labels import APPROVER_LABELS, DECISION_LABELS
from store.core.counts import listing
from store.core.i18n import tr, trc, trn
from store.core.punctuation import labelled
from store.projects.critical_path import path_text
from store.projects.readiness import still_open
from store.projects.retro import retro_due_at
from store.core.clock import local_text

from .common import print_json, print_table, session, workspace_options
from .task_update import DECLARED as TASK_UPDATE, run as run_task_update

JSON = click.option("--json", "as_json", is_flag=True, help="Print the record as JSON.")


def group(cli: click.Group, name: str, help_text: str) -> click.Group:
    """The group `name` of `cli`, created if no other module made it."""
    found = cli.commands.get(name)
    if not isinstance(found, click.Group):
        found = click.Group(name, help=help_text)
        cli.add_command(found)
    return found


def out(record: dict, as_json: bool, message: str) -> None:
    if as_json:
        print_json(record)
    else:
        click.echo(message)


# -- project -------------------------------------------------------------------
@click.command("approve")
@click.argument("project_id", metavar="ID")
@click.option("--comment", default="", help="Why (optional).")
@JSON
@workspace_options
def approve(project_id: str, comment: str, as_json: bool) -> None:
    """Approve a request (the requesting department's head)."""
    p = project_flow.approve_request(session().open(), project_id, comment)
    out(p, as_json, tr("Project {id} approved", id=p["id"]))


@click.command("reject")
@click.argument("project_id", metavar="ID")
@click.option("--comment", required=True, help="Why the request is rejected.")
@JSON
@workspace_options
def reject(project_id: str, comment: str, as_json: bool) -> None:
    """Reject a request (the requesting department's head)."""
    p = project_flow.reject_request(session().open(), project_id, comment)
    out(p, as_json, tr("Project {id} rejected", id=p["id"]))


@click.command("kickoff")
@click.argument("project_id", metavar="ID")
@click.option("--at", "held_at", default=None, metavar="YYYY-MM-DDTHH:MM",
              help="When the meeting was held (local time; default: now).")
@click.option("--attendee", "attendees", multiple=True, metavar="LOGIN")
@click.option("--place", default="")
@JSON
@workspace_options
def kickoff_cmd(project_id: str, held_at: str | None, attendees: tuple[str, ...], place: str,
                as_json: bool) -> None:
    """Record the kickoff meeting (minutes due within 2 hours)."""
    ws = session().open()
    p = kickoff.record_kickoff(ws, project_id, held_at, attendees=list(attendees), place=place)
    status = kickoff.kickoff_status(ws, p["id"])
    out(p, as_json, tr("Project {id} kicked off; minutes due by {due}", id=p["id"],
                       due=_local(ws, status["due_at"])))


@click.command("publish")
@click.argument("project_id", metavar="ID")
@JSON
@workspace_options
def publish(project_id: str, as_json: bool) -> None:
    """Publish the task list; each owner confirms within 24 hours."""
    result = publication.publish_tasks(session().open(), project_id)
    out(result, as_json, trn("Published {n} task: {ids}",
                             "Published {n} tasks: {ids}",
                             len(result["tasks"]), n=len(result["tasks"]),
                            ids=", ".join(result["tasks"])))


@click.command("launch")
@click.argument("project_id", metavar="ID")
@JSON
@workspace_options
def launch(project_id: str, as_json: bool) -> None:
    """Record the launch (the retrospective is due within 3 working days)."""
    ws = session().open()
    p = project_flow.launch_project(ws, project_id)
    out(p, as_json, tr("Project {id} launched; retrospective due by {due}", id=p["id"],
                       due=_local(ws, retro_due_at(ws, p))))
    warn_still_open(ws, p["id"])


def warn_still_open(ws, project_id: int) -> None:
    """What is not done yet (store.projects.readiness), on stderr: the step is taken."""
    still = still_open(ws, project_id)
    if still:
        click.echo("huddle: " + tr("warning: {text}", text=still), err=True)


@click.command("cancel")
@click.argument("project_id", metavar="ID")
@click.option("--reason", default="")
@JSON
@workspace_options
def cancel(project_id: str, reason: str, as_json: bool) -> None:
    """Cancel the project (its initiator)."""
    p = project_flow.cancel_project(session().open(), project_id, reason)
    out(p, as_json, tr("Project {id} cancelled", id=p["id"]))


@click.command("archive")
@click.argument("project_id", metavar="ID")
@JSON
@workspace_options
def archive(project_id: str, as_json: bool) -> None:
    """Archive a project after its retrospective."""
    p = project_flow.archive_project(session().open(), project_id)
    out(p, as_json, tr("Project {id} archived", id=p["id"]))


@click.command("plan")
@click.argument("project_id", metavar="ID")
@JSON
@workspace_options
def plan_cmd(project_id: str, as_json: bool) -> None:
    """The plan: critical path, float, 10–15 % buffer check, broken and overlapping dependencies."""
    view = plan.project_plan(session().open(), project_id)
    if as_json:
        print_json({k: v for k, v in view.items() if k != "project"})
        return
    buffer = view["buffer"]
    days = trn("{n} working day", "{n} working days", view["critical_days"])
    click.echo(f"{labelled(tr('Critical path'))}{path_text(view['critical_groups'])} ({days})")
    click.echo(labelled(tr("Buffer"), buffer["message"]) + ("" if buffer["ok"] else "  ⚠"))
    ahead = view["forecast"]
    click.echo(ahead["message"] + ("" if ahead["buffer"]["ok"] or not ahead["overdue"]
                                   else "  ⚠"))
    for note in plan.dependency_notes(view):
        click.echo(note)
    print_table([[t["id"], t["title"], t["start"], t["due"], str(t["working_days"]),
                  "" if t["float"] is None else str(t["float"]), ", ".join(t["depends"]),
                  plan_flags(t, view["due"])]
                 for t in view["tasks"] if t.get("state") != "cancelled"],
                [tr("ID"), tr("Task"), tr("Start"), tr("Due"), tr("Working days"),
                 tr("Float"), tr("Depends on"), tr("Flags")])
    click.echo(tr("Flags: * critical path, ◆ milestone, ⇄ overlap on purpose, ! starts before "
                  "a predecessor finishes, after due: finishes after the project's due date, "
                  "late: past its due date and not done"))


def plan_flags(task: dict, due: str) -> str:
    flags = ("*" if task["critical"] else "") + ("◆" if task.get("milestone") else "") \
        + ("⇄" if task["overlaps"] else "") + ("!" if task["conflicts"] else "")
    return flags + (" " + tr("after due") if due and task["due"] > due else "") \
        + (" " + trc("plan flag", "late") if task.get("late") else "")


@click.command("lagging")
@click.argument("project_id", metavar="[ID]", required=False)
@JSON
@workspace_options
def lagging_cmd(project_id: str | None, as_json: bool) -> None:
    """Tasks whose progress lags the plan."""
    found = lagging.lagging_tasks(session().open(), project_id)
    if as_json:
        print_json(found)
        return
    print_table([[f["task"]["id"], f["task"]["title"], f["task"]["owner"], f"{f['progress']}%",
                  f"{f['expected']}%", "; ".join(c["cause"] for c in f["causes"])]
                 for f in found],
                [tr("ID"), tr("Task"), tr("Owner"), tr("Progress"), tr("Planned"), tr("Cause")])


@click.command("minutes")
@click.argument("project_id", metavar="ID")
@click.option("--kickoff", "is_kickoff", is_flag=True, help="Minutes of the kickoff meeting.")
@click.option("--weekly", "weekly_day", default=None, metavar="YYYY-MM-DD",
              help="Minutes of the weekly meeting held that day.")
@click.option("--progress", "progress_text", default="")
@click.option("--risks", default="")
@click.option("--measures", default="")
@click.option("--decision", "decisions", multiple=True)
@click.option("--action", "actions", multiple=True, metavar="TEXT|OWNER|YYYY-MM-DD",
              help="An action item with its owner and due date, repeatable.")
@JSON
@workspace_options
def minutes_cmd(project_id: str, is_kickoff: bool, weekly_day: str | None, progress_text: str,
                risks: str, measures: str, decisions: tuple[str, ...], actions: tuple[str, ...],
                as_json: bool) -> None:
    """File the kickoff or a weekly meeting's minutes (archived in the knowledge base)."""
    from store.meetings.routines import parse_action
    if is_kickoff == bool(weekly_day):
        raise click.UsageError(tr("Give --kickoff or --weekly YYYY-MM-DD."))
    ws = session().open()
    fields = dict(progress=progress_text, risks=risks, measures=measures,
                  decisions=list(decisions), actions=[parse_action(a) for a in actions])
    m = (kickoff.file_kickoff_minutes(ws, project_id, **fields) if is_kickoff
         else kickoff.file_weekly_minutes(ws, project_id, weekly_day, **fields))
    message = tr("Minutes {id} filed", id=m["id"])
    if m.get("late"):
        message += " " + tr("(late: due {at})", at=_local(ws, m["late_for"]))
    out(m, as_json, message)


# -- task --------------------------------------------------------------------
@click.command("update")
@TASK_UPDATE.click_params
def task_update(**values) -> None:
    """Record today's progress on your task (before 17:00)."""
    run_task_update(session(), **values)  # the fast path runs the same (task_update.py)


@click.command("confirm")
@click.argument("task_id", metavar="TASK_ID")
@JSON
@workspace_options
def task_confirm(task_id: str, as_json: bool) -> None:
    """Confirm you received a published task."""
    t = publication.confirm_receipt(session().open(), task_id)
    out(t, as_json, tr("Confirmed task {id}", id=t["id"]))


@click.command("updates")
@click.argument("task_id", metavar="TASK_ID")
@JSON
@workspace_options
def task_updates(task_id: str, as_json: bool) -> None:
    """The daily updates of a task, oldest first."""
    ws = session().open()
    found = progress.entries(ws, task=task_id)
    if as_json:
        print_json(found)
        return
    print_table([[e["day"], f"{e['percent']}%", e["done"], e["problems"], e["next_step"],
                  e["help_from"] or "", tr("Late") if e.get("late") else ""] for e in found],
                [tr("Date"), tr("Progress"), tr("Work done"), tr("Problems"), tr("Next step"),
                 tr("Needs help"), tr("Late")])


@click.command("lag")
@click.argument("task_id", metavar="TASK_ID")
@click.option("--cause", required=True, type=click.Choice(lagging.CAUSES))
@click.option("--measure", required=True)
@click.option("--note", default="")
@JSON
@workspace_options
def task_lag(task_id: str, cause: str, measure: str, note: str, as_json: bool) -> None:
    """Record why a lagging task lags, and the measure (lead department head or PM)."""
    n = lagging.record_cause(session().open(), task_id, cause, measure, note)
    out(n, as_json, tr("Recorded the cause for task {id}", id=n["task"]))


# -- delay -------------------------------------------------------------------
@click.group("delay")
def delay() -> None:
    """Delay requests (延期申请): request, approve, reject, withdraw, list, impact."""


@delay.command("request")
@click.argument("task_id", metavar="TASK_ID")
@click.option("--to", "new_due", required=True, metavar="YYYY-MM-DD", help="The new due date.")
@click.option("--reason", required=True)
@click.option("--plan", "adjusted", default="", help="The adjusted plan.")
@JSON
@workspace_options
def delay_request(task_id: str, new_due: str, reason: str, adjusted: str, as_json: bool) -> None:
    """Ask to move your task's due date (at least 2 days before the deadline)."""
    d = delays.request_delay(session().open(), task_id, new_due, reason, adjusted)
    out(d, as_json, tr("Delay request {id} filed; it needs the PM and the requesting "
                       "department's head", id=d["id"]))


@delay.command("approve")
@click.argument("delay_id", metavar="ID")
@click.option("--comment", default="")
@JSON
@workspace_options
def delay_approve(delay_id: str, comment: str, as_json: bool) -> None:
    """Approve (as the PM and/or the requesting department's head)."""
    d = delays.approve_delay(session().open(), delay_id, comment)
    message = (tr("Delay {id} approved: task {task} is now due {due}", id=d["id"],
                  task=d["task"], due=d["new_due"]) if d["state"] == "approved"
               else tr("Approved; delay {id} still waits for the other approver", id=d["id"]))
    for m in d.get("moved", []):
        message += "\n" + tr("  {id} moved after {after}: {old_start}…{old_due} → "
                             "{new_start}…{new_due}", **m)
    out(d, as_json, message)


@delay.command("reject")
@click.argument("delay_id", metavar="ID")
@click.option("--comment", required=True)
@JSON
@workspace_options
def delay_reject(delay_id: str, comment: str, as_json: bool) -> None:
    """Reject, with a comment."""
    d = delays.reject_delay(session().open(), delay_id, comment)
    out(d, as_json, tr("Delay {id} rejected", id=d["id"]))


@delay.command("withdraw")
@click.argument("delay_id", metavar="ID")
@JSON
@workspace_options
def delay_withdraw(delay_id: str, as_json: bool) -> None:
    """Withdraw your pending request."""
    d = delays.withdraw_delay(session().open(), delay_id)
    out(d, as_json, tr("Delay {id} withdrawn", id=d["id"]))


@delay.command("list")
@click.option("--project", "project_id", default=None, metavar="ID")
@click.option("--state", type=click.Choice(("pending", "approved", "rejected", "withdrawn")))
@click.option("--mine", is_flag=True, help="Only requests waiting for my approval.")
@JSON
@workspace_options
def delay_list(project_id: str | None, state: str | None, mine: bool, as_json: bool) -> None:
    """Delay requests, oldest first."""
    ws = session().open()
    found = (delays.approvals_for(ws, ws.actor.login) if mine
             else delays.list_delays(ws, project_id, state=state))
    if as_json:
        print_json(found)
        return
    print_table([[d["id"], d["task"], d["old_due"], d["new_due"], tr(DECISION_LABELS[d["state"]]),
                  d["requested_by"],
                  listing([tr(APPROVER_LABELS[r]) for r in ("pm", "head") if d["approvals"][r]])]
                 for d in found],
                [tr("ID"), tr("Task"), tr("From"), tr("To"), tr("State"), tr("Requested by"),
                 tr("Approved by")])


@delay.command("impact")
@click.argument("delay_id", metavar="ID")
@JSON
@workspace_options
def delay_impact(delay_id: str, as_json: bool) -> None:
    """What slips if this delay is approved: dependent tasks and milestones."""
    impact = delays.delay_impact(session().open(), delay_id)
    if as_json:
        print_json(impact)
        return
    click.echo(trn("Task {task}: {old} → {new} (+{n} working day)",
                   "Task {task}: {old} → {new} (+{n} working days)",
                   impact["slip_wd"], task=impact["task"],
                   old=impact["old_due"], new=impact["new_due"]))
    print_table([[m["id"], m["title"], f"{m['old_start']}…{m['old_due']}",
                  f"{m['new_start']}…{m['new_due']}", f"+{m['shift_wd']}",
                  "◆" if m["milestone"] else ""] for m in impact["moves"]],
                [tr("ID"), tr("Task"), tr("Planned dates"), tr("New dates"),
                 tr("Working days"), tr("Milestone")])
    click.echo(labelled(tr("Buffer"), impact["buffer_after"]["message"]))


def _local(ws, iso) -> str:
    return local_text(iso, ws.tz) if iso else ""


def register(cli: click.Group) -> None:
    project = group(cli, "project", "Cross-department projects.")
    for command in (approve, reject, kickoff_cmd, publish, launch, cancel, archive, plan_cmd,
                    lagging_cmd, minutes_cmd):
        project.add_command(command)
    task = group(cli, "task", "Tasks.")
    for command in (task_update, task_confirm, task_updates, task_lag):
        task.add_command(command)
    cli.add_command(delay)
