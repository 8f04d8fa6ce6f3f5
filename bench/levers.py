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
    "first_action_max_ms": "an area's first opening (the standup's or the 1,000-task "
                           "project's), which also pays for building the style memo's entries "
                           "for its places (no hits yet, ~5-7 ms of Textual's apply). This "
                           "round took out what made first openings reach 100 ms and more in "
                           "some runs: a middle-generation collection inside the answer "
                           "(Textual's strips made seven caches per line: "
                           "textual_adapter.lean_strips), the change feed's look at every "
                           "shard each second beside the answer (Workspace.wait_changes), a "
                           "second layout of every new screen (lay_out_once) and of its "
                           "footer (HuddleFooter). Next: the warm-up builds each area's "
                           "widgets once off-screen in a quiet moment so that their places "
                           "are known, then as slowest_action_ms",
    "slowest_action_ms": "the standup, the war room or the 1,000-task project (which one "
                         "changes from run to run). The "
                         "machine runs in phases: a tight Python loop takes 14.8 ms, then "
                         "21-24 ms for 2-3 s every 5-10 s (the same CPU time: the machine "
                         "is slower, the work is not more), so a median of five depends on "
                         "how many repetitions land in a slow phase: the standup is ~40 ms "
                         "in a quick one and ~65 in a slow one. Off every opening so far: "
                         "the strips' caches, the second same-size layout of a new screen, "
                         "the footer's second line, the change feed's per-second look; this "
                         "round also a second arrangement of the whole screen inside its "
                         "first layout (the footer asked its size there), the widgets drawn "
                         "under others (the screen under its body, containers under their "
                         "children), the banners' container on every screen, two of the "
                         "standup's widgets, and `who` moved after the first frame: a "
                         "standup opening makes ~190 K calls, down from ~215 K. Next: fewer "
                         "widgets still (each ~2.5 % of an opening: the standup's member "
                         "column and its row are two containers), then the tables' first "
                         "render",
    "rss_mb": "what moves from run to run is Python's arenas (the garbage that waits for "
              "a full collection) and glibc's heap (39 MB, 15-22 of it free: the start's "
              "transients, kept because glibc raises its trim threshold after each big block "
              "freed). This round: glibc's thresholds fixed after the first paint "
              "(tui/heap_settings.py), the parse cache's unparsed histories held compressed "
              "(~6.4 -> ~0.5 MB), a closed screen collected in the next quiet second; probes "
              "117-126 -> 110-112 MB. Earlier rounds: strips without seven empty caches each, "
              "the snippets made for the previewed entry only. Measured, no gain: "
              "MALLOC_ARENA_MAX=1, a smaller parse cache, the tables' render caches (~0.9 MB). "
              "Next: the shards' memos (~13 MB at the end: the big project's sorted tasks "
              "and due ends, the help timeline, the standup's day, the knowledge base's "
              "index with a second copy of each body), the store's data with tuples for "
              "lists (14,000 empty lists and 7,000 one-string lists of task documents stay "
              "tracked by the collector)",
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
