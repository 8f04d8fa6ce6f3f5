"""The domain cannot see the screen: importing `store` and every module in it (in a fresh
interpreter) must not load textual or rich (harlequin's test_import_hygiene, STYLE.md)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

PROBE = """
import importlib, json, pkgutil, sys
import store
names = ["store"] + sorted(m.name for m in pkgutil.walk_packages(store.__path__, "store."))
for name in names:
    importlib.import_module(name)
from store import reminders, domains  # noqa: F401  (every provider registered)
leaked = sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "rich"))
print(json.dumps({"modules": names, "leaked": leaked}))
"""


def test_store_never_imports_textual_or_rich():
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": "1"}
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                            cwd=str(REPO), env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert {"store.storage", "store.workspace", "store.tasks", "store.people"} <= \
        set(report["modules"])
    assert report["leaked"] == [], f"store pulled in {report['leaked']}"


def test_the_probe_would_notice():
    """The check is not vacuous: importing textual does show up in sys.modules."""
    result = subprocess.run([sys.executable, "-c", "import sys, textual; "
                             "print(any(m.startswith('textual') for m in sys.modules))"],
                            capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "True"
