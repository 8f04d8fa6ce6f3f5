"""`python -m bench pg --quick` cannot rot: a few edits and propagations on the session's
cluster end with its RESULT line (the real figures: docs/benchmarks.md, docs/postgres.md)."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.usefixtures("backend")

KEYS = ("pg_edit_p50_ms", "pg_edit_p95_ms", "pg_propagation_p95_ms", "folder_edit_p50_ms")
RESULT = re.compile("RESULT " + " ".join(rf"{key}=([\d.]+)" for key in KEYS))


def test_the_pg_benchmark_ends_with_its_result_line(pg_cluster, capsys, monkeypatch):
    from bench import pg_bench
    monkeypatch.delenv("HUDDLE_NOW", raising=False)
    assert pg_bench.main(["--quick", "--edits", "5", "--waits", "3"], cluster=pg_cluster) == 0
    out = capsys.readouterr().out
    match = RESULT.fullmatch(out.strip().splitlines()[-1])
    assert match, out[-800:]
    assert all(float(value) > 0 for value in match.groups())
    assert "migrate: 25 shards" in out and "propagation" in out
