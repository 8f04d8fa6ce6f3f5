"""Shared fixtures for every test layer (store, app, command line).

- Every test starts and ends in English (`set_language("en")`, autouse); a test that
  needs Chinese switches itself. Likewise every test starts with the store reading as a
  command does (`_as_a_command`): an app built by an earlier test (`make_app`) switched the
  process to keeping what it reads compact.
- `demo`: a copy of the pinned demo workspace of tests/huddle_scenes.py (the one the
  snapshots, the layout checks and the README screenshots show), built once per module,
  with the machine pinned (clock, user, `who`) while the test runs.
- `clock`: a `FixedClock` at Monday 2024-09-02 10:00 Asia/Shanghai (02:00 UTC);
  move it with `clock.set(...)` / `clock.advance(hours=2)`.
- `workspace`: a fresh workspace in a group-writable (0o770) temp folder, opened
  with `clock`, made for a pinned clock (so `HUDDLE_NOW` is honoured on it, as on
  `huddle init --pinned-clock`), initialised by the calling OS user (an admin, named "Admin"),
  timezone Asia/Shanghai, with two departments and three members:

      department  head   members
      Product     alice  alice "Alice Wang", chen "陈静"
      Engineering bob    bob "Bob Li"

  `ws.actor` is the OS account (`ws.actor.login == ADMIN`). Use
  `ws.acting_as("alice")` to act as a member.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from store.core.clock import FixedClock
from store.core.i18n import set_language
from store.core.identity import os_login
from store.people.members import add_department, add_member, init_workspace, set_department_head
from store.people.settings import update_settings
from store.core.workspace import Workspace

NOW = "2024-09-02T02:00:00+00:00"  # Monday 10:00 in Asia/Shanghai
TIMEZONE = "Asia/Shanghai"
ADMIN = os_login()
MEMBERS = {  # login -> (display name, department)
    "alice": ("Alice Wang", "Product"),
    "bob": ("Bob Li", "Engineering"),
    "chen": ("陈静", "Product"),
}
DEPARTMENTS = {"Product": "alice", "Engineering": "bob"}


@pytest.fixture(autouse=True)
def _english():
    set_language("en")
    yield
    set_language("en")


@pytest.fixture(autouse=True)
def _as_a_command(monkeypatch):
    from store.core import lazy_table, shard_heads
    monkeypatch.setattr(lazy_table, "_PACKING", [False])
    monkeypatch.setattr(shard_heads, "_COMPACTING", [False])


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def workspace_dir(tmp_path: Path) -> Path:
    """An empty, group-writable workspace folder (not initialised)."""
    folder = tmp_path / "ws"
    folder.mkdir()
    os.chmod(folder, 0o770)
    return folder


@pytest.fixture
def workspace(request, workspace_dir: Path, clock: FixedClock) -> Workspace:
    """The folder workspace; on PostgreSQL when the test's `backend` says so."""
    if "backend" in request.fixturenames and request.getfixturevalue("backend") == "postgres":
        cluster = request.getfixturevalue("pg_cluster")
        ws = open_pg_workspace(cluster, request.getfixturevalue("pg_database"), clock)
        request.addfinalizer(ws.close)
    else:
        ws = Workspace.open(workspace_dir, clock=clock)
    # the CLI tests pin the clock with HUDDLE_NOW; pages in English whatever the locale
    init_workspace(ws, name="Admin", pinned_clock=True, language="en")
    update_settings(ws, timezone=TIMEZONE)
    for dept in DEPARTMENTS:
        add_department(ws, dept)
    for login, (name, dept) in MEMBERS.items():
        add_member(ws, login, name, dept)
    for dept, head in DEPARTMENTS.items():
        set_department_head(ws, dept, head)
    return ws


@pytest.fixture(scope="session")
def pg_cluster():
    """A throw-away PostgreSQL cluster for the session (tests/pgkit.py); skips with the reason
    when none can be started here (not root, no server binaries, no psycopg)."""
    import pgkit
    reason = pgkit.unavailable()
    if reason and os.environ.get("HUDDLE_TEST_POSTGRES") == "required":  # CI (.ci/run)
        pytest.fail(f"PostgreSQL is required here: {reason}", pytrace=False)
    if reason:
        pytest.skip(reason)
    cluster = pgkit.Cluster()
    try:
        cluster.start()
    except BaseException:
        cluster.stop()
        raise
    yield cluster
    cluster.stop()


@pytest.fixture
def pg_database(pg_cluster):
    """A fresh database with the Huddle schema (a copy of the cluster's template); its name."""
    name = pg_cluster.new_database()
    yield name
    pg_cluster.drop_database(name)


def open_pg_workspace(pg_cluster, dbname: str, clock: FixedClock, user: str | None = None):
    from store.core.locate import open_workspace
    return open_workspace(pg_cluster.url(dbname, user), clock=clock)


def pytest_collection_modifyitems(config, items):
    """A test of a module on both backends that never opens the `workspace` fixture runs
    once: its PostgreSQL copy would test the folder again."""
    kept, dropped = [], []
    for item in items:
        on_database = getattr(item, "callspec", None) and \
            item.callspec.params.get("backend") == "postgres"
        (dropped if on_database and "workspace" not in item.fixturenames else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
    # the longest files first, so that with `--dist loadfile` their minute runs beside the
    # rest instead of after it (stable: every other test keeps its order)
    def rank(item) -> int:
        path = item.nodeid.split("::")[0]
        return LONG_FIRST.index(path) if path in LONG_FIRST else len(LONG_FIRST)
    kept.sort(key=rank)
    items[:] = kept


# the longest first (`--durations=0`, per file; the multi-process ones take the same minute
# on a busy machine, the others stretch with it)
LONG_FIRST = ("tests/reliability/test_forms_hostile.py", "tests/ui_i18n/test_layout.py",
              "tests/reliability/test_many_processes.py", "tests/ui_i18n/test_no_english.py",
              "tests/store/test_store_crash.py", "tests/reliability/test_bench_quick.py",
              "tests/store/test_store_concurrency.py", "tests/project_app/test_flow.py",
              "tests/snapshots/test_snapshots.py")


@pytest.fixture(params=["folder", "postgres"])
def backend(request) -> str:
    """Which backend the `workspace` fixture is on. A test module runs on both with
    `pytestmark = pytest.mark.usefixtures("backend")`; without it, on the folder only."""
    return request.param


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory) -> Path:
    from huddle_scenes import (
        build_demo,  # the app's modules: only for the tests that ask
    )
    folder = tmp_path_factory.mktemp("demo") / "template"
    build_demo(folder)
    return folder


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path):
    from huddle_scenes import copy_demo, pinned_machine
    with pinned_machine():
        yield copy_demo(demo_template, tmp_path / "ws")
    set_language("en")
