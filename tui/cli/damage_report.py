"""What a command left out because a file is damaged: one warning line per file, exit 4.

The store leaves a damaged shard out of a list and notes it in `ws.damage`
(store/core/damage.py). Every command opens its workspace through `session().open()`,
which keeps it in `Session.opened`; when the command is over, the top-level group
(`ReportsDamage`, the base of `tui.cli.group.HuddleGroup`; the fast path does the same,
tui/cli/fast_path.py `_report_damage`) prints, after the command's own output, on stderr:

    huddle: warning: skipped /srv/huddle/project-3.json: it is corrupt (…); run `huddle check`

and exits with EXIT_DAMAGED (4) instead of 0 — also instead of `remind
--fail-on-overdue`'s 3, since an answer with a part missing matters more to cron than
"something is overdue". A command that fails (exit 1 or 2) shows its error alone.
Opening the app (no subcommand) reports nothing here: the app has its banner.
"""

from __future__ import annotations

import click

from store.core.i18n import tr

EXIT_DAMAGED = 4
REPLACEABLE_CODES = (0, 3)  # success, and `remind --fail-on-overdue`'s "something is overdue"
_PATH_LIMIT = 1000


def damaged_files(ctx: click.Context) -> dict[str, str]:
    """path -> reason, over every workspace the command opened."""
    found: dict[str, str] = {}
    for ws in getattr(ctx.obj, "opened", ()):
        found.update(ws.damage.found())
    return dict(sorted(found.items()))


def warn_damaged(found: dict[str, str]) -> None:
    from .tmux_notify import plain_line  # no control characters reach the terminal
    for path, reason in found.items():
        click.echo("huddle: " + plain_line(
            tr("warning: skipped {path}: {reason}; run `huddle check`",
               path=path, reason=reason), _PATH_LIMIT), err=True)


class ReportsDamage(click.Group):
    """A group that reports the damaged files its subcommand left out (module docstring)."""

    def invoke(self, ctx: click.Context):
        try:
            result = super().invoke(ctx)
        except click.exceptions.Exit as done:
            self._report(ctx, done.exit_code)
            raise
        except SystemExit as done:
            self._report(ctx, done.code if isinstance(done.code, int) else 1)
            raise
        self._report(ctx, 0)
        return result

    def _report(self, ctx: click.Context, code: int) -> None:
        if ctx.invoked_subcommand is None:
            return  # the app
        found = damaged_files(ctx)
        if not found:
            return
        warn_damaged(found)
        if code in REPLACEABLE_CODES:
            raise click.exceptions.Exit(EXIT_DAMAGED)
