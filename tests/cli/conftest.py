"""Command-line fixtures: `huddle` run in-process with click's CliRunner.

`run("task", "list", "--json")` invokes the CLI on the shared `workspace_dir` (on
PostgreSQL, in a module marked `usefixtures("backend")`, on the `workspace` fixture's database)
(`ws=None` leaves --workspace out) with HUDDLE_NOW pinned to the shared `clock`
(Monday 2024-09-02 10:00 Asia/Shanghai) and an English locale. The result has `.exit_code`, `.stdout`
and `.stderr`. `run_json(...)` also checks exit 0 and parses stdout.
"""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from store.core.clock import to_iso
from tui.cli import cli

ENV = {"LC_ALL": "C.UTF-8", "HUDDLE_WORKSPACE": None, "HUDDLE_DEBUG": None}


@pytest.fixture
def run(request, workspace_dir: Path, clock):
    runner = CliRunner()
    on_database = ("backend" in request.fixturenames
                   and request.getfixturevalue("backend") == "postgres")

    def invoke(*args: object, ws: Path | None | str = "default", env: dict | None = None,
               group: tuple = ()):
        argv = [str(a) for a in group] + [str(a) for a in args]
        if ws == "default":  # on PostgreSQL: the `workspace` fixture's database
            ws = request.getfixturevalue("workspace").location if on_database else workspace_dir
        if ws is not None:
            argv += ["--workspace", str(ws)]
        return runner.invoke(cli, argv, env={**ENV, "HUDDLE_NOW": to_iso(clock.now()),
                                                 **(env or {})})

    return invoke


@pytest.fixture
def run_json(run):
    def invoke(*args: object, **kw):
        result = run(*args, "--json", **kw)
        assert result.exit_code == 0, result.stderr
        return orjson.loads(result.stdout)
    return invoke
