"""Deliverables, acceptance, retrospectives, issues, resources, exports and “my work”:

    huddle deliver PROJECT_ID --version V --features TEXT --test-report TEXT
    huddle accept ID --pass | --changes TEXT       (ID: a deliverable "3-v2" or a project "3")
    huddle retro PROJECT_ID --went-well TEXT --lessons TEXT [--action "TEXT@OWNER[@YYYY-MM-DD]"]
    huddle issue file PROJECT_ID DESCRIPTION --level general|urgent|major
                      [--impact TEXT] [--discovered-at TIME]
    huddle issue list|link|close
    huddle resource request PROJECT_ID --kind K --what TEXT --approver LOGIN [--decide-by]
    huddle resource approve|reject|list
    huddle export project ID --form request|tasks|plan|tracking|issues|delivery|retro
                             [--lang en|zh] [-o FILE]
    huddle mywork
"""

from __future__ import annotations

import re
from pathlib import Path

import click

from store.projects import deliverables, my_work, issues as project_issues, resources, retro
from store.core.errors import NotFound
from store.exports import FORMS, export_project
from store.labels import (DECISION_LABELS, ISSUE_STATE_LABELS, LEVEL_LABELS,
                          RESOURCE_KIND_LABELS, WAITING_KIND_LABELS)
from store.core.i18n import LANGUAGES, get_language, tr
from store.projects.roles import local_instant

from .common import (aligned_lines, print_json, print_table, session, workspace_options,
                     write_file)
from .flow_cmds import JSON, group, out, warn_still_open

ACTION = re.compile(r"^(?P<text>.+?)@(?P<owner>[a-z_][a-z0-9_.-]*)(?:@(?P<due>[^@]+))?$")


@click.command("deliver")
@click.argument("project_id", metavar="PROJECT_ID")
@click.option("--version", "version", required=True, help="Version number, e.g. v1.2.")
@click.option("--features", required=True, help="Feature list.")
@click.option("--test-report", required=True, help="Test report (or where to find it).")
@click.option("--notes", default="")
@JSON
@workspace_options
def deliver(project_id: str, version: str, features: str, test_report: str, notes: str,
            as_json: bool) -> None:
    """Submit a deliverable (成果交付说明); acceptance is due within 24 hours."""
    d = deliverables.submit_deliverable(session().open(), project_id, version, features,
                                        test_report, notes)
    out(d, as_json, tr("Deliverable {id} ({version}) submitted; acceptance due within 24 hours",
                       id=d["id"], version=d["version"]))


@click.command("accept")
@click.argument("deliverable_id", metavar="ID")
@click.option("--pass", "passed", is_flag=True, help="Accept: it passed.")
@click.option("--changes", default=None, metavar="TEXT", help="Changes needed (comments).")
@click.option("--comment", default="", help="A comment when it passed.")
@JSON
@workspace_options
def accept(deliverable_id: str, passed: bool, changes: str | None, comment: str,
           as_json: bool) -> None:
    """Answer a deliverable (验收): --pass, or --changes TEXT."""
    if passed == (changes is not None):
        raise click.UsageError(tr("Give --pass or --changes TEXT."))
    ws = session().open()
    if "-" not in deliverable_id:  # a project id: its deliverable awaiting acceptance
        latest = deliverables.latest_deliverable(ws, deliverable_id)
        if latest is None or latest["state"] != "pending":
            raise NotFound(tr("Project {id} has no deliverable awaiting acceptance",
                              id=deliverable_id))
        deliverable_id = latest["id"]
    d = deliverables.review_deliverable(ws, deliverable_id, passed=passed,
                                        comment=comment if passed else changes)
    out(d, as_json, tr("Deliverable {id} accepted", id=d["id"]) if passed
        else tr("Deliverable {id}: changes requested", id=d["id"]))
    if passed:
        warn_still_open(ws, d["project"])


@click.command("retro")
@click.argument("project_id", metavar="PROJECT_ID")
@click.option("--went-well", required=True, help="What went well.")
@click.option("--lessons", required=True, help="Lessons learned.")
@click.option("--action", "actions", multiple=True, metavar="TEXT@OWNER[@YYYY-MM-DD]",
              help="An action with its owner (repeatable).")
@click.option("--summary", default="")
@JSON
@workspace_options
def retro_cmd(project_id: str, went_well: str, lessons: str, actions: tuple[str, ...],
              summary: str, as_json: bool) -> None:
    """Save the retrospective (复盘) and archive it in the knowledge base."""
    parsed = []
    for value in actions:
        match = ACTION.match(value.strip())
        if not match:
            raise click.BadParameter(tr("{value!r}: write TEXT@OWNER or TEXT@OWNER@YYYY-MM-DD",
                                        value=value), param_hint="--action")
        parsed.append({"text": match["text"], "owner": match["owner"], "due": match["due"]})
    r = retro.save_retrospective(session().open(), project_id, went_well=went_well,
                                 lessons=lessons, actions=parsed, summary=summary)
    out(r, as_json, tr("Retrospective saved and archived (knowledge base entry {kb})", kb=r["kb"]))


# -- issue -------------------------------------------------------------------
@click.command("file")
@click.argument("project_id", metavar="PROJECT_ID")
@click.argument("description")
@click.option("--level", required=True, type=click.Choice(project_issues.LEVELS))
@click.option("--impact", default="", help="Impact (影响范围).")
@click.option("--discovered-at", default=None, metavar="YYYY-MM-DDTHH:MM",
              help="When it was found (default: now); filed over 24 hours later is late.")
@JSON
@workspace_options
def issue_file(project_id: str, description: str, level: str, impact: str,
               discovered_at: str | None, as_json: bool) -> None:
    """File an issue (模板5 问题反馈表)."""
    ws = session().open()
    found = local_instant(ws, discovered_at, "discovered_at") if discovered_at else None
    i = project_issues.file_issue(ws, project_id, description, level=level, impact=impact,
                                  discovered_at=found)
    message = tr("Issue {id} filed", id=i["id"])
    if i["late"]:
        message += " " + tr("(late: more than 24 hours after discovery)")
    if i["escalate_by"]:
        message += " " + tr("— urgent: start an incident within 2 hours")
    out(i, as_json, message)


@click.command("list")
@click.option("--project", "project_id", default=None, metavar="ID")
@click.option("--level", type=click.Choice(project_issues.LEVELS), default=None)
@click.option("--open", "only_open", is_flag=True)
@JSON
@workspace_options
def issue_list(project_id: str | None, level: str | None, only_open: bool, as_json: bool) -> None:
    """Issues, oldest first."""
    found = project_issues.list_issues(session().open(), project_id, level=level,
                                       state="open" if only_open else None)
    if as_json:
        print_json(found)
        return
    print_table([[i["id"], tr(LEVEL_LABELS[i["level"]]), i["description"][:40], i["filed_by"],
                  tr("filed late") if i["late"] else "", i["incident"] or "",
                  tr(ISSUE_STATE_LABELS[i["state"]])]
                 for i in found],
                [tr("ID"), tr("Level"), tr("Description"), tr("Filed by"), tr("Flags"),
                 tr("Incident"), tr("State")])


@click.command("link")
@click.argument("issue_id", metavar="ISSUE_ID")
@click.argument("incident_id", metavar="INCIDENT_ID")
@JSON
@workspace_options
def issue_link(issue_id: str, incident_id: str, as_json: bool) -> None:
    """Record the incident started for an issue."""
    i = project_issues.link_incident(session().open(), issue_id, incident_id)
    out(i, as_json, tr("Issue {id} linked to incident {incident}", id=i["id"],
                       incident=i["incident"]))


@click.command("close")
@click.argument("issue_id", metavar="ISSUE_ID")
@click.option("--resolution", default="")
@JSON
@workspace_options
def issue_close(issue_id: str, resolution: str, as_json: bool) -> None:
    """Close an issue."""
    i = project_issues.close_issue(session().open(), issue_id, resolution)
    out(i, as_json, tr("Issue {id} closed", id=i["id"]))


# -- resource ----------------------------------------------------------------
@click.command("request")
@click.argument("project_id", metavar="PROJECT_ID")
@click.option("--kind", required=True, type=click.Choice(resources.KINDS))
@click.option("--what", required=True, help="e.g. “+2 engineers”.")
@click.option("--approver", required=True, metavar="LOGIN")
@click.option("--decide-by", default=None, metavar="YYYY-MM-DD",
              help="Decision deadline (default: in 3 working days).")
@click.option("--amount", default="")
@click.option("--reason", default="")
@JSON
@workspace_options
def resource_request(project_id: str, kind: str, what: str, approver: str,
                     decide_by: str | None, amount: str, reason: str, as_json: bool) -> None:
    """Ask for people, budget or equipment."""
    r = resources.request_resource(session().open(), project_id, kind, what, approver=approver,
                                   decide_by=decide_by, amount=amount, reason=reason)
    out(r, as_json, tr("Resource request {id} sent to {approver}, decide by {day}", id=r["id"],
                       approver=r["approver"], day=r["decide_by"]))


@click.command("approve")
@click.argument("resource_id", metavar="ID")
@click.option("--comment", default="")
@JSON
@workspace_options
def resource_approve(resource_id: str, comment: str, as_json: bool) -> None:
    """Approve a resource request (its approver)."""
    r = resources.approve_resource(session().open(), resource_id, comment)
    out(r, as_json, tr("Resource request {id} approved", id=r["id"]))


@click.command("reject")
@click.argument("resource_id", metavar="ID")
@click.option("--comment", required=True)
@JSON
@workspace_options
def resource_reject(resource_id: str, comment: str, as_json: bool) -> None:
    """Reject a resource request (its approver)."""
    r = resources.reject_resource(session().open(), resource_id, comment)
    out(r, as_json, tr("Resource request {id} rejected", id=r["id"]))


@click.command("list")
@click.option("--project", "project_id", default=None, metavar="ID")
@JSON
@workspace_options
def resource_list(project_id: str | None, as_json: bool) -> None:
    """Resource requests."""
    found = resources.list_resources(session().open(), project_id)
    if as_json:
        print_json(found)
        return
    print_table([[r["id"], tr(RESOURCE_KIND_LABELS[r["kind"]]), r["what"], r["approver"], r["decide_by"],
                  tr(DECISION_LABELS[r["state"]])] for r in found],
                [tr("ID"), tr("Kind"), tr("What"), tr("Approver"), tr("Decide by"), tr("State")])


# -- export, my work ------------------------------------------------------------
@click.command("project")
@click.argument("project_id", metavar="ID")
@click.option("--form", required=True, type=click.Choice(FORMS))
@click.option("--lang", "form_lang", type=click.Choice(LANGUAGES), default=None,
              help="Language of the form (default: the interface's).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to FILE instead of stdout.")
@workspace_options
def export_project_cmd(project_id: str, form: str, form_lang: str | None,
                       output: Path | None) -> None:
    """A project form as Markdown (模板1–5, 成果交付说明, 复盘报告)."""
    text = export_project(session().open(), project_id, form, form_lang or get_language())
    if output is None:
        click.echo(text, nl=False)
    else:
        write_file(output, text)
        click.echo(tr("Wrote {path}", path=str(output)), err=True)


@click.command("mywork")
@JSON
@workspace_options
def mywork(as_json: bool) -> None:
    """My tasks, confirmations, approvals and today's updates."""
    ws = session().open()
    work = my_work.my_work(ws, ws.actor.login)
    work["reminders"] = [r.to_json() for r in work["reminders"]]
    if as_json:
        print_json(work)
        return
    sections = [("My tasks", [[t["id"], t["title"], f"{t.get('progress', 0)}%", t["due"]]
                              for t in work["tasks"]]),
                ("Confirm receipt", [[t["id"], t["title"]] for t in work["confirmations"]]),
                ("Waiting for my approval",
                 [[tr(WAITING_KIND_LABELS[a["kind"]]), str(a["id"]), a["title"]]
                  for a in work["approvals"]]),
                ("Update today", [[t["id"], t["title"]] for t in work["updates_due"]])]
    for title, rows in sections:  # each section's columns aligned (docs/cli.md, Output)
        click.echo(f"{tr(title)} ({len(rows)})")
        for line in aligned_lines(rows, indent="  "):
            click.echo(line)


def register(cli: click.Group) -> None:
    for command in (deliver, accept, retro_cmd, mywork):
        cli.add_command(command)
    issue = group(cli, "issue", "Project issues (问题反馈): file, list, link, close.")
    for command in (issue_file, issue_list, issue_link, issue_close):
        issue.add_command(command)
    resource = group(cli, "resource", "Resource requests: request, approve, reject, list.")
    for command in (resource_request, resource_approve, resource_reject, resource_list):
        resource.add_command(command)
    group(cli, "export", "Markdown exports of the forms.").add_command(export_project_cmd)
