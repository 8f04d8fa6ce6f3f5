"""`huddle check` and `huddle backup` on a database workspace: a clean one passes; a row
written with psql, a trigger turned off, a right granted too many, a schema of another
version are each a finding (exit 1); a backup is the folder format, read from one snapshot."""

from __future__ import annotations

import orjson
import pytest

pytestmark = pytest.mark.usefixtures("backend")


def findings(run, url: str) -> list[dict]:
    result = run("check", "--json", ws=url)
    data = orjson.loads(result.stdout)
    assert result.exit_code == (0 if data["ok"] else 1), result.stderr
    return data["findings"]


def test_a_workspace_written_by_huddle_is_clean(run, url):
    result = run("check", ws=url)
    assert result.exit_code == 0, (result.stdout, result.stderr)
    assert "No problems found" in result.stdout and "triggers" in result.stdout


def test_a_row_written_with_psql_is_a_finding(run, url, pg_database, psql):
    edited = psql(pg_database, "alice", "UPDATE huddle.documents SET body = "
                  "'{\"name\": \"Forged\"}' WHERE shard = 'directory' AND tbl = 'departments' "
                  "AND doc_id = '1'")
    assert edited.returncode == 0, edited.stderr
    found = findings(run, url)
    kinds = {(f["kind"], f["path"]) for f in found}
    assert ("edited", "directory/departments/1") in kinds
    assert ("revision", "directory/departments/1") in kinds
    assert any("alice" in f["message"] for f in found if f["kind"] == "edited")
    plain = run("check", ws=url)
    assert plain.exit_code == 1 and "2 findings in" in plain.stdout, plain.stdout


def test_a_trigger_off_or_a_right_too_many_is_a_finding(run, url, pg_database, psql):
    assert psql(pg_database, "postgres", "ALTER TABLE huddle.audit DISABLE TRIGGER "
                "audit_author; GRANT DELETE ON huddle.audit TO huddle_member").returncode == 0
    found = {(f["kind"], f["path"]) for f in findings(run, url)}
    assert found == {("trigger", "huddle.audit"), ("grant", "huddle.audit")}


def test_a_member_who_can_bypass_the_triggers_is_a_finding(run, url, pg_database, psql):
    assert psql(pg_database, "postgres", "ALTER ROLE bob SUPERUSER").returncode == 0
    try:
        found = findings(run, url)
    finally:
        psql(pg_database, "postgres", "ALTER ROLE bob NOSUPERUSER")
    assert [(f["kind"], f["path"]) for f in found] == [("grant", "bob")]


def test_a_schema_of_another_version_is_a_finding(run, url, pg_database, psql):
    assert psql(pg_database, "postgres", "UPDATE huddle.schema_version SET version = 99") \
        .returncode == 0
    found = findings(run, url)
    assert [f["kind"] for f in found] == ["schema"] and "99" in found[0]["message"]


def test_backup_writes_the_folder_format_from_one_snapshot(run, url, tmp_path):
    result = run("backup", tmp_path / "bk", "--json", ws=url)
    assert result.exit_code == 0, result.stderr
    manifest = orjson.loads(result.stdout)
    assert set(manifest["shards"]) >= {"directory"} and manifest["made_by"] == "root"
    assert "user=root" in manifest["workspace"]
    from store.core.backup import read_backup
    assert read_backup(tmp_path / "bk")["shards"] == manifest["shards"]
    refused = run("backup", tmp_path / "bk", ws=url)
    assert refused.exit_code == 1 and "not empty" in refused.stderr


def test_pg_dump_and_pg_restore_as_the_docs_say(run, url, pg_cluster, pg_database, tmp_path):
    """docs/postgres.md, "Backup and restore": the database's own tools keep what Huddle
    needs (schema, triggers, grants); the roles are the cluster's, not in the dump."""
    import subprocess
    dump = tmp_path / "huddle.dump"
    owner = pg_cluster.url(pg_database, "postgres")
    subprocess.run(["pg_dump", "-Fc", "-f", str(dump), owner], check=True, timeout=60)
    restored = f"r{pg_database}"
    with pg_cluster.connect("postgres") as conn:
        conn.execute(f"CREATE DATABASE {restored} TEMPLATE template0")
    try:
        subprocess.run(["pg_restore", "-d", pg_cluster.url(restored, "postgres"), str(dump)],
                       check=True, timeout=60)
        again = pg_cluster.url(restored)
        checked = run("check", ws=again)
        assert checked.exit_code == 0, checked.stdout
        assert run("migrate", "--from", url, "--to", tmp_path / "a", ws=url).exit_code == 0
        assert run("migrate", "--from", again, "--to", tmp_path / "b", ws=url).exit_code == 0
    finally:
        pg_cluster.drop_database(restored)
    for path in (tmp_path / "a").glob("*.json"):
        assert (tmp_path / "b" / path.name).read_bytes() == path.read_bytes()


def test_a_demo_made_again_is_clean(run, pg_cluster):
    """`huddle demo --force` leaves tombstones and the old audit: neither is a finding."""
    name = f"d{pg_cluster.new_database()}"
    with pg_cluster.connect("postgres") as conn:
        conn.execute(f"CREATE DATABASE {name} TEMPLATE template0")
    try:
        assert run("db", "upgrade", ws=pg_cluster.url(name, "postgres")).exit_code == 0
        url = pg_cluster.url(name)  # a member's role (root), not the tables' owner
        assert run("demo", ws=url).exit_code == 0
        assert run("demo", "--force", ws=url).exit_code == 0
        checked = run("check", ws=url)
        assert checked.exit_code == 0, checked.stdout
    finally:
        pg_cluster.drop_database(name)


def test_restore_brings_the_documents_back_and_keeps_the_audit(run, url, workspace, tmp_path):
    from store.people import members as people
    assert run("backup", tmp_path / "bk", ws=url).exit_code == 0
    people.add_department(workspace, "Later")
    before = dict(workspace.table("directory", "_audit"))
    member = url.replace("user=root", "user=alice")
    refused = run("restore", tmp_path / "bk", "--yes", ws=member)
    assert refused.exit_code == 1 and "not an admin" in refused.stderr
    done = run("restore", tmp_path / "bk", "--yes", ws=url)
    assert done.exit_code == 0, done.stderr
    assert "Later" not in [d["name"] for d in people.list_departments(workspace)]
    audit = workspace.table("directory", "_audit")
    assert all(audit[k] == before[k] for k in before)  # the history as it was, plus:
    assert [e["action"] for k, e in audit.items() if k not in before] == ["workspace.restore"]
    assert run("check", ws=url).exit_code == 0


def test_restore_of_one_shard(run, url, workspace, tmp_path):
    from store.people import members as people
    assert run("backup", tmp_path / "bk", ws=url).exit_code == 0
    people.add_department(workspace, "Later")
    done = run("restore", tmp_path / "bk", "--shard", "directory", "--yes", "--json", ws=url)
    assert done.exit_code == 0, done.stderr
    assert orjson.loads(done.stdout)["restored"] == ["directory"]
    assert "Later" not in [d["name"] for d in people.list_departments(workspace)]
    wrong = run("restore", tmp_path / "bk", "--shard", "project-99", "--yes", ws=url)
    assert wrong.exit_code == 1 and "no shard project-99" in wrong.stderr


def test_a_whole_restore_empties_a_shard_made_since(run, url, workspace, tmp_path):
    from store.projects import project as projects
    assert run("backup", tmp_path / "bk", ws=url).exit_code == 0
    made = projects.create_project(workspace, "Later", pm="bob", initiator_dept="Product",
                                   lead_dept="Engineering", goal="g", due="2024-12-31")
    name = f"project-{made['id']}"
    done = run("restore", tmp_path / "bk", "--yes", ws=url)
    assert done.exit_code == 0 and f"Emptied (not in the backup; their audit stays): {name}" \
        in done.stdout, (done.stdout, done.stderr)
    assert [p["name"] for p in projects.list_projects(workspace)] == []
    assert set(workspace.table(name, "_audit")) and workspace.table(name, "tasks") == {}
    assert run("check", ws=url).exit_code == 0
