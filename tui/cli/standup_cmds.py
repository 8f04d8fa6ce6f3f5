"""`huddle remind`, `huddle schedule …`, `huddle standup report`, `huddle reminders …`.

    huddle remind [--json] [--at ISO-TIME] [--for LOGIN | --mine] [--notify-tmux
                  [--tmux-socket PATH]…] [--fail-on-overdue]
        What is due now, for cron or a systemd timer (docs/reminders.md); exit 0
        (3 with --fail-on-overdue when something is overdue; 4 when a damaged file
        was left out, tui/cli/damage_report.py).
        --notify-tmux shows each reminder that has not rung yet for a person in
        their tmux clients, and marks it rung (an open app will not ring it again).
    huddle schedule list [--json]
    huddle schedule set NAME [CRON] [--warn MIN] [--timebox MIN] [--days N]   (admins)
    huddle schedule reset NAME                                               (admins)
    huddle standup report [--date|--day YYYY-MM-DD] [--format md|json]
    huddle reminders list [--json]          what is due for me, with its state
    huddle reminders ack KEY                KEY: the reminder's key or occurrence
    huddle reminders snooze KEY [--minutes 15|30|60]
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, timezone

import click

from store.reminders import engine as reminder_engine, schedules
from store.meetings import standup
from store.core import validate
from store.core.clock import local_text, to_iso
from store.core.errors import InvalidValue
from store.core.i18n import get_language, tr
from store.people.members import display_name

from . import tmux_notify
from .common import print_json, print_table, session, workspace_options


def parse_at(ws, value: str | None) -> datetime:
    """--at: ISO time; without a zone it is the workspace's wall-clock time."""
    if not value:
        return ws.now()
    raw = unicodedata.normalize("NFKC", value).strip().replace(" ", "T", 1)
    try:
        at = datetime.fromisoformat(raw)
    except ValueError:
        raise InvalidValue("at", tr("--at: {value!r} is not a time; use YYYY-MM-DDTHH:MM "
                                    "(workspace time) or add a zone, e.g. +08:00",
                                    value=value)) from None
    if at.tzinfo is None:
        at = at.replace(tzinfo=ws.tz)
    return at.astimezone(timezone.utc)


EXIT_OVERDUE = 3


def _phase(reminder) -> str:
    return tr("overdue") if reminder.overdue else tr("upcoming")


def register(cli: click.Group) -> None:
    cli.add_command(remind)
    cli.add_command(schedule)
    cli.add_command(standup_group)
    cli.add_command(reminders_group)


# -- huddle remind --------------------------------------------------------------
@click.command("remind")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--at", "at", metavar="ISO-TIME", help="Pretend it is this time (workspace time "
              "unless a zone is given).")
@click.option("--for", "for_login", metavar="LOGIN", help="Only what is due for this member.")
@click.option("--mine", is_flag=True, help="Only what is due for me.")
@click.option("--notify-tmux", is_flag=True,
              help="Also show new reminders in the tmux clients of the people concerned.")
@click.option("--tmux-socket", "tmux_sockets", multiple=True, metavar="PATH",
              help="A shared tmux server to notify as well (repeatable).")
@click.option("--fail-on-overdue", is_flag=True,
              help=f"Exit with status {EXIT_OVERDUE} when something is overdue.")
@workspace_options
def remind(as_json: bool, at: str | None, for_login: str | None, mine: bool,
           notify_tmux: bool, tmux_sockets: tuple[str, ...], fail_on_overdue: bool) -> None:
    """Print what is due now (for cron or a systemd timer); exit 0."""
    ws = session().open()
    now = parse_at(ws, at)
    wanted = ws.actor.login if mine else (validate.login("for", for_login) if for_login else None)
    due = reminder_engine.due(ws, now)
    if wanted:
        due = [r for r in due if wanted in r.who]
    from .notify_cmds import deliver_pending
    deliver_pending(ws, now)  # posts to chat groups and mail queued since the last run
    notified: list[dict] = []
    if notify_tmux:
        notified = _notify_tmux(ws, wanted, now, due, tmux_sockets)
    if as_json:
        print_json({"at": to_iso(now), "timezone": str(ws.tz),
                    "due": [r.to_json() for r in due], "notified": notified})
    else:
        _print_due(ws, now, due, notified)
    if fail_on_overdue and any(r.overdue for r in due):
        raise SystemExit(EXIT_OVERDUE)


def _notify_tmux(ws, wanted: str | None, now: datetime, due: list,
                 sockets: tuple[str, ...]) -> list[dict]:
    """Ring in tmux what has not rung yet, for the people tmux can reach. Only their
    occurrences are claimed: someone without a tmux client still gets the app's bell."""
    candidates = {i.login for i in reminder_engine.items(ws, [wanted] if wanted else None,
                                                         now, due) if i.ringable(now)}
    clients = tmux_notify.find_clients(sorted(candidates), sockets=sockets) if candidates else []
    reachable = {c.login for c in clients}
    if not reachable:
        return []
    messages: dict[str, list[str]] = {}
    for item in reminder_engine.claim(ws, reachable, now, due):
        messages.setdefault(item.login, []).append(item.reminder.title)
    reached = [c for c in clients if c.login in messages]
    tmux_notify.show(reached, messages)
    return [{"login": c.login, "client": c.name, "socket": c.socket} for c in reached]


def _print_due(ws, now: datetime, due: list, notified: list[dict]) -> None:
    if not due:
        click.echo(tr("Nothing is due at {time}.", time=local_text(now, ws.tz)))
    else:
        rows = [[_phase(r), local_text(r.due_at, ws.tz), ", ".join(r.who),
                 tmux_notify.plain_line(r.title), r.key] for r in due]
        print_table(rows, [tr("State"), tr("Due"), tr("Who"), tr("Reminder"), tr("Key")])
    for entry in notified:
        click.echo(tr("Notified {login} in tmux client {client}", login=entry["login"],
                      client=entry["client"]))


# -- huddle schedule ------------------------------------------------------------
def _schedule_json(ws, item: dict) -> dict:
    data = {"name": item["name"], "label": item["label"], "custom": item["custom"],
            "updated_at": item.get("updated_at"), "updated_by": item.get("updated_by")}
    if "after" in item:
        data.update(after=item["after"], days=item["days"], next=None)
    else:
        nxt = schedules.next_occurrence(ws, item["name"], ws.now())
        data.update(cron=item["cron"], warn_minutes=item.get("warn_minutes", 0),
                    working_days=item.get("working_days", False),
                    timebox_minutes=item.get("timebox_minutes"),
                    next=to_iso(nxt) if nxt else None)
    return data


@click.group("schedule")
def schedule() -> None:
    """Reminder schedules (cron expressions in the workspace's timezone)."""


@schedule.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@workspace_options
def schedule_list(as_json: bool) -> None:
    """The schedules, their rules and their next time."""
    ws = session().open()
    items = [_schedule_json(ws, s) for s in schedules.list_schedules(ws)]
    if as_json:
        print_json(items)
        return
    rows = []
    for item, raw in zip(items, schedules.list_schedules(ws)):
        rows.append([item["name"], schedules.label(item["name"]), schedules.describe(raw),
                     schedules.options_text(raw),
                     local_text(item["next"], ws.tz) if item.get("next") else "",
                     tr("custom") if item["custom"] else tr("default")])
    print_table(rows, [tr("Name"), tr("Schedule"), tr("Rule"), tr("Options"), tr("Next"), ""])
    click.echo(tr("Times are in {tz}.", tz=str(ws.tz)))


@schedule.command("set")
@click.argument("name")
@click.argument("cron", required=False)
@click.option("--warn", "warn", metavar="MIN", help="Warn this many minutes before.")
@click.option("--timebox", "timebox", metavar="MIN", help="Length of the meeting's timebox.")
@click.option("--days", "days", metavar="N", help="weekly_minutes: working days after the standup.")
@workspace_options
def schedule_set(name: str, cron: str | None, warn: str | None, timebox: str | None,
                 days: str | None) -> None:
    """Change a schedule (admins), e.g. huddle schedule set daily_update '30 17 * * 1-5'."""
    ws = session().open()
    item = schedules.set_schedule(ws, name, cron, warn_minutes=warn, timebox_minutes=timebox,
                                  days=days)
    click.echo(_saved_line(item))


def _saved_line(item: dict) -> str:
    return tr("{label} ({name}): {rule}", label=schedules.label(item["name"]), name=item["name"],
              rule=schedules.describe(item))


@schedule.command("reset")
@click.argument("name")
@workspace_options
def schedule_reset(name: str) -> None:
    """Put a schedule back to its default (admins)."""
    ws = session().open()
    item = schedules.reset_schedule(ws, name)
    click.echo(_saved_line(item))


# -- huddle standup -------------------------------------------------------------
@click.group("standup")
def standup_group() -> None:
    """The daily standup."""


@standup_group.command("report")
@click.option("--date", "--day", "day", metavar="YYYY-MM-DD",
              help="The day (default: today); a past day is shown as it was that day.")
@click.option("--format", "fmt", type=click.Choice(["md", "json"]), default="md",
              show_default=True, help="Markdown or JSON.")
@workspace_options
def standup_report(day: str | None, fmt: str) -> None:
    """The day's digest: who updated before the deadline, every member's tasks and updates."""
    ws = session().open()
    when = date.fromisoformat(validate.day("date", day)) if day else ws.today()
    data = standup.digest(ws, when)
    if fmt == "json":
        print_json(data)
    else:
        click.echo(standup.digest_markdown(data, ws.tz, get_language()), nl=False)


# -- huddle reminders -----------------------------------------------------------
@click.group("reminders")
def reminders_group() -> None:
    """My reminders: list, acknowledge, snooze."""


@reminders_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@workspace_options
def reminders_list(as_json: bool) -> None:
    """What is due for me, with its state (new, rung, snoozed, acknowledged)."""
    ws = session().open()
    now = ws.now()
    items = reminder_engine.items(ws, [ws.actor.login], now)
    if as_json:
        print_json([i.to_json(now) for i in items])
        return
    if not items:
        click.echo(tr("Nothing is due for {name}.", name=display_name(ws, ws.actor.login)))
        return
    print_table([[tr(i.state(now)), _phase(i.reminder), local_text(i.reminder.due_at, ws.tz),
                  tmux_notify.plain_line(i.reminder.title), i.occurrence]
                 for i in items],
                [tr("State"), "", tr("Due"), tr("Reminder"), tr("Key")])


@reminders_group.command("ack")
@click.argument("key")
@workspace_options
def reminders_ack(key: str) -> None:
    """Acknowledge a reminder (it leaves the banner)."""
    ws = session().open()
    item = reminder_engine.acknowledge(ws, key)
    click.echo(tr("Acknowledged: {title}", title=item.reminder.title))


@reminders_group.command("snooze")
@click.argument("key")
@click.option("--minutes", type=click.Choice(["15", "30", "60"]), default="15",
              show_default=True, help="For how long.")
@workspace_options
def reminders_snooze(key: str, minutes: str) -> None:
    """Snooze a reminder for 15, 30 or 60 minutes."""
    ws = session().open()
    item = reminder_engine.snooze(ws, key, int(minutes))
    click.echo(tr("Snoozed until {time}: {title}",
                  time=local_text(item.snoozed_until, ws.tz), title=item.reminder.title))
