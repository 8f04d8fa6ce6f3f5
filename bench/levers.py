"""What docs/benchmarks.md says of a missed target: by how much, and the next lever (the
measured causes are in docs/architecture.md, "Start-up and first times")."""

from __future__ import annotations

NEXT_LEVER = {
    "write_p50_ms": "most of an edit is the journal append's fdatasync on this disk; group "
                    "commits of several writers into one sync",
    "write_p95_ms": "as write_p50_ms; and the compaction of a journal (amortised, but one "
                    "write in many pays it) could move to a background writer",
    "propagation_p95_ms": "the project screen reloads its whole view on a change to its shard; "
                          "apply the change set to the view instead",
    "start_ratio": "the change feed's token waits until after the first paint (a read log "
                   "keeps every change after a screen's read: store/core/read_log.py), the "
                   "heads' first reads are leaner (text file names, one fstat a file, the head "
                   "with the revision's bytes, each head read once for the list and its "
                   "summaries), the temp-file sweep, the Footer's dataclass and the broken-area "
                   "screen's class are off the way: 1.03x the bare app's instructions -> "
                   "~1.004x (valgrind, ~1,337 M against ~1,331 M; 2,925 stats against 2,284, "
                   "were 4,232; wall times on a quiet machine to confirm). Left: Huddle's own "
                   "~60 modules ~75 M instructions to import (store core ~12 M, zoneinfo 7 M, "
                   "tui.app ~12 M), the hundred heads ~31 M (~300 K each, a quarter of it "
                   "orjson making the head's text). Next: fewer modules on the way (the "
                   "store core's transaction machinery; zoneinfo only for a zone not UTC), "
                   "the list's heads without their projects' long texts",
    "first_action_max_ms": "the standup's first opening, now timed to the frame people see "
                           "(the benchmark used to stop inside Textual's mode-switch batch "
                           "update, where nothing is drawn: textual_adapter.paint_now). "
                           "Its day is now read ahead by the warm-up and kept by the store "
                           "(standup.ahead, store/meetings/standup_day.py: the open tasks, "
                           "updates and members' views, kept until a shard they read "
                           "changes): the first opening does the store work of a later one "
                           "(14.3 K → 6.7 K Python calls in the store, the screen's data "
                           "~57 → ~19 ms wall on a busy machine; a quiet run to confirm), so "
                           "what is left is the median's work below plus Textual's first "
                           "styling of the standup's widgets (~2–4 ms). The 1,000-task "
                           "project's first opening is ~80 ms (read ahead under the cursor: "
                           "store.projects.plan.ahead; opened from the palette it pays "
                           "~20–25 ms more). Next: fewer renders and the batch (below)",
    "slowest_action_ms": "the standup, then the war room: timed to their real frame they "
                         "take ~25–40 ms more than the figures of the last release, which "
                         "stopped before it. A switch of area is drawn only when Textual's "
                         "50 ms batch update (switch_mode's delay_update) ends, after the "
                         "build; the screen is then rendered three to four times (the "
                         "tables get their width, then their rows): renders are about half "
                         "of the time, the store's reads ~6 ms (one look per shard per "
                         "refresh), compose and styles the rest. Next: a table's rows added "
                         "before the first layout at the width it will get, and the area "
                         "switched without the batch's extra render",
    "rss_mb": "the peak is the run's end: the RSS only grows (freed memory is reused, not "
              "returned): ~78 MB once the warm-up is done, then +15–19 the 1,000-task "
              "project, +12–17 its Tasks tab, +1–4 the standup, +2–5 the war room, +13–18 "
              "the knowledge base's searches. Of the ~92 MB of objects at the end "
              "(tracemalloc): the parse cache's tables ~16 MB (a smaller HUDDLE_CACHE_MB "
              "does not lower the peak), the project heads' part two ~6 MB (kept compacted "
              "now: 12.9 → 5.6 MB, peak −7 to −9 MB), code ~13 MB (the warm-up imports every screen), Textual's caches "
              "and widgets ~15 MB, the knowledge base ~12 MB (shard ~3.8, search index "
              "~3.4, its screen's Markdown preview ~5); the Tasks tab's first showing "
              "parses the year of updates for a moment (+32 MB of objects, 1.3 kept: a "
              "parse in slices). A closed standup screen no longer lives on for 30 s",
    "cli_vs_taskwarrior": "the imports are ~200 M of the process's ~242 M instructions "
                          "(docs/architecture.md, \"Speed of the command line\"): the store "
                          "core's dataclasses on the path (~2.2 M each, 11 of them: the "
                          "start-up lever too; a NamedTuple or plain class costs a tenth), "
                          "then orjson's own imports (dataclasses→inspect, uuid→platform: "
                          "~50 M), which stay while the store parses with orjson",
}


def missed_lines(result: dict, targets: dict) -> list[str]:
    """A "Missed targets" section: each missed figure, its target, by how much, the lever."""
    lines = []
    for key, (op, target) in targets.items():
        value = result.get(key)
        if value is None or (value >= target if op == ">=" else value <= target):
            continue
        by = value / target if op == "<=" else target / value
        lines.append(f"- **{key}** {value:.2f} against {op} {target}: missed by "
                     f"{(by - 1) * 100:.0f} %. Next lever: {NEXT_LEVER.get(key, 'see docs/architecture.md')}.")
    if not lines:
        return []
    return ["## Missed targets and the next lever", "", *lines, ""]
