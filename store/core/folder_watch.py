"""Wait for a file event in the workspace folder: inotify on Linux, polling elsewhere.

`Workspace.wait_changes(token, timeout)` (store/core/workspace.py) asks `open_watch(folder)`
for a `FolderWatch` once per thread and then, in a loop: `drain()` the events seen so far,
ask `changes(token)` what changed, and `wait(remaining)` for the next event if nothing did.
Draining before looking means no event can fall between the look and the wait. The watch
only says "something in the folder happened"; `changes()` decides what changed (a shard's
`.json`, and the `.journal` appended beside it, or whatever a later format adds).

inotify through ctypes on libc (no new dependency): `inotify_init1(IN_NONBLOCK|IN_CLOEXEC)`
and one `inotify_add_watch` on the folder for IN_CLOSE_WRITE, IN_MOVED_TO, IN_MOVED_FROM,
IN_CREATE, IN_DELETE, IN_MODIFY and IN_ATTRIB, waited on with `select.poll`. Only events
of `.json` and `.journal` files wake the waiter (what `changes()` looks at): not lock files
(`<name>.lock`: a writer records its digest there), nor whatever else is in the folder
(a member's files, written again and again, would make every waiter look at the whole
folder at each event).

Polling instead (`watch_mode`), where inotify would miss changes or cannot be had:
- `HUDDLE_WATCH=poll` (`inotify` skips the file-system check below; anything else: auto);
- not Linux, or a libc without inotify;
- a folder on a network or user-space file system (statfs f_type: NFS, CIFS/SMB, FUSE, 9p,
  Ceph, AFS, Coda, GFS2, OCFS2, Lustre, GPFS, VirtualBox/Parallels shares), or an overlay
  whose layers lie on one: another host's writes raise no event here;
- no inotify instance or watch left (EMFILE, ENOSPC), and a watch the kernel dropped (the
  folder was removed or moved): that thread polls, and tries inotify again a minute later.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import select
import struct
import sys
import time
from pathlib import Path

POLL_SECONDS = 0.25   # the fallback's period: one stat per shard each time
RETRY_SECONDS = 60.0  # a thread that could not get a watch tries again after this

IN_MODIFY, IN_ATTRIB, IN_CLOSE_WRITE = 0x2, 0x4, 0x8
IN_MOVED_FROM, IN_MOVED_TO, IN_CREATE, IN_DELETE = 0x40, 0x80, 0x100, 0x200
IN_DELETE_SELF, IN_MOVE_SELF, IN_UNMOUNT = 0x400, 0x800, 0x2000
IN_Q_OVERFLOW, IN_IGNORED, IN_ONLYDIR = 0x4000, 0x8000, 0x01000000
IN_NONBLOCK, IN_CLOEXEC = os.O_NONBLOCK, os.O_CLOEXEC
WATCHED = (IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_MODIFY
           | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)
GONE = IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF | IN_UNMOUNT  # the watch no longer holds
_EVENT = struct.Struct("iIII")  # wd, mask, cookie, len; then `len` bytes of name

# statfs f_type of file systems where another host (or a user-space server) changes files
# without this kernel seeing the write, so inotify stays silent
REMOTE_FS = {
    0x6969: "nfs", 0x517B: "smb", 0xFF534D42: "cifs", 0xFE534D42: "smb2",
    0x65735546: "fuse", 0x01021997: "9p", 0x00C36400: "ceph", 0x5346414F: "afs",
    0x6B414653: "afs", 0x73757245: "coda", 0x564C: "ncp", 0x01161970: "gfs2",
    0x7461636F: "ocfs2", 0x0BD00BD0: "lustre", 0x47504653: "gpfs", 0x786F4256: "vboxsf",
    0x7C7C6673: "prl_fs",
}
OVERLAY_FS = 0x794C7630


def quiet(name: bytes) -> bool:
    """Whether an event of file `name` need not wake anyone: anything but a shard's snapshot
    or journal (what `changes()` looks at), so lock files, temp files and whatever else a
    member keeps in the folder (10,000 build files written again and again) never do."""
    return not name.endswith((b".json", b".journal"))


# -- which way to wait ---------------------------------------------------------------
def watch_mode(folder: Path) -> tuple[str, str]:
    """("inotify", "") or ("poll", why): how changes in `folder` are waited for."""
    wanted = os.environ.get("HUDDLE_WATCH", "").strip().lower()
    if wanted == "poll":
        return "poll", "HUDDLE_WATCH=poll"
    if not sys.platform.startswith("linux") or _libc() is None:
        return "poll", "no inotify on this system"
    if wanted != "inotify":
        remote = remote_file_system(folder)
        if remote:
            return "poll", f"the folder is on {remote}"
    return "inotify", ""


def remote_file_system(folder: Path) -> str | None:
    """The name of the network or user-space file system `folder` lies on, or None."""
    kind = fs_type(folder)
    if kind in REMOTE_FS:
        return REMOTE_FS[kind]
    if kind == OVERLAY_FS:
        for layer in overlay_layers(folder):
            below = fs_type(layer)
            if below in REMOTE_FS:
                return f"overlay of {REMOTE_FS[below]}"
    return None


class _Statfs(ctypes.Structure):
    # f_type first (__fsword_t, a long on every Linux ABI); the rest is never read
    _fields_ = [("f_type", ctypes.c_long), ("_rest", ctypes.c_byte * 248)]


def fs_type(path: Path | str) -> int | None:
    """statfs(2)'s f_type of `path` (None when it cannot be asked)."""
    libc = _libc()
    if libc is None:
        return None
    buf = _Statfs()
    if libc.statfs(os.fsencode(str(path)), ctypes.byref(buf)) != 0:
        return None
    return buf.f_type & 0xFFFFFFFF


def overlay_layers(folder: Path, mountinfo: str = "/proc/self/mountinfo") -> list[str]:
    """The upper, lower and work folders of the overlay mount holding `folder` (those this
    process can see; a container often cannot see its own layers: then none)."""
    try:
        target = os.path.realpath(folder)
        lines = Path(mountinfo).read_text().splitlines()
    except OSError:
        return []
    best, options = "", ""
    for line in lines:
        fields = line.split()
        if " - " not in line or len(fields) < 5:
            continue
        point = _unescape(fields[4])
        after = line.split(" - ", 1)[1].split()
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best = point
            options = after[2] if after[0] == "overlay" and len(after) > 2 else ""
    layers: list[str] = []
    for option in options.split(","):
        key, _, value = option.partition("=")
        if key in ("lowerdir", "upperdir", "workdir"):
            layers += [_unescape(v) for v in value.split(":") if v]
    return layers


def _unescape(field: str) -> str:
    """mountinfo writes space, tab, newline and backslash as \\040-style octal escapes."""
    return field.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n") \
        .replace("\\134", "\\")


_LIBC: list = []


def _libc():
    """libc with inotify and statfs, or None (not Linux, or a libc without them)."""
    if not _LIBC:
        found = None
        try:
            lib = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            lib.inotify_init1.argtypes = [ctypes.c_int]
            lib.inotify_add_watch.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_uint32]
            lib.statfs.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
            found = lib
        except (OSError, AttributeError):
            found = None
        _LIBC.append(found)
    return _LIBC[0]


# -- the watch ---------------------------------------------------------------------------
class FolderWatch:
    """One inotify instance watching one folder; used by one thread."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.broken = False  # the kernel dropped the watch: the caller polls from now on
        self._poll = select.poll()
        self._poll.register(fd, select.POLLIN)

    def drain(self) -> bool:
        """Read every event so far without waiting; whether one of them matters."""
        woke = False
        while True:
            try:
                data = os.read(self.fd, 65536)
            except BlockingIOError:
                return woke
            except OSError:
                self.broken = True
                return True
            if not data:
                return woke
            woke = self._relevant(data) or woke

    def wait(self, timeout: float) -> bool:
        """Block until an event that matters or `timeout` seconds; whether one came."""
        deadline = time.monotonic() + max(0.0, timeout)
        while not self.broken:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            try:
                ready = self._poll.poll(max(1, int(left * 1000 + 0.999)))
            except InterruptedError:  # pragma: no cover - PEP 475 retries; kept for clarity
                continue
            if ready and self.drain():
                return True
        return True

    def _relevant(self, data: bytes) -> bool:
        woke, at = False, 0
        while at + _EVENT.size <= len(data):
            _wd, mask, _cookie, size = _EVENT.unpack_from(data, at)
            name = data[at + _EVENT.size:at + _EVENT.size + size].rstrip(b"\0")
            at += _EVENT.size + size
            if mask & GONE:
                self.broken = True
                woke = True
            elif mask & IN_Q_OVERFLOW or not quiet(name):
                woke = True
        return woke

    def close(self) -> None:
        if self.fd >= 0:
            fd, self.fd = self.fd, -1
            try:
                os.close(fd)
            except OSError:
                pass

    def __del__(self) -> None:  # the thread that owned it ended (thread-local storage)
        try:
            self.close()
        except Exception:  # noqa: BLE001 - at interpreter exit `os` may be gone already
            pass


def open_watch(folder: Path) -> FolderWatch | None:
    """A watch on `folder`, or None where polling must do (see `watch_mode`)."""
    if watch_mode(folder)[0] != "inotify":
        return None
    libc = _libc()
    fd = libc.inotify_init1(IN_NONBLOCK | IN_CLOEXEC)
    if fd < 0:
        return None  # EMFILE: no inotify instance left for this user; ENOSYS
    if libc.inotify_add_watch(fd, os.fsencode(str(folder)), WATCHED) < 0:
        os.close(fd)  # ENOSPC: out of watches; ENOENT, EACCES: changes() says what is wrong
        return None
    return FolderWatch(fd)
