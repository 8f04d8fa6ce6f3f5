"""Benchmarks: `python -m bench NAME` runs one, `python -m bench` runs them all.

A benchmark is a module of this package with a `main(argv) -> int`; register
it in BENCHMARKS with one line. `python -m bench [--quick]` runs the company
suite (`bench.suite`): every figure next to its reference, the table in
docs/benchmarks.md and the RESULT line.
"""

from __future__ import annotations

BENCHMARKS: dict[str, str] = {
    "store": "bench.store",      # one task edit: the sharded store against plain TinyDB
    "company": "bench.company",  # build the company-sized workspace (and describe it)
    "app": "bench.app_bench",    # cold start vs a bare Textual app; key press → screen updated
    "cli": "bench.cli_bench",    # `huddle task update` vs Taskwarrior's `task N modify`
    "pg": "bench.pg_bench",      # the company on PostgreSQL: edit, propagation (needs a server)
    "propagation": "bench.propagation",  # a commit in one process → drawn in two other apps
    "all": "bench.suite",        # everything, docs/benchmarks.md, the RESULT line
}
