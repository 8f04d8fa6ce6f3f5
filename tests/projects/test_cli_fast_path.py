"""The fast path (tui/cli/fast_path.py) and the click group give the same answer.

Each command line runs twice as a real process on the same workspace, restored between the
two: once through `huddle`'s entry (`tui.cli.main`: the fast path, or click where it gives
up) and once through the click group alone. Output, errors and exit codes must be equal,
and the command lines the fast path is meant to take must import neither click nor any
command module (`*_cmds`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from store.core.clock import to_iso
from store.core.workspace import Workspace
from tui.cli import cli
from tui.cli.declared import WORKSPACE_OPTIONS
from tui.cli.fast_path import FAST, GROUP_OPTIONS, run_fast

from .conftest import FixedClock, local, make_org, new_project, start_project

REPO = Path(__file__).resolve().parents[2]
ENTRY = """
import os, sys
flag, real_exit = sys.argv.pop(1), os._exit

def record(how):
    with open(flag, "w") as out:
        out.write(f"{how} {any(m == 'click' or m.endswith('_cmds') for m in sys.modules)}")

def end_now(code):  # the fast path ends a command with os._exit (fast_path._end_now)
    record("os._exit")
    real_exit(code)

os._exit = end_now
from tui.cli import main
try:
    main()
finally:
    record("exit")
"""
CLICK = "import sys\nfrom tui.cli.group import cli\ncli.main(sys.argv[1:], prog_name='huddle')"
MORNING, EVENING = local("2026-11-16 09:00"), local("2026-11-16 18:30")


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> tuple[Path, str]:
    """A project in progress; task 1 is zhao's."""
    folder = tmp_path_factory.mktemp("fast") / "template"
    folder.mkdir()
    os.chmod(folder, 0o770)
    ws = make_org(Workspace.open(folder, clock=FixedClock(MORNING)))
    made = start_project(ws, new_project(ws))
    return folder, made[0]["id"]


def run_both(template: Path, folder: Path, argv: list[str], now=MORNING):
    """(entry result, click result, (how the entry ended, whether it imported click or a
    command module))."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("HUDDLE_WORKSPACE", "HUDDLE_DEBUG", "HUDDLE_NOW")}
    env.update(LC_ALL="C.UTF-8", HUDDLE_NOW=now if isinstance(now, str) else to_iso(now))
    results = []
    flag = folder.parent / "click-imported"
    for code, extra in ((ENTRY, [str(flag)]), (CLICK, [])):
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(template, folder)
        done = subprocess.run([sys.executable, "-c", code, *extra, *argv], cwd=str(REPO),
                              env=env, capture_output=True, text=True, timeout=60)
        results.append((done.returncode, done.stdout, done.stderr))
    how, imported = flag.read_text().split()
    return results[0], results[1], (how, imported == "True")


FAST_LINES = [  # (argv with WS for the folder and TASK for zhao's task, now)
    (["task", "update", "TASK", "--progress", "50", "--done", "初稿", "--as", "zhao",
      "--workspace", "WS"], MORNING),
    (["--workspace", "WS", "--as", "qian", "task", "update", "TASK", "--progress=60", "--json",
      "--as", "zhao"], MORNING),  # the command's --as wins over the group's
    (["--lang", "zh", "--workspace", "WS", "task", "update", "--as", "zhao", "TASK",
      "--progress", "100", "--problem", "无", "--next", "联调", "--help-from", "qian"], MORNING),
    (["task", "update", "TASK", "--progress", "40", "--as", "zhao", "--workspace=WS"],
     EVENING),  # late: after the 17:00 deadline
    (["task", "update", "TASK", "--progress", "40", "--as", "qian", "--workspace", "WS"],
     MORNING),  # not the owner: exit 1
    (["task", "update", "TASK", "--progress", "120", "--as", "zhao", "--workspace", "WS"],
     MORNING),  # out of range
    (["task", "update", "TASK", "--progress", "5", "--help-from", "nobody", "--as", "zhao",
      "--workspace", "WS"], MORNING),
    (["task", "update", "1-99", "--progress", "5", "--as", "zhao", "--workspace", "WS"],
     MORNING),  # no such task
    (["task", "update", "1-1", "--progress", "5", "--workspace", "WS/missing"], MORNING),
    (["--workspace", "WS/missing"], MORNING),  # the app: no workspace there
    (["--lang", "zh", "--workspace", "WS/missing"], MORNING),
]
CLICK_LINES = [  # the fast path gives up: click answers
    ["task", "update", "TASK", "--as", "zhao", "--workspace", "WS"],  # --progress missing
    ["task", "update", "TASK", "--progress", "5", "--help"],
    ["task", "update", "--help"],
    ["--help"],
    ["task", "update", "TASK", "--progress", "5", "--bogus", "--workspace", "WS"],
    ["task", "update", "TASK", "--progress", "5", "--done", "a", "--done", "b", "--as", "zhao",
     "--workspace", "WS"],
    ["task", "update", "TASK", "--progress", "5", "--done", "-x", "--as", "zhao",
     "--workspace", "WS"],
    ["task", "update", "TASK", "extra", "--progress", "5", "--workspace", "WS"],
    ["task", "update", "TASK", "--progress", "5", "--json=yes", "--workspace", "WS"],
    ["task", "update", "--", "TASK", "--progress", "5", "--workspace", "WS"],
    ["--lang", "xx", "task", "update", "TASK", "--progress", "5"],
    ["--workspace"],
    ["task", "--workspace", "WS", "update", "TASK", "--progress", "5"],
    ["task", "list", "--workspace", "WS"],
]


def _argv(argv: list[str], folder: Path, task: str) -> list[str]:
    return [a.replace("WS", str(folder)).replace("TASK", task) for a in argv]


@pytest.mark.parametrize("argv,now", FAST_LINES, ids=range(len(FAST_LINES)))
def test_fast_lines_answer_as_click_without_click(template, tmp_path, argv, now):
    source, task = template
    folder = tmp_path / "ws"
    fast, slow, (how, imported_click) = run_both(source, folder, _argv(argv, folder, task), now)
    assert fast == slow
    assert "Traceback" not in fast[2]
    assert not imported_click, "the fast path imported click or a *_cmds module"
    assert how == ("os._exit" if "task" in argv else "exit")  # the app ends as usual


@pytest.mark.parametrize("argv", CLICK_LINES, ids=range(len(CLICK_LINES)))
def test_other_lines_go_to_click(template, tmp_path, argv):
    source, task = template
    folder = tmp_path / "ws"
    fast, slow, (how, imported_click) = run_both(source, folder, _argv(argv, folder, task))
    assert fast == slow
    assert imported_click and how == "exit"


def test_outcomes_are_what_the_user_expects(template, tmp_path):
    """A sanity check on a few of the answers compared above (equal is not enough)."""
    source, task = template
    folder = tmp_path / "ws"
    fast, _, _ = run_both(source, folder, _argv(FAST_LINES[0][0], folder, task))
    assert fast[0] == 0 and fast[1].startswith(f"Recorded 50% on task {task}")
    late, _, _ = run_both(source, folder, _argv(FAST_LINES[3][0], folder, task), EVENING)
    assert "(late: due 2026-11-16 17:00" in late[1]
    denied, _, _ = run_both(source, folder, _argv(FAST_LINES[4][0], folder, task))
    assert denied[0] == 1 and denied[2].startswith("huddle: Only the task's owner (zhao)")
    usage, _, _ = run_both(source, folder, _argv(CLICK_LINES[0], folder, task))
    assert usage[0] == 2 and "Missing option '--progress'" in usage[2]


def test_a_bad_pinned_clock_is_a_usage_error_on_both_paths(template, tmp_path):
    source, task = template
    folder = tmp_path / "ws"
    argv = _argv(FAST_LINES[0][0], folder, task)
    fast, slow, (_, imported_click) = run_both(source, folder, argv, now="x")
    assert fast == slow and fast[0] == 2 and "HUDDLE_NOW='x' is not a time" in fast[2]
    assert not imported_click


def test_the_app_opens_with_the_same_session(monkeypatch, tmp_path):
    """`huddle [--lang] [--workspace] [--as]`: the app gets the session click would give it."""
    import tui.launch
    opened = []
    monkeypatch.setattr(tui.launch, "run_app", lambda session: opened.append(
        (session.workspace, session.as_login, session.lang)))
    for argv in ([], ["--lang", "zh"], ["--workspace", str(tmp_path), "--as", "zhao"],
                 ["--as=", "--lang=en", "--workspace", "w"]):
        assert run_fast(list(argv)) == 0
        result = CliRunner().invoke(cli, list(argv))
        assert result.exit_code == 0, result.output
        assert opened[-1] == opened[-2], argv


def test_shell_completion_is_left_to_click(monkeypatch):
    """With click's completion variable set, `huddle` alone must not open the app."""
    from tui.cli.fast_path import COMPLETION
    monkeypatch.setenv(COMPLETION, "bash_source")
    assert run_fast([]) is None
    assert run_fast(["task", "update", "1-1", "--progress", "5"]) is None


def test_the_declarations_match_the_click_commands():
    """The fast path's names for the group's options and the commands' are click's."""
    def options(command: click.Command) -> dict[str, tuple]:
        return {p.opts[0]: (p.name, p.is_flag, p.multiple, p.required) for p in command.params
                if isinstance(p, click.Option) and p.opts[0] != "--help"}

    assert options(cli) == {o.flag: (o.dest, o.is_flag, False, o.required)
                            for o in GROUP_OPTIONS}
    for (group, name), found in FAST.items():
        declared, _ = found()
        assert declared.path == (group, name)
        command = cli.get_command(None, group).get_command(None, name)
        assert options(command) == {o.flag: (o.dest, o.is_flag, False, o.required)
                                    for o in (*declared.options, *WORKSPACE_OPTIONS)}
        arguments = [p.name for p in command.params if isinstance(p, click.Argument)]
        assert arguments == [a.name for a in declared.arguments]


def test_damaged_files_are_reported_after_a_fast_command(template, tmp_path, capsys):
    """As ReportsDamage does for click: a warning per file the command left out, exit 4."""
    from tui.cli import fast_path
    folder = tmp_path / "ws"
    shutil.copytree(template[0], folder)
    damaged = str(folder / "project-9.json")

    def run(session):
        session.open().damage.note("project-9", damaged, "it is corrupt")

    group = {"lang": None, "workspace": str(folder), "as_login": None}
    assert fast_path._run(group, {}, run) == 4
    assert capsys.readouterr().err == (f"huddle: warning: skipped {damaged}: it is corrupt; "
                                       "run `huddle check`\n")
