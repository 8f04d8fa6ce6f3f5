"""`huddle db upgrade` and `huddle db grant LOGIN`: a PostgreSQL workspace's schema and roles
(store/postgres/, docs/postgres.md)."""

from __future__ import annotations

import click

from store.core.i18n import tr
from store.core.locate import is_database

from .common import UsageProblem, session, workspace_options


def _database() -> str:
    location = session().folder
    if not is_database(str(location)):
        raise UsageProblem(tr("huddle db works on a PostgreSQL workspace; {path} is a folder. "
                              "Name the database with --workspace postgresql://…",
                              path=str(location)))
    return str(location)


@click.group("db")
def db() -> None:
    """A PostgreSQL workspace: its schema and its members' roles."""


@db.command("upgrade")
@workspace_options
def upgrade() -> None:
    """Create or upgrade the Huddle schema of the database (run it as the tables' owner)."""
    from store.postgres.admin import upgrade_database
    from store.postgres.connection import shown
    location = _database()
    before, after = upgrade_database(location)
    if before == after:
        click.echo(tr("The Huddle schema of {where} is up to date (version {version}).",
                      where=shown(location), version=after))
    else:
        click.echo(tr("Upgraded the Huddle schema of {where} from version {before} to {after}.",
                      where=shown(location), before=before, after=after))


@db.command("grant")
@click.argument("login")
@workspace_options
def grant(login: str) -> None:
    """Let LOGIN connect as a member: create the database role (admins only)."""
    from store.postgres.admin import grant_login
    _database()
    ws = session().open()
    if grant_login(ws, login):
        click.echo(tr("Created the database role {login}; add them to the workspace with: "
                      "huddle member add {login} --name NAME --dept DEPT", login=login))
    else:
        click.echo(tr("The database role {login} may now connect as a member.", login=login))


def register(cli: click.Group) -> None:
    cli.add_command(db)
