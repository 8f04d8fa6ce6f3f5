"""Every command-line command fed hostile strings: a clear error or a plain result, never a
traceback, and the workspace unchanged whenever the command failed.

The commands are enumerated from click's command tree (`tui.cli.cli`), so a new command is
covered without editing this file. Each runs in-process (CliRunner) on a copy of the demo
workspace, twice per hostile string: once with every argument and option hostile, once with
the arguments naming records (ids, logins) valid, so the hostile text reaches the store.
"""

from __future__ import annotations

import importlib
import os
import re
import tempfile

import click
import pytest
from click.testing import CliRunner
from rel_helpers import HOSTILE, NOW, shard_bytes

from store.core.workspace import Workspace
from tui.cli import COMMAND_INDEX, COMMAND_MODULES, cli

ENV = {"LC_ALL": "C.UTF-8", "HUDDLE_WORKSPACE": None, "HUDDLE_DEBUG": None, "HUDDLE_NOW": NOW,
       "TMUX": None}
# what must never reach a terminal raw: C0 but tab and newline, DEL, C1, bidi controls
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
SKIP_OPTIONS = {"workspace", "as_login"}  # given by the test itself
# Flags that would leave the command line: never set (the app, tmux).
NEVER = {"open_app", "notify_tmux"}


def leaf_commands() -> list[tuple[str, ...]]:
    found = []

    def walk(cmd: click.Command, path: tuple[str, ...]) -> None:
        if isinstance(cmd, click.Group):
            for name, sub in sorted(cmd.commands.items()):
                walk(sub, path + (name,))
        else:
            found.append(path)
    walk(cli, ())
    return found


COMMANDS = leaf_commands()


def command(path: tuple[str, ...]) -> click.Command:
    cmd: click.Command = cli
    for name in path:
        cmd = cmd.commands[name]  # type: ignore[attr-defined]
    return cmd


def valid_ids(folder) -> dict[str, str]:
    """Record ids of the demo workspace, by the name commands give their argument."""
    from store.customers import requests as customers
    from store.projects import deliverables, delays, issues as project_issues, resources
    from store.warroom import incidents
    from store.kb import entries as kb
    from store.onboarding import checklists as onboarding
    from store.meetings.minutes import list_minutes
    ws = Workspace.open(folder)

    def first(rows, key="id", default="1"):
        return str(rows[0][key]) if rows else default

    ids = {"project_id": "1", "task_id": "1-1", "incident_id": "INC-1", "event_no": "1",
           "issue_id": first(project_issues.list_issues(ws)),
           "delay_id": first(delays.list_delays(ws)),
           "resource_id": first(resources.list_resources(ws)),
           "deliverable_id": first(deliverables.list_deliverables(ws)),
           "request_id": first(customers.list_requests(ws)) if hasattr(customers, "list_requests")
           else "1",
           "entry_id": first(kb.list_entries(ws)), "key": first(onboarding.list_hires(ws)),
           "login": "zhangwei", "name": "engineer", "step": "1", "number": "1",
           "action_id": f"{first(list_minutes(ws))}.1"}
    del incidents
    return ids


def argv(path: tuple[str, ...], value: str, ids: dict[str, str] | None) -> list[str]:
    """The command line for `path` with `value` in every argument and option (with `ids`: the
    arguments naming records get a valid id instead, choices their first choice)."""
    args: list[str] = list(path)
    for param in command(path).params:
        if param.name in SKIP_OPTIONS or param.name in NEVER:
            continue
        if isinstance(param, click.Option) and (param.is_flag or param.count):
            continue
        if ids is not None and param.name in ids:
            text = ids[param.name]
        elif ids is not None and isinstance(param.type, click.Choice):
            text = str(param.type.choices[0])
        elif ids is not None and isinstance(param.type, (click.types.IntParamType,
                                                        click.types.IntRange)):
            text = "1"
        else:
            text = value
        if isinstance(param, click.Argument):
            args += [text] * (1 if param.nargs == 1 else 2)
        else:
            args += [param.opts[0], text]
    return args


def run(folder, args: list[str]):
    here = os.getcwd()
    with tempfile.TemporaryDirectory() as scratch:  # exports write their files here
        os.chdir(scratch)
        try:
            return CliRunner().invoke(cli, [*args, "--workspace", str(folder)], env=ENV)
        finally:
            os.chdir(here)


def check(result, folder, before: dict[str, bytes], what: str) -> None:
    assert result.exit_code in (0, 1, 2), (what, result.exit_code, result.output[-2000:])
    assert "Traceback" not in result.output, (what, result.output[-3000:])
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        (what, repr(result.exception))
    assert "internal error" not in result.output, (what, result.output[-2000:])
    for stream in (result.stdout, result.stderr):  # tui/cli/safe_output.py
        raw = RAW_CONTROL.search(stream)
        assert raw is None, (what, f"{raw.group()!r} reached the terminal", stream[-500:])
    if result.exit_code == 1:
        assert result.stderr.startswith("huddle: "), (what, result.stderr[:500])
    if result.exit_code != 0:
        assert shard_bytes(folder) == before, (what, "the workspace changed on an error",
                                               result.output[-1000:])


@pytest.mark.parametrize("path", COMMANDS, ids=[" ".join(p) for p in COMMANDS])
def test_command_fed_hostile_strings(path, demo_dir):
    ids = valid_ids(demo_dir)
    for mode in ("hostile ids", "valid ids"):
        # with hostile ids the command stops at the first argument; with valid ones every
        # hostile string reaches the store
        values = HOSTILE if mode == "valid ids" else {"control": HOSTILE["control"]}
        for name, value in values.items():
            args = argv(path, value, ids if mode == "valid ids" else None)
            before = shard_bytes(demo_dir)
            result = run(demo_dir, args)
            check(result, demo_dir, before, f"{' '.join(path)} [{mode}: {name}]")


def test_every_command_is_covered():
    assert len(COMMANDS) >= 100
    assert {p[0] for p in COMMANDS} >= {"task", "project", "incident", "onboarding", "kb",
                                        "delay", "customer", "standup", "remind"}


def test_command_index_names_every_module_a_command_comes_from():
    """tui.cli loads a command's modules only (COMMAND_INDEX): the index must be complete, or
    a subcommand added by another module would be missing on the fast path."""
    found: dict[str, set[str]] = {}

    def walk(cmd: click.Command, top: str | None) -> None:
        if isinstance(cmd, click.Group):
            for name, sub in cmd.commands.items():
                walk(sub, top or name)
        elif top is not None:
            found.setdefault(top, set()).add(cmd.callback.__module__.rsplit(".", 1)[-1])
    walk(cli, None)
    assert set(found) == set(COMMAND_INDEX), "COMMAND_INDEX lists other top-level commands"
    for top, modules in found.items():
        assert modules <= set(COMMAND_INDEX[top]), (top, modules, COMMAND_INDEX[top])
    assert {f"tui.cli.{m}" for ms in COMMAND_INDEX.values() for m in ms} <= set(COMMAND_MODULES)
    for module in COMMAND_MODULES:
        importlib.import_module(module)


def test_task_update_loads_only_its_modules(tmp_path):
    """`huddle task update` imports neither textual nor the other commands' modules."""
    import subprocess
    import sys

    from pathlib import Path
    repo = Path(__file__).resolve().parents[2]
    code = ("import sys; from tui.cli import cli; cli.get_command(None, 'task'); "
            "print(sorted(m for m in sys.modules if m.startswith(('textual', 'tui.cli.'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=str(repo), check=True).stdout
    assert "textual" not in out and "incident_cmds" not in out, out
    assert "task_cmds" in out and "flow_cmds" in out
