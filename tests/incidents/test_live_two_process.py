"""Two processes on one workspace: another process appends events through the store
while this process's app (Pilot, headless, default 0.5 s poll) shows each of them
within one second, with no key pressed. On the folder and on PostgreSQL."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from pathlib import Path

import pytest

from tui.app import make_app
from tui.screens.incident import IncidentScreen

from incident_helpers import mobilised

ROOT = Path(__file__).resolve().parents[2]
WRITER = r"""
import sys, time
from store.warroom import incidents
from store.core.clock import FixedClock
from store.core.locate import open_workspace
location, count = sys.argv[1], int(sys.argv[2])
ws = open_workspace(location, clock=FixedClock("2024-09-02T02:05:00+00:00")).acting_as("bob")
print("ready", flush=True)
sys.stdin.readline()
for i in range(count):
    time.sleep(0.35)
    incidents.log_note(ws, 1, f"remote note {i} [bold]from bob[/]")
    print(time.time(), flush=True)
"""
NOTES = 3
pytestmark = pytest.mark.usefixtures("backend")


async def test_another_process_writes_and_the_app_shows_it_within_a_second(workspace, clock):
    mobilised(workspace, clock)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    writer = await asyncio.create_subprocess_exec(
        sys.executable, "-c", WRITER, str(workspace.folder), str(NOTES), cwd=ROOT, env=env,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE)
    try:
        assert (await asyncio.wait_for(writer.stdout.readline(), 20)).strip() == b"ready"
        app = make_app(workspace)                     # the default 0.5 s poll
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.press("f5", "enter")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, IncidentScreen)
            shown_before = len(screen.timeline.texts())
            writer.stdin.write(b"go\n")
            await writer.stdin.drain()
            delays = []
            for i in range(NOTES):
                written = float(await asyncio.wait_for(writer.stdout.readline(), 10))
                wanted = f"remote note {i} [bold]from bob[/]"
                while not any(wanted in line for line in screen.timeline.texts()):
                    assert time.time() - written < 1.0, f"note {i} not shown within 1 s"
                    await asyncio.sleep(0.02)
                delays.append(time.time() - written)
            assert len(screen.timeline.texts()) == shown_before + NOTES
            assert screen.timeline.highlighted == shown_before + NOTES - 1   # following
            assert max(delays) < 1.0
    finally:
        if writer.returncode is None:
            writer.kill()
        await writer.wait()
