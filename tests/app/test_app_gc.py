"""The app's full garbage collections wait for a moment without input (tui/app.py
`_collect_when_idle`), but never for more than GC_PUT_OFF_AT_MOST of them."""

from __future__ import annotations

import pytest

import tui.app as app_module
from tui.app import GC_PUT_OFF_AT_MOST, make_app


@pytest.mark.parametrize("gen1_runs, seconds_since_key, collects", [
    (3, 10.0, False),                                   # not due yet
    (10, 10.0, True),                                   # due, and nobody typing
    (10, 0.2, False),                                   # due, but a key was just pressed
    (10 * GC_PUT_OFF_AT_MOST, 0.2, True),               # put off five times: now anyway
])
def test_full_collection_waits_for_idle_but_not_forever(workspace, monkeypatch, gen1_runs,
                                                         seconds_since_key, collects):
    app = make_app(workspace)
    app._gc_threshold = (700, 10, 10)
    collected: list[int] = []
    monkeypatch.setattr(app_module.gc, "get_count", lambda: (0, 0, gen1_runs))
    monkeypatch.setattr(app_module.gc, "collect", lambda *a: collected.append(1) or 0)
    monkeypatch.setattr(app_module.time, "monotonic", lambda: 1000.0)
    app._last_input = 1000.0 - seconds_since_key
    app._collect_when_idle()
    assert collected == ([1] if collects else [])
