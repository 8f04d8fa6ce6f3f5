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
    "first_action_max_ms": "the standup's first opening, which varied from 74 to 106 ms "
                           "across this round's three full runs of the same code (its "
                           "median from 74 to 80). A first opening of an area builds the "
                           "style memo's entries for its places (no hits yet, ~2 ms for the "
                           "standup) and can meet one larger middle-generation collection "
                           "(the key's hold lets 30 young collections pile up, not 10). Its "
                           "day is read ahead by the warm-up and kept by the store "
                           "(standup.ahead, store/meetings/standup_day.py), and its store "
                           "answers with it (Read.answered). Next: the warm-up builds each "
                           "area's widgets once off-screen in a quiet moment so that their "
                           "places are known, then as slowest_action_ms",
    "slowest_action_ms": "the standup, then the war room and the 1,000-task project. This "
                         "round, off every area's opening: the middle generation's "
                         "collections wait for the pause after the answer "
                         "(tui/idle_collector.py, ~4 ms of the standup's), styles are worked "
                         "out once per place (textual_adapter.style_memo: Textual's apply "
                         "~9 ms of the standup's opening, ~5 on a hit), a banner is drawn "
                         "once, the standup's store answers are kept on "
                         "today's read (members_view ~3.6 -> ~0.2 ms), three widgets fewer "
                         "(StandupBar, the key note mounted when first shown). The standup's "
                         "main-thread CPU ~70 -> ~63 ms in interleaved probes (medians of 9; "
                         "the machine's speed moved by a third within the hour). What is "
                         "left: the first render (~17-22 ms: the two tables ~7.5, each "
                         "simple widget's first render ~0.5), mounting ~15 widgets "
                         "(compose, messages, ~8 ms), the styles' hits (replace_rules and "
                         "the component classes, ~5 ms), layout (~5 ms), the kept read's "
                         "stat per project shard (~2 ms). Next: the tables' lines drawn "
                         "with the table's reactives read once per render (Textual reads "
                         "~47 per line), then fewer widgets per area",
    "rss_mb": "the same code peaked at 118-134 MB across this round's runs (the base "
              "commit at 118-128), in two modes ~10 MB apart whose cause was not found. "
              "Opening and closing the 1,000-task project grows the RSS by ~2.4 MB each "
              "time until a full collection frees the closed screens, but that memory is "
              "reused by the later actions: a full collection whenever a screen closes "
              "left the peak where it was (A/B). The peak is the run's end and is what is "
              "KEPT by then: memory freed earlier is "
              "reused by the later actions, so a smaller transient alone barely moves it. ~78 "
              "MB once the warm-up is done, then +3–6 the 1,000-task project, +9–13 its Tasks "
              "tab, +3–5 the standup, +0–4 the war room, +15–20 the knowledge base (its screen "
              "+6, each Markdown preview +4–7). Big tables are parsed in slices now "
              "(store/core/table_slices.py: orjson's working buffer is ~10× the bytes, most of "
              "the Tasks tab's old +32 MB): the Tasks tab's look through a year of updates 33.7"
              " → 6.8 MB traced peak (RSS at that step −3.5 MB, 31 → 23 ms), the KB shard's "
              "parse 24 → 10 MB; the peak −0.7 MB (A/B, loaded machine). Measured, no gain on "
              "the peak: gc.collect or malloc_trim after each action (no screen leaks), "
              "MALLOC_ARENA_MAX=1 (−5 MB after the start only), HUDDLE_CACHE_MB=3 (−2.7 MB in "
              "this order, but project-1 and 8 project shards parsed again in another; 1 MB "
              "thrashes). Not taken: the snippets' cache of the folded body only (−1 MB, +1.5 "
              "ms a search), the search index in UTF-8 (−0.7 MB, searches ~30 % slower). The "
              "knowledge base's Markdown preview draws a table as one widget now "
              "(textual_adapter.CompactMarkdown; Textual made a widget per cell: a "
              "postmortem's key-events table was ~130): in a probe of four searches 68 -> 42 "
              "widgets, RSS −8 MB. Next: the hidden areas' table render caches (~2 MB: war "
              "room ~1, standup ~0.9) let go when left",
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
