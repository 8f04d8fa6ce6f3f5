"""An app watching for test_many_processes: `proc_app_watcher.py FOLDER READY EXPECT`.

Runs the Huddle app headless (Pilot) on the knowledge base, searching for the writers'
markers, and says READY once its screen is up. Then it keeps running (live refresh: the app
polls the shards) until the file EXPECT appears: what the store holds once the writers have
stopped (the result count and the first results of that search). It waits until its own
screen shows exactly that, then prints one JSON line {"shown": …, "seconds": …} and exits.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time

QUERY = "mw"


def main(folder: str, ready: str, expect: str) -> None:
    from store.core.workspace import Workspace
    from tui.app import make_app

    app = make_app(Workspace.open(folder))

    def shown() -> dict:
        table = app.screen.query_one("#kb-results")
        label = app.screen.query_one("#kb-count").content
        return {"count": getattr(label, "plain", str(label)),
                "first": [row.key.value for row in table.ordered_rows[:10]]}

    async def run() -> None:
        async with app.run_test(headless=True, size=(120, 36)) as pilot:
            await pilot.press("f7")
            await pilot.pause()
            box = app.screen.query_one("#kb-search")
            box.value = QUERY
            await pilot.pause()
            app.reminder_watcher.stop()
            open(ready, "w").close()
            while not os.path.exists(expect):
                await asyncio.sleep(0.1)
            wanted = json.loads(open(expect).read())
            start = time.monotonic()
            while shown() != wanted and time.monotonic() - start < 30:
                await asyncio.sleep(0.05)
            print(json.dumps({"shown": shown(), "seconds": time.monotonic() - start}),
                  flush=True)
            os._exit(0)

    asyncio.run(run())


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
