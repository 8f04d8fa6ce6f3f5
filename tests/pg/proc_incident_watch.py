"""An app on another host, simulated: `proc_incident_watch.py LOCATION PREFIX COUNT`.

Opens the workspace at LOCATION (a conninfo: TCP or the Unix socket), runs the Huddle app
headless (Pilot) on incident 1's screen and prints "ready" once it is drawn. Then it looks
at what the timeline draws (`render_line`, as the terminal would show it) every 10 ms and
prints one JSON line {"i": i, "at": epoch seconds} the first time the note "PREFIX i" is
drawn; it exits when all COUNT were, or after 20 s.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time

LOOK_EVERY = 0.01
GIVE_UP = 20.0


def main(location: str, prefix: str, count: int) -> None:
    from store.core.clock import FixedClock
    from store.core.locate import open_workspace
    from tui.app import make_app

    ws = open_workspace(location, clock=FixedClock("2024-09-02T02:05:00+00:00"))
    app = make_app(ws, lang="en")

    async def run() -> None:
        async with app.run_test(headless=True, size=(120, 40)) as pilot:
            await pilot.press("f5", "enter")
            await pilot.pause()
            timeline = app.screen.timeline
            print("ready", flush=True)
            seen: set[int] = set()
            start = time.monotonic()
            while len(seen) < count and time.monotonic() - start < GIVE_UP:
                drawn = "\n".join(timeline.render_line(y).text
                                  for y in range(timeline.size.height))
                now = time.time()
                for i in range(count):
                    if i not in seen and f"{prefix} {i}." in drawn:
                        seen.add(i)
                        print(json.dumps({"i": i, "at": now}), flush=True)
                await asyncio.sleep(LOOK_EVERY)
        os._exit(0)

    asyncio.run(run())


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
