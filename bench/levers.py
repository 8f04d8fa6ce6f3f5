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
    "start_ratio": "the records imported before the first paint are NamedTuples now (a "
                   "dataclass compiles its methods when its module is imported); left of "
                   "Huddle's own: the store core's dozen dataclasses (shard_state, "
                   "shard_journal, shard_commit, shard_lock, backend, policy, identity, "
                   "damage, workspace; tui.cli.common.Session: ~5–8 ms, shared with the "
                   "CLI's imports), its regular expressions (text_safety ~1.5 ms), the CSS "
                   "(five parse rounds against the bare app's three, 13.9 KB against 7.5 KB: "
                   "huddle.tcss, Input, Label, FooterKey) and the hundred project heads",
    "first_action_max_ms": "the 1,000-task project's first opening now computes only the "
                           "plan's analysis cold (~9–12 ms CPU; its rows, the receipts and a "
                           "year of updates wait for the tab that shows them) and Textual "
                           "builds and draws its screen (~60 ms: compose with the Footer's "
                           "keys ~15–20, layout and first render ~25): the analysis in the "
                           "shard's head where a commit leaves the plan's inputs alone, the "
                           "Footer's keys as one widget",
    "slowest_action_ms": "the war room drew its ~230 visible cells through rich's generic "
                         "render_lines (now rich's own steps without the dispatch: the "
                         "cells ~40 % less CPU) and the standup read each shard's files "
                         "~10 times per refresh (now once: ~1,000 stats to ~215); left in "
                         "both: Textual's compose, styles, layout and first render, the "
                         "Footer's keys as one widget (~8 ms), the war room's 300 incident "
                         "heads (~4-5 ms, 600 stats) and 60 rows built before its first "
                         "paint (a screenful is ~31), the standup's rows of every member "
                         "(~4 ms)",
    "rss_mb": "not the reminders (without them the app peaks only 0–3 MB lower: the "
              "standup reads the same heads of every project); the 1,000-task project's "
              "year of updates no longer stays parsed for the Tasks tab (~13 MB). What "
              "stays (tracemalloc): Textual's widgets and caches ~18 MB, code ~18 MB (the "
              "warm-up imports every screen), every project head's open tasks and recent "
              "updates ~13 MB, the knowledge base's search index ~10 MB; a closed standup "
              "screen lives on up to 30 s (its refresh timer's cancelled handle keeps its "
              "context: 3–5 MB over the benchmark's repetitions)",
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
