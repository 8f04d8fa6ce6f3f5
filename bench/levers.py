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
    "start_ratio": "Huddle's own imports before the first paint (~45–55 ms over Textual's: a "
                   "dozen dataclasses in the store's core, the hundred project heads, 13.8 KB "
                   "of CSS against the bare app's 7.5 KB): plain classes, the dialogs' CSS "
                   "with the dialogs",
    "first_action_max_ms": "the 1,000-task project's first opening now computes only the "
                           "plan's analysis cold (~9–12 ms CPU; its rows, the receipts and a "
                           "year of updates wait for the tab that shows them) and Textual "
                           "builds and draws its screen (~60 ms: compose with the Footer's "
                           "keys ~15–20, layout and first render ~25): the analysis in the "
                           "shard's head where a commit leaves the plan's inputs alone, the "
                           "Footer's keys as one widget",
    "slowest_action_ms": "the standup (built afresh) is about three quarters Textual: "
                         "compose ~17 ms (the Footer's keys ~8), layout and renders ~25; its "
                         "store reads of 100 projects ~10–15 ms (~1,000 stats of shard "
                         "files): one stat per shard per refresh, the Footer's keys as one "
                         "widget; the war room's median is as slow",
    "rss_mb": "about 50 MB arrive with the reminders' first check, which computes every "
              "member's reminders for every project: a check for the acting member only",
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
