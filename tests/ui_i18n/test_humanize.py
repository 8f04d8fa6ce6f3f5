"""humanize speaks the interface language everywhere it is used (English only: Chinese
relative time is store/core/relative_time.py's own table, tests/store/test_store_relative_time.py).

`humanize.i18n.activate` is per thread (DESIGN.md, Time): a worker thread that
formats "3 hours ago" must activate zh_CN itself. So every function under store/
and tui/ that calls humanize also activates (or deactivates) the language in the
same call, and the two users check out in a fresh thread in both languages.
"""

from __future__ import annotations

import ast
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from store.core.i18n import set_language

REPO = Path(__file__).resolve().parents[2]
NOW = datetime(2024, 9, 2, 2, 0, tzinfo=timezone.utc)


def _is_humanize(node: ast.AST) -> bool:
    return isinstance(node, ast.Name) and node.id == "humanize"


def humanize_calls(fn: ast.AST) -> tuple[list[str], bool]:
    """(humanize functions called, whether the language is set) within one function."""
    called, activates = [], False
    for node in ast.walk(fn):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        owner = node.func.value
        if _is_humanize(owner):
            called.append(node.func.attr)
        elif isinstance(owner, ast.Attribute) and owner.attr == "i18n" and _is_humanize(owner.value):
            activates = activates or node.func.attr in ("activate", "deactivate")
    return called, activates


def test_every_humanize_call_sets_the_language_in_the_same_function():
    users = []
    for path in sorted(p for d in ("store", "tui") for p in (REPO / d).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for fn in ast.walk(tree):
            if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                called, activates = humanize_calls(fn)
                if called:
                    users.append(f"{path.relative_to(REPO)}:{fn.name}")
                    assert activates, f"{path.relative_to(REPO)}:{fn.name} calls humanize." \
                                      f"{called[0]} without humanize.i18n.activate"
    assert users, "the scan found no humanize call at all"


def in_thread(fn, *args):
    out: list = []
    worker = threading.Thread(target=lambda: out.append(fn(*args)))
    worker.start()
    worker.join()
    return out[0]


@pytest.mark.parametrize("lang, past, future", [("zh", "分钟前", "分钟后"),
                                                 ("en", "ago", "from now")])
def test_relative_times_in_a_worker_thread(lang, past, future):
    from store.warroom.reports import ago
    from tui.widgets.reminder_banner import relative
    set_language(lang)
    try:
        assert past in in_thread(ago, NOW, NOW - timedelta(minutes=12))
        assert past.replace("分钟", "小时") in in_thread(relative, NOW, NOW - timedelta(hours=3))
        assert future in in_thread(relative, NOW, NOW + timedelta(minutes=25))
        # and in this thread too, after another thread switched its own language
        assert past in ago(NOW, NOW - timedelta(minutes=12))
    finally:
        set_language("en")
