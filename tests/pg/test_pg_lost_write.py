"""A connection lost in the middle of a command's write (issue 13, bad input): one line
naming what failed, exit 1, and nothing of the write saved — a new project is its index
entry and its own shard, written in one transaction, so a lost commit leaves neither."""

from __future__ import annotations

import pytest

from store.postgres import transaction as pg_transaction

pytestmark = pytest.mark.usefixtures("backend")

ADD = ("project", "add", "失联时新建", "--pm", "alice", "--initiator-dept", "Product",
       "--lead-dept", "Engineering", "--goal", "g", "--due", "2024-09-30")


def _rows(pg_cluster, dbname: str) -> list:
    """Every row the workspace has in the database, as the superuser sees them."""
    with pg_cluster.connect(dbname) as conn:
        return [conn.execute(f"SELECT * FROM huddle.{table} ORDER BY 1, 2").fetchall()
                for table in ("shards", "documents", "audit")]


def _one_line_error(result, *fragments: str) -> str:
    assert result.exit_code == 1, (result.exit_code, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("huddle: "), result.stderr
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


@pytest.mark.parametrize("after_shards", [1, 2])
def test_a_connection_lost_mid_commit_is_one_line_and_saves_nothing(
        run, url, pg_cluster, pg_database, monkeypatch, after_shards):
    """The writer's own server process ends after the first (or both) shards' rows, in
    the commit's pipeline, before COMMIT: the server rolls it all back. After the first:
    ended as the second shard is asked to send, so that psycopg cannot notice the loss
    earlier or later depending on timing (it failed once when ended right after the first)."""
    before = _rows(pg_cluster, pg_database)
    write = pg_transaction.PgTxGroup._write
    sent = []

    def lose(self) -> None:
        self.conn.execute("SELECT pg_terminate_backend(pg_backend_pid())")

    def write_then_lose(self, name, rev, changes):
        sent.append(name)  # asked to send
        if len(sent) == 2 and after_shards == 1:
            lose(self)
        write(self, name, rev, changes)
        if len(sent) == 2 and after_shards == 2:
            lose(self)
    monkeypatch.setattr(pg_transaction.PgTxGroup, "_write", write_then_lose)
    line = _one_line_error(run(*ADD, ws=url), "Lost the connection to",
                           "nothing of it was saved")
    assert "password" not in line
    assert sent == ["directory", "project-1"]  # one pipeline: both sent, the end lost
    assert _rows(pg_cluster, pg_database) == before  # not one row more, in any table
    monkeypatch.undo()
    result = run(*ADD, ws=url)  # the same command, connection back: it goes through
    assert result.exit_code == 0, result.stderr
    assert _rows(pg_cluster, pg_database) != before


def test_a_server_that_goes_away_is_one_line_for_any_command(run, url, pg_cluster):
    pg_cluster.pause()
    try:
        _one_line_error(run("project", "list", ws=url), "Cannot connect to", url)
        _one_line_error(run(*ADD, ws=url), "Cannot connect to", url)
    finally:
        pg_cluster.resume()
    assert run("project", "list", ws=url).exit_code == 0
