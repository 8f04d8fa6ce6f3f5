"""`huddle migrate`: a folder into a database and back with its whole history (the demo and
the benchmark's company); a non-empty target refused (a folder replaced with --force, kept
aside); a member who does not own the tables refused; a damaged source leaves no half copy."""

from __future__ import annotations

import os
from pathlib import Path

import orjson
import pytest

from store.core.transaction import AUDIT

pytestmark = pytest.mark.usefixtures("backend")


@pytest.fixture
def new_db(pg_cluster):
    """A database without the Huddle schema; its name (the migration creates the schema)."""
    name = f"m{pg_cluster.new_database()}"
    with pg_cluster.connect("postgres") as conn:
        conn.execute(f"CREATE DATABASE {name} TEMPLATE template0")
    yield name
    pg_cluster.drop_database(name)


def shards_of(folder: Path) -> dict[str, tuple[int, dict]]:
    """Every shard of a workspace folder as its readers see it (snapshot and journal):
    (revision, its non-empty tables)."""
    from store.core.workspace import Workspace
    ws = Workspace(Path(folder))
    found = {}
    for name in ws.shard_names():
        if name == "huddle-backup":
            continue
        tables = ws.shard(name).load()
        found[name] = (ws.revision(name), {t: dict(d) for t, d in tables.items() if d})
    return found


def one_line_error(result, code: int, *fragments: str) -> None:
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("huddle: "), result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def test_the_demo_goes_into_a_database_and_back_unchanged(run, demo_template, pg_cluster,
                                                          new_db, psql, tmp_path):
    url = pg_cluster.url(new_db, "postgres")  # the owner of the tables it creates
    done = run("migrate", "--from", demo_template, "--to", url, ws=url)
    assert done.exit_code == 0, done.stderr
    before = shards_of(demo_template)
    assert f"shards: {len(before)}," in done.stdout
    # the history as it was: authors, times, revisions; the triggers on again
    entry = orjson.loads(psql(new_db, "postgres", "SELECT body FROM huddle.audit WHERE "
                              "shard = 'directory' AND doc_id = '1'").stdout)
    assert entry == before["directory"][1][AUDIT]["1"] and entry["by"] == "linsiyuan"
    enabled = psql(new_db, "postgres", "SELECT count(*) FROM pg_trigger WHERE tgenabled = 'D' "
                   "AND tgrelid IN ('huddle.audit'::regclass, 'huddle.documents'::regclass)")
    assert enabled.stdout.strip() == "0"
    # the database works as any: a member's command, and the checks of both ends are clean
    member_url = pg_cluster.url(new_db)
    assert run("project", "list", ws=member_url).exit_code == 0
    checked = run("check", ws=member_url)
    assert checked.exit_code == 0 and "No problems found" in checked.stdout, checked.stdout
    back = tmp_path / "back"
    done = run("migrate", "--from", member_url, "--to", back, ws=url)
    assert done.exit_code == 0, done.stderr
    assert shards_of(back) == before
    assert run("check", ws=str(back)).exit_code == 0
    assert not list(tmp_path.glob(".back.migrating-*"))


def test_the_company_round_trip(run, pg_cluster, new_db, tmp_path):
    from bench.company import Scale, build
    company = tmp_path / "company"
    build(company, Scale.quick())  # `python -m bench company --quick`'s workspace
    url = pg_cluster.url(new_db, "postgres")
    assert run("migrate", "--from", company, "--to", url, ws=url).exit_code == 0
    assert run("migrate", "--from", url, "--to", tmp_path / "back", ws=url).exit_code == 0
    assert shards_of(tmp_path / "back") == shards_of(company)


def test_a_target_that_is_not_empty_is_refused(run, demo_template, pg_cluster, new_db,
                                               tmp_path):
    url = pg_cluster.url(new_db, "postgres")
    assert run("migrate", "--from", demo_template, "--to", url, ws=url).exit_code == 0
    one_line_error(run("migrate", "--from", demo_template, "--to", url, ws=url), 1,
                   "already holds a workspace", "new database")
    one_line_error(run("migrate", "--from", demo_template, "--to", url, "--force", ws=url), 2,
                   "insert-only")
    folder = tmp_path / "copy"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    one_line_error(run("migrate", "--from", url, "--to", folder, ws=url), 1,
                   "is not empty", "--force")
    assert (folder / "notes.txt").read_text() == "mine"
    forced = run("migrate", "--from", url, "--to", folder, "--force", ws=url)
    assert forced.exit_code == 0 and "aside" in forced.stdout, forced.stderr
    aside = [p for p in tmp_path.iterdir() if p.name.startswith("copy.replaced-")]
    assert len(aside) == 1 and (aside[0] / "notes.txt").read_text() == "mine"
    assert shards_of(folder) == shards_of(demo_template)


def test_only_the_owner_of_the_tables_migrates_into_a_database(run, demo_template, pg_cluster,
                                                               pg_database, psql):
    psql(pg_database, "postgres", "DELETE FROM huddle.documents; DELETE FROM huddle.shards")
    member = pg_cluster.url(pg_database, "alice")
    one_line_error(run("migrate", "--from", demo_template, "--to", member, ws=member), 1,
                   "owner of the Huddle tables")
    assert psql(pg_database, "postgres", "SELECT count(*) FROM huddle.shards").stdout.strip() \
        == "0"


def test_a_damaged_shard_leaves_no_half_copy(run, demo_template, pg_cluster, new_db, psql,
                                             tmp_path):
    source = tmp_path / "source"
    import shutil
    shutil.copytree(demo_template, source)
    os.chmod(source, 0o770)
    (source / "zzz-broken.json").write_text('{"_rev": 1, "tables": ')
    url = pg_cluster.url(new_db, "postgres")
    one_line_error(run("migrate", "--from", source, "--to", url, ws=url), 1, "zzz-broken.json")
    # nothing at all, not even the schema the migration created first
    assert psql(new_db, "postgres", "SELECT to_regclass('huddle.shards') IS NULL").stdout \
        .strip() == "t"
    one_line_error(run("migrate", "--from", source, "--to", tmp_path / "out", ws=url), 1,
                   "zzz-broken.json")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["source"]


def test_a_backup_goes_into_a_new_database(run, demo_template, pg_cluster, new_db, tmp_path):
    url = pg_cluster.url(new_db, "postgres")
    assert run("migrate", "--from", demo_template, "--to", url, ws=url).exit_code == 0
    saved = run("backup", tmp_path / "bk", ws=url)
    assert saved.exit_code == 0 and "pg_dump" in saved.stdout, saved.stderr
    again = f"n{new_db}"
    with pg_cluster.connect("postgres") as conn:
        conn.execute(f"CREATE DATABASE {again} TEMPLATE template0")
    try:
        target = pg_cluster.url(again, "postgres")
        assert run("migrate", "--from", tmp_path / "bk", "--to", target, ws=url).exit_code == 0
        assert run("migrate", "--from", target, "--to", tmp_path / "back", ws=url).exit_code == 0
    finally:
        pg_cluster.drop_database(again)
    assert shards_of(tmp_path / "back") == shards_of(demo_template)


def test_same_source_and_target_is_refused(run, demo_template):
    one_line_error(run("migrate", "--from", demo_template, "--to", demo_template,
                       ws=str(demo_template)), 1, "same workspace")


@pytest.mark.parametrize("target, fragment", [
    ("postgresql://127.0.0.1:1/huddle", "Cannot connect to postgresql://127.0.0.1:1/huddle"),
    ("postgresql://bob:secret@127.0.0.1:1/huddle", "bob:***@"),
    ("postgresql://[::1/huddle", "not a valid database location"),
])
def test_a_bad_target_is_one_line(run, demo_template, target, fragment):
    one_line_error(run("migrate", "--from", demo_template, "--to", target,
                       ws=str(demo_template)), 1, fragment)


def test_a_target_that_is_a_file_is_one_line(run, demo_template, tmp_path):
    (tmp_path / "file").write_text("")
    one_line_error(run("migrate", "--from", demo_template, "--to", tmp_path / "file",
                       ws=str(demo_template)), 1, "is not a folder")


def test_many_shards_fit_one_notify(run, demo_template, pg_cluster, new_db, tmp_path):
    """A NOTIFY payload is at most 8000 bytes: a commit naming more shards says "*"."""
    import shutil

    from store.postgres.schema import notice
    source = tmp_path / "source"
    shutil.copytree(demo_template, source)
    for n in range(600):  # 600 names of 16 bytes: more than 8000
        (source / f"extra-shard-{n:04d}.json").write_bytes(
            b'{"_rev":1,"tables":{"notes":{"1":{"n":%d}}}}' % n)
    url = pg_cluster.url(new_db, "postgres")
    done = run("migrate", "--from", source, "--to", url, ws=url)  # its NOTIFY names them all
    assert done.exit_code == 0, done.stderr
    assert notice(["a", "b"]) == "a b" and notice([f"{n:016d}" for n in range(600)]) == "*"


def test_after_a_migration_the_admin_grants_the_members_roles(run, demo_template, pg_cluster,
                                                             new_db, psql):
    """docs/postgres.md, "Using it": the owner makes the first admin's role with psql, the
    admin (the demo's linsiyuan) grants the others with huddle db grant."""
    owner = pg_cluster.url(new_db, "postgres")
    assert run("migrate", "--from", demo_template, "--to", owner, ws=owner).exit_code == 0
    made = psql(new_db, "postgres", "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE "
                "rolname = 'linsiyuan') THEN CREATE ROLE linsiyuan LOGIN CREATEROLE IN ROLE "
                "huddle_member; GRANT huddle_member TO linsiyuan WITH ADMIN OPTION; END IF; "
                "END $$")
    assert made.returncode == 0, made.stderr
    admin = pg_cluster.url(new_db, "linsiyuan")
    granted = run("db", "grant", "zhangwei", ws=admin)
    assert granted.exit_code == 0, granted.stderr
    assert psql(new_db, "zhangwei", "SELECT count(*) > 0 FROM huddle.shards").stdout.strip() \
        == "t"
