"""A journal (and the files beside it) as a careless or hostile member leaves them: records
crafted with a valid checksum, a forged length, records cut off by hand, a FIFO or a folder
in a file's place. Readers report damage (WorkspaceCorrupt / WorkspaceUnreadable, never a
traceback, never a hang), writers never cut off records Huddle wrote, and `huddle check`
reports a hand edit of the journal as it does one of the snapshot."""

from __future__ import annotations

import os
import signal
from contextlib import contextmanager
from pathlib import Path

import orjson
import pytest

from store.core import integrity, shard_journal
from store.core.errors import WorkspaceCorrupt, WorkspaceError
from store.core.workspace import Workspace
from store.projects import project as projects
from store.projects import tasks


def put(ws: Workspace, name: str, n: int) -> None:
    with ws.transaction(name) as tx:
        tx.table("t").insert({"n": n})
        tx.audit("test.put", n)


def fresh(ws: Workspace) -> Workspace:
    return Workspace(ws.folder, ws.clock, ws.actor)


def offsets(path: Path) -> list[int]:
    """The offset of each record of a journal (by its length fields)."""
    raw, out, pos = path.read_bytes(), [], shard_journal.HEADER_LEN
    while pos < len(raw):
        out.append(pos)
        pos += 16 + int.from_bytes(raw[pos:pos + 4], "big")
    return out


def findings_for(ws: Workspace, shard: str) -> list[tuple[str, str]]:
    _, found = integrity.check_workspace(fresh(ws))
    return [(f.kind, Path(f.path).name) for f in found
            if Path(f.path).name.startswith(f"{shard}.")]


class Blocked(BaseException):
    """Raised in a block that blocked (not an OSError: nothing may take it for one)."""


@contextmanager
def deadline(seconds: float):
    """Fail (instead of hanging the run) if the block blocks."""
    def expired(*_):
        raise Blocked()
    old = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@pytest.fixture
def five(ws):
    for n in range(1, 6):
        put(ws, "s", n)
    return ws


def test_a_forged_length_mid_journal_is_not_cut_off_as_a_torn_tail(five):
    journal = five.folder / "s.journal"
    raw = bytearray(journal.read_bytes())
    at = offsets(journal)[1]
    raw[at:at + 4] = b"\xff\xff\xff\xff"          # record 3 now "runs past the end"
    journal.write_bytes(bytes(raw))
    with pytest.raises(WorkspaceCorrupt, match="hides the records"):  # not revision 2
        fresh(five).rows("s", "t")
    with pytest.raises(WorkspaceCorrupt):          # records 3-5 are Huddle's: never cut
        put(fresh(five), "s", 9)
    assert journal.read_bytes() == bytes(raw)
    assert ("edited", "s.journal") in findings_for(five, "s")


def test_records_cut_off_by_hand_are_found_by_check(five):
    journal = five.folder / "s.journal"
    journal.write_bytes(journal.read_bytes()[:offsets(journal)[-1]])
    assert ("edited", "s.journal") in findings_for(five, "s")


def test_a_record_rewritten_with_its_checksum_is_found_by_check(five):
    journal = five.folder / "s.journal"
    raw = journal.read_bytes()
    at = offsets(journal)[-1]
    journal.write_bytes(raw[:at] + shard_journal.frame(5, b'{"c":{"t":{"5":{"n":50}}}}')
                        + shard_journal.frame(6, b'{"c":{"t":{"6":{"n":60}}}}'))
    assert ("edited", "s.journal") in findings_for(five, "s")


@pytest.mark.parametrize("body", [
    b'{"c":{"t":{"1":5}}}', b'{"c":{"t":{"x":{"n":1}}}}', b'{"c":{"t":{"1":[1]}}}',
    b'{"c":{"t":{"*":{"n":1}}}}', b'{"c":{"t":[1]}}', b'{"c":{"":null}}',
])
def test_a_crafted_change_set_is_damage_not_a_crash(five, body):
    journal = five.folder / "s.journal"
    journal.write_bytes(journal.read_bytes() + shard_journal.frame(6, body))
    with pytest.raises(WorkspaceCorrupt) as exc:
        fresh(five).rows("s", "t")
    assert exc.value.path == str(journal)
    with pytest.raises(WorkspaceCorrupt):
        put(fresh(five), "s", 9)
    assert ("unreadable", "s.journal") in findings_for(five, "s")


@pytest.mark.parametrize("head", [5, [5], [[5]], [[[], 5]], [["a", "b"]], [[["a"], 1, 2]]])
def test_a_crafted_head_patch_is_damage_not_a_crash(ws, head):
    tasks.add_task(ws.acting_as("bob"), 1, "任务", owner="carol", due="2024-09-30")
    journal = ws.folder / "project-1.journal"
    rev = fresh(ws).revision("project-1")
    journal.write_bytes(journal.read_bytes()
                        + shard_journal.frame(rev + 1, orjson.dumps({"c": {}, "h": head})))
    reader = fresh(ws)
    assert projects.list_projects(reader) == []            # skipped and noted, not a crash
    assert list(reader.damage.found()) == [str(journal)]
    with pytest.raises(WorkspaceCorrupt):
        fresh(ws).shard("project-1").head()


def test_a_snapshot_with_a_doc_id_that_is_not_a_number_is_damage(ws):
    put(ws, "s", 1)
    (ws.folder / "s.journal").unlink()
    path = ws.folder / "s.json"
    doc = orjson.loads(path.read_bytes())
    doc["tables"]["t"]["x"] = {"n": 2}
    path.write_bytes(orjson.dumps({"_rev": doc["_rev"], "tables": doc["tables"]}))
    with pytest.raises(WorkspaceCorrupt):
        fresh(ws).rows("s", "t")


@pytest.mark.parametrize("name", ["s.journal", "s.json", "s.lock"])
def test_a_fifo_in_a_files_place_is_refused_not_waited_on(five, name):
    path = five.folder / name
    path.unlink()
    os.mkfifo(path, 0o660)
    with deadline(10):
        if name != "s.lock":
            with pytest.raises(WorkspaceError) as exc:
                fresh(five).rows("s", "t")
            assert name in exc.value.message
            with pytest.raises(WorkspaceError):
                put(fresh(five), "s", 9)
        kinds = findings_for(five, "s")
    assert kinds and all(kind in ("unreadable", "unrecorded", "permissions", "foreign")
                         for kind, _ in kinds)


def test_a_folder_in_the_journals_place_is_named_as_the_damaged_file(five):
    journal = five.folder / "s.journal"
    journal.unlink()
    journal.mkdir()
    with pytest.raises(WorkspaceError) as exc:
        fresh(five).rows("s", "t")
    assert str(journal) in exc.value.message
    found = findings_for(five, "s")
    assert ("unreadable", "s.journal") in found and ("foreign", "s.journal") not in found


@pytest.mark.parametrize("name,then", [("s.journal", b""), ("s.journal", b"x"),
                                       ("s.json", b"")])
def test_a_sparse_terabyte_costs_no_memory(five, name, then):
    """`truncate -s 1T` on a shard file (group-writable) is free to a member; its hole reads
    as zeros: a zero tail of the journal (ignored, then cut) or damage, never read whole."""
    import resource
    path = five.folder / name
    with open(path, "r+b") as fh:
        fh.truncate(1 << 40)
        fh.seek(0, os.SEEK_END)
        fh.write(then)
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (8 << 30, hard))  # a terabyte read would fail
    try:
        if name == "s.journal" and not then:
            assert [r["n"] for r in fresh(five).rows("s", "t")] == [1, 2, 3, 4, 5]
            put(fresh(five), "s", 6)                            # cut, then appended
            assert path.stat().st_size < 1 << 20
        else:
            with pytest.raises(WorkspaceCorrupt):
                fresh(five).rows("s", "t")
        findings_for(five, "s")
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def test_a_journal_kept_read_only_by_another_member_is_named_and_left_alone(five):
    """Its owner's 0644 (or 0600): a writer (or reader) is told which file, nothing changes."""
    import shutil

    from stkit import reachable_copy, run_unprivileged
    folder = reachable_copy(five.folder, 0o666)
    journal = folder / "s.journal"
    before = journal.read_bytes()
    try:
        for mode, message in ((0o644, f"{journal} is read-only"),
                              (0o600, f"Cannot read {journal}: Permission denied")):
            os.chmod(journal, mode)
            result = run_unprivileged(lambda: put(Workspace(folder, five.clock, five.actor),
                                                  "s", 9))
            assert not result["ok"] and message in result["message"], result
            assert journal.read_bytes() == before
    finally:
        shutil.rmtree(folder.parent, ignore_errors=True)


def test_a_revision_past_64_bits_is_damage_to_a_writer_not_a_crash(ws):
    """A hand-edited `_rev` no record can follow (frames carry a u64 revision)."""
    import re
    put(ws, "s", 1)
    (ws.folder / "s.journal").unlink()
    path = ws.folder / "s.json"
    path.write_bytes(re.sub(rb'^\{"_rev":\d+,', b'{"_rev":18446744073709551615,',
                            path.read_bytes()))
    before = path.read_bytes()
    with pytest.raises(WorkspaceCorrupt, match="out of range"):
        put(fresh(ws), "s", 2)
    assert path.read_bytes() == before and not (ws.folder / "s.journal").exists()


def test_a_backup_of_a_journal_with_records_after_a_hole_marks_it_damaged(five, tmp_path):
    """Records after a hole are damage to a backup as to a reader: never left out quietly."""
    from store.core import backup
    journal = five.folder / "s.journal"
    raw = journal.read_bytes()
    first = offsets(journal)[1]
    with open(journal, "r+b") as fh:
        fh.truncate(first)
        fh.truncate(first + (1 << 20))          # a hole of a megabyte where records were,
        fh.seek(0, os.SEEK_END)
        fh.write(raw[first:])                   # then the records again
    manifest = backup.backup(fresh(five), tmp_path / "b")
    assert manifest["shards"]["s"]["damaged"] is True
    with pytest.raises(WorkspaceCorrupt):
        fresh(five).rows("s", "t")


def test_a_commit_while_check_reads_is_not_an_edit(five, monkeypatch):
    """`check` reads the files, then the lock file's record: a commit in between has
    recorded an end past the bytes read, in a journal that has grown to it; and a
    revision newer than the one read, which is not a missing record either."""
    real = integrity.recorded_digest
    commits = iter([6])

    def after_a_commit(path):
        for n in commits if Path(path).name.startswith("s.") else ():  # once
            put(fresh(five), "s", n)
        return real(path)
    monkeypatch.setattr(integrity, "recorded_digest", after_a_commit)
    assert findings_for(five, "s") == []


def test_a_shard_written_without_pause_is_reported_as_read(five, monkeypatch):
    """A commit before every read of the record: `check` reads the files a few times, then
    says what it saw (no loop for as long as someone writes)."""
    real, commits = integrity.recorded_digest, iter(range(6, 100))

    def after_a_commit(path):
        if Path(path).name.startswith("s."):
            put(fresh(five), "s", next(commits))
        return real(path)
    monkeypatch.setattr(integrity, "recorded_digest", after_a_commit)
    assert "unrecorded" in [kind for kind, _ in findings_for(five, "s")]
    assert next(commits) < 20
