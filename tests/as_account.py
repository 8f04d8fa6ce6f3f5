"""Call a function as another OS account, in a forked child of the test process.

Python lives under /root on these machines, which other accounts cannot execute, so a
test cannot start a new interpreter as them: the child drops to the account the way a
login would (supplementary groups, gid, uid) and calls `fn` in-process; the result comes
back pickled. Used by tests/store (as `nobody`) and tests/trust (as accounts made with
`useradd`).
"""

from __future__ import annotations

import importlib
import os
import pickle

# Modules the store imports lazily (at first use): the child, as another account, could not
# read them under /root, so the parent loads them before it forks.
_PRELOAD = ("secrets", "wcwidth", "croniter", "dateutil.tz", "icalendar")


def _preload() -> None:
    for name in _PRELOAD:
        try:
            importlib.import_module(name)
        except ImportError:
            pass


def call_as(uid: int, gid: int, groups: list[int], fn, umask: int | None = None) -> dict:
    """{"ok", "value" | "error", "message", "uid"} of `fn()` run as uid/gid/groups."""
    _preload()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        status = 0
        try:
            os.close(read_end)
            os.setgroups(groups)
            os.setgid(gid)
            os.setuid(uid)
            if umask is not None:
                os.umask(umask)
            try:
                result = {"ok": True, "value": fn(), "uid": os.getuid()}
            except Exception as exc:  # noqa: BLE001 - reported to the parent
                result = {"ok": False, "error": type(exc).__name__, "message": str(exc),
                          "uid": os.getuid()}
            payload = pickle.dumps(result)
            while payload:
                payload = payload[os.write(write_end, payload):]
        except BaseException:
            status = 3
        finally:
            os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        raw = pipe.read()
    _, status = os.waitpid(pid, 0)
    assert status == 0 and raw, f"the child acting as uid {uid} failed (status {status})"
    return pickle.loads(raw)
