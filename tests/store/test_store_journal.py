"""The shard journal (store/core/shard_journal.py, shard_append.py): a commit appends one
record; readers take the snapshot and the records after it; a torn tail is ignored and cut,
a bad record before good ones is damage; compaction keeps every reader on one revision; a
write costs the same however long the shard's history."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest

from store.core import integrity, shard_append, shard_journal
from store.core.errors import WorkspaceCorrupt
from store.core.workspace import AUDIT, Workspace
from store.projects import project as projects
from store.projects import progress, tasks

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]


def put(ws: Workspace, name: str, n: int, **extra) -> None:
    with ws.transaction(name) as tx:
        tx.table("t").insert({"n": n, **extra})
        tx.audit("test.put", n)


def fresh(ws: Workspace) -> Workspace:
    return Workspace(ws.folder, ws.clock, ws.actor)


def records(path: Path) -> list[tuple[int, int]]:
    """(offset, revision) of each whole record of a journal."""
    raw = path.read_bytes()
    out, pos = [], shard_journal.HEADER_LEN
    found = shard_journal.scan(raw[pos:], pos, shard_journal.parse_header(raw), 0, parse=False)
    for rev, _ in found.records:
        out.append((pos, rev))
        pos += 16 + int.from_bytes(raw[pos:pos + 4], "big")
    return out


def test_a_commit_appends_one_record_and_another_process_reads_only_it(ws, monkeypatch):
    put(ws, "s", 1)
    snapshot = (ws.folder / "s.json").read_bytes()
    journal = ws.folder / "s.journal"
    size = journal.stat().st_size
    reader = fresh(ws)
    assert reader.rows("s", "t") == [{"n": 1, "doc_id": 1}]
    put(ws, "s", 2)
    assert (ws.folder / "s.json").read_bytes() == snapshot     # no rewrite …
    assert journal.stat().st_size > size                        # … one record more
    parsed = []
    real = shard_journal.scan
    monkeypatch.setattr(shard_journal, "scan", lambda data, *a, **k: parsed.append(len(data))
                        or real(data, *a, **k))
    assert [r["n"] for r in reader.rows("s", "t")] == [1, 2] and reader.revision("s") == 2
    assert parsed == [journal.stat().st_size - size]            # only the new bytes were read


def test_the_change_feed_sees_appends(ws):
    put(ws, "s", 1)
    token = ws.changes().token
    put(ws, "s", 2)
    assert ws.changes(token).changed == {"s"}


def test_a_torn_tail_is_ignored_and_cut_by_the_next_writer(ws):
    put(ws, "s", 1)
    put(ws, "s", 2)
    journal = ws.folder / "s.journal"
    good = journal.read_bytes()
    frame = shard_journal.frame(3, b'{"c":{"t":{"3":{"n":3}}}}')
    for torn in (frame[:5], frame[:20], frame[:-1], frame[:-1] + b"X", b"\0" * 40):
        journal.write_bytes(good + torn)                    # a writer died mid-append
        reader = fresh(ws)
        assert [r["n"] for r in reader.rows("s", "t")] == [1, 2] and reader.revision("s") == 2
    put(fresh(ws), "s", 3)                                  # the next writer cuts it off
    raw = journal.read_bytes()
    assert raw.startswith(good) and [rev for _, rev in records(journal)] == [2, 3]
    assert [r["n"] for r in fresh(ws).rows("s", "t")] == [1, 2, 3]
    files, findings = integrity.check_workspace(fresh(ws))
    assert [f for f in findings if "s." in Path(f.path).name] == []


def test_a_bad_record_before_good_ones_is_damage(ws):
    for n in range(1, 5):
        put(ws, "s", n)
    journal = ws.folder / "s.journal"
    raw = bytearray(journal.read_bytes())
    offset, rev = records(journal)[1]
    raw[offset + 20] ^= 0x55                                  # inside record 3's payload
    journal.write_bytes(bytes(raw))
    with pytest.raises(WorkspaceCorrupt) as exc:
        fresh(ws).shard("s").load()
    assert exc.value.path == str(journal) and "bad checksum" in exc.value.message
    with pytest.raises(WorkspaceCorrupt):                     # never written over
        put(fresh(ws), "s", 9)
    assert journal.read_bytes() == bytes(raw)
    _, findings = integrity.check_workspace(fresh(ws))
    assert [(f.kind, f.path) for f in findings if f.path.endswith("s.journal")] == [
        ("unreadable", str(journal))]


def test_a_damaged_project_journal_costs_only_that_project(ws):
    pm = ws.acting_as("bob")
    for n in range(3):
        tasks.add_task(pm, 1, f"任务 {n}", owner="carol", due="2024-09-30")
    journal = ws.folder / "project-1.journal"
    raw = bytearray(journal.read_bytes())
    raw[records(journal)[0][0] + 30] ^= 0x55
    journal.write_bytes(bytes(raw))
    reader = fresh(ws)
    assert projects.list_projects(reader) == []               # skipped, noted
    assert list(reader.damage.found()) == [str(journal)]


def test_an_edited_journal_is_found_by_check(ws):
    put(ws, "s", 1)
    put(ws, "s", 2)
    journal = ws.folder / "s.journal"
    raw = journal.read_bytes()
    body = b'{"c":{"t":{"2":{"n":20}}}}'                      # a whole, valid record by hand
    offset, _ = records(journal)[-1]
    journal.write_bytes(raw[:offset] + shard_journal.frame(2, body))
    _, findings = integrity.check_workspace(fresh(ws))
    assert ("edited", str(journal)) in [(f.kind, f.path) for f in findings]


def test_heads_follow_the_journal_in_another_process(ws):
    """The head and its second part, patched record by record, are what the tables give."""
    pm = ws.acting_as("bob")
    reader = fresh(ws)
    reader.shard("project-1").more()
    for n in range(6):
        tasks.add_task(pm, 1, f"任务 {n}", owner="carol", due="2024-09-30")
    tasks.edit_task(pm, "1-2", title="改名")
    tasks.edit_task(pm, "1-5", owner="bob")  # the head's owners ("published") follow
    progress.record_progress(ws.acting_as("carol"), "1-3", 100, done="完成")  # no longer open
    progress.record_progress(ws.acting_as("carol"), "1-4", 40, done="一半")
    for shard in (reader.shard("project-1"), fresh(ws).shard("project-1")):
        tables = shard.load()
        plain = orjson.loads(orjson.dumps(tables))
        assert shard.head() == orjson.loads(orjson.dumps(projects.project_head(plain)))
        assert shard.more() == orjson.loads(orjson.dumps(projects.project_more(plain)))
    head = ws.shard("project-1").head()
    assert head["tasks"]["count"] == 6


def test_compaction_rewrites_the_snapshot_and_starts_a_fresh_journal(ws, monkeypatch):
    monkeypatch.setattr(shard_append, "COMPACT_AT", 256)
    monkeypatch.setattr(shard_append, "COMPACT_RATIO", 0.5)
    put(ws, "s", 1)
    inode = (ws.folder / "s.json").stat().st_ino
    n = 1
    while (ws.folder / "s.json").stat().st_ino == inode:
        n += 1
        put(ws, "s", n)
        assert n < 100, "never compacted"
    doc = orjson.loads((ws.folder / "s.json").read_bytes())
    assert doc["_rev"] == n and len(doc["tables"]["t"]) == n
    assert (ws.folder / "s.journal").read_bytes() == shard_journal.header(n)
    put(ws, "s", n + 1)
    assert [r["n"] for r in fresh(ws).rows("s", "t")] == list(range(1, n + 2))
    assert ws.foreign_files() == []
    _, findings = integrity.check_workspace(fresh(ws))
    assert [f for f in findings if "/s." in f.path] == []


def test_a_reader_in_another_process_sees_one_revision_through_compactions(ws, tmp_path,
                                                                           monkeypatch):
    monkeypatch.setattr(shard_append, "COMPACT_AT", 512)
    monkeypatch.setattr(shard_append, "COMPACT_RATIO", 0.05)
    put(ws, "s", 1)
    stop = tmp_path / "stop"
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": "1"}
    reader = subprocess.Popen([sys.executable, str(HERE / "proc_journal_reader.py"),
                               str(ws.folder), "s", str(stop)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=env)
    deadline = time.monotonic() + 60
    while not Path(f"{stop}.ready").exists():
        assert time.monotonic() < deadline and reader.poll() is None, reader.stderr.read()
        time.sleep(0.01)
    snapshots = set()
    for n in range(2, 300):
        put(ws, "s", n, text="跨部门" * 20)
        snapshots.add(orjson.loads((ws.folder / "s.json").read_bytes())["_rev"])
    stop.touch()
    out, err = reader.communicate(timeout=60)
    summary = json.loads(out)
    assert summary["errors"] == [], summary
    assert len(snapshots) > 5 and summary["reads"] > 20 and summary["revs"] > 5, summary


def test_a_write_costs_the_same_however_long_the_history(ws):
    """Two shards alike but for their history (3,000 and 9,000 audit entries and updates):
    a commit appends the same bytes to either, rewrites neither, parses neither history,
    and takes about as much CPU."""
    for name, entries in (("short", 3_000), ("long", 9_000)):
        with ws.shard(name).locked() as lease:
            ws.shard(name).commit({
                "t": {str(i): {"n": i} for i in range(1, 51)},
                "progress": {str(i): {"at": "2024-01-01T00:00:00+00:00", "note": "进展" * 10}
                             for i in range(1, entries + 1)},
                AUDIT: {str(i): {"at": "2024-01-01T00:00:00+00:00", "action": "x", "rev": 1}
                        for i in range(1, entries + 1)}}, lease)
    ws = fresh(ws)  # as any other process: the shards read from their files
    times: dict[str, list[float]] = {"short": [], "long": []}
    grown: dict[str, list[int]] = {"short": [], "long": []}
    inodes = {name: (ws.folder / f"{name}.json").stat().st_ino for name in times}
    for i in range(30):
        for name in times:
            before = (ws.folder / f"{name}.journal").stat().st_size
            started = time.process_time()  # CPU: the fdatasync's wait is the disk's noise
            with ws.transaction(name) as tx:
                tx.table("t").update({"n": -i}, doc_ids=[i % 50 + 1])
                tx.table("progress").insert({"at": "2024-09-02T02:00:00+00:00", "note": "新"})
                tx.audit("test.edit", i)
            times[name].append(time.process_time() - started)
            grown[name].append((ws.folder / f"{name}.journal").stat().st_size - before)
    assert {name: (ws.folder / f"{name}.json").stat().st_ino for name in times} == inodes
    # the same record but for the longer ids (the 9,001st update, not the 3,001st)
    assert all(0 <= long - short <= 4 for long, short in zip(grown["long"], grown["short"]))
    ratio = statistics.median(times["long"]) / statistics.median(times["short"])
    # (the bench's target is 1.2; loose here, on a busy machine)
    assert ratio < 1.5, ratio
    for name in times:  # the history tables were never parsed: appended to unparsed
        assert not ws.shard(name).load()[AUDIT].filled
    assert len(fresh(ws).rows("long", AUDIT)) == 9_030


# -- history tables parsed when first read (store/core/lazy_table.py) ----------------------------
@pytest.fixture(params=[False, True], ids=["as-read", "packed"])
def lazy(monkeypatch, request):
    """History tables of 1 KiB or more are left unparsed (64 KiB in use); held as read (a
    command) or compressed (the app: `keep_unparsed_packed`)."""
    from store.core import lazy_table, shard_state
    monkeypatch.setattr(shard_state, "LAZY_AT", 1024)
    monkeypatch.setattr(lazy_table, "_PACKING", [request.param])
    return lazy_table.LazyTable


def test_a_long_history_is_not_parsed_to_write_or_to_read_other_tables(ws, lazy, monkeypatch):
    for n in range(1, 40):
        put(ws, "s", n, text="跨部门协作" * 5)
    with ws.shard("s").locked() as lease:
        shard_append.compact(ws.shard("s"), lease, force=True)
    reader, writer = fresh(ws), fresh(ws)
    assert reader.rows("s", "t")[0]["n"] == 1
    audit = reader.shard("s").load()[AUDIT]
    assert isinstance(audit, lazy) and not audit.filled                 # not parsed
    put(writer, "s", 40)                                                # a write: still not
    assert not writer.shard("s").load()[AUDIT].filled
    assert [r["n"] for r in reader.rows("s", "t")][-1] == 40            # a reader applies it
    assert not reader.shard("s").load()[AUDIT].filled
    with writer.shard("s").locked() as lease:                           # compaction splices
        shard_append.compact(writer.shard("s"), lease, force=True)
    assert not writer.shard("s").load()[AUDIT].filled
    again = fresh(ws)
    entries = again.rows("s", AUDIT)                                    # read: parsed then
    assert [e["target"] for e in entries] == list(range(1, 41)) and again.revision("s") == 40
    assert reader.shard("s").load()[AUDIT] == again.shard("s").load()[AUDIT]
    assert [f for f in integrity.check_workspace(fresh(ws))[1] if "/s." in f.path] == []


def test_peek_looks_through_a_long_history_without_keeping_it(ws, lazy):
    from store.core.lazy_table import peek
    for n in range(1, 40):
        put(ws, "s", n, text="跨部门协作" * 5)
    with ws.shard("s").locked() as lease:
        shard_append.compact(ws.shard("s"), lease, force=True)
    put(ws, "s", 40)                                                    # one on top, unfilled
    reader = fresh(ws)
    audit = reader.shard("s").load()[AUDIT]
    assert isinstance(audit, lazy) and not audit.filled
    seen = peek(audit)
    assert [d["target"] for d in seen.values()] == list(range(1, 41))
    assert not audit.filled                                             # the cache keeps bytes
    assert dict(seen) == dict(fresh(ws).shard("s").load()[AUDIT])
    assert peek(audit.fill()) is audit and peek({"1": {}}) == {"1": {}}  # a parsed one as is


def test_the_app_holds_an_unparsed_history_compressed(ws, lazy, monkeypatch):
    from store.core import lazy_table
    for n in range(1, 200):
        put(ws, "s", n, text="跨部门协作" * 5)
    with ws.shard("s").locked() as lease:
        shard_append.compact(ws.shard("s"), lease, force=True)
    monkeypatch.setattr(lazy_table, "_PACKING", [True])
    packed = fresh(ws).shard("s").load()[AUDIT]
    monkeypatch.setattr(lazy_table, "_PACKING", [False])
    plain = fresh(ws).shard("s").load()[AUDIT]
    assert not packed.filled and not plain.filled
    assert packed.json() == plain.json() == plain.raw_bytes() == packed.raw_bytes()
    (held, size), (raw, none) = packed._held, plain._held
    assert size == len(raw) and none == 0 and len(held) * 5 < len(raw)  # what each holds
    file_bytes = len(raw) + 1000
    assert lazy_table.cache_cost({AUDIT: plain}, file_bytes) == 1000 + len(raw) // 6
    assert lazy_table.cache_cost({AUDIT: packed}, file_bytes) == 1000 + len(held) // 6
    grown = packed.with_docs({"999": {"target": 999}})      # still compressed, packing off
    assert not grown.filled and grown._held == packed._held
    monkeypatch.setattr(lazy_table, "_PACKING", [True])
    assert plain.with_docs({})._held == plain._held          # as read stays as read
    assert dict(lazy_table.peek(grown)) == {**dict(plain), "999": {"target": 999}}
    assert packed == plain and packed.filled and packed._held == (b"", 0)  # filled: let go


def test_a_snapshot_edited_by_hand_is_read_whole(ws, lazy):
    for n in range(1, 40):
        put(ws, "s", n, text="跨部门协作" * 5)
    with ws.shard("s").locked() as lease:
        shard_append.compact(ws.shard("s"), lease, force=True)
    path = ws.folder / "s.json"
    path.write_bytes(path.read_bytes().replace(b'"target":3,', b'"target":33,'))
    entries = {e["doc_id"]: e["target"] for e in fresh(ws).rows("s", AUDIT)}
    assert entries[3] == 33                                             # the toc no longer fits


# -- the folder's rules hold for journals too -------------------------------------------------
def test_a_journal_changed_without_the_lock_is_reported_not_overwritten(ws):
    from store.core.errors import WorkspaceConflict
    put(ws, "s", 1)
    journal = ws.folder / "s.journal"
    with pytest.raises(WorkspaceConflict):
        with ws.transaction("s") as tx:
            tx.table("t").insert({"n": 2})
            tx.audit("test.put", 2)
            with open(journal, "ab") as fh:  # by hand, while the writer is inside
                fh.write(b"by hand")
    assert journal.read_bytes().endswith(b"by hand")


def test_a_symlinked_journal_is_refused_not_followed(ws, tmp_path):
    from store.core.errors import WorkspaceError
    put(ws, "s", 1)
    journal, elsewhere = ws.folder / "s.journal", tmp_path / "elsewhere"
    elsewhere.write_bytes(journal.read_bytes())
    journal.unlink()
    journal.symlink_to(elsewhere)
    with pytest.raises(WorkspaceError):
        fresh(ws).shard("s").load()
    with pytest.raises(WorkspaceError):
        put(fresh(ws), "s", 2)
    assert elsewhere.read_bytes() == shard_journal.header(1)


def test_journals_are_0660_in_a_shared_folder_and_go_with_their_shard(ws):
    os.chmod(ws.folder, 0o2770)
    shared = Workspace.open(ws.folder, clock=ws.clock)
    put(shared, "s", 1)
    put(shared, "s", 2)
    assert oct((ws.folder / "s.journal").stat().st_mode & 0o777) == oct(0o660)
    assert "s.journal" not in shared.foreign_files()
    shared.remove_shards()
    assert not [p.name for p in ws.folder.iterdir() if p.suffix in (".json", ".journal")]
