"""The trust boundary on PostgreSQL: a member connecting with `psql` can neither forge an audit
author, nor edit or delete an audit row, nor make themselves admin (store/postgres/schema.py)."""

from __future__ import annotations

import orjson
import pytest

from store.core.errors import PermissionDenied, WorkspaceNotWritable
from store.core.transaction import AUDIT
from store.core.workspace import DIRECTORY
from store.people import members as people

pytestmark = pytest.mark.usefixtures("backend")


def _audit(ws, shard: str = DIRECTORY) -> list[dict]:
    ws.shard(shard).forget()
    return sorted(ws.rows(shard, AUDIT), key=lambda row: int(row["doc_id"]))


def test_the_member_is_the_database_role_and_writes_as_it(workspace, url):
    from store.core.locate import open_workspace
    alice = open_workspace(url.replace("user=root", "user=alice"), clock=workspace.clock)
    assert alice.actor.login == alice.actor.real == "alice"
    with alice.transaction("notes") as tx:
        tx.table("t").insert({"x": 1})
        tx.audit("note.add", "x")
    assert _audit(workspace, "notes")[-1]["by"] == "alice"
    alice.close()


def test_a_member_cannot_forge_an_audit_author(workspace, pg_database, psql):
    entry = orjson.dumps({"by": "bob", "action": "forged", "at": "2024-01-01T00:00:00+00:00"})
    done = psql(pg_database, "alice", "INSERT INTO huddle.audit (shard, doc_id, rev, body) "
                f"VALUES ('directory', '9999', 1, '{entry.decode()}')")
    assert done.returncode == 0, done.stderr
    forged = [row for row in _audit(workspace) if row["action"] == "forged"]
    assert [row["by"] for row in forged] == ["alice"]  # the server wrote who it really was


def test_a_member_cannot_write_an_entry_for_someone_else(workspace, pg_database, psql):
    entry = orjson.dumps({"action": "forged", "for": "bob"}).decode()
    done = psql(pg_database, "alice", "INSERT INTO huddle.audit (shard, doc_id, rev, body) "
                f"VALUES ('directory', '9999', 1, '{entry}')")
    assert done.returncode != 0 and "admin" in done.stderr


@pytest.mark.parametrize("statement", [
    "UPDATE huddle.audit SET body = '{\"action\": \"rewritten\"}'",
    "DELETE FROM huddle.audit",
    "TRUNCATE huddle.audit",
    "UPDATE huddle.schema_version SET version = 99",  # nor tell Huddle the schema is another
])
def test_a_member_cannot_edit_or_delete_the_audit(workspace, pg_database, psql, statement):
    before = _audit(workspace)
    done = psql(pg_database, "alice", statement)
    assert done.returncode != 0 and "permission denied" in done.stderr
    assert _audit(workspace) == before


def test_even_the_owner_cannot_rewrite_the_audit_without_dropping_its_trigger(
        workspace, pg_database, psql):
    done = psql(pg_database, "postgres", "DELETE FROM huddle.audit")
    assert done.returncode != 0 and "insert-only" in done.stderr


def test_a_member_cannot_make_themselves_admin(workspace, pg_database, psql):
    promote = ("UPDATE huddle.documents SET body = (body::jsonb || '{\"admin\": true}')::json "
               "WHERE shard = 'directory' AND tbl = 'members' AND body->>'login' = 'alice'")
    done = psql(pg_database, "alice", promote)
    assert done.returncode != 0 and "admin" in done.stderr
    smuggle = ("INSERT INTO huddle.documents (shard, tbl, doc_id, body, rev) VALUES "
               "('directory', 'members', '999', '{\"login\": \"alice\", \"admin\": true}', 99)")
    assert psql(pg_database, "alice", smuggle).returncode != 0
    assert psql(pg_database, "alice", "DELETE FROM huddle.documents").returncode != 0
    assert not people.is_admin(workspace, "alice")


def test_through_the_store_a_member_is_refused_too(workspace, url):
    from store.core.locate import open_workspace
    alice = open_workspace(url.replace("user=root", "user=alice"), clock=workspace.clock)
    with pytest.raises(PermissionDenied):
        people.add_member(alice, "mallory", "Mallory", "Product")
    with pytest.raises(PermissionDenied):  # --as is for admins only
        open_workspace(alice.folder, clock=workspace.clock, as_login="bob")
    with pytest.raises(WorkspaceNotWritable, match="admin"):  # the server refuses it too
        with alice.transaction(DIRECTORY) as tx:
            tx.table("members").update({"admin": True}, doc_ids=[2])
            tx.audit("member.edit", "alice")
    alice.close()


def test_rows_written_with_psql_are_seen_and_block_no_write(workspace, pg_database, psql):
    """A row written by hand gets the shard's next revision from the server, so the store's
    next write sees it (its audit doc_id does not collide) and every reader fetches it."""
    before = len(_audit(workspace))
    entry = orjson.dumps({"action": "by-hand"}).decode()
    done = psql(pg_database, "alice", "INSERT INTO huddle.audit (shard, doc_id, rev, body) "
                f"VALUES ('directory', '{before + 1}', 1, '{entry}')")
    assert done.returncode == 0, done.stderr
    people.add_department(workspace, "After")  # its entry takes the next doc_id
    actions = [row["action"] for row in _audit(workspace)]
    assert actions[-2:] == ["by-hand", "department.add"]


@pytest.mark.parametrize("statement", [
    "INSERT INTO huddle.documents (shard, tbl, doc_id, body, rev) VALUES "
    "('directory', '_audit', '999', '{\"by\": \"bob\"}', 1)",
    "INSERT INTO huddle.documents (shard, tbl, doc_id, body, rev) VALUES "
    "('directory', 'x', 'abc', '{}', 1)",
])
def test_no_forged_audit_table_and_no_odd_ids(workspace, pg_database, psql, statement):
    done = psql(pg_database, "alice", statement)
    assert done.returncode != 0 and "check constraint" in done.stderr


@pytest.mark.parametrize("statement", [
    "UPDATE huddle.shards SET rev = 0 WHERE name = 'directory'",
    "UPDATE huddle.shards SET rev = rev - 1 WHERE name = 'directory'",
    "UPDATE huddle.shards SET name = 'gone' WHERE name = 'directory'",
    "UPDATE huddle.shards SET rev = 9223372036854775807 WHERE name = 'directory'",
    "INSERT INTO huddle.shards (name, rev) VALUES ('project-99', 9223372036854775807)",
])
def test_a_member_cannot_turn_a_shards_revision_back_or_rename_it(workspace, pg_database, psql,
                                                                  url, statement):
    """Either would hide every document of the shard from every reader (a reader takes the
    rows up to the shard's revision): the directory, and with it every admin, gone; the
    largest revision would make every next write fail."""
    from store.core.locate import open_workspace
    done = psql(pg_database, "alice", statement)
    assert done.returncode != 0 and "revision only grows" in done.stderr
    reader = open_workspace(url, clock=workspace.clock)
    assert {"alice", "bob", "chen"} <= {m["login"] for m in people.list_members(reader)}
    assert people.is_admin(reader, reader.actor.real)
    people.add_department(reader, "After")  # and writes go on
    reader.close()


@pytest.mark.parametrize("body", ["5", "[1]", "\"x\"", "null"])
def test_a_document_written_with_psql_is_a_json_object(workspace, pg_database, psql, url, body):
    """Anything else would make every reader of the shard fail (the store's documents are
    objects; a removed one is SQL NULL)."""
    from store.core.locate import open_workspace
    done = psql(pg_database, "alice", f"UPDATE huddle.documents SET body = '{body}'::json "
                "WHERE shard = 'directory' AND tbl = 'departments'")
    assert done.returncode != 0 and "check constraint" in done.stderr
    reader = open_workspace(url, clock=workspace.clock)
    assert len(reader.rows(DIRECTORY, "departments")) == 2
    reader.close()
