"""`huddle --help` lists every command and every subcommand of each group, each with its whole
first sentence: click's own short help stops at the first word ending in "." ("e.g.") and at
about 45 characters, and lists a group's name without its subcommands."""

from __future__ import annotations

import inspect
import re

import click

# A sentence ends at ". " unless the dot belongs to an abbreviation.
_SENTENCE_END = re.compile(r"(?<!\be\.g)(?<!\bi\.e)(?<!\betc)(?<!\bvs)\.(?=\s|$)")


def summary(cmd: click.Command) -> str:
    """The first sentence of the command's help (its first paragraph), uncut."""
    if cmd.short_help:
        return inspect.cleandoc(cmd.short_help)
    first = inspect.cleandoc(cmd.help or "").split("\n\n")[0]
    first = " ".join(first.split())
    end = _SENTENCE_END.search(first)
    return first[:end.end()] if end else first


def set_summaries(commands) -> None:
    """Give each command (and every command under a group) its uncut summary as `short_help`
    (click prints short_help as it is), so `huddle task --help` lists them whole too."""
    for cmd in commands:
        if not cmd.short_help:
            cmd.short_help = summary(cmd)
        if isinstance(cmd, click.Group):
            set_summaries(cmd.commands.values())


def command_rows(group: click.Group, ctx: click.Context) -> list[tuple[str, str]]:
    """(name, summary) for each command, each group followed by its subcommands, indented."""
    rows = []
    for name in group.list_commands(ctx):
        cmd = group.get_command(ctx, name)
        if cmd is None or cmd.hidden:
            continue
        rows.append((name, summary(cmd)))
        if isinstance(cmd, click.Group):
            rows += [(f"  {sub}", summary(sub_cmd)) for sub, sub_cmd in sorted(cmd.commands.items())
                     if not sub_cmd.hidden]
    return rows
