"""`huddle migrate --from A --to B [--force]`: copy a workspace, its whole history included,
between a folder and a PostgreSQL database (store/postgres/migrate.py, docs/postgres.md)."""

from __future__ import annotations

import click

from store.core.i18n import tr
from store.core.locate import is_database

from .common import UsageProblem, session, workspace_options


def _shown(location: str) -> str:
    if is_database(location):
        from store.postgres.connection import shown
        return shown(location)
    return location


@click.command("migrate")
@click.option("--from", "source", default=None, metavar="DIR|URL",
              help="The workspace to copy: a folder, a backup folder or a database "
                   "(default: the workspace, --workspace or HUDDLE_WORKSPACE).")
@click.option("--to", "target", required=True, metavar="DIR|URL",
              help="Where the copy goes: a new or empty folder, or a database with no "
                   "workspace yet.")
@click.option("--force", is_flag=True,
              help="Replace a folder that is not empty (it is moved aside, not deleted).")
@workspace_options
def migrate(source: str | None, target: str, force: bool) -> None:
    """Copy a workspace with its whole history between a folder and a database."""
    from store.postgres.migrate import migrate as copy
    source = source or str(session().folder)
    if force and is_database(target):
        raise UsageProblem(tr("--force replaces a folder; a database's audit is insert-only, "
                              "so a migration goes into a new database"))
    done = copy(source, target, force=force)
    if done.replaced:
        click.echo(tr("Moved the old {path} aside to {aside}.", path=target,
                      aside=done.replaced))
    click.echo(tr("Copied {source} to {target}: shards: {shards}, documents: {documents}, "
                  "audit entries: {audit}.", shards=done.shards, documents=done.documents,
                  audit=done.audit, source=_shown(source), target=_shown(target)))


def register(cli: click.Group) -> None:
    cli.add_command(migrate)
