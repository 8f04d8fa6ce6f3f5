"""`huddle`: opens the app, or runs a subcommand on the same store.

Errors are printed to stderr with exit code 1 (2 for usage), never a traceback.
Each command module exposes `register(cli)`; add a module to COMMAND_MODULES.
"""

from __future__ import annotations

import importlib
import os
import sys
import traceback

import click

from store.errors import StoreError
from store.i18n import LANGUAGES, default_language, set_language, tr

from .common import Session, session, workspace_options

COMMAND_MODULES = [
    "tui.cli.workspace_cmds",
    "tui.cli.people_cmds",
    "tui.cli.project_cmds",
    "tui.cli.task_cmds",
    "tui.cli.incident_cmds",
    "tui.cli.standup_cmds",
    "tui.cli.onboarding_cmds", "tui.cli.kb_cmds", "tui.cli.customer_cmds",
    "tui.cli.flow_cmds", "tui.cli.delivery_cmds",  # projects: flow, delays, delivery, exports
    "tui.cli.interop_cmds",  # export ics / taskwarrior, import taskwarrior
]


class UserError(click.ClickException):
    """A message for the user on stderr, exit code 1."""

    def show(self, file=None) -> None:
        click.echo(f"huddle: {self.format_message()}", err=True)


class HuddleGroup(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except StoreError as exc:
            raise UserError(str(exc)) from None
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit,
                BrokenPipeError):  # a closed pipe (`| head`): click exits quietly
            raise
        except KeyboardInterrupt:
            raise click.Abort() from None
        except Exception as exc:  # the last guard: a message, not a traceback
            if os.environ.get("HUDDLE_DEBUG"):
                traceback.print_exc()
            raise UserError(
                tr("internal error: {error}. Run with HUDDLE_DEBUG=1 for details.",
                   error=f"{type(exc).__name__}: {exc}")) from None


def _set_lang(ctx: click.Context, param: click.Parameter, value: str | None) -> str:
    lang = value or default_language()
    set_language(lang)
    ctx.ensure_object(Session).lang = lang
    return lang


@click.group(cls=HuddleGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--lang", type=click.Choice(LANGUAGES), callback=_set_lang, expose_value=False,
              is_eager=True, help="Language of the interface (default: from the locale).")
@workspace_options
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Huddle: projects, standups, the war room and onboarding in one terminal dashboard."""
    if ctx.invoked_subcommand is None:
        from tui.launch import run_app
        run_app(session())


for _name in COMMAND_MODULES:
    importlib.import_module(_name).register(cli)


def main() -> None:
    cli.main(prog_name="huddle")


if __name__ == "__main__":
    sys.exit(main())
