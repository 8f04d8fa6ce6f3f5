"""The command line on a database workspace: `huddle db upgrade`, init, demo, the commands;
and bad input (a wrong URL, an unreachable server, a missing role, a schema of another
version, a connection lost mid-write): one line naming what failed, exit 1, nothing half done."""

from __future__ import annotations

import pytest

from store.core.workspace import DIRECTORY

pytestmark = pytest.mark.usefixtures("backend")


@pytest.fixture
def empty_db(pg_cluster):
    """A database without the Huddle schema, its conninfo (as root: a member role)."""
    name = f"e{pg_cluster.new_database()}"
    with pg_cluster.connect("postgres") as conn:
        conn.execute(f"CREATE DATABASE {name} TEMPLATE template0")
        conn.execute(f'GRANT CREATE ON DATABASE {name} TO root')
    yield name
    pg_cluster.drop_database(name)


def _one_line_error(result, *fragments: str) -> None:
    assert result.exit_code == 1, (result.exit_code, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("huddle: "), result.stderr
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def test_upgrade_init_and_demo_on_a_new_database(run, pg_cluster, empty_db):
    url = pg_cluster.url(empty_db, "postgres")
    _one_line_error(run("member", "list", ws=url), "no Huddle schema", "huddle db upgrade")
    done = run("db", "upgrade", ws=url)
    assert done.exit_code == 0 and "from version 0 to 2" in done.stdout, done.stderr
    assert "up to date" in run("db", "upgrade", ws=url).stdout
    demo = run("demo", ws=url)
    assert demo.exit_code == 0, demo.stderr
    assert "Demo workspace ready in" in demo.stdout and "user=postgres" in demo.stdout
    listed = run("project", "list", "--json", ws=url)
    assert listed.exit_code == 0 and listed.stdout.count('"id"') >= 3, listed.stderr
    again = run("demo", "--force", ws=url)
    assert again.exit_code == 0, again.stderr


def test_a_version_1_database_with_data_upgrades_to_2(run, pg_cluster, empty_db, monkeypatch):
    """Version 2 (store/postgres/schema.py): a document's body is an object, a shard's
    revision only grows; applied over a workspace in use."""
    from store.postgres import schema
    url = pg_cluster.url(empty_db, "postgres")
    with monkeypatch.context() as old:
        old.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:1])
        old.setattr(schema, "SCHEMA_VERSION", 1)
        with pg_cluster.connect(empty_db) as conn:
            assert schema.upgrade(conn) == (0, 1)
    with pg_cluster.connect(empty_db) as conn:
        conn.execute("INSERT INTO huddle.shards VALUES ('notes', 3, true)")
        conn.execute("INSERT INTO huddle.documents (shard, tbl, doc_id, body, rev) "
                     "VALUES ('notes', 't', '1', '{\"x\": 1}', 3)")
    _one_line_error(run("member", "list", ws=url), "huddle db upgrade")
    done = run("db", "upgrade", ws=url)
    assert done.exit_code == 0 and "from version 1 to 2" in done.stdout, done.stderr
    with pg_cluster.connect(empty_db) as conn:
        with pytest.raises(Exception, match="only grows"):
            conn.execute("UPDATE huddle.shards SET rev = 1 WHERE name = 'notes'")


def test_commands_run_on_the_database(run, url):
    assert run("member", "list", ws=url).exit_code == 0
    added = run("dept", "add", "Support", ws=url)
    assert added.exit_code == 0, added.stderr
    assert "Support" in run("dept", "list", ws=url).stdout


def test_huddle_now_is_refused_unless_the_workspace_is_pinned(run, pg_cluster, empty_db):
    url = pg_cluster.url(empty_db, "postgres")
    assert run("db", "upgrade", ws=url).exit_code == 0
    assert run("init", ws=url, env={"HUDDLE_NOW": None}).exit_code == 0
    refused = run("member", "list", ws=url)
    assert refused.exit_code == 2 and "HUDDLE_NOW" in refused.stderr


def test_grant_creates_a_members_role(run, url, pg_cluster, pg_database, psql):
    done = run("db", "grant", "erin", ws=url)
    assert done.exit_code == 0 and "Created the database role erin" in done.stdout, done.stderr
    assert psql(pg_database, "erin", "SELECT count(*) FROM huddle.shards").returncode == 0
    refused = run("db", "grant", "frank", ws=url.replace("user=root", "user=alice"))
    _one_line_error(refused, "alice is not an admin")


@pytest.mark.parametrize("location, fragments", [
    ("postgresql://127.0.0.1:1/huddle", ("Cannot connect to postgresql://127.0.0.1:1/huddle",)),
    ("postgresql://bob:secret@127.0.0.1:1/huddle", ("postgresql://bob:***@127.0.0.1:1/huddle",)),
    ("postgresql://[::1/huddle", ("not a valid database location",)),
    ("dbname=huddle sslmode=nonsense", ("Cannot connect to dbname=huddle", "sslmode")),
])
def test_a_wrong_url_or_an_unreachable_server_is_one_line(run, location, fragments):
    result = run("member", "list", ws=location)
    _one_line_error(result, *fragments)
    assert "secret" not in result.stderr


def test_a_missing_role_and_a_missing_database_are_named(run, pg_cluster, pg_database):
    _one_line_error(run("member", "list", ws=pg_cluster.url(pg_database, "ghost")),
                    'role "ghost" does not exist')
    _one_line_error(run("member", "list", ws=pg_cluster.url("nowhere")),
                    'database "nowhere" does not exist')


def test_a_schema_of_another_version_is_refused(run, url, pg_cluster, pg_database):
    with pg_cluster.connect(pg_database) as conn:
        conn.execute("UPDATE huddle.schema_version SET version = 99")
    _one_line_error(run("member", "list", ws=url), "version 99", "newer")
    with pg_cluster.connect(pg_database) as conn:
        conn.execute("UPDATE huddle.schema_version SET version = 0")
    _one_line_error(run("member", "list", ws=url), "older", "huddle db upgrade")


def test_a_connection_lost_mid_write_saves_nothing(workspace, pg_cluster, pg_database):
    from store.postgres.errors import DatabaseUnavailable
    from store.people import members as people
    before = workspace.revision(DIRECTORY)
    with pytest.raises(DatabaseUnavailable, match="Lost the connection .* nothing of it was saved"):
        with workspace.transaction(DIRECTORY) as tx:
            tx.table("departments").insert({"name": "Half"})
            tx.audit("department.add", "Half")
            with pg_cluster.connect("postgres") as conn:  # the server drops the writer
                conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                             "WHERE datname = %s AND usename = 'root'", (pg_database,))
    assert workspace.revision(DIRECTORY) == before  # a new connection: nothing was saved
    assert "Half" not in [d["name"] for d in people.list_departments(workspace)]
    people.add_department(workspace, "Whole")  # and the next write goes through
    assert "Whole" in [d["name"] for d in people.list_departments(workspace)]


def test_restore_of_a_missing_backup_is_one_line(run, url):
    # check, backup and restore on a database: tests/pg/test_pg_maintenance.py
    _one_line_error(run("restore", "/tmp/never-read", "--yes", ws=url), "not a Huddle backup")


def test_polling_survives_a_lost_connection(workspace, pg_cluster, pg_database):
    """The app polls `changes()` every 0.5 s: a lost connection reads as "nothing changed"
    with the reason in `ws.offline`, and the next poll connects again."""
    token = workspace.changes().token
    with pg_cluster.connect("postgres") as conn:
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                     "WHERE datname = %s AND usename = 'root'", (pg_database,))
    assert workspace.changes(token).changed == set()  # reconnected (one retry), or offline
    with workspace.transaction("probe") as tx:
        tx.table("t").insert({"x": 1})
        tx.audit("probe")
    assert "probe" in workspace.changes(token).changed and workspace.offline is None


def test_the_setup_recipe_of_the_docs(run, pg_cluster, empty_db, psql):
    """docs/postgres.md, "Setting up on a jump host": the owner upgrades and makes the first
    admin's role; the admin initialises and grants the next member."""
    owner = pg_cluster.url(empty_db, "postgres")
    assert run("db", "upgrade", ws=owner).exit_code == 0
    real_time = {"HUDDLE_NOW": None}
    made = run("db", "grant", "linsy", ws=owner, env=real_time)  # no workspace yet: the owner may
    assert made.exit_code == 0, made.stderr
    done = psql(empty_db, "postgres", "ALTER ROLE linsy CREATEROLE; "
                "GRANT huddle_member TO linsy WITH ADMIN OPTION")
    assert done.returncode == 0, done.stderr
    admin = pg_cluster.url(empty_db, "linsy")
    assert run("init", "--pinned-clock", ws=admin).exit_code == 0
    granted = run("db", "grant", "zhou", ws=admin)
    assert granted.exit_code == 0, granted.stderr
    assert run("dept", "add", "Ops", ws=admin).exit_code == 0
    assert run("member", "add", "zhou", "--name", "Zhou", "--dept", "Ops", ws=admin).exit_code == 0
    mine = run("member", "list", ws=pg_cluster.url(empty_db, "zhou"))
    assert mine.exit_code == 0 and "Zhou" in mine.stdout, mine.stderr
    refused = run("db", "grant", "wu", ws=owner)  # now the workspace's admins decide
    _one_line_error(refused, "postgres is not an admin")
