"""The disk fills up in the middle of a write (ENOSPC): the command line says so on stderr
(exit 1), the app says so in the form (or a notification), and the data is as before.
tests/store/test_store_robustness.py covers the store itself."""

from __future__ import annotations

import errno
import os

import pytest
from click.testing import CliRunner
from rel_helpers import NOW, shard_bytes
from textual.widgets import Input

from store.core import storage
from store.core.clock import FixedClock
from store.projects.tasks import get_task
from store.core.workspace import Workspace
from tui.app import make_app
from tui.cli import cli
from tui.dialogs.task_form import TaskForm


def fill_the_disk(monkeypatch, after_bytes: int = 64) -> list[int]:
    """Writes to Huddle's temp files and journal appends fail with ENOSPC once `after_bytes`
    went through (a journal record is a few hundred bytes: it fails part-written)."""
    real_write, real_pwrite = os.write, os.pwrite
    written: list[int] = []

    def ours(fd: int) -> bool:
        try:
            return os.readlink(f"/proc/self/fd/{fd}").endswith((".tmp", ".journal"))
        except OSError:
            return False

    def allowed(data) -> int:
        if sum(written) >= after_bytes:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return max(1, min(len(data), after_bytes - sum(written)))

    def write(fd: int, data) -> int:
        if not ours(fd):
            return real_write(fd, data)
        n = real_write(fd, data[:allowed(data)])
        written.append(n)
        return n

    def pwrite(fd: int, data, offset: int) -> int:
        if not ours(fd):
            return real_pwrite(fd, data, offset)
        n = real_pwrite(fd, data[:allowed(data)], offset)
        written.append(n)
        return n

    monkeypatch.setattr(storage.os, "write", write)
    monkeypatch.setattr(storage.os, "pwrite", pwrite)
    return written


def temp_files(folder) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("args", [
    ("task", "add", "1", "写测试用例", "--owner", "zhangwei", "--due", "2024-09-30"),
    ("task", "update", "{task}", "--progress", "60", "--as", "{owner}"),
    ("incident", "log", "INC-4", "日志已导出"),
    ("kb", "add", "--title", "发布清单", "-"),
], ids=["task add", "task update", "incident log", "kb add"])
def test_command_line_says_the_disk_is_full(demo_dir, monkeypatch, args):
    from store.projects.tasks import project_tasks
    task = next(t for t in project_tasks(Workspace.open(demo_dir), 1) if t["state"] == "open")
    args = tuple(a.format(task=task["id"], owner=task["owner"]) for a in args)
    before = shard_bytes(demo_dir)
    written = fill_the_disk(monkeypatch)
    result = CliRunner().invoke(cli, [*args, "--workspace", str(demo_dir)], input="# 清单\n",
                                env={"HUDDLE_NOW": NOW, "LC_ALL": "C.UTF-8", "HUDDLE_DEBUG": None})
    monkeypatch.undo()
    assert written, "the failure was not reached"
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("huddle: ") and "disk is full" in result.stderr
    assert "Nothing was changed" in result.stderr and "Traceback" not in result.output
    assert shard_bytes(demo_dir) == before and temp_files(demo_dir) == []
    again = CliRunner().invoke(cli, [*args, "--workspace", str(demo_dir)], input="# 清单\n",
                               env={"HUDDLE_NOW": NOW, "LC_ALL": "C.UTF-8"})
    assert again.exit_code == 0, again.output                 # room again: it works


async def test_app_form_says_the_disk_is_full(demo_dir, monkeypatch):
    ws = Workspace.open(demo_dir, clock=FixedClock(NOW))
    app = make_app(ws, poll_interval=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.reminder_watcher.stop()
        form = TaskForm(1)
        results: list = []
        app.push_screen(form, results.append)
        await pilot.pause()
        form.query_one("#field-title", Input).value = "磁盘满时添加的任务"
        form.query_one("#field-owner", Input).value = "zhangwei"
        form.query_one("#field-due", Input).value = "2024-09-30"
        before = shard_bytes(demo_dir)
        written = fill_the_disk(monkeypatch)
        form.action_save()
        await pilot.pause()
        monkeypatch.undo()
        assert written and app.screen is form and results == []
        error = form.query_one("#form-error")
        assert error.display and "disk is full" in str(error.content)
        assert shard_bytes(demo_dir) == before and temp_files(demo_dir) == []
        form.action_save()                                       # room again: saved
        await pilot.pause()
        assert len(results) == 1 and results[0]["title"] == "磁盘满时添加的任务"
    assert get_task(Workspace.open(demo_dir), results[0]["id"])["owner"] == "zhangwei"


async def test_app_notification_when_a_screen_write_hits_a_full_disk(demo_dir, monkeypatch):
    """A write a screen makes itself (not through a form): the standup's meeting start."""
    ws = Workspace.open(demo_dir, clock=FixedClock(NOW))
    app = make_app(ws, poll_interval=3600)
    shown: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        notify = app.notify
        app.notify = lambda message, *a, **k: (shown.append(str(message)),
                                                notify(message, *a, **k))[1]
        await pilot.pause()
        app.reminder_watcher.stop()
        await pilot.press("f4")
        await pilot.pause()
        before = shard_bytes(demo_dir)
        fill_the_disk(monkeypatch, after_bytes=0)
        await pilot.press("s")                                   # start the meeting
        await pilot.pause()
        monkeypatch.undo()
        assert any("disk is full" in m for m in shown), shown
        assert shard_bytes(demo_dir) == before and temp_files(demo_dir) == []
        assert type(app.screen).__name__ == "StandupScreen"      # the app carries on
        assert app.screen.session is None
