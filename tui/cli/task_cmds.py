"""`huddle task …`: the task breakdown (SPEC §1.5, 模板2 任务分配表).

Also the small text helpers the project commands share (`clip`, `print_fields`).
"""

from __future__ import annotations


import click

from store.people import members as people
from store.projects import tasks
from store.core.cells import cells, clip as clip_cells, pad
from store.core.i18n import tr
from store.projects.plan import history_text
from store.projects.project import get_project
from store.projects.tasks import PRIORITIES, TASK_STATES

from .common import print_json, print_table, session, workspace_options

TITLE_CELLS = 48


# -- text helpers ------------------------------------------------------------
def clip(text: str, limit: int = TITLE_CELLS) -> str:
    """One line of at most `limit` cells; longer text ends with an ellipsis."""
    return clip_cells(str(text).replace("\t", " ").replace("\n", " "), limit)


def print_fields(pairs: list[tuple[str, str]]) -> None:
    """`Label:  value` lines with the values aligned; multi-line values are indented."""
    width = max((cells(label) for label, _ in pairs), default=0)
    for label, value in pairs:
        lines = str(value).split("\n") if value not in (None, "") else [""]
        click.echo(f"{pad(label + ':', width + 1)}  {lines[0]}".rstrip())
        for line in lines[1:]:
            click.echo(f"{' ' * (width + 3)}{line}".rstrip())


def yes_no(value: bool) -> str:
    return tr("yes") if value else tr("no")


# -- records -----------------------------------------------------------------
def task_json(task: dict, today) -> dict:
    """The stable --json shape of a task (documented in docs/cli.md)."""
    return {
        "id": task["id"], "project": task["project"], "title": task["title"],
        "owner": task["owner"], "start": task.get("start"), "due": task["due"],
        "priority": task.get("priority", "medium"), "progress": task.get("progress", 0),
        "state": task.get("state", "open"), "depends": list(task.get("depends", [])),
        "milestone": bool(task.get("milestone")), "standard": task.get("standard", ""),
        "overlap": bool(task.get("overlap")), "overdue": tasks.is_overdue(task, today),
        "due_history": [dict(h) for h in task.get("due_history", [])],
        "created_at": task.get("created_at"), "created_by": task.get("created_by"),
    }


def task_flags(data: dict) -> str:
    flags = []
    if data["milestone"]:
        flags.append(tr("milestone"))
    if data["overdue"]:
        flags.append(tr("overdue"))
    return ", ".join(flags)


def print_task_table(ws, items: list[dict]) -> None:
    """Tasks as an aligned table; `items` are task_json dicts."""
    headers = [tr("ID"), tr("Title"), tr("Owner"), tr("Start"), tr("Due"), tr("Priority"),
               tr("Progress"), tr("State"), tr("Depends on"), tr("Flags")]
    rows = [[d["id"], clip(d["title"]), people.display_name(ws, d["owner"]), d["start"] or "",
             d["due"], tr(d["priority"]), f"{d['progress']}%", tr(d["state"]),
             ", ".join(d["depends"]), task_flags(d)] for d in items]
    print_table(rows, headers)


# -- commands ----------------------------------------------------------------
@click.group("task")
def task() -> None:
    """Tasks: add, list, show, edit."""


@task.command("add")
@click.argument("project_id", metavar="PROJECT_ID")
@click.argument("title")
@click.option("--owner", required=True, metavar="LOGIN", help="The one person who owns the task.")
@click.option("--due", required=True, metavar="YYYY-MM-DD", help="End date.")
@click.option("--start", default=None, metavar="YYYY-MM-DD",
              help="Start date (default: today, or the working day after its predecessors "
                   "are due; the due date if earlier).")
@click.option("--priority", type=click.Choice(PRIORITIES, case_sensitive=False),
              default="medium", show_default=True)
@click.option("--depends", multiple=True, metavar="TASK_ID",
              help="A task this one waits for (repeatable), e.g. 3-2 or 2.")
@click.option("--milestone", is_flag=True, help="Mark the task as a milestone.")
@click.option("--standard", default="", help="Delivery standard (交付标准), quantified.")
@click.option("--overlap", is_flag=True,
              help="It may start before the tasks it depends on finish (on purpose).")
@workspace_options
def task_add(project_id: str, title: str, owner: str, due: str, start: str | None,
             priority: str, depends: tuple[str, ...], milestone: bool, standard: str,
             overlap: bool) -> None:
    """Add a task to a project; prints the new task's id."""
    ws = session().open()
    added = tasks.add_task(ws, project_id, title, owner=owner, due=due, start=start,
                           priority=priority.lower(), depends=list(depends),
                           milestone=milestone, standard=standard, overlap=overlap)
    click.echo(added["id"])


@task.command("list")
@click.option("--project", "project_id", metavar="ID", default=None, help="Only this project.")
@click.option("--owner", metavar="LOGIN", default=None, help="Only tasks this member owns.")
@click.option("--mine", is_flag=True, help="Only my tasks (the member acted for).")
@click.option("--state", type=click.Choice(TASK_STATES), default=None, help="Only this state.")
@click.option("--overdue", is_flag=True, help="Only overdue tasks.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (keys in docs/cli.md).")
@workspace_options
def task_list(project_id: str | None, owner: str | None, mine: bool, state: str | None,
              overdue: bool, as_json: bool) -> None:
    """List tasks sorted by due date."""
    if mine and owner:
        raise click.UsageError(tr("Give --owner or --mine, not both."))
    ws = session().open()
    if mine:
        owner = ws.actor.login
    if owner is not None:
        owner = people.get_member(ws, owner)["login"]
    today = ws.today()
    items = [task_json(t, today) for t in tasks.list_tasks(ws, project_id, owner)]
    items = [d for d in items if (state is None or d["state"] == state)
             and (not overdue or d["overdue"])]
    if as_json:
        print_json(items)
        return
    print_task_table(ws, items)


@task.command("show")
@click.argument("task_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (keys in docs/cli.md).")
@workspace_options
def task_show(task_id: str, as_json: bool) -> None:
    """Show one task, e.g. `huddle task show 3-17`."""
    ws = session().open()
    found = tasks.get_task(ws, task_id)
    data = task_json(found, ws.today())
    project = get_project(ws, found["project"])
    data["project_name"] = project["name"]
    data["dependents"] = [t["id"] for t in tasks.project_tasks(ws, found["project"])
                          if found["id"] in t.get("depends", [])]
    if as_json:
        print_json(data)
        return
    titles = {t["id"]: t["title"] for t in tasks.project_tasks(ws, found["project"])}

    def named(ids: list[str]) -> str:
        return "\n".join(f"{i}  {titles.get(i, '')}" for i in ids)

    print_fields([
        (tr("Task"), data["id"]),
        (tr("Title"), data["title"]),
        (tr("Project"), f"{data['project']}  {data['project_name']}"),
        (tr("Owner"), f"{people.display_name(ws, data['owner'])} ({data['owner']})"),
        (tr("Start"), data["start"] or ""),
        (tr("Due"), data["due"] + (f"  ({tr('overdue')})" if data["overdue"] else "")),
        (tr("Priority"), tr(data["priority"])),
        (tr("Progress"), f"{data['progress']}%"),
        (tr("State"), tr(data["state"])),
        (tr("Milestone"), yes_no(data["milestone"])),
        (tr("Delivery standard"), data["standard"]),
        (tr("Depends on"), named(data["depends"])
         + (f"\n({tr('may overlap them, on purpose')})" if data["overlap"] else "")),
        (tr("Needed by"), named(data["dependents"])),
        (tr("Due-date history"), "\n".join(
            history_text(h, ws.tz) for h in data["due_history"])),
    ])


@task.command("edit")
@click.argument("task_id", metavar="ID")
@click.option("--title", default=None)
@click.option("--owner", default=None, metavar="LOGIN")
@click.option("--due", default=None, metavar="YYYY-MM-DD")
@click.option("--start", default=None, metavar="YYYY-MM-DD")
@click.option("--priority", type=click.Choice(PRIORITIES, case_sensitive=False), default=None)
@click.option("--depends", multiple=True, metavar="TASK_ID",
              help="Replace the dependencies (repeatable).")
@click.option("--no-depends", is_flag=True, help="Remove every dependency.")
@click.option("--milestone/--no-milestone", default=None, help="Set or clear the milestone flag.")
@click.option("--standard", default=None, help="Delivery standard (交付标准).")
@click.option("--state", type=click.Choice(TASK_STATES), default=None)
@click.option("--overlap/--no-overlap", default=None,
              help="Allow (or no longer allow) a start before its predecessors finish.")
@workspace_options
def task_edit(task_id: str, title: str | None, owner: str | None, due: str | None,
              start: str | None, priority: str | None, depends: tuple[str, ...],
              no_depends: bool, milestone: bool | None, standard: str | None,
              state: str | None, overlap: bool | None) -> None:
    """Change a task (its project's manager, heads or an admin)."""
    if depends and no_depends:
        raise click.UsageError(tr("Give --depends or --no-depends, not both."))
    changes = dict(title=title, owner=owner, due=due, start=start,
                   priority=priority.lower() if priority else None, milestone=milestone,
                   standard=standard, state=state, overlap=overlap,
                   depends=[] if no_depends else (list(depends) if depends else None))
    if all(v is None for v in changes.values()):
        raise click.UsageError(tr("Nothing to change: give at least one option."))
    ws = session().open()
    edited = tasks.edit_task(ws, task_id, **changes)
    click.echo(tr("Updated task {id}", id=edited["id"]))


def register(cli: click.Group) -> None:
    cli.add_command(task)
