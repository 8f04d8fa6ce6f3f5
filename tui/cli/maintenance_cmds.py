"""`huddle check`, `huddle backup DIR`, `huddle restore BACKUP`: keeping a workspace whole.

    huddle check [--json]                  every file read; exit 0 clean, 1 with findings
    huddle backup DIR [--json]             one consistent copy into a new or empty folder
    huddle restore BACKUP [--shard NAME] [--yes] [--json]
                                           bring a backup (or one shard of it) back; what it
                                           replaces is kept in <workspace>/.huddle-replaced/

What each finding means and how backups are taken: store/core/integrity.py, store/core/backup.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from store.core import backup as backups
from store.core import integrity
from store.core.errors import StoreError
from store.core.i18n import tr, trn

from .common import UserError, print_json, print_table, session, workspace_options


@click.command("check")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@workspace_options
def check(as_json: bool) -> None:
    """Read every file of the workspace and report what is wrong (exit 1 if anything)."""
    ws = _folder_only(session().open(sweep=False))  # a dead writer's temp file is a finding here
    files, findings = integrity.check_workspace(ws)
    if as_json:
        print_json(integrity.findings_json(files, findings))
    elif findings:
        print_table([[f.kind, f.path, f.message] for f in findings],
                    [tr("Finding"), tr("File"), tr("What")])
        click.echo(trn("{count} finding in {files} files of {path}.",
                       "{count} findings in {files} files of {path}.",
                       len(findings), count=len(findings),
                      files=files, path=str(ws.folder)))
    else:
        click.echo(tr("No problems found in the {files} files of {path}.", files=files,
                      path=str(ws.folder)))
    if findings:
        sys.exit(1)


@click.command("backup")
@click.argument("dest", metavar="DIR")
@click.option("--json", "as_json", is_flag=True, help="Print the manifest as JSON.")
@workspace_options
def backup(dest: str, as_json: bool) -> None:
    """Copy the whole workspace, as of one instant, into the new or empty folder DIR."""
    manifest = backups.backup(_folder_only(session().open()), dest)
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


@click.command("restore")
@click.argument("source", metavar="BACKUP")
@click.option("--shard", default=None, metavar="NAME",
              help="Restore only this shard (e.g. project-3); default: the whole workspace.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@workspace_options
def restore(source: str, shard: str | None, yes: bool, as_json: bool) -> None:
    """Bring a backup (or one shard of it) back; what it replaces is kept aside."""
    ws = _folder_only(session().open())
    manifest = backups.read_backup(source)
    if not yes:
        what = shard or tr("the whole workspace")
        question = tr("Restore {what} of {path} as it was at {time}?", what=what,
                      path=str(ws.folder), time=manifest.get("made_at", "?"))
        if not sys.stdin.isatty():
            raise StoreError(tr("{question} Run again with --yes to confirm.",
                                question=question))
        click.confirm(question, abort=True)
    done = backups.restore(ws, source, shard)
    if as_json:
        print_json(done)
        return
    click.echo(trn("Restored {count} shard from {source}.",
                   "Restored {count} shards from {source}.",
                   len(done["restored"]), count=len(done["restored"]),
                  source=source))
    if done["set_aside"]:
        click.echo(tr("Set aside (not in the backup): {names}",
                      names=", ".join(done["set_aside"])))
    if done["aside"]:
        click.echo(tr("What was replaced is kept in {path}", path=done["aside"]))


def _folder_only(ws):
    """check, backup and restore read the folder's files; on a database they say so (the
    database's own tools back it up: docs/postgres.md) rather than fail on a path."""
    if not isinstance(ws.folder, Path):
        raise UserError(tr("huddle {command} works on a workspace folder; for a PostgreSQL "
                           "workspace use the database's tools (pg_dump; see docs/postgres.md).",
                           command=click.get_current_context().info_name))
    return ws


def register(cli: click.Group) -> None:
    cli.add_command(check)
    cli.add_command(backup)
    cli.add_command(restore)
