"""The SIGKILL test's driver: `proc_crash.py FOLDER ROUNDS SEED [compact]`.

It runs in its own process (forking from pytest is not safe). Each round it forks a
writer that opens the workspace and makes store calls in a loop (task inserts, task
edits, member inserts), writing one line to a pipe after each call returns, and kills it with
SIGKILL at a random point (see `main`). Then, as a new process would, it
opens the workspace, parses every shard with a fresh cache, and checks that every
write the writer reported is there (in the data and in the audit trail).
Prints a JSON summary: rounds, writes, rounds that left a temp file (killed in the
middle of a commit that writes a snapshot or begins a journal), rounds that left a journal
with a torn tail (killed in the middle of an append), rounds in which a snapshot was
rewritten (compaction), and failures. With `compact`, the writer compacts a journal as soon
as it holds more than a twentieth of its snapshot, so kills land inside compactions too.
"""

from __future__ import annotations

import json
import os
import random
import select
import signal
import sys
import time


def writer(folder: str, round_no: int, known: list[str], out: int, compact: bool) -> None:
    """The child: never returns."""
    from store.core import shard_append, shard_journal
    from store.people import members as people
    from store.projects import tasks
    from store.core.workspace import Workspace

    rng = random.Random(round_no)
    real_write_at = shard_journal.write_at

    def slow_write_at(fd: int, data: bytes, offset: int) -> None:
        # a kill must be able to land inside an append: one write syscall cannot be torn by
        # SIGKILL, so the record goes down in two halves with a pause between them
        half = len(data) // 2
        real_write_at(fd, data[:half], offset)
        time.sleep(0.001)
        real_write_at(fd, data[half:], offset + half)

    shard_journal.write_at = slow_write_at
    if compact:
        shard_append.COMPACT_AT, shard_append.COMPACT_RATIO = 512, 0.05
    try:
        ws = Workspace.open(folder)
        for n in range(10_000):
            marker = f"r{round_no}n{n}"
            roll = rng.random()
            if roll < 0.2:
                people.add_member(ws, marker, f"成员 {marker}")
                line = ["member", marker, marker]
            elif roll < 0.6 or not known:
                tid = tasks.add_task(ws, rng.choice((1, 2)), marker, owner="alice",
                                     due="2024-12-31")["id"]
                known.append(tid)
                line = ["insert", marker, tid]
            else:
                tid = rng.choice(known)
                tasks.edit_task(ws, tid, title=marker)
                line = ["edit", marker, tid]
            os.write(out, (json.dumps(line) + "\n").encode())  # after the call returned
    finally:
        os._exit(0)


def check(folder: str, reported: list[list[str]], audited: set) -> list[str]:
    from store.people import members as people
    from store.projects import tasks
    from store.core.workspace import AUDIT, Workspace

    problems = []
    ws = Workspace.open(folder)                      # the workspace opens …
    for name in ws.shard_names():                    # … and every shard parses, uncached
        try:
            for entry in ws.shard(name).load().get(AUDIT, {}).values():
                key = entry["target"] if entry["action"] == "member.add" \
                    else (entry.get("detail") or {}).get("title")
                audited.add((entry["action"], key))
        except Exception as exc:  # noqa: BLE001
            problems.append(f"{name}: {type(exc).__name__}: {exc}")
    for op, marker, target in reported:
        action = {"member": "member.add", "insert": "task.add", "edit": "task.edit"}[op]
        if (action, marker) not in audited:
            problems.append(f"lost {op} {marker} ({target})")
        elif op == "member" and people.find_member(ws, marker) is None:
            problems.append(f"lost member {marker}")
        elif op != "member":
            try:
                tasks.get_task(ws, target)
            except Exception as exc:  # noqa: BLE001
                problems.append(f"lost task {target}: {exc}")
    return problems


def torn_journals(folder: str) -> set[str]:
    """The journals whose last bytes are not a whole record (a writer killed mid-append)."""
    from store.core import shard_journal

    torn = set()
    for name in os.listdir(folder):
        if name.endswith(".journal"):
            raw = open(os.path.join(folder, name), "rb").read()
            found = shard_journal.scan(raw[shard_journal.HEADER_LEN:], shard_journal.HEADER_LEN,
                                       shard_journal.parse_header(raw), 0, parse=False)
            if found.torn:
                torn.add(name)
    return torn


def snapshots(folder: str) -> dict[str, int]:
    return {n: os.stat(os.path.join(folder, n)).st_ino for n in os.listdir(folder)
            if n.endswith(".json")}


def main(folder: str, rounds: int, seed: int, compact: bool = False) -> None:
    from store.people import members as people
    from store.projects import tasks  # noqa: F401  (imported once, before forking)

    rng = random.Random(seed)
    known: list[str] = []
    audited: set = set()
    summary = {"rounds": rounds, "writes": 0, "mid_write": 0, "temp_left": {}, "torn": 0, "compacted": 0,
               "empty_rounds": 0, "failures": []}
    for round_no in range(rounds):
        read_end, write_end = os.pipe()
        temp_before = {n for n in os.listdir(folder) if n.endswith(".tmp")}
        snaps_before = snapshots(folder)
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            writer(folder, round_no, known, write_end, compact)
        os.close(write_end)
        # A random point: one round in ten while the writer starts up; otherwise after it
        # reported a random number of writes, plus a random part of the next one (kill points
        # follow the writer's progress, so a busy machine does not turn them all into "early").
        received = b""
        if rng.random() >= 0.1:
            wanted, deadline = rng.randrange(0, 6), time.monotonic() + 10
            while received.count(b"\n") < wanted and time.monotonic() < deadline:
                if select.select([read_end], [], [], 0.1)[0]:
                    chunk = os.read(read_end, 65536)
                    if not chunk:
                        break
                    received += chunk
            time.sleep(rng.uniform(0, 0.004))
        else:
            time.sleep(rng.uniform(0, 0.005))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        with os.fdopen(read_end, "rb") as pipe:
            lines = (received + pipe.read()).decode().splitlines()
        reported = [json.loads(line) for line in lines]
        known.extend(target for op, _, target in reported if op == "insert")
        summary["writes"] += len(reported)
        summary["empty_rounds"] += not reported
        # killed mid-compaction, a writer leaves two: the snapshot's and the journal's
        left = {n for n in os.listdir(folder) if n.endswith(".tmp")} - temp_before
        summary["mid_write"] += bool(left)
        summary["temp_left"].update(dict.fromkeys(left, time.time()))  # name -> seen at
        summary["torn"] += bool(torn_journals(folder))
        after = snapshots(folder)
        summary["compacted"] += any(after.get(n) not in (None, ino)
                                    for n, ino in snaps_before.items())
        problems = check(folder, reported, audited)
        if problems:
            summary["failures"].append({"round": round_no, "problems": problems[:5]})
            if len(summary["failures"]) > 3:
                break
    print(json.dumps(summary))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:] == ["compact"])
