"""The app's change feed (tui/change_feed.py): another process's write drawn without a key
press, with inotify and with the polling fallback; the thread stops on exit and while the
app is suspended; an error in it is a toast, never a crash; each change is delivered once."""

from __future__ import annotations

import asyncio
import os
import sys
import time

import pytest
from app_helpers import REPO, SIZE, cell_texts, row_keys

from store.core.folder_watch import watch_mode
from store.core.workspace import Workspace
from store.projects.project import create_project, edit_project
from tui import change_feed
from tui.app import make_app
from tui.change_feed import WAIT_SECONDS

WRITER = r"""
import sys, time
from store.core.workspace import Workspace
from store.projects.tasks import edit_task
ws = Workspace.open(sys.argv[1])
print("ready", flush=True)
for line in sys.stdin:
    edit_task(ws, "1-1", title=line.strip())
    print(time.time(), flush=True)
"""


async def until(condition, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.01)
    return True


@pytest.mark.parametrize("watch", ["auto", "poll"])
async def test_another_process_s_edit_is_drawn_within_a_second_without_a_key(app_ws, watch,
                                                                             monkeypatch):
    monkeypatch.setenv("HUDDLE_WATCH", watch)
    assert watch_mode(app_ws.folder)[0] == "poll" or watch == "auto"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    writer = await asyncio.create_subprocess_exec(
        sys.executable, "-c", WRITER, str(app_ws.folder), cwd=str(REPO), env=env,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE)
    try:
        assert (await asyncio.wait_for(writer.stdout.readline(), 20)).strip() == b"ready"
        app = make_app(app_ws, poll_interval=60)     # no timer: only the feed can show it
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("enter", "2")          # project 1, its Tasks tab
            await pilot.pause()
            screen = app.screen
            assert screen.tasks.get_cell("1-1", "title").plain == "Design"
            for n in range(2):
                title = f"Design, edited elsewhere {n} [b]x[/b]"
                writer.stdin.write(f"{title}\n".encode())
                await writer.stdin.drain()
                written = float(await asyncio.wait_for(writer.stdout.readline(), 20))
                shown = await until(
                    lambda: screen.tasks.get_cell("1-1", "title").plain == title, 3)
                assert shown, f"edit {n} never drawn"
                assert time.time() - written < 1.0, f"edit {n} drawn after {time.time() - written:.2f} s"
            assert app.screen is screen                 # no key pressed, nothing else opened
    finally:
        writer.stdin.close()
        await writer.wait()


async def test_the_thread_stops_on_exit_and_while_suspended(app_ws):
    app = make_app(app_ws)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        feed = app.change_feed
        first = feed.thread
        assert first.is_alive() and feed.running
        app.app_suspend_signal.publish(app)          # ctrl+z, or App.suspend()
        first.join(WAIT_SECONDS + 2)
        assert not first.is_alive() and not feed.running
        create_project(app_ws, "Made while suspended", pm="bob", initiator_dept="Engineering",
                       lead_dept="Engineering", goal="g", due="2024-12-31")
        app.app_resume_signal.publish(app)
        assert feed.running and feed.thread is not first and feed.thread.is_alive()
        assert await until(lambda: "3" in row_keys(app.screen.table))  # shown once back
        last = feed.thread
    last.join(WAIT_SECONDS + 2)
    assert not last.is_alive() and not feed.running


async def test_an_error_in_the_feed_is_a_toast_and_it_tries_again(app_ws, monkeypatch):
    monkeypatch.setattr(change_feed, "RETRY_SECONDS", (0.05,))
    real = app_ws.wait_changes
    calls: list[int] = []

    def failing(token, timeout):
        calls.append(1)
        if len(calls) <= 3:
            raise OSError("connection to the database lost")
        return real(token, timeout)

    app_ws.wait_changes = failing
    app = make_app(app_ws)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        told = lambda: [n.message for n in app.notices]  # noqa: E731
        assert await until(lambda: len(told()) >= 2)
        assert told()[0] == ("Changes made elsewhere are not shown until this is fixed: "
                             "connection to the database lost")
        assert told()[1] == "Changes made elsewhere are shown again as they happen."
        assert len(calls) > 3 and app.is_running      # one toast for three failures
        create_project(app_ws, "After the outage", pm="bob", initiator_dept="Engineering",
                       lead_dept="Engineering", goal="g", due="2024-12-31")
        assert await until(lambda: "3" in row_keys(app.screen.table))


async def test_each_change_is_delivered_once(app_ws):
    app = make_app(app_ws)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        reloads: list[int] = []
        real = screen.reload
        screen.reload = lambda: (reloads.append(1), real())[1]
        create_project(app_ws, "Once", pm="bob", initiator_dept="Engineering",
                       lead_dept="Engineering", goal="g", due="2024-12-31")
        assert {"projects", "project 3"} <= app.poll_now()   # at once, on the UI thread
        assert reloads == [1]
        await asyncio.sleep(WAIT_SECONDS + 0.3)               # the thread saw it too …
        await pilot.pause()
        assert reloads == [1]                                 # … and did not deliver it again
        assert app.poll_now() == set()


async def test_a_change_between_the_first_screen_s_read_and_the_token_is_drawn(app_ws):
    """The feed makes its first token after the first paint (Backend.deferred_token): an
    edit made by another process after the Projects screen read the list, and before the
    feed's thread took that token and began to watch, is drawn all the same."""
    app = make_app(app_ws, poll_interval=60)     # no timer: only the feed can show it
    feed, read_first = app.change_feed, []
    first_token = feed._first_token

    def late():
        read_first.append(sorted(app.screen.projects))  # what the screen had read by then
        other = Workspace(app_ws.folder, app_ws.clock, app_ws.actor)  # another process
        edit_project(other, 1, name="Renamed before the token")
        return first_token()
    feed._first_token = late
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.table
        assert await until(lambda: "Renamed before the token" in cell_texts(table, "name"), 3)
        assert read_first == [["1", "2"]]
