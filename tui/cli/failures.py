"""How a command's failure reaches the user: one line on stderr, `huddle: …`, exit code 1
(2 for usage), never a traceback — the same for click's path (tui/cli/group.py) and the fast
path (tui/cli/fast_path.py), which is why these classes do not derive from click's: the
fast path runs without importing click. `HuddleGroup.main` shows them for click."""

from __future__ import annotations

import os
import sys

from store.core.errors import StoreError
from store.core.i18n import tr
from store.core.text_safety import visible


class UserError(Exception):
    """A message for the user on stderr, exit code 1."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def format_message(self) -> str:
        return self.message

    def show(self, file=None) -> None:
        # stderr escapes too (tui/cli/safe_output.py); this holds when called outside a command
        stream = file or sys.stderr
        stream.write(f"huddle: {visible(self.format_message())}\n")
        stream.flush()


class UsageProblem(UserError):
    """Like UserError, for a command that cannot run as it was called: exit code 2."""

    exit_code = 2


def user_error(exc: Exception) -> UserError:
    """What the user reads when a command ends on `exc` (not click's own exceptions, an exit,
    a closed pipe or Ctrl-C, which each path handles as click does)."""
    if isinstance(exc, UserError):
        return exc
    if isinstance(exc, StoreError):
        return UserError(str(exc))
    if isinstance(exc, OSError):  # a file named on the command line (an export, an import)
        reason = exc.strerror or str(exc)
        if exc.filename is None:  # a write to a file already open: the commands name
            # their files themselves (common.write_file); this is the last guard
            return UserError(tr("A file could not be used: {reason}", reason=reason))
        return UserError(tr("Cannot use {path}: {reason}", path=str(exc.filename),
                            reason=reason))
    # the last guard: a message, not a traceback
    if os.environ.get("HUDDLE_DEBUG"):
        import traceback
        traceback.print_exc()
    return UserError(tr("internal error: {error}. Run with HUDDLE_DEBUG=1 for details.",
                        error=f"{type(exc).__name__}: {exc}"))
