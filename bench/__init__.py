"""Benchmarks: `python -m bench NAME` runs one, `python -m bench` runs them all.

A benchmark is a module of this package with a `main(argv) -> int`; register
it in BENCHMARKS with one line.
"""

from __future__ import annotations

BENCHMARKS: dict[str, str] = {
    "store": "bench.store",  # one task edit: the sharded store against plain TinyDB
}
