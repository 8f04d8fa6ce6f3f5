"""What every command shares: where the workspace is, who acts, and how results print.

Imported by the fast path (tui/cli/fast_path.py), which runs without click: click is
imported where a function needs it."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, Callable

import orjson

from store.core.clock import FixedClock, parse_instant
from store.core.errors import InvalidValue, NotFound
from store.core.i18n import tr
from store.people.settings import clock_may_be_pinned
from store.core.text_safety import visible, visible_json
from store.core.locate import location_of, open_workspace
from store.core.workspace import DIRECTORY, Workspace

from .failures import UsageProblem, UserError  # click-free: the fast path shows them too


def default_workspace() -> Path:
    import platformdirs  # lazy: start-up time (only without a folder: tempfile, random…)
    return Path(platformdirs.user_data_dir("huddle")) / "workspace"


def demo_folder() -> Path:
    """Where `huddle demo` writes when neither --workspace nor $HUDDLE_WORKSPACE names a folder."""
    import platformdirs  # lazy: start-up time
    return Path(platformdirs.user_data_dir("huddle")) / "demo"


class Session:
    """Options gathered from the group and the subcommand (the subcommand wins)."""

    # A plain class, not a dataclass: making one costs an `exec` in every command's process.
    def __init__(self, workspace: str | None = None, as_login: str | None = None,
                 lang: str | None = None, opened: list[Workspace] | None = None) -> None:
        self.workspace = workspace
        self.as_login = as_login
        self.lang = lang
        # every workspace the command opened: what they left out is reported at the end
        # (tui/cli/damage_report.py)
        self.opened: list[Workspace] = opened if opened is not None else []

    def __repr__(self) -> str:
        return (f"Session(workspace={self.workspace!r}, as_login={self.as_login!r}, "
                f"lang={self.lang!r}, opened={self.opened!r})")

    @property
    def folder(self) -> Path | str:
        """The workspace's folder, or its database location (store/core/locate.py)."""
        chosen = self.workspace or os.environ.get("HUDDLE_WORKSPACE")
        return location_of(chosen) if chosen else default_workspace()

    def open(self, create: bool = False, *, pinned_clock: bool = False,
             sweep: bool = True) -> Workspace:
        """The workspace on the system clock, or on HUDDLE_NOW where the workspace allows it.

        `pinned_clock`: the command makes a workspace whose clock may be pinned (`huddle demo`,
        `huddle init --pinned-clock`), so what the folder holds now does not decide."""
        pinned = os.environ.get("HUDDLE_NOW", "").strip()
        if pinned and create and not pinned_clock:  # refused before anything is created
            raise UsageProblem(tr(
                "HUDDLE_NOW is set, but this workspace would keep real time: only a demo "
                "workspace or one made with `huddle init --pinned-clock` may pin the clock. "
                "Unset HUDDLE_NOW."))
        try:
            ws = open_workspace(self.folder, as_login=self.as_login, create=create, sweep=sweep)
        except NotFound as exc:
            raise NotFound(f"{exc} {self._demo_hint()}".strip()) from None
        if pinned:
            ws.clock = pinned_clock_at(pinned, ws, pinned_clock)
        self.opened.append(ws)  # for the damaged-file report (damage_report.py)
        return ws

    def _demo_hint(self) -> str:
        """Where the demo lives, when the folder asked for is not it and it exists (after the
        Quick start, a plain `huddle` looks in the default workspace, not in the demo)."""
        demo = demo_folder()
        if demo == self.folder or not isinstance(self.folder, Path) or not (demo / f"{DIRECTORY}.json").is_file():
            return ""
        import shlex  # lazy: only for this hint
        return tr("The demo workspace is in {path}: open it with huddle --workspace {path}",
                  path=shlex.quote(str(demo)))


def pinned_clock_at(value: str, ws: Workspace, made_for_it: bool = False) -> FixedClock:
    """HUDDLE_NOW's clock for `ws`: demos, screenshots and tests only (never identity)."""
    if not (made_for_it or clock_may_be_pinned(ws)):
        raise UsageProblem(tr(
            "HUDDLE_NOW is set, but {path} keeps real time: only a demo workspace or one made "
            "with `huddle init --pinned-clock` may pin the clock. Unset HUDDLE_NOW.",
            path=str(ws.folder)))
    try:
        return FixedClock(parse_instant(value))
    except ValueError:
        raise UsageProblem(tr("HUDDLE_NOW={value!r} is not a time; write it as ISO 8601, for "
                              "example 2024-09-02T10:00:00+08:00.", value=value)) from None


def workspace_options(fn: Callable) -> Callable:
    """Adds --workspace and --as to a subcommand; values merge into the Session."""
    import click  # lazy: the fast path runs without click

    def remember(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        if value is not None:
            setattr(ctx.ensure_object(Session), param.name, value)  # type: ignore[arg-type]
        return value

    fn = click.option("--as", "as_login", metavar="LOGIN", expose_value=False,
                      callback=remember, help="Act for this member (workspace admins only).")(fn)
    fn = click.option("--workspace", "workspace", metavar="DIR|URL", expose_value=False,
                      callback=remember,
                      help="Workspace folder, or PostgreSQL database (postgresql://…).")(fn)
    return fn


def session() -> Session:
    import click  # lazy: the fast path runs without click
    return click.get_current_context().ensure_object(Session)


def read_utf8(path: str) -> str:
    """The text of a file named on the command line ("-" reads standard input), as UTF-8."""
    try:
        raw = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as exc:
        raise InvalidValue("file", tr("Cannot read {path}: {reason}", path=path,
                                      reason=exc.strerror or str(exc))) from None
    return utf8_text(raw, path)


def utf8_text(raw: bytes, path: str) -> str:
    """`raw`, a file's bytes, as text; bytes that are not UTF-8 are refused naming the file."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        name = tr("standard input") if path in ("-", "<stdin>") else path
        raise InvalidValue("file", tr("{path} is not UTF-8 text (byte {n})", path=name,
                                      n=exc.start + 1)) from None


def write_file(path: Path, data: str | bytes) -> None:
    """Write a file named on the command line (`-o FILE`); an error names the file (a full
    disk is only noticed by the write or the close, whose OSError carries no file name)."""
    try:
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    except OSError as exc:
        raise UserError(tr("Cannot write {path}: {reason}", path=str(path),
                           reason=exc.strerror or str(exc))) from None


def print_json(data: Any) -> None:
    # orjson escapes C0 controls; DEL, C1 and bidi controls become \u escapes too (same data)
    sys.stdout.write(visible_json(orjson.dumps(
        data, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS).decode()) + "\n")


def print_table(rows: list[list[str]], headers: list[str]) -> None:
    """Plain aligned columns, measured in terminal cells (store/core/cells.py)."""
    import click  # lazy: the fast path runs without click
    for line in aligned_lines([headers] + rows):
        click.echo(line)


def aligned_lines(rows: list[list[str]], indent: str = "") -> list[str]:
    """The rows as lines of aligned columns, measured in terminal cells."""
    from store.core.cells import cells, pad  # lazy: a command that prints no table
    if not rows:
        return []
    # escaped here, not only by the output stream, so an escape's width counts
    table = [[visible(str(v), multiline=False) for v in row] for row in rows]
    widths = [max(cells(r[i]) for r in table) for i in range(len(table[0]))]
    return [indent + "  ".join(pad(v, widths[i]) for i, v in enumerate(row)).rstrip()
            for row in table]
