"""Fixtures for the PostgreSQL tests (a throw-away cluster: tests/pgkit.py, tests/conftest.py).

- `backend` is "postgres" here: the shared `workspace` fixture (and `run`'s workspace) is a
  fresh database with the Huddle schema, initialised as in tests/conftest.py by the OS account's
  role (root: an admin), with the roles alice, bob, chen, carol, dave and stranger able to log in.
- `psql(dbname, user, sql)`: run SQL as a member would, with `psql`, and get the result.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest


@pytest.fixture
def backend() -> str:
    return "postgres"


@pytest.fixture
def url(workspace, pg_cluster, pg_database) -> str:
    """The conninfo of the initialised test database, as the OS account's role."""
    return pg_cluster.url(pg_database)


@pytest.fixture
def psql(pg_cluster):
    if shutil.which("psql") is None:
        pytest.skip("the trust tests need psql (Debian's postgresql-client)")

    def run(dbname: str, user: str, statement: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
             pg_cluster.url(dbname, user), "-c", statement],
            capture_output=True, text=True, timeout=30)
    return run


@pytest.fixture
def run(clock):
    """`huddle ARGS --workspace ws` in-process (as tests/cli/conftest.py), `ws` a conninfo."""
    from click.testing import CliRunner

    from store.core.clock import to_iso
    from tui.cli import cli
    runner = CliRunner()

    def invoke(*args: object, ws: str, env: dict | None = None):
        argv = [str(a) for a in args] + ["--workspace", ws]
        return runner.invoke(cli, argv, env={"LC_ALL": "C.UTF-8", "HUDDLE_WORKSPACE": None,
                                             "HUDDLE_DEBUG": None,
                                             "HUDDLE_NOW": to_iso(clock.now()), **(env or {})})
    return invoke
