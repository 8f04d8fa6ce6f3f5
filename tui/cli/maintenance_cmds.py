"""`huddle check`, `huddle backup DIR`, `huddle restore BACKUP`: keeping a workspace whole.

    huddle check [--json]                  every file read; exit 0 clean, 1 with findings
                                           (a database: schema, triggers, grants, rows)
    huddle backup DIR [--json]             one consistent copy into a new or empty folder
                                           (a database: the same format, one snapshot)
    huddle restore BACKUP [--shard NAME] [--yes] [--json]
                                           bring a backup (or one shard of it) back; what it
                                           replaces is kept in <workspace>/.huddle-replaced/

What each finding means and how backups are taken: store/core/integrity.py, store/core/backup.py
(a database: store/postgres/maintenance.py).
"""

from __future__ import annotations

import sys

import click

from store.core import backup as backups
from store.core import integrity
from store.core.errors import StoreError
from store.core.i18n import tr, trn
from store.core.locate import is_database

from .common import print_json, print_table, session, workspace_options


@click.command("check")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@workspace_options
def check(as_json: bool) -> None:
    """Read every file (or database row) of the workspace and report what is wrong (exit 1
    if anything)."""
    location = _database()
    if location is not None:  # schema, triggers, grants, rows (store/postgres/maintenance.py)
        from store.postgres.connection import shown
        from store.postgres.maintenance import check_database
        files, findings = check_database(location)
        where = shown(location)
    else:
        ws = session().open(sweep=False)  # a dead writer's temp file is a finding here
        files, findings = integrity.check_workspace(ws)
        where = str(ws.folder)
    if as_json:
        print_json(integrity.findings_json(files, findings))
    elif findings:
        print_table([[f.kind, f.path, f.message] for f in findings],
                    [tr("Finding"), tr("File") if location is None else tr("Where"), tr("What")])
        if location is None:
            click.echo(trn("{count} finding in {files} files of {path}.",
                           "{count} findings in {files} files of {path}.",
                           len(findings), count=len(findings), files=files, path=where))
        else:
            click.echo(trn("{count} finding in {path} (shards: {files}).",
                           "{count} findings in {path} (shards: {files}).",
                           len(findings), count=len(findings), files=files, path=where))
    elif location is None:
        click.echo(tr("No problems found in the {files} files of {path}.", files=files,
                      path=where))
    else:
        click.echo(tr("No problems found in {path} (shards: {files}; schema, triggers, "
                      "grants and rows checked).", files=files, path=where))
    if findings:
        sys.exit(1)


@click.command("backup")
@click.argument("dest", metavar="DIR")
@click.option("--json", "as_json", is_flag=True, help="Print the manifest as JSON.")
@workspace_options
def backup(dest: str, as_json: bool) -> None:
    """Copy the whole workspace, as of one instant, into the new or empty folder DIR."""
    location = _database()
    if location is not None:  # the folder format, from one snapshot (docs/postgres.md)
        from store.postgres.maintenance import backup_database
        session().open()  # the schema and the role are checked as for any command
        manifest = backup_database(location, dest)
    else:
        manifest = backups.backup(session().open(), dest)
    if as_json:
        print_json(manifest)
        return
    damaged = sorted(n for n, meta in manifest["shards"].items() if meta["damaged"])
    click.echo(trn("Backed up {count} shard of {path} into {dest}.",
                   "Backed up {count} shards of {path} into {dest}.", len(manifest["shards"]),
                  count=len(manifest["shards"]), path=manifest["workspace"], dest=dest))
    for name in damaged:
        click.echo(tr("huddle: warning: {name} is damaged; it was copied as it is.",
                      name=f"{name}.json"), err=True)
    if location is not None:
        click.echo(tr("This is Huddle's folder backup format, read from one database snapshot "
                      "(huddle restore {dest} brings its documents back; huddle migrate --from "
                      "{dest} --to URL makes a new database of it); back up the database itself "
                      "with pg_dump -Fc or its point-in-time recovery (docs/postgres.md).",
                      dest=dest))


@click.command("restore")
@click.argument("source", metavar="BACKUP")
@click.option("--shard", default=None, metavar="NAME",
              help="Restore only this shard (e.g. project-3); default: the whole workspace.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@workspace_options
def restore(source: str, shard: str | None, yes: bool, as_json: bool) -> None:
    """Bring a backup (or one shard of it) back; what it replaces is kept aside."""
    ws = session().open()
    manifest = backups.read_backup(source)
    if not yes:
        what = shard or tr("the whole workspace")
        question = tr("Restore {what} of {path} as it was at {time}?", what=what,
                      path=str(ws.folder), time=manifest.get("made_at", "?"))
        if not sys.stdin.isatty():
            raise StoreError(tr("{question} Run again with --yes to confirm.",
                                question=question))
        click.confirm(question, abort=True)
    if _database() is not None:  # documents back, the audit kept (store/postgres/maintenance.py)
        from store.postgres.maintenance import restore_database
        done = restore_database(ws, source, shard)
    else:
        done = backups.restore(ws, source, shard)
    if as_json:
        print_json(done)
        return
    click.echo(trn("Restored {count} shard from {source}.",
                   "Restored {count} shards from {source}.",
                   len(done["restored"]), count=len(done["restored"]),
                  source=source))
    if done["set_aside"] and _database() is not None:
        click.echo(tr("Emptied (not in the backup; their audit stays): {names}",
                      names=", ".join(done["set_aside"])))
    elif done["set_aside"]:
        click.echo(tr("Set aside (not in the backup): {names}",
                      names=", ".join(done["set_aside"])))
    if done["aside"]:
        click.echo(tr("What was replaced is kept in {path}", path=done["aside"]))


def _database() -> str | None:
    """The database location the command works on, None for a folder."""
    location = session().folder
    return str(location) if is_database(str(location)) else None


def register(cli: click.Group) -> None:
    cli.add_command(check)
    cli.add_command(backup)
    cli.add_command(restore)
