"""`huddle check`, `huddle backup`, `huddle restore`: what a group-writable folder cannot
prevent is detected, and a damaged workspace can be brought back."""

from __future__ import annotations

import os
import threading
import time

import orjson
import pytest
from accounts import cli_as
from click.testing import CliRunner

from store.core import backup, integrity
from store.people import members as people
from store.projects import project as projects
from store.core.errors import PermissionDenied, WorkspaceCorrupt, WorkspaceError
from store.core.workspace import Workspace
from tui.cli import cli


def run(folder, *args):
    return CliRunner().invoke(cli, ["--workspace", str(folder), *args])


def kinds(ws) -> dict[str, str]:
    return {f"{f.kind}:{os.path.basename(f.path)}": f.message
            for f in integrity.check_workspace(ws)[1]}


def make_project(ws, name="Portal") -> dict:
    return projects.create_project(ws, name, pm="bob", initiator_dept="Product",
                                   lead_dept="Engineering", goal="g", due="2030-01-31")


def test_a_clean_workspace_checks_clean(workspace):
    make_project(workspace)
    done = run(workspace.folder, "check")
    assert done.exit_code == 0, done.output
    assert done.stdout.startswith("No problems found in the ")
    as_json = orjson.loads(run(workspace.folder, "check", "--json").stdout)
    assert as_json["ok"] is True and as_json["findings"] == [] and as_json["files"] > 3


def test_check_finds_each_kind_of_damage(workspace):
    folder = workspace.folder
    make_project(workspace)
    make_project(workspace, "Second")
    make_project(workspace, "Third")
    (folder / "project-1.json").write_bytes(b"{ not json")
    raw = (folder / "project-2.json").read_bytes()
    (folder / "project-2.json").write_bytes(raw.replace(b'"Second"', b'"Edited"'))
    rev = int(raw.split(b",")[0].split(b":")[1])
    (folder / "project-3.json").write_bytes((folder / "project-3.json").read_bytes().replace(
        b'{"_rev":%d,' % rev, b'{"_rev":%d,' % (rev + 5), 1))
    (folder / "project-9.json").write_bytes(b'{"_rev":1,"tables":{}}')
    temp = folder / ".directory.123.abcd.tmp"
    temp.write_bytes(b"half")
    os.utime(temp, (time.time() - 3600, time.time() - 3600))
    (folder / "notes.txt").write_text("mine")
    os.chmod(folder / "directory.json", 0o666)
    found = kinds(workspace)
    assert "corrupt" in found["unreadable:project-1.json"]
    assert "changed outside Huddle" in found["edited:project-2.json"]
    assert "last audit entry is for revision" in found["revision:project-3.json"]
    assert "unlisted:project-9.json" in found and "unrecorded:project-9.json" in found
    assert "temp:.directory.123.abcd.tmp" in found
    assert "foreign:notes.txt" in found
    assert "world-writable" in found["permissions:directory.json"]
    os.unlink(folder / "project-3.json")
    assert "directory.json lists it" in kinds(workspace)["missing:project-3.json"]
    done = run(folder, "check", "--json")
    assert done.exit_code == 1
    assert {f["kind"] for f in orjson.loads(done.stdout)["findings"]} >= {
        "unreadable", "edited", "missing", "unlisted", "temp", "foreign", "permissions"}
    text = run(folder, "check")
    assert text.exit_code == 1 and "findings in" in text.stdout


def test_group_findings(workspace):
    os.chmod(workspace.folder / "directory.json", 0o640)
    found = kinds(workspace)
    assert "the group cannot write it" in found["permissions:directory.json"]
    if os.geteuid() == 0:
        os.chown(workspace.folder / "directory.lock", -1, os.getgid() + 4242)
        assert "not the workspace folder's group" in kinds(workspace)[
            "permissions:directory.lock"]


def test_corrupt_message_points_at_restore(workspace):
    make_project(workspace)
    (workspace.folder / "project-1.json").write_bytes(b"garbage")
    with pytest.raises(WorkspaceCorrupt) as err:
        projects.get_project(Workspace.open(workspace.folder), 1)
    assert "huddle restore BACKUP --shard project-1" in str(err.value)
    assert "huddle check" in str(err.value)


def test_backup_then_restore_one_damaged_shard(workspace, tmp_path):
    make_project(workspace)
    dest = tmp_path / "backup"
    done = run(workspace.folder, "backup", str(dest))
    assert done.exit_code == 0 and "Backed up" in done.stdout
    assert oct(os.stat(dest).st_mode & 0o777) == "0o700"
    manifest = orjson.loads((dest / backup.MANIFEST).read_bytes())
    good = (workspace.folder / "project-1.json").read_bytes()
    assert manifest["shards"]["project-1"]["rev"] == int(good.split(b",")[0].split(b":")[1])
    (workspace.folder / "project-1.json").write_bytes(b"garbage")
    refused = run(workspace.folder, "restore", str(dest), "--shard", "project-1")
    assert refused.exit_code == 1 and "--yes" in refused.stderr  # no terminal to ask
    done = run(workspace.folder, "restore", str(dest), "--shard", "project-1", "--yes")
    assert done.exit_code == 0, done.output
    fresh = Workspace.open(workspace.folder)
    assert projects.get_project(fresh, 1)["name"] == "Portal"
    audit = fresh.rows("project-1", "_audit")[-1]
    assert audit["action"] == "workspace.restore" and audit["detail"]["from"] == str(dest)
    aside = list((workspace.folder / ".huddle-replaced").glob("*/project-1.json"))
    assert [p.read_bytes() for p in aside] == [b"garbage"]
    assert kinds(fresh) == {}


def test_a_whole_restore_sets_aside_what_the_backup_does_not_have(workspace, tmp_path):
    make_project(workspace)
    backup.backup(workspace, tmp_path / "b")
    make_project(workspace, "After the backup")
    people.add_department(workspace, "Sales")
    done = backup.restore(workspace, tmp_path / "b")
    assert done["set_aside"] == ["project-2"] and "directory" in done["restored"]
    fresh = Workspace.open(workspace.folder)
    assert [p["id"] for p in projects.list_projects(fresh)] == [1]
    assert "Sales" not in {d["name"] for d in people.list_departments(fresh)}
    assert kinds(fresh) == {}
    assert (workspace.folder / ".huddle-replaced").is_dir()
    assert run(workspace.folder, "check").exit_code == 0  # the aside folder is Huddle's


def test_a_tampered_backup_restores_nothing(workspace, tmp_path):
    make_project(workspace)
    backup.backup(workspace, tmp_path / "b")
    (tmp_path / "b" / "project-1.json").write_bytes(b'{"_rev":1,"tables":{}}')
    before = {p.name: p.read_bytes() for p in workspace.folder.iterdir() if p.is_file()}
    with pytest.raises(WorkspaceError, match="does not match the backup's manifest"):
        backup.restore(workspace, tmp_path / "b")
    assert {p.name: p.read_bytes() for p in workspace.folder.iterdir() if p.is_file()} == before


def test_backup_refuses_a_folder_that_is_not_empty(workspace, tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    done = run(workspace.folder, "backup", str(tmp_path / "full"))
    assert done.exit_code == 1 and "not empty" in done.stderr


def test_a_backup_is_one_instant_of_the_whole_workspace(workspace, tmp_path):
    """While projects are being created (index + new shard each), every backup has exactly
    the shards its index names."""
    stop = threading.Event()

    def create():
        ws, n = Workspace.open(workspace.folder), 0
        while not stop.is_set():
            n += 1
            make_project(ws, f"P{n}")
    writer = threading.Thread(target=create)
    writer.start()
    try:
        for i in range(6):
            backup.backup(workspace, tmp_path / f"b{i}")
    finally:
        stop.set()
        writer.join(10)
    for i in range(6):
        copy = tmp_path / f"ws{i}"
        copy.mkdir()
        for path in (tmp_path / f"b{i}").glob("*.json"):
            if path.name != backup.MANIFEST:
                (copy / path.name).write_bytes(path.read_bytes())
        found = {k for k in kinds(Workspace.open(copy))
                 if k.split(":")[0] in ("missing", "unlisted", "unreadable")}
        assert found == set(), f"backup {i}: {found}"


def test_only_an_admin_restores(members, tmp_path):
    alice, bob = members.logins
    target = members.base / "backup"
    target.mkdir()
    os.chown(target, members.uid(alice), members.gid())
    made = cli_as(alice, "--workspace", str(members.folder), "backup", str(target))
    assert made["value"][0] == 0, made
    os.chmod(target, 0o755)
    for path in target.iterdir():
        os.chmod(path, 0o644)
    code, out, err = cli_as(bob, "--workspace", str(members.folder), "restore", str(target),
                            "--yes")["value"]
    assert code == 1 and "Only a workspace admin" in err
    code, out, err = cli_as(alice, "--workspace", str(members.folder), "restore",
                            str(target), "--yes")["value"]
    assert code == 0, err


def test_when_the_directory_is_damaged_the_folder_owner_may_restore(workspace, tmp_path):
    backup.backup(workspace, tmp_path / "b")
    (workspace.folder / "directory.json").write_bytes(b"\0" * 10)
    if os.getuid() != 0 and os.stat(workspace.folder).st_uid != os.getuid():
        pytest.skip("the test account does not own its temp folder")
    done = backup.restore(Workspace.open(workspace.folder), tmp_path / "b", "directory")
    assert done["restored"] == ["directory"]
    assert people.list_departments(Workspace.open(workspace.folder))
    assert PermissionDenied  # (the refusal for others is tested with real accounts above)
