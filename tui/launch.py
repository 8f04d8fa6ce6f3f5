"""Open the app for the command line: `huddle [--workspace DIR] [--lang en|zh] [--as LOGIN]`."""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager

from store.core.i18n import tr


def run_app(session) -> None:
    """Open the session's workspace (errors surface as StoreError for the CLI) and run the app.

    The language: `--lang`, else the user's saved preference, else the locale's. The keys:
    Huddle's, remapped by the user's keymap.toml (tui/keymap.py)."""
    # lazy: start-up time (textual is imported only when the app really opens)
    from .app import make_app
    from .keymap_file import keymap_path
    from .language import choose_language

    ws = session.open(sweep=False)  # the change feed's thread sweeps, after the first paint
    app = make_app(ws, lang=choose_language(session.lang, ws), keymap_file=keymap_path())
    with screen_on_the_terminal():
        app.run()


@contextmanager
def screen_on_the_terminal(err_fd: int = 2, out_fd: int = 1):
    """Textual draws on standard error (its Linux driver writes to sys.__stderr__), so
    `huddle 2>log` would paint the screen into the file and leave the terminal blank. When
    standard error is not a terminal but standard output (or /dev/tty) is, say so once on the
    terminal and point standard error at it while the app runs; the file gets it back after."""
    if os.isatty(err_fd):
        yield None
        return
    tty_fd, opened = _terminal(out_fd)
    if tty_fd is None:  # no terminal at all (a script, a test): nothing to draw on anyway
        yield None
        return
    os.write(tty_fd, (tr("huddle: standard error is redirected; the app draws on the terminal "
                         "instead, and the file gets what comes after it.") + "\r\n").encode())
    saved = os.dup(err_fd)
    _flush()
    os.dup2(tty_fd, err_fd)
    try:
        yield tty_fd
    finally:
        _flush()
        os.dup2(saved, err_fd)
        os.close(saved)
        if opened:
            os.close(tty_fd)


def _terminal(out_fd: int) -> tuple[int | None, bool]:
    if os.isatty(out_fd):
        return out_fd, False
    try:
        return os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY), True
    except OSError:
        return None, False


def _flush() -> None:
    for stream in (sys.__stderr__, sys.stderr):
        try:
            stream.flush()
        except (AttributeError, ValueError, OSError):
            pass
