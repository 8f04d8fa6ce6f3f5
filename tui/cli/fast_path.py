"""The command lines `huddle` runs without click (tui/cli/__init__.py `main`).

click and the command modules cost a process ~35 ms before a command starts. The hot
command lines skip them:

- `huddle [--lang L] [--workspace DIR] [--as LOGIN]`: open the app;
- the commands in FAST (`huddle task update …`), declared once in a click-free module
  (tui/cli/declared.py) that the click command is built from too.

`run_fast` returns None — click runs the command line, and says what it says — for anything
else and wherever it is not sure (`--help`, an unknown, repeated or misplaced option, a
NUL or a byte that is not UTF-8 in an argument, a `--lang` that is not a language, the
shell asking for completions). Once it
runs a command it behaves as the click group does around it (tui/cli/group.py): the
language first, output through `visible_output`, failures as one line and the same exit
codes (tui/cli/failures.py), damaged files reported after the command (exit 4).
tests/cli/test_cli_fast_path.py runs both paths on the same command lines and compares.
"""

from __future__ import annotations

import os
import sys
from typing import Callable

from store.core.i18n import LANGUAGES, default_language, set_language
from store.core.text_safety import undecodable

from .declared import WORKSPACE_OPTIONS, Declared, Opt

# click's shell completion answers when this is set (click derives it from the program name)
COMPLETION = "_HUDDLE_COMPLETE"
# the group's own options (group.py `cli`): --lang (a choice), --workspace, --as
GROUP_OPTIONS = (Opt("--lang", "lang"), *WORKSPACE_OPTIONS)


def _task_update() -> tuple[Declared, Callable]:
    from . import task_update
    return task_update.DECLARED, task_update.run


# (group, command) -> its declaration and its click-free run(session, **values)
FAST: dict[tuple[str, str], Callable[[], tuple[Declared, Callable]]] = {
    ("task", "update"): _task_update,
}


def run_fast(argv: list[str], *, end_process: bool = False) -> int | None:
    """Run `argv` (without the program name) and return the exit code, or None for click.
    `end_process` (the `huddle` entry): a command ends the process itself (`_end_now`)."""
    if COMPLETION in os.environ:
        return None  # the shell asks click for completions (`huddle` alone would open the app)
    if any("\x00" in arg or undecodable(arg) for arg in argv):
        return None  # the group's own checks and messages (HuddleGroup.parse_args)
    parsed = _group_options(argv)
    if parsed is None:
        return None
    group, rest = parsed
    if group["lang"] is not None and group["lang"] not in LANGUAGES:
        return None  # click's "invalid choice" message
    if not rest:
        return _run(group, {}, _open_app, end_process)
    found = FAST.get(tuple(rest[:2]))  # type: ignore[arg-type]
    if found is None:
        return None
    declared, run = found()
    values = declared.parse(rest[2:])
    if values is None:
        return None
    return _run(group, values, run, end_process)


def _group_options(argv: list[str]) -> tuple[dict, list[str]] | None:
    """The group's options (before the command's name, as click reads them) and the rest."""
    options = {opt.flag: opt for opt in GROUP_OPTIONS}
    values: dict[str, object] = {}
    at = 0
    while at < len(argv) and argv[at].startswith("-") and argv[at] != "-":
        flag, equals, value = argv[at].partition("=")
        opt = options.get(flag)
        if opt is None or opt.dest in values:
            return None
        if not equals:
            if at + 1 == len(argv) or argv[at + 1].startswith("-"):
                return None
            value = argv[at + 1]
            at += 1
        values[opt.dest] = value
        at += 1
    for opt in GROUP_OPTIONS:
        values.setdefault(opt.dest, None)
    return values, argv[at:]


def _open_app(session) -> None:
    from tui.launch import run_app  # lazy: start-up time
    run_app(session)


def _run(group: dict, values: dict, run: Callable, end_process: bool = False) -> int:
    """Run as the click group would (module docstring). `end_process`: a command (not the
    app) that is over ends the process at once (`_end_now`)."""
    code = _run_in_session(group, values, run)
    if end_process and run is not _open_app:
        _end_now(code)
    return code


def _run_in_session(group: dict, values: dict, run: Callable) -> int:
    from .common import Session
    from .failures import UserError, user_error
    from .safe_output import visible_output

    lang = group["lang"]
    set_language(lang or default_language())  # as the group's eager --lang callback
    session = Session(lang=lang)
    for level in (group, values):  # the command's --workspace and --as win over the group's
        for opt in WORKSPACE_OPTIONS:
            value = level.pop(opt.dest, None)
            if value is not None:
                setattr(session, opt.dest, value)
    with visible_output():
        try:
            run(session, **values)
        except UserError as exc:
            exc.show()
            return exc.exit_code
        except BrokenPipeError:  # a closed pipe (`| head`): click exits quietly
            return 1
        except KeyboardInterrupt:
            sys.stderr.write("Aborted!\n")
            sys.stderr.flush()
            return 1
        except Exception as exc:  # a store error, a file, the last guard
            failure = user_error(exc)
            failure.show()
            return failure.exit_code
        if run is _open_app:
            return 0  # the app shows damaged files in its banner (damage_report.py)
        return _report_damage(session)


def _end_now(code: int) -> None:
    """End the process without the interpreter's clean-up — tearing down every module and a
    last garbage collection over all that was loaded, the shard's records included: 10–20 ms
    of a command that takes 70 — when nothing is left for it to do: the command's writes are
    committed (fsync'd) and its locks go with the process; here the output is flushed, and
    there must be no other thread and no exit handler. Otherwise the process ends as usual."""
    import _thread
    import atexit
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:  # noqa: BLE001 - e.g. a closed pipe: the interpreter says it as always
        return
    # threading is asked only if something imported it (a command need not: its import costs)
    threading = sys.modules.get("threading")
    alone = threading.active_count() == 1 if threading else _thread._count() == 0
    if alone and getattr(atexit, "_ncallbacks", lambda: 1)() == 0:
        os._exit(code)


def _report_damage(session) -> int:
    """0, or 4 after a warning per damaged file the command left out (as ReportsDamage)."""
    found: dict[str, str] = {}
    for ws in session.opened:
        found.update(ws.damage.found())
    if not found:
        return 0
    from .damage_report import EXIT_DAMAGED, warn_damaged  # click: only when a file is damaged
    warn_damaged(dict(sorted(found.items())))
    return EXIT_DAMAGED
