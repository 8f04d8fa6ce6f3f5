"""Calendar and Taskwarrior interop on the command line.

    huddle export ics [--me] [--todo] [--weeks N] [-o FILE]
    huddle export taskwarrior [--project ID] [-o FILE]
    huddle import taskwarrior FILE.json --project ID [--owner LOGIN] [--tw-project NAME] [--json]

`export` and `import` are groups other modules may add to: whichever module
registers first creates the group, the others add their commands to it.
Without `-o` the file goes to standard output (`huddle export ics > team.ics`);
`FILE` may be `-` for standard input (`task export | huddle import taskwarrior - …`).
"""

from __future__ import annotations

from pathlib import Path

import click

from store.interop import taskwarrior
from store.interop.ics import export_calendar
from store.core.i18n import tr

from .common import print_json, session, utf8_text, workspace_options, write_file
from .safe_output import data_output

EXPORT_HELP = "Exports: Markdown forms, iCalendar (.ics), Taskwarrior JSON."
OUTPUT = click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
                      default=None, help="Write to FILE instead of standard output.")


def group(cli: click.Group, name: str, help_text: str) -> click.Group:
    """The group `name` of `cli`, created if no other module made it yet."""
    found = cli.commands.get(name)
    if not isinstance(found, click.Group):
        found = click.Group(name, help=help_text)
        cli.add_command(found)
    return found


def write(text: str, output: Path | None) -> None:
    """Exactly these bytes (an .ics keeps its CRLF line ends) to the file or stdout."""
    data = text.encode("utf-8")
    if output is None:
        out = data_output()
        out.write(data)
        out.flush()
        return
    write_file(output, data)
    click.echo(tr("Wrote {path}", path=str(output)), err=True)


@click.command("ics")
@click.option("--me", is_flag=True, help="Only what concerns the acting member.")
@click.option("--todo", is_flag=True,
              help="Task deadlines as to-dos (VTODO) instead of all-day events.")
@click.option("--weeks", type=click.IntRange(1, 104), default=12, show_default=True,
              help="How far ahead a standup that is not a weekly rule is listed.")
@OUTPUT
@workspace_options
def export_ics(me: bool, todo: bool, weeks: int, output: Path | None) -> None:
    """Deadlines, milestones, the weekly standup and onboarding steps as iCalendar (.ics)."""
    write(export_calendar(session().open(), me=me, todo=todo, weeks=weeks), output)


@click.command("taskwarrior")
@click.option("--project", "project_id", metavar="ID", default=None,
              help="Only this project's tasks (default: every project).")
@OUTPUT
@workspace_options
def export_tw(project_id: str | None, output: Path | None) -> None:
    """Tasks as the JSON that `task import` reads."""
    ws = session().open()
    write(taskwarrior.dumps(taskwarrior.export_tasks(ws, project_id)), output)


@click.command("taskwarrior")
@click.argument("file", metavar="FILE.json", type=click.File("rb"))
@click.option("--project", "project_id", metavar="ID", required=True,
              help="The Huddle project the tasks go to.")
@click.option("--owner", metavar="LOGIN", default=None,
              help="Owner of the new tasks (default: you).")
@click.option("--tw-project", metavar="NAME", default=None,
              help="Only the tasks of this Taskwarrior project (and its sub-projects).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@workspace_options
def import_tw(file, project_id: str, owner: str | None, tw_project: str | None,
              as_json: bool) -> None:
    """Tasks from the output of `task export` (FILE, or - for standard input)."""
    ws = session().open()
    text = utf8_text(file.read(), getattr(file, "name", "-"))
    result = taskwarrior.import_tasks(ws, project_id, text, owner=owner, tw_project=tw_project)
    if as_json:
        print_json(result)
        return
    click.echo(tr("Project {id}: {added} added, {updated} updated, {unchanged} unchanged, "
                  "{skipped} skipped", id=result["project"], added=len(result["added"]),
                  updated=len(result["updated"]), unchanged=len(result["unchanged"]),
                  skipped=len(result["skipped"])))
    for skipped in result["skipped"]:
        click.echo(tr("skipped {uuid} “{title}”: {reason}", uuid=skipped["uuid"] or "-",
                      title=skipped["description"], reason=skipped["reason"]), err=True)
    for warning in result["warnings"]:
        click.echo(tr("warning: {text}", text=warning), err=True)


def register(cli: click.Group) -> None:
    export = group(cli, "export", EXPORT_HELP)
    export.help = EXPORT_HELP  # the group may come from another module (Markdown forms)
    export.add_command(export_ics)
    export.add_command(export_tw)
    group(cli, "import", "Imports: Taskwarrior JSON.").add_command(import_tw)
