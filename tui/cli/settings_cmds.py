"""`huddle settings show|set`: the workspace's timezone, holidays, make-up workdays (调休) and
the team's language (that of the pages Huddle writes: reports, postmortems, minutes).

The settings live in the directory shard (store/people/settings.py). Everyone may read
them; only workspace admins change them. Working days are Monday–Friday minus
the holidays plus the make-up workdays; every deadline rule counts with them
(the 17:00 update, "3 working days", onboarding offsets, the standup's holidays).

    huddle settings show [--json]
    huddle settings set [--timezone ZONE] [--language en|zh]
                        [--add-holiday DAYS]… [--remove-holiday DAYS]…
                        [--clear-holidays] [--add-workday DAYS]… [--remove-workday DAYS]…
                        [--clear-workdays] [--json]

DAYS is one date or several separated by commas or spaces
(`--add-holiday 2024-10-01,2024-10-02,2024-10-03`); full-width digits are accepted.
"""

from __future__ import annotations

import re

import click

from store.people import settings
from store.core.cells import cells, pad
from store.core.i18n import LANGUAGES, tr
from store.core.validate import day

from .common import print_json, session, workspace_options

_SPLIT = re.compile(r"[\s,，、]+")


def settings_json(ws) -> dict:
    saved = settings.get_settings(ws)
    return {"timezone": settings.timezone_name(ws),
            "timezone_source": "workspace" if saved.get("timezone") else "machine",
            "holidays": sorted(settings.holidays(ws)),
            "workdays": sorted(settings.extra_workdays(ws)),
            "clock": "pinned" if settings.clock_may_be_pinned(ws) else "real",
            "language": settings.language(ws)}


def _days(values: tuple[str, ...]) -> list[str]:
    return [day for value in values for day in _SPLIT.split(value.strip()) if day]


def _show(ws) -> None:
    data = settings_json(ws)
    zone = data["timezone"]
    if data["timezone_source"] == "machine":
        zone += "  " + tr("(the machine's; not set for the workspace)")
    rows = [(tr("Timezone"), zone),
            (tr("Holidays"), " ".join(data["holidays"]) or "—"),
            (tr("Make-up workdays"), " ".join(data["workdays"]) or "—"),
            (tr("Language"), {"en": "English", "zh": "中文"}[data["language"]]),
            (tr("Clock"), tr("pinned by HUDDLE_NOW when set (a demo or test workspace)")
             if data["clock"] == "pinned" else tr("real time"))]
    width = max(cells(label) for label, _ in rows)
    for label, value in rows:
        click.echo(f"{pad(label, width)}  {value}")


@click.group("settings")
def settings_group() -> None:
    """Workspace settings: timezone, holidays, make-up workdays (调休), language."""


@settings_group.command("show")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (keys in docs/cli.md).")
@workspace_options
def settings_show(as_json: bool) -> None:
    """Show the timezone, holidays, make-up workdays and whether the clock may be pinned."""
    ws = session().open()
    if as_json:
        print_json(settings_json(ws))
    else:
        _show(ws)


@settings_group.command("set")
@click.option("--timezone", metavar="ZONE", help="IANA time zone, e.g. Asia/Shanghai.")
@click.option("--language", type=click.Choice(LANGUAGES),
              help="The team's language: the pages Huddle writes from now on, and its chat "
                   "and mail posts.")
@click.option("--add-holiday", multiple=True, metavar="DAYS", help="Holiday date(s) to add.")
@click.option("--remove-holiday", multiple=True, metavar="DAYS", help="Holiday date(s) to drop.")
@click.option("--clear-holidays", is_flag=True, help="Drop every holiday first.")
@click.option("--add-workday", multiple=True, metavar="DAYS",
              help="Weekend date(s) worked to make up for a holiday (调休).")
@click.option("--remove-workday", multiple=True, metavar="DAYS",
              help="Make-up workday date(s) to drop.")
@click.option("--clear-workdays", is_flag=True, help="Drop every make-up workday first.")
@click.option("--json", "as_json", is_flag=True, help="Print the settings as JSON afterwards.")
@workspace_options
def settings_set(timezone: str | None, language: str | None, add_holiday: tuple[str, ...],
                 remove_holiday: tuple[str, ...], clear_holidays: bool,
                 add_workday: tuple[str, ...], remove_workday: tuple[str, ...],
                 clear_workdays: bool, as_json: bool) -> None:
    """Change settings (workspace admins only)."""

    ws = session().open()
    changes: dict[str, object] = {}
    if timezone is not None:
        changes["timezone"] = timezone
    if language is not None:
        changes["language"] = language
    for key, current, add, remove, clear in (
            ("holidays", settings.holidays(ws), add_holiday, remove_holiday, clear_holidays),
            ("workdays", settings.extra_workdays(ws), add_workday, remove_workday,
             clear_workdays)):
        if not (add or remove or clear):
            continue
        days = set() if clear else set(current)
        days |= {day(key, d) for d in _days(add)}
        days -= {day(key, d) for d in _days(remove)}
        changes[key] = sorted(days)
    if not changes:
        raise click.UsageError(tr("Nothing to change: give --timezone, --add-holiday, "
                                  "--add-workday or another option."))
    settings.update_settings(ws, **changes)
    if as_json:
        print_json(settings_json(ws))
    else:
        click.echo(tr("Settings saved."))


def register(cli: click.Group) -> None:
    cli.add_command(settings_group)
