"""`huddle init` and `huddle demo`: create a workspace, or fill one with realistic data."""

from __future__ import annotations

import os
import shlex
from pathlib import Path

import click

from store.people import members as people
from store.projects import project as projects, tasks
from store.core.errors import StoreError
from store.core.i18n import LANGUAGES, tr
from store.core.locate import open_workspace
from store.core.workspace import DIRECTORY

from .common import Session, demo_folder, session, workspace_options


def _open_app(sess: Session) -> None:
    from tui.launch import run_app  # lazy: start-up time
    run_app(sess)


@click.command("init")
@click.option("--name", default=None, help="Your display name (default: your login).")
@click.option("--pinned-clock", is_flag=True,
              help="For tests and screenshots: let HUDDLE_NOW set the clock of this workspace.")
@click.option("--language", type=click.Choice(LANGUAGES), default=None,
              help="The team's language, that of every page Huddle writes "
                   "(default: your locale's).")
@workspace_options
def init(name: str | None, pinned_clock: bool, language: str | None) -> None:
    """Create an empty workspace (the folder too) with you as its admin."""
    ws = session().open(create=True, pinned_clock=pinned_clock)
    me = people.init_workspace(ws, name=name, pinned_clock=pinned_clock, language=language)
    click.echo(tr("Created a workspace in {path}; {login} is its admin.",
                  path=str(ws.folder), login=me["login"]))


@click.command("demo")
@click.option("--force", is_flag=True,
              help="Replace the data of a workspace that is not empty (admins only).")
@click.option("--open", "open_app", is_flag=True, help="Open the app on it afterwards.")
@workspace_options
def demo(force: bool, open_app: bool) -> None:
    """Fill a workspace with realistic demo data (default folder: the user data dir's demo)."""
    sess = session()
    if not (sess.workspace or os.environ.get("HUDDLE_WORKSPACE")):
        sess.workspace = str(demo_folder())
    ws = sess.open(create=True, pinned_clock=True)  # a demo's clock may be pinned
    foreign = ws.foreign_files()
    if foreign:
        shown = ", ".join(foreign[:3]) + (", …" if len(foreign) > 3 else "")
        raise StoreError(tr("{path} holds files that are not Huddle's ({files}); the demo only "
                            "writes into an empty folder or a Huddle workspace.",
                            path=str(ws.folder), files=shown))
    if ws.shard_names():
        if not force:
            if open_app:
                click.echo(tr("{path} is not empty; existing data was kept.",
                              path=str(ws.folder)), err=True)
                _open_app(sess)
                _how_to_open_again(ws.folder)
                return
            raise StoreError(tr("{path} is not empty; the demo would replace its data. "
                                "Use --force to do that, or choose another folder with "
                                "--workspace.", path=str(ws.folder)))
        if ws.exists(DIRECTORY):
            people.require_admin(ws)  # only an admin may wipe a shared workspace
        ws.remove_shards()

    from store.demo import seed_all  # lazy: start-up time
    ws = open_workspace(ws.folder, clock=ws.clock)  # the demo is seeded as yourself
    people.init_workspace(ws, pinned_clock=True)  # seed_all sets the demo's language (zh)
    seed_all(ws)

    today = ws.today()
    pids = projects.project_ids(ws)
    counts = dict(depts=len(people.list_departments(ws)), members=len(people.list_members(ws)),
                  projects=len(pids),
                  tasks=sum(tasks.project_summary(ws, pid, today)["tasks"] for pid in pids))
    click.echo(tr("Demo workspace ready in {path}: {depts} departments, {members} members, "
                  "{projects} projects, {tasks} tasks.", path=str(ws.folder), **counts))
    if open_app:
        _open_app(sess)
        _how_to_open_again(ws.folder)
    else:
        click.echo(tr("Open it with: huddle --workspace {path}", path=shlex.quote(str(ws.folder))))


def _how_to_open_again(folder: Path) -> None:
    """After the app closes: a plain `huddle` opens the default workspace, not the demo."""
    click.echo(tr("The demo workspace is in {path}; open it again with: huddle --workspace {path}",
                  path=shlex.quote(str(folder))))


def register(cli: click.Group) -> None:
    cli.add_command(init)
    cli.add_command(demo)
