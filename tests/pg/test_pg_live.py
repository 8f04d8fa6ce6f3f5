"""Live refresh through the database (store/postgres/workspace.py, reachability.py): every
commit NOTIFYs, `wait_changes` wakes on it (LISTEN), and a lost connection or a stopped
server never raises: the workspace says why (`offline`), backs off, and comes back."""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager

import pytest

from store.core.workspace import DIRECTORY
from store.postgres.errors import ServerUnreachable
from store.postgres.reachability import DELAYS, GatedReads, Reachability

pytestmark = pytest.mark.usefixtures("backend")


def _touch(ws, shard: str = "probe", value: int = 1) -> None:
    with ws.transaction(shard) as tx:
        tx.table("t").insert({"x": value})
        tx.audit("probe", shard)


def _other(ws, pg_cluster, pg_database, *, tcp: bool = True):
    """The same database opened by another process would: its own connections."""
    from store.core.locate import open_workspace
    return open_workspace(pg_cluster.url(pg_database, tcp=tcp), clock=ws.clock)


@contextmanager
def server_down(pg_cluster):
    """The database server stopped for the block (started again even if the block fails)."""
    pg_cluster.pause()
    try:
        yield
    finally:
        pg_cluster.resume()


# -- the backoff, at exact instants ------------------------------------------------------

def test_reachability_backs_off_then_clears_on_the_first_answer():
    now = [0.0]
    reach = Reachability(monotonic=lambda: now[0])
    assert reach.due() and reach.reason is None
    waits = []
    for _ in range(len(DELAYS) + 2):
        reach.failed("Cannot connect")
        assert not reach.due() and reach.reason == "Cannot connect"
        waits.append(reach.wait_left())
        now[0] += reach.wait_left()
        assert reach.due()
    assert waits == pytest.approx([*DELAYS, DELAYS[-1], DELAYS[-1]])
    reach.answered()
    assert reach.reason is None and reach.due() and reach.wait_left() == 0
    reach.failed("again")
    assert reach.wait_left() == pytest.approx(DELAYS[0])  # a new outage: the shortest wait


def test_reads_while_away_give_the_last_answer_without_trying():
    now = [0.0]
    calls = []

    class Link:  # the server is away: every try fails
        def read(self, fn):
            calls.append(now[0])
            raise ServerUnreachable("Cannot connect to db: refused")
    reads = GatedReads(Link(), Reachability(monotonic=lambda: now[0]))
    assert reads.read(lambda conn: 1, stale="last") == "last"  # tried once, found away
    assert reads.reach.reason == "Cannot connect to db: refused" and len(calls) == 1
    now[0] += 10  # long past the backoff: still no try for a read that has an answer
    assert reads.read(lambda conn: 1, stale="last") == "last" and len(calls) == 1
    assert reads.probe(lambda conn: 1) is None and len(calls) == 2  # the change feed tries
    assert reads.probe(lambda conn: 1) is None and len(calls) == 2  # … when the backoff allows
    with pytest.raises(ServerUnreachable):  # nothing to fall back on, not due: no try either
        reads.read(lambda conn: 1)
    assert len(calls) == 2
    reads.link = type("Up", (), {"read": lambda self, fn: fn(None)})()
    now[0] += 10
    assert reads.probe(lambda conn: "fresh") == "fresh" and reads.reach.reason is None
    assert reads.read(lambda conn: "fresh", stale="last") == "fresh"


def test_connections_notice_a_silent_host_unless_the_location_says_otherwise(monkeypatch):
    import psycopg

    from store.postgres import connection
    made = []
    monkeypatch.setattr(psycopg, "connect", lambda location, **kw: made.append(kw))
    connection.connect("host=db.example dbname=huddle keepalives_idle=60")
    connection.connect("postgresql://db.example/huddle?tcp_user_timeout=0")
    assert made[0]["tcp_user_timeout"] == 5000 and "keepalives_idle" not in made[0]
    assert made[1]["keepalives_idle"] == 5 and "tcp_user_timeout" not in made[1]
    assert made[0]["connect_timeout"] == connection.CONNECT_TIMEOUT


# -- waking on a commit ------------------------------------------------------------------

def test_every_commit_notifies_its_shards(workspace, pg_cluster, pg_database):
    import psycopg
    from store.people.members import add_department
    with psycopg.connect(pg_cluster.url(pg_database), autocommit=True) as conn:
        conn.execute("LISTEN huddle_changes")
        add_department(workspace, "Legal")
        _touch(workspace, "probe")
        with workspace.transaction("index") as tx:  # one commit of two shards: one notice
            tx.table("t").insert({"x": 1})
            tx.audit("probe")
            joined = tx.join("part-1")
            joined.table("t").insert({"y": 1})
            joined.audit("probe")
        seen = [n.payload for n in conn.notifies(timeout=2, stop_after=3)]
    assert seen == [DIRECTORY, "probe", "index part-1"]


def test_wait_changes_wakes_on_another_connections_commit(workspace, pg_cluster, pg_database):
    writer = _other(workspace, pg_cluster, pg_database)
    token = workspace.changes().token
    assert workspace.wait_changes(token, 0.2).changed == set()  # nothing: waits it out
    lags = []
    for i in range(10):
        found = {}

        def wait(token=token):
            found["changes"] = workspace.wait_changes(token, 5.0)
            found["at"] = time.monotonic()
        thread = threading.Thread(target=wait)
        thread.start()
        time.sleep(0.05)  # the waiter is listening
        _touch(writer, "probe", i)
        committed = time.monotonic()
        thread.join(6)
        assert found["changes"].changed == {"probe"}
        lags.append(found["at"] - committed)
        token = found["changes"].token
    writer.close()
    lags.sort()
    print("wait_changes lags (s):", [round(lag, 3) for lag in lags])
    assert lags[-1] < 1.0 and lags[int(len(lags) * 0.95) - 1] < 0.2, lags


# -- a dropped connection, a stopped server ----------------------------------------------

def test_terminated_connections_are_made_again_without_a_word(workspace, pg_cluster,
                                                              pg_database):
    writer = _other(workspace, pg_cluster, pg_database)
    token = workspace.wait_changes(None, 0.1).token  # reader and listener connected
    assert pg_cluster.terminate(pg_database) >= 2  # the reader, the listener, the writer
    found = workspace.wait_changes(token, 0.5)  # never raises
    assert found.changed == set()
    _touch(writer, "probe")  # the writer's lost connection is made again at BEGIN
    for _ in range(10):
        found = workspace.wait_changes(token, 0.5)
        if found.changed:
            break
    assert found.changed == {"probe"} and workspace.offline is None
    writer.close()


def test_a_stopped_server_is_offline_with_backoff_and_comes_back(workspace, pg_cluster,
                                                                 pg_database, monkeypatch):
    import store.postgres.workspace as pgws
    attempts = []
    real_connect = pgws.connect

    def counting(location, **kw):
        attempts.append(time.monotonic())
        return real_connect(location, **kw)
    monkeypatch.setattr(pgws, "connect", counting)
    token = workspace.wait_changes(None, 0.1).token
    with server_down(pg_cluster):
        start = time.monotonic()
        while time.monotonic() - start < 2.5:  # what the change feed does, over and over
            found = workspace.wait_changes(token, 1.0)
            assert found.changed == set()
            assert workspace.changes(token).changed == set()  # the UI's look: no wait, no raise
        assert workspace.offline and "Cannot connect" in workspace.offline
        assert workspace.reach.failures >= 3
        # backoff: a handful of attempts in 2.5 s (0.2 + 0.5 + 1 …), not one per call
        assert len(attempts) <= 5, len(attempts)
    writer = _other(workspace, pg_cluster, pg_database, tcp=False)
    _touch(writer, "probe")
    writer.close()
    start = time.monotonic()
    found = workspace.wait_changes(token, 1.0)
    while not found.changed and time.monotonic() - start < 5:
        found = workspace.wait_changes(token, 1.0)
    assert found.changed == {"probe"} and workspace.offline is None
    assert time.monotonic() - start < DELAYS[-1] + 1.5  # within one backoff step of coming back


def test_a_write_while_the_server_is_down_fails_in_one_line_and_saves_nothing(
        workspace, pg_cluster):
    from store.core.errors import StoreError
    from store.people.members import add_department, list_departments
    with server_down(pg_cluster):
        with pytest.raises(StoreError) as caught:
            add_department(workspace, "Legal")
    message = str(caught.value)
    assert "\n" not in message and message.startswith("Cannot connect to ")
    assert workspace.offline == message  # the header says so without waiting for the feed
    assert "Legal" not in [d["name"] for d in list_departments(workspace)]
    add_department(workspace, "Legal")  # back: the same write goes through (the user's
    assert workspace.offline is None      # retry does not wait for the backoff), and says so
    assert "Legal" in [d["name"] for d in list_departments(workspace)]


def test_a_flood_of_forged_notices_costs_a_few_looks_not_one_each(workspace, pg_cluster,
                                                                 pg_database, monkeypatch):
    """Any role may NOTIFY the channel: 20,000 notices from a member's psql (nothing
    changed) wake the waiter, which asks `changes()` a few dozen times, not 20,000 (one
    query each): psycopg hands over what arrived at once."""
    import psycopg
    looks: list[int] = []
    real = type(workspace).changes
    monkeypatch.setattr(type(workspace), "changes",
                        lambda self, token=None: looks.append(1) or real(self, token))
    token = workspace.changes().token
    found = {}
    thread = threading.Thread(target=lambda: found.setdefault(
        "changes", workspace.wait_changes(token, 2.0)))
    thread.start()
    time.sleep(0.2)  # listening
    with psycopg.connect(pg_cluster.url(pg_database, "alice"), autocommit=True) as conn:
        for _ in range(4):
            conn.execute("SELECT pg_notify('huddle_changes', g::text) "
                         "FROM generate_series(1, 5000) g")
    thread.join(10)
    assert found["changes"].changed == set()
    assert len(looks) <= 200, len(looks)  # (about 40 here)
