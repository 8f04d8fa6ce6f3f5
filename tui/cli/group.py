"""The click group behind `huddle`: every command, `--help`, and the commands the fast path
(tui/cli/fast_path.py) leaves to click.

Errors are printed to stderr with exit code 1 (2 for usage), never a traceback.
Each command module exposes `register(cli)`; add a module to COMMAND_MODULES.

Command modules are imported when a command needs them, not at start-up, so
`huddle task update` imports the two modules that make up `huddle task` and
not the whole store (`COMMAND_INDEX` says which modules a top-level command
comes from; a name it does not know loads every module, and
tests/reliability/test_cli_hostile.py checks the index against the modules).
`cli.commands` (and `--help`) load everything.
"""

from __future__ import annotations

import importlib
import os
import sys

import click

from store.core.i18n import LANGUAGES, default_language, set_language, tr
from store.core.text_safety import undecodable, visible

from .common import Session, session, workspace_options
from .failures import UsageProblem, UserError, user_error
from .damage_report import ReportsDamage  # exit 4 and a warning per damaged file left out
from .safe_output import visible_output

COMPLETE_VAR = "_HUDDLE_COMPLETE"  # click's shell-completion switch for prog_name "huddle"
COMMAND_MODULES = [
    "tui.cli.workspace_cmds",
    "tui.cli.people_cmds",
    "tui.cli.project_cmds",
    "tui.cli.task_cmds",
    "tui.cli.incident_cmds",
    "tui.cli.standup_cmds",
    "tui.cli.onboarding_cmds", "tui.cli.kb_cmds", "tui.cli.customer_cmds",
    "tui.cli.flow_cmds", "tui.cli.delivery_cmds",  # projects: flow, delays, delivery, exports
    "tui.cli.rules_cmds",  # projects: task sign-off, major issue response
    "tui.cli.interop_cmds",  # export ics / taskwarrior, import taskwarrior
    "tui.cli.settings_cmds",  # settings show / set: timezone, holidays, make-up workdays
    "tui.cli.maintenance_cmds",  # check, backup, restore
    "tui.cli.keys_cmds",  # keys: the app's key bindings after the user's keymap.toml
    "tui.cli.notify_cmds",  # notify add/link/list/test/remove/run: chat groups, webhooks, mail
    "tui.cli.db_cmds",  # db upgrade / grant: a PostgreSQL workspace's schema and roles
    "tui.cli.migrate_cmds",  # migrate --from --to: a folder to a database and back
]
# top-level command -> the COMMAND_MODULES that define it or add subcommands to it
COMMAND_INDEX: dict[str, tuple[str, ...]] = {
    "init": ("workspace_cmds",), "demo": ("workspace_cmds",),
    "member": ("people_cmds",), "dept": ("people_cmds",),
    "project": ("project_cmds", "flow_cmds"), "task": ("task_cmds", "flow_cmds", "rules_cmds"),
    "incident": ("incident_cmds",),
    "remind": ("standup_cmds",), "schedule": ("standup_cmds",), "standup": ("standup_cmds",),
    "reminders": ("standup_cmds",), "onboarding": ("onboarding_cmds",), "kb": ("kb_cmds",),
    "customer": ("customer_cmds",), "routine": ("customer_cmds",), "delay": ("flow_cmds",),
    "deliver": ("delivery_cmds",), "accept": ("delivery_cmds",), "retro": ("delivery_cmds",),
    "mywork": ("delivery_cmds",), "issue": ("delivery_cmds", "rules_cmds"), "resource": ("delivery_cmds",),
    "export": ("delivery_cmds", "interop_cmds"), "import": ("interop_cmds",),
    "settings": ("settings_cmds",),
    "check": ("maintenance_cmds",), "backup": ("maintenance_cmds",),
    "restore": ("maintenance_cmds",), "keys": ("keys_cmds",), "notify": ("notify_cmds",),
    "db": ("db_cmds",), "migrate": ("migrate_cmds",),
}


class HuddleGroup(ReportsDamage):
    """The top-level group: loads command modules lazily (see the module docstring)."""

    def __init__(self, *args, **kwargs) -> None:
        self._loaded: set[str] = set()
        self._loading = False
        super().__init__(*args, **kwargs)

    @property  # type: ignore[override]
    def commands(self) -> dict[str, click.Command]:
        if not self._loading:
            self.load(COMMAND_MODULES)
        return self._commands

    @commands.setter
    def commands(self, value: dict[str, click.Command]) -> None:
        self._commands = value

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        name = name or cmd.name
        if name is None:
            raise TypeError("Command has no name.")
        self._commands[name] = cmd

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        modules = COMMAND_INDEX.get(cmd_name)
        self.load([f"tui.cli.{m}" for m in modules] if modules else COMMAND_MODULES)
        return self._commands.get(cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(self.commands)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Every command and every subcommand, each with its whole first sentence."""
        from .help_format import command_rows
        with formatter.section(tr("Commands")):
            formatter.write_dl(command_rows(self, ctx))

    def load(self, modules) -> None:
        """Import and register `modules` (in COMMAND_MODULES order), each once.

        A module that adds subcommands to a group another module defines may load
        first; the group defined later keeps the subcommands added before it."""
        wanted = [m for m in COMMAND_MODULES if m in modules and m not in self._loaded]
        if not wanted or self._loading:
            return
        self._loading = True
        try:
            for module in wanted:
                before = dict(self._commands)
                importlib.import_module(module).register(self)
                self._loaded.add(module)
                for name, cmd in self._commands.items():
                    old = before.get(name)
                    if old is not None and old is not cmd and isinstance(old, click.Group) \
                            and isinstance(cmd, click.Group):
                        for sub, sub_cmd in old.commands.items():
                            cmd.commands.setdefault(sub, sub_cmd)
        finally:
            self._loading = False
        from .help_format import set_summaries
        set_summaries(self._commands.values())  # `huddle task --help`: whole summaries too

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # A real command line cannot carry a NUL (argv is C strings); called in-process it
        # can, and a file name with one makes os.stat raise ValueError inside click.
        if any("\x00" in arg for arg in args):
            raise click.UsageError(tr("An argument contains a NUL character."), ctx)
        rest = super().parse_args(ctx, args)  # the group's options: --lang is set now
        # Python keeps argv bytes that are not UTF-8 as lone surrogates, which no record can
        # hold (orjson refuses them): say which argument, before the subcommand runs.
        for position, arg in enumerate(args, start=1):
            if undecodable(arg):
                raise UsageProblem(tr("Argument {n} ({arg}) is not valid UTF-8 text; check the "
                                      "encoding of your terminal or script.",
                                      n=position, arg=visible(arg, multiline=False)))
        return rest

    def main(self, *args, **kwargs):
        if os.environ.get(COMPLETE_VAR):  # shell completion: what it prints is read by the
            return super().main(*args, **kwargs)  # shell (click writes it as bytes), not shown
        # Everything a command prints, its errors and click's own messages included, shows
        # control characters escaped (tui/cli/safe_output.py).
        with visible_output():
            try:
                return super().main(*args, **kwargs)
            except UserError as exc:  # not click's (tui/cli/failures.py): shown as click would
                if not kwargs.get("standalone_mode", True):
                    raise
                exc.show()
                sys.exit(exc.exit_code)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit,
                BrokenPipeError, UserError):  # a closed pipe (`| head`): click exits quietly
            raise
        except KeyboardInterrupt:
            raise click.Abort() from None
        except Exception as exc:  # a store error, a file, the last guard (failures.py)
            raise user_error(exc) from None


def _set_lang(ctx: click.Context, param: click.Parameter, value: str | None) -> str:
    lang = value or default_language()
    set_language(lang)
    # Only an explicit --lang: the app falls back on the user's saved language first.
    ctx.ensure_object(Session).lang = value
    return lang


@click.group(cls=HuddleGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"],
                               "max_content_width": 100})
@click.option("--lang", type=click.Choice(LANGUAGES), callback=_set_lang, expose_value=False,
              is_eager=True, help="Language of the interface (default: from the locale).")
@workspace_options
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Huddle: projects, standups, the war room and onboarding in one terminal dashboard."""
    if ctx.invoked_subcommand is None:
        from tui.launch import run_app  # lazy: start-up time
        run_app(session())
