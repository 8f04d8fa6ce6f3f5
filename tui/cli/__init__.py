"""`huddle`: opens the app, or runs a subcommand on the same store.

`main` first offers the command line to the fast path (tui/cli/fast_path.py), which runs the
hot commands — opening the app, `huddle task update` — without importing click or any other
command's module; whatever it is not sure of (`--help`, an unknown option, any doubt) goes
to the click group (tui/cli/group.py), which has every command. docs/architecture.md,
"Speed of the command line", says how to keep a command fast.

`cli` (the click group), `HuddleGroup`, `COMMAND_MODULES` and `COMMAND_INDEX` are
tui.cli.group's, imported from here when first asked for.
"""

from __future__ import annotations

import gc
import sys

_FROM_GROUP = ("cli", "HuddleGroup", "COMMAND_MODULES", "COMMAND_INDEX")


def __getattr__(name: str):
    if name in _FROM_GROUP:  # lazy: click and the group only when a command needs them
        from . import group
        return getattr(group, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    # A command lives for a fraction of a second and the app's start-up makes objects that
    # live as long as the app: the cyclic collector has nothing to find meanwhile, only work
    # to do. The app turns it back on once its first screen is up (tui/app.py).
    gc.disable()
    if sys.stdout is None:  # started with `>&-`: refuse before changing anything, not after
        if sys.stderr is not None:
            sys.stderr.write("huddle: standard output is closed; nothing was done\n")
        sys.exit(1)
    from .fast_path import run_fast
    code = run_fast(sys.argv[1:], end_process=True)
    if code is not None:
        sys.exit(code)
    from .group import cli
    cli.main(prog_name="huddle")
