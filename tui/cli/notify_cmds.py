"""`huddle notify …`: channels to chat groups, webhooks and mail (docs/notify.md).

    huddle notify add NAME --kind feishu|dingtalk|wecom|slack|webhook|email [--secret ENTRY]
    huddle notify link NAME [--project ID] [--incidents S2|all] [--reminders KINDS] [--unlink]
    huddle notify mention NAME LOGIN SERVICE-ID     # whom to @ on the service ("" clears)
    huddle notify list [--json]                     # channels, links, deliveries, failures
    huddle notify test NAME                         # posts a test message now (waits)
    huddle notify remove NAME
    huddle notify secret NAME                       # asks for the URL/secret, writes them
                                                    # to this account's secrets file (0600)
    huddle notify run [--poll SECONDS] [--once]     # the sender (systemd unit in the docs)

Only `test` and `run` touch the network; every other command (and every change in the
app) only writes the outbox.
"""

from __future__ import annotations

import sys
import threading

import click

from store.core.clock import to_iso
from store.core.i18n import tr, trn
from store.notify import channels, queue, secrets

from .common import print_json, print_table, session, workspace_options


def register(cli: click.Group) -> None:
    cli.add_command(notify_group)


@click.group("notify")
def notify_group() -> None:
    """Post to chat groups (Feishu, DingTalk, WeCom, Slack), webhooks and e-mail."""


def channel_json(channel: dict, counts: dict[str, int]) -> dict:
    return {"name": channel["name"], "kind": channel["kind"], "secret": channel["secret"],
            "projects": channel.get("projects", []), "incidents": channel.get("incidents"),
            "reminders": channel.get("reminders", []),
            "mentions": channel.get("mentions", {}), "deliveries": counts}


links_text = channels.describe_links


@notify_group.command("add")
@click.argument("name")
@click.option("--kind", required=True, type=click.Choice(channels.KINDS), help="The service.")
@click.option("--secret", "entry", metavar="ENTRY",
              help="Its entry in the secrets file (default: NAME).")
@workspace_options
def notify_add(name: str, kind: str, entry: str | None) -> None:
    """Add a channel (admins and project managers). Its URL and secret go in the secrets
    file of the account that sends, never in the workspace."""
    ws = session().open()
    channel = channels.add_channel(ws, name, kind, entry)
    click.echo(tr("Added channel {name} ({kind}); put its URL in [channel.{entry}] of the "
                  "secrets file (see `huddle notify secret {name}`).", name=channel["name"],
                  kind=kind, entry=channel["secret"]))


@notify_group.command("link")
@click.argument("name")
@click.option("--project", metavar="ID", help="A project whose events to post.")
@click.option("--incidents", metavar="LEVEL", help="Incidents of this severity and up "
              "(S1–S4), or all.")
@click.option("--reminders", metavar="KINDS", help="Reminder kinds, comma separated "
              "(daily_update, weekly_standup, task.due, …).")
@click.option("--unlink", is_flag=True, help="Remove these links instead.")
@workspace_options
def notify_link(name: str, project: str | None, incidents: str | None, reminders: str | None,
                unlink: bool) -> None:
    """Link a project, the war room or reminder kinds to a channel."""
    if project is None and incidents is None and reminders is None:
        raise click.UsageError(tr("Say what to link: --project, --incidents or --reminders"))
    ws = session().open()
    channel = channels.link(ws, name, project=project, incidents=incidents,
                            reminders=reminders, unlink=unlink)
    click.echo(tr("{name}: {links}", name=channel["name"], links=links_text(channel)))


@notify_group.command("mention")
@click.argument("name")
@click.argument("login")
@click.argument("service_id", metavar="SERVICE-ID")
@workspace_options
def notify_mention(name: str, login: str, service_id: str) -> None:
    """Whom to @-mention for LOGIN on the channel's service (its user id there)."""
    ws = session().open()
    channels.set_mention(ws, name, login, service_id)
    click.echo(tr("Saved."))


@notify_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@workspace_options
def notify_list(as_json: bool) -> None:
    """Channels, what they are linked to, and deliveries (failures included)."""
    ws = session().open()
    counts = queue.summary(ws)
    failed = queue.failures(ws)
    found = channels.list_channels(ws)
    if as_json:
        print_json({"channels": [channel_json(c, counts.get(c["name"], {})) for c in found],
                    "failures": [failure_json(f) for f in failed]})
        return
    if not found:
        click.echo(tr("No channels yet; add one with `huddle notify add`."))
    else:
        rows = [[c["name"], c["kind"], links_text(c), _counts_text(counts.get(c["name"], {}))]
                for c in found]
        print_table(rows, [tr("Channel"), tr("Kind"), tr("Linked to"), tr("Deliveries")])
    for f in failed[:10]:
        click.echo(trn("Failed: {channel} {topic} {subject} after {n} try: {error}",
                       "Failed: {channel} {topic} {subject} after {n} tries: {error}",
                       f["attempts"], channel=f["channel"], topic=f["topic"],
                       subject=f["subject"], error=f.get("last_error") or ""))


def failure_json(row: dict) -> dict:
    return {k: row.get(k) for k in ("channel", "topic", "subject", "event", "attempts",
                                    "queued_at", "last_try", "last_error")}


_counts_text = channels.describe_counts


@notify_group.command("test")
@click.argument("name")
@workspace_options
def notify_test(name: str) -> None:
    """Post a test message to the channel now, with this account's secrets."""
    from store.notify import formats, messages, transport
    ws = session().open()
    channel = channels.get_channel(ws, name)
    entry = secrets.entry(channel["secret"])
    event = {"id": "test", "topic": "notify.test", "subject": name, "at": to_iso(ws.now()),
             "data": {"channel": name, "by": ws.actor.login, "who": [ws.actor.login]}}
    message = messages.build(ws, event)
    outcome = transport.send(formats.build(channel["kind"], message, channel, entry,
                                           ws.now()), entry)
    if not outcome.ok:
        raise click.ClickException(tr("Could not post to {name}: {error}", name=name,
                                      error=outcome.error))
    click.echo(tr("Posted a test message to {name}.", name=name))


@notify_group.command("remove")
@click.argument("name")
@workspace_options
def notify_remove(name: str) -> None:
    """Remove a channel (its admin or whoever added it)."""
    ws = session().open()
    channels.remove_channel(ws, name)
    click.echo(tr("Removed channel {name}.", name=name))


@notify_group.command("secret")
@click.argument("name")
@workspace_options
def notify_secret(name: str) -> None:
    """Ask for the channel's URL and secrets and save them in this account's file (0600)."""
    ws = session().open()
    channel = channels.get_channel(ws, name)
    if channel["kind"] == "email":
        values: dict[str, object] = {
            "host": click.prompt(tr("SMTP host")),
            "port": click.prompt(tr("SMTP port"), default=587, type=int),
            "user": click.prompt(tr("SMTP user"), default="", show_default=False),
            "password": click.prompt(tr("SMTP password"), default="", hide_input=True,
                                     show_default=False),
            "from": click.prompt(tr("From address"))}
    else:
        values = {"url": click.prompt(tr("Webhook URL"), hide_input=True),
                  "secret": click.prompt(tr("Signing secret (empty: none)"), default="",
                                         hide_input=True, show_default=False)}
    path = secrets.write_entry(channel["secret"], values)
    click.echo(tr("Saved [channel.{entry}] in {path}.", entry=channel["secret"], path=str(path)))


@notify_group.command("run")
@click.option("--poll", default=1.0, type=click.FloatRange(0.1, 60), show_default=True,
              help="Seconds between looks at the outboxes.")
@click.option("--once", is_flag=True, help="One pass, then exit (like `huddle remind`).")
@workspace_options
def notify_run(poll: float, once: bool) -> None:
    """Deliver what is queued, as it is queued (runs until stopped)."""
    from store.notify import sender
    ws = session().open()
    secrets.load()  # an unsafe secrets file stops the sender here, with its message
    if once:
        _log(sender.run_once(ws))
        return
    stop = threading.Event()
    click.echo(tr("Delivering posts for {path}; stop with Ctrl+C.", path=str(ws.folder)),
               err=True)
    try:
        sender.run(ws, stop, poll=poll, log=_log)
    except KeyboardInterrupt:
        stop.set()


def _log(result) -> None:
    if result.delivered:
        click.echo(trn("Posted {n} message.", "Posted {n} messages.", result.delivered), err=True)
    for error in result.errors:
        click.echo(tr("Not posted: {error}", error=error), err=True)
    sys.stderr.flush()


def deliver_pending(ws, now) -> None:
    """`huddle remind` delivers what is pending too (hosts with cron and no service)."""
    from store.notify import sender
    if not channels.any_channel(ws) and not queue.rows(ws):
        return
    try:
        result = sender.run_once(ws, now)
    except secrets.SecretsError as exc:
        click.echo(f"huddle: {exc}", err=True)
        return
    _log(result)
