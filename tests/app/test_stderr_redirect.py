"""`huddle 2>log`: Textual draws on standard error, so the app would paint into the file and
leave the terminal blank. tui/launch.py warns once on the terminal and draws there instead."""

from __future__ import annotations

import os
import select
import time

import pytest

from tui.launch import screen_on_the_terminal


def read_all(fd: int) -> bytes:
    os.set_blocking(fd, False)
    try:
        return os.read(fd, 65536)
    except BlockingIOError:
        return b""


def read_until(fd: int, end: bytes, timeout: float = 10.0) -> bytes:
    """What the pty shows up to `end` (a pty hands written bytes on to its master a moment
    later, not at once: under load, an immediate read may come back short)."""
    shown, deadline = b"", time.monotonic() + timeout
    while not shown.endswith(end) and time.monotonic() < deadline:
        if select.select([fd], [], [], 0.05)[0]:
            shown += os.read(fd, 65536)
    return shown


def test_a_redirected_stderr_draws_on_the_terminal_and_warns_once(tmp_path):
    master, slave = os.openpty()  # the terminal (standard output)
    log = tmp_path / "log"
    err = os.open(log, os.O_WRONLY | os.O_CREAT)  # standard error, redirected to a file
    try:
        with screen_on_the_terminal(err_fd=err, out_fd=slave) as tty:
            assert tty == slave
            os.write(err, b"<the screen>")  # what Textual draws
        os.write(err, b"after")
        shown = read_until(master, b"<the screen>")
        assert shown.count(b"standard error is redirected") == 1
        assert shown.endswith(b"<the screen>")
        assert log.read_bytes() == b"after"  # the file keeps only what comes after the app
    finally:
        for fd in (master, slave, err):
            os.close(fd)


def test_nothing_changes_when_stderr_is_a_terminal_or_there_is_none(tmp_path):
    master, slave = os.openpty()
    try:
        with screen_on_the_terminal(err_fd=slave, out_fd=slave) as tty:
            assert tty is None
        assert read_all(master) == b""
    finally:
        os.close(master)
        os.close(slave)
    if os.path.exists("/dev/tty"):
        try:
            os.close(os.open("/dev/tty", os.O_RDWR))
            pytest.skip("this test run has a controlling terminal")
        except OSError:
            pass
    err = os.open(tmp_path / "log", os.O_WRONLY | os.O_CREAT)
    out = os.open(tmp_path / "out", os.O_WRONLY | os.O_CREAT)
    try:
        with screen_on_the_terminal(err_fd=err, out_fd=out) as tty:
            assert tty is None  # a script with no terminal: left alone
    finally:
        os.close(err)
        os.close(out)
