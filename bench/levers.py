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
    "first_action_max_ms": "the 1,000-task project's first opening finds its tasks read and "
                           "sorted and its plan analysed: the app's warm-up reads the project "
                           "under the Projects screen's cursor ahead after the first paint "
                           "(store.projects.plan.ahead, three steps of ~5–10 ms; A/B on a "
                           "loaded machine, load 8: first opening 211 → 142 ms, CPU 115 → "
                           "70 ms); one opened otherwise (the palette, another screen) still "
                           "pays ~20–25 ms cold. Left: Textual builds and draws the screen "
                           "(~60 ms: compose with the Footer's keys ~15–20, layout and first "
                           "render ~25; seven Lazy placeholders for the hidden tabs), and "
                           "load_view's passes over a thousand tasks on every opening (~5–7 "
                           "ms: lagging, missing updates, allowed actions, receipts): the "
                           "Footer's keys as one widget, the hidden tabs in one mount after "
                           "the first paint (tried: the project screen then waited for ever "
                           "for a pane a pushed form kept from composing), those passes "
                           "memoised per shard revision and day",
    "slowest_action_ms": "the standup (built afresh) is about three quarters Textual: "
                         "compose ~17 ms (the Footer's keys ~8), layout and renders ~25; its "
                         "store reads of 100 projects ~10–15 ms (~1,000 stats of shard "
                         "files): one stat per shard per refresh, the Footer's keys as one "
                         "widget; the war room's median is as slow",
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
