"""`python -m bench.reminder_check WORKSPACE [--login L] [--at ISO] [--profile]`: what the
app's reminder check costs (issue 16; docs/architecture.md, "What a reminder check costs").

Opens a kept company workspace (`python -m bench company --keep DIR`) as a member (default:
the one with the most reminders), runs `reminder_engine.pending` as the app's watcher does,
cold (a new process) then warm, and prints for each the wall and CPU time and how many shard
files were parsed, then the process's RSS (it has imported the app, as the app has). On a busy
machine the wall time is the CPU time plus waiting: read the CPU time.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import time
from collections import Counter
from pathlib import Path

from store.core import storage
from store.core.clock import FixedClock
from store.core.identity import Actor
from store.core.workspace import Workspace
from store.reminders import engine
from store.reminders.registry import collect

from .company_words import NOW


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.reminder_check")
    parser.add_argument("workspace", type=Path)
    parser.add_argument("--login", help="the acting member (default: the busiest)")
    parser.add_argument("--at", default=NOW, help=f"the instant (default {NOW})")
    parser.add_argument("--warm", type=int, default=5, help="warm checks to time")
    parser.add_argument("--profile", action="store_true", help="cProfile one warm check")
    args = parser.parse_args(argv)
    import tui.app  # noqa: F401 - the app's imports, for an RSS comparable with the app's

    parsed: Counter = Counter()
    parse = storage.Shard._parse

    def counting(self, raw):
        parsed[self.name] += 1
        return parse(self, raw)

    storage.Shard._parse = counting  # type: ignore[method-assign]
    print(f"before: RSS {_rss():.0f} MB")
    login = args.login
    ws = Workspace(args.workspace, FixedClock(args.at), Actor(login or "-", login or "-"))
    if login is None:  # a look of its own, so the first timed check is still cold
        login = Counter(x for r in collect(Workspace(args.workspace, FixedClock(args.at)))
                        for x in r.who).most_common(1)[0][0]
        ws = Workspace(args.workspace, FixedClock(args.at), Actor(login, login))
        parsed.clear()
    for label in ["cold"] + [f"warm {n + 1}" for n in range(args.warm)]:
        parsed.clear()
        wall, cpu = time.perf_counter(), time.process_time()
        found = engine.pending(ws, login)
        print(f"{label}: {(time.perf_counter() - wall) * 1000:.1f} ms wall, "
              f"{(time.process_time() - cpu) * 1000:.1f} ms CPU, {len(found)} pending for "
              f"{login}, {sum(parsed.values())} files parsed")
    print(f"after: RSS {_rss():.0f} MB")
    if args.profile:
        profile = cProfile.Profile()
        profile.runcall(engine.pending, ws, login)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(30)
    return 0


def _rss() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv[1:]))
