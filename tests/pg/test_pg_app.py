"""The app on a database workspace (Pilot): the header names the database (never its
password) and the member (the database role), a write from another connection shows without
a key pressed, and a lost connection does not stop the app."""

from __future__ import annotations

import asyncio

import pytest

from store.projects.project import create_project
from tui.app import make_app
from tui.widgets.header import HuddleHeader

pytestmark = pytest.mark.usefixtures("backend")
SIZE = (120, 36)


async def test_the_app_runs_on_the_database_and_survives_a_lost_connection(
        workspace, pg_cluster, pg_database):
    app = make_app(workspace, poll_interval=0.1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        header = app.screen.query_one(HuddleHeader)
        assert header.part("path").startswith("host=") and f"dbname={pg_database}" in \
            header.part("path")
        assert "root" in header.part("user")
        with pg_cluster.connect("postgres") as conn:  # the server drops every connection
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                         "WHERE datname = %s AND usename = 'root'", (pg_database,))
        await asyncio.sleep(0.3)  # polls on the lost connection: no crash
        await pilot.pause()
        assert app.is_running
        other = type(workspace)(workspace.location, workspace.clock)  # another connection
        create_project(other, "从数据库来的", pm="alice", initiator_dept="Product",
                       lead_dept="Engineering", goal="g", due="2024-12-31")
        await pilot.press("f2")  # the projects
        for _ in range(50):
            await asyncio.sleep(0.05)
            table = app.screen.table
            if any("从数据库来的" in str(table.get_row_at(i)) for i in range(table.row_count)):
                break
        else:
            raise AssertionError("the project written on another connection never showed")
        other.close()


def test_the_header_never_shows_a_password():
    from store.postgres.workspace import Location
    shown = Location("postgresql://bob:s3cret@db.example/huddle")
    assert str(shown) == "postgresql://bob:***@db.example/huddle"
    assert shown.location.endswith("s3cret@db.example/huddle")
    assert str(Location("host=db password='a b' dbname=x")) == "host=db password=*** dbname=x"
