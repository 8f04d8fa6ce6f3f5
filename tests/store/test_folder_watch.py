"""`ws.wait_changes` on inotify (store/core/folder_watch.py), and its polling fallback.

The writer is another process, as on the jump host: it waits for a line on stdin, commits
one change through the store and prints the instant its commit returned."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from store.core import folder_watch
from store.core.folder_watch import FolderWatch, open_watch, overlay_layers, watch_mode

ROOT = Path(__file__).resolve().parents[2]
WRITER = r"""
import sys, time
from store.core.workspace import Workspace
ws = Workspace.open(sys.argv[1])
print("ready", flush=True)
for line in sys.stdin:
    with ws.transaction("probe") as tx:
        tx.table("t").insert({"line": line.strip()})
        tx.audit("test.write", "probe")
    print(time.time(), flush=True)
"""
linux_only = pytest.mark.skipif(watch_mode(Path("/tmp"))[0] != "inotify",
                                reason="inotify is not available here")


@pytest.fixture
def writer(ws):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(ws.folder)], cwd=ROOT, env=env,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    yield proc
    proc.stdin.close()
    proc.wait(10)


def delays_of_writes(ws, writer, rounds: int) -> list[float]:
    """Seconds from each commit's return in the writer to `wait_changes` returning here."""
    delays = []
    for n in range(rounds):
        token = ws.changes().token
        seen: list[float] = []
        waiter = threading.Thread(target=lambda: (ws.wait_changes(token, 5),
                                                  seen.append(time.time())))
        waiter.start()
        time.sleep(0.05)  # the waiter is waiting
        writer.stdin.write(f"write {n}\n")
        writer.stdin.flush()
        committed = float(writer.stdout.readline())
        waiter.join(6)
        assert seen, "wait_changes never returned"
        delays.append(seen[0] - committed)
    return delays


@linux_only
def test_wait_changes_wakes_within_50_ms_of_another_process_s_write(ws, writer, monkeypatch):
    monkeypatch.delenv("HUDDLE_WATCH", raising=False)
    delays = delays_of_writes(ws, writer, 5)
    # the wake comes at the rename, often before the writer's commit has returned
    assert statistics.median(delays) < 0.05, delays
    assert max(delays) < 0.5, delays


def test_forced_polling_still_sees_another_process_s_write(ws, writer, monkeypatch):
    monkeypatch.setenv("HUDDLE_WATCH", "poll")
    assert watch_mode(ws.folder) == ("poll", "HUDDLE_WATCH=poll")
    assert open_watch(ws.folder) is None
    delays = delays_of_writes(ws, writer, 2)
    assert max(delays) < folder_watch.POLL_SECONDS + 0.5, delays


def test_wait_changes_returns_at_once_when_the_token_is_behind(ws):
    token = ws.changes().token
    with ws.transaction("probe") as tx:
        tx.table("t").insert({"x": 1})
        tx.audit("test.write", "probe")
    started = time.monotonic()
    assert "probe" in ws.wait_changes(token, 5).changed
    assert time.monotonic() - started < 0.5


def counted_looks(ws, monkeypatch) -> list[object]:
    """The tokens `ws.changes` is asked with from now on (each one a look at every shard)."""
    looks: list[object] = []
    real = type(ws).changes
    monkeypatch.setattr(type(ws), "changes", lambda self, token=None: looks.append(token)
                        or real(self, token))
    return looks


@linux_only
def test_a_quiet_folder_is_looked_at_once_not_at_every_wait(ws, monkeypatch):
    """The feed waits a second at a time: with inotify holding, a wait that follows a look
    which found nothing waits without looking at every shard again, and a write (or a
    token the look did not give) is still seen at once."""
    monkeypatch.delenv("HUDDLE_WATCH", raising=False)
    looks = counted_looks(ws, monkeypatch)
    token = ws.wait_changes(ws.changes().token, 0.05).token
    looks.clear()
    for _ in range(3):
        token = ws.wait_changes(token, 0.05).token
    assert looks == []
    with ws.transaction("probe") as tx:
        tx.table("t").insert({"x": 1})
        tx.audit("test.write", "probe")
    started = time.monotonic()
    assert "probe" in ws.wait_changes(token, 5).changed
    assert time.monotonic() - started < 0.5 and len(looks) == 1
    assert ws.wait_changes(dict(token), 0.05).changed == {"probe"}  # not the token it gave


@linux_only
def test_a_look_that_could_not_read_the_folder_is_not_taken_as_quiet(ws, monkeypatch):
    """A look that failed (the folder unreadable for a moment) gives the token back as it
    was: the next wait looks again rather than trusting it (a write whose event that look
    used up is seen then)."""
    monkeypatch.delenv("HUDDLE_WATCH", raising=False)
    token = ws.wait_changes(ws.changes().token, 0.05).token
    with ws.transaction("probe") as tx:
        tx.table("t").insert({"x": 1})
        tx.audit("test.write", "probe")
    real = os.scandir

    def unreadable(path):
        raise PermissionError(13, "Permission denied", str(path))
    monkeypatch.setattr(os, "scandir", unreadable)
    assert ws.wait_changes(token, 0.05).changed == set()  # the event drained, nothing read
    monkeypatch.setattr(os, "scandir", real)
    assert "probe" in ws.wait_changes(token, 0.05).changed


def test_polling_looks_at_every_wait(ws, monkeypatch):
    monkeypatch.setenv("HUDDLE_WATCH", "poll")
    looks = counted_looks(ws, monkeypatch)
    token = ws.wait_changes(ws.changes().token, 0.01).token
    looks.clear()
    ws.wait_changes(token, 0.01)
    assert looks


@linux_only
def test_lock_and_temp_files_do_not_wake_the_waiter_a_journal_does(tmp_path):
    watch = open_watch(tmp_path)
    assert isinstance(watch, FolderWatch)
    (tmp_path / "project-1.lock").write_text("digest")         # a writer's own record
    (tmp_path / ".project-1.123.abcd.tmp").write_text("{}")    # not published yet
    assert not watch.wait(0.1)
    with open(tmp_path / "project-1.journal", "ab") as fh:      # appended: a change
        fh.write(b"entry\n")
    assert watch.wait(1.0)
    (tmp_path / "project-1.json").write_text("{}")
    assert watch.drain()
    watch.close()


@linux_only
def test_a_removed_folder_breaks_the_watch(tmp_path):
    folder = tmp_path / "gone"
    folder.mkdir()
    watch = open_watch(folder)
    folder.rmdir()
    assert watch.wait(1.0) and watch.broken
    watch.close()


@linux_only
def test_each_thread_s_watch_is_closed_when_the_thread_ends(ws):
    def fds() -> int:
        return len(os.listdir("/proc/self/fd"))

    before = fds()
    inside: list[int] = []
    thread = threading.Thread(target=lambda: (ws.wait_changes(ws.changes().token, 0.01),
                                              inside.append(fds())))
    thread.start()
    thread.join()
    assert inside[0] == before + 1      # its own inotify instance
    assert fds() == before              # gone with the thread


@linux_only
def test_remote_file_systems_are_polled(ws, monkeypatch):
    monkeypatch.delenv("HUDDLE_WATCH", raising=False)
    monkeypatch.setattr(folder_watch, "fs_type", lambda path: 0x6969)  # NFS
    assert watch_mode(ws.folder) == ("poll", "the folder is on nfs")
    assert open_watch(ws.folder) is None
    monkeypatch.setenv("HUDDLE_WATCH", "inotify")                       # the user knows better
    assert watch_mode(ws.folder) == ("inotify", "")


def test_an_overlay_on_nfs_is_polled(tmp_path, monkeypatch):
    upper, lower = tmp_path / "up per", tmp_path / "lower"
    mountinfo = tmp_path / "mountinfo"
    mountinfo.write_text(
        "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
        f"99 22 0:50 / {tmp_path}/ws rw,relatime - overlay overlay "
        f"rw,lowerdir={lower},upperdir={str(upper).replace(' ', chr(92) + '040')},workdir=/w\n")
    (tmp_path / "ws" / "deep").mkdir(parents=True)
    layers = overlay_layers(tmp_path / "ws" / "deep", str(mountinfo))
    assert layers == [str(lower), str(upper), "/w"]
    assert overlay_layers(tmp_path, str(mountinfo)) == []          # not under the overlay
    kinds = {str(tmp_path / "ws"): folder_watch.OVERLAY_FS, str(upper): 0x6969}
    monkeypatch.setattr(folder_watch, "fs_type", lambda path: kinds.get(str(path), 0xEF53))
    monkeypatch.setattr(folder_watch, "overlay_layers", lambda folder: layers)
    assert folder_watch.remote_file_system(tmp_path / "ws") == "overlay of nfs"
    assert folder_watch.remote_file_system(tmp_path) is None


@linux_only
def test_fs_type_reads_statfs():
    assert folder_watch.fs_type("/proc") == 0x9FA0               # PROC_SUPER_MAGIC
    assert folder_watch.fs_type("/no/such/folder") is None


@linux_only
def test_files_that_are_not_shards_do_not_wake_the_waiter(ws, monkeypatch):
    """A member's 10,000 unrelated files in the folder, one of them written again and again:
    the waiter looks at the folder a few times, not once per event (no spin)."""
    for n in range(10_000):
        (ws.folder / f"build-{n}.o").write_bytes(b"")
    looks: list[int] = []
    real = type(ws).changes
    monkeypatch.setattr(type(ws), "changes",
                        lambda self, token=None: looks.append(1) or real(self, token))
    token = ws.changes().token
    stop = threading.Event()

    def churn() -> None:
        n = 0
        while not stop.is_set():
            (ws.folder / f"notes-{n % 50}.txt").write_text("x")
            (ws.folder / "build-1.o").unlink(missing_ok=True)
            n += 1

    thread = threading.Thread(target=churn)
    thread.start()
    try:
        assert not ws.wait_changes(token, 1.0).changed
    finally:
        stop.set()
        thread.join()
    assert len(looks) <= 3


@pytest.mark.parametrize("junk", ["", "bogus", "POLL ", "inotify\x00", "\udcff", "1" * 5000])
def test_any_huddle_watch_value_picks_a_mode(ws, monkeypatch, junk):
    monkeypatch.setenv("HUDDLE_WATCH", junk.replace("\x00", ""))
    mode, _ = watch_mode(ws.folder)
    assert mode in ("inotify", "poll")
    assert mode == "poll" or junk.strip().lower() != "poll"
    token = ws.changes().token
    assert not ws.wait_changes(token, 0.05).changed



@linux_only
def test_no_inotify_watch_left_falls_back_to_polling(ws, monkeypatch):
    """inotify_add_watch failing (ENOSPC: the user's watches are used up): no fd is kept,
    the thread polls, and it still sees a write."""
    real = folder_watch._libc()

    class NoWatchesLeft:
        inotify_init1 = staticmethod(real.inotify_init1)
        statfs = staticmethod(real.statfs)

        @staticmethod
        def inotify_add_watch(*args):
            return -1

    monkeypatch.setattr(folder_watch, "_libc", lambda: NoWatchesLeft)
    fds = len(os.listdir("/proc/self/fd"))
    assert open_watch(ws.folder) is None and len(os.listdir("/proc/self/fd")) == fds
    token = ws.changes().token
    writer = threading.Timer(0.3, _write, (ws,))
    writer.start()
    started = time.monotonic()
    assert "probe" in ws.wait_changes(token, 5).changed
    assert time.monotonic() - started < 2
    writer.join()


def _write(ws) -> None:
    with ws.transaction("probe") as tx:
        tx.table("t").insert({"x": 1})
        tx.audit("test.write", "probe")
