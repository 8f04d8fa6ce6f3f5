"""Project rules added to the `task` and `issue` groups (SPEC §1.5, §1.11):

    huddle task signoff PROJECT_ID --dept DEPT     a department head signs the published
                                                   task allocation (模板2 签字确认版)
    huddle task signoffs PROJECT_ID                which departments have signed
    huddle issue respond ISSUE_ID --measure TEXT   the lead department's answer to a major
                                                   issue (within 24 hours)
"""

from __future__ import annotations

import click

from store.projects import issues as project_issues, signoff
from store.core.clock import local_text
from store.core.i18n import tr

from .common import print_json, print_table, session, workspace_options
from .flow_cmds import JSON, group, out


@click.command("signoff")
@click.argument("project_id", metavar="PROJECT_ID")
@click.option("--dept", required=True, metavar="DEPT", help="Your department (you head it).")
@JSON
@workspace_options
def task_signoff(project_id: str, dept: str, as_json: bool) -> None:
    """Sign off the published task allocation for your department (its head)."""
    record = signoff.sign_off(session().open(), project_id, dept)
    out(record, as_json, tr("{dept} signed off the task allocation of project {id}",
                            dept=record["dept"], id=project_id))


@click.command("signoffs")
@click.argument("project_id", metavar="PROJECT_ID")
@JSON
@workspace_options
def task_signoffs(project_id: str, as_json: bool) -> None:
    """Which departments owning tasks have signed the task allocation."""
    ws = session().open()
    rows = signoff.signoff_status(ws, project_id)
    if as_json:
        print_json(rows)
        return
    print_table([[r["dept"], r["head"] or "", _signed(ws, r)] for r in rows],
                [tr("Department"), tr("Head"), tr("Signed")])


def _signed(ws, row: dict) -> str:
    if not row["signed"]:
        return tr("not yet")
    at = local_text(row["signed"]["at"], ws.tz)
    return at if row["current"] else tr("{at} (before the last publication: sign again)", at=at)


@click.command("respond")
@click.argument("issue_id", metavar="ISSUE_ID")
@click.option("--measure", required=True, help="The cause analysed and the measure decided.")
@JSON
@workspace_options
def issue_respond(issue_id: str, measure: str, as_json: bool) -> None:
    """Answer a major issue (the PM or the lead department's head, within 24 hours)."""
    i = project_issues.respond_issue(session().open(), issue_id, measure)
    message = tr("Issue {id} answered", id=i["id"])
    if i["response"]["late"]:
        message += " " + tr("(late: more than 24 hours after filing)")
    out(i, as_json, message)


def register(cli: click.Group) -> None:
    task = group(cli, "task", "Tasks.")
    for command in (task_signoff, task_signoffs):
        task.add_command(command)
    group(cli, "issue", "Project issues (问题反馈): file, list, link, close.").add_command(
        issue_respond)
