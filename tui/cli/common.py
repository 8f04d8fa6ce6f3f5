"""What every command shares: where the workspace is, who acts, and how results print."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import click
import orjson

from store.clock import FixedClock, SystemClock
from store.workspace import Workspace


def default_workspace() -> Path:
    import platformdirs  # only when no folder is given (it imports tempfile, random, …)
    return Path(platformdirs.user_data_dir("huddle")) / "workspace"


@dataclass
class Session:
    """Options gathered from the group and the subcommand (the subcommand wins)."""

    workspace: str | None = None
    as_login: str | None = None
    lang: str | None = None
    # every workspace the command opened: what they left out is reported at the end
    # (tui/cli/damage_report.py)
    opened: list[Workspace] = field(default_factory=list)

    @property
    def folder(self) -> Path:
        chosen = self.workspace or os.environ.get("HUDDLE_WORKSPACE")
        return Path(chosen).expanduser() if chosen else default_workspace()

    def clock(self):
        # HUDDLE_NOW pins the clock for demos, screenshots and tests; it never changes identity.
        fixed = os.environ.get("HUDDLE_NOW")
        return FixedClock(fixed) if fixed else SystemClock()

    def open(self, create: bool = False, sweep: bool = True) -> Workspace:
        ws = Workspace.open(self.folder, clock=self.clock(), as_login=self.as_login,
                            create=create, sweep=sweep)
        self.opened.append(ws)
        return ws


def workspace_options(fn: Callable) -> Callable:
    """Adds --workspace and --as to a subcommand; values merge into the Session."""
    def remember(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        if value is not None:
            setattr(ctx.ensure_object(Session), param.name, value)  # type: ignore[arg-type]
        return value

    fn = click.option("--as", "as_login", metavar="LOGIN", expose_value=False,
                      callback=remember, help="Act for this member (workspace admins only).")(fn)
    fn = click.option("--workspace", "workspace", metavar="DIR", expose_value=False,
                      callback=remember, help="Workspace folder.")(fn)
    return fn


def session() -> Session:
    return click.get_current_context().ensure_object(Session)


def print_json(data: Any) -> None:
    sys.stdout.write(orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS)
                     .decode() + "\n")


def print_table(rows: list[list[str]], headers: list[str]) -> None:
    """Plain aligned columns; CJK characters count as two cells."""
    from unicodedata import east_asian_width

    def width(s: str) -> int:
        return sum(2 if east_asian_width(c) in "WF" else 1 for c in s)

    cells = [headers] + rows
    widths = [max(width(str(r[i])) for r in cells) for i in range(len(headers))]
    for row in cells:
        parts = [str(v) + " " * (widths[i] - width(str(v))) for i, v in enumerate(row)]
        click.echo("  ".join(parts).rstrip())
