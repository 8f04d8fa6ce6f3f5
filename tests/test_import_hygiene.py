"""The domain cannot see the screen: importing `store` and every module in it (in a fresh
interpreter) must not load textual or rich (harlequin's test_import_hygiene, STYLE.md)."""

from __future__ import annotations

import json
import shutil
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
from store.reminders import registry  # noqa: F401  (every provider listed)
leaked = sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "rich"))
print(json.dumps({"modules": names, "leaked": leaked}))
"""


def test_store_never_imports_textual_or_rich():
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": "1"}
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                            cwd=str(REPO), env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert {"store.core.storage", "store.core.workspace", "store.projects.tasks", "store.people.members"} <= \
        set(report["modules"])
    assert report["leaked"] == [], f"store pulled in {report['leaked']}"


def test_the_probe_would_notice():
    """The check is not vacuous: importing textual does show up in sys.modules."""
    result = subprocess.run([sys.executable, "-c", "import sys, textual; "
                             "print(any(m.startswith('textual') for m in sys.modules))"],
                            capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "True"


# -- the import-linter contracts (pyproject.toml [tool.importlinter]) --------------------
def _lint_imports(*args: str) -> subprocess.CompletedProcess:
    script = Path(sys.executable).with_name("lint-imports")
    command = [str(script)] if script.exists() else [shutil.which("lint-imports") or "lint-imports"]
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([*command, "--no-cache", *args], capture_output=True, text=True,
                          cwd=str(REPO), env=env, timeout=300)


def test_the_import_contracts_hold():
    """store never imports tui, themes, textual or rich; themes never import store."""
    result = _lint_imports()
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "The store never sees the screen KEPT" in result.stdout
    assert "The themes never see the store KEPT" in result.stdout


def test_lint_imports_would_notice(tmp_path):
    """The contracts are not vacuous: a contract tui/ breaks (it imports store) is reported."""
    config = tmp_path / "contracts.toml"
    config.write_text('[tool.importlinter]\nroot_packages = ["store", "tui", "themes"]\n'
                      'include_external_packages = true\n\n'
                      '[[tool.importlinter.contracts]]\nname = "tui without store"\n'
                      'type = "forbidden"\nsource_modules = ["tui"]\n'
                      'forbidden_modules = ["store"]\n')
    result = _lint_imports(str(config))
    assert result.returncode == 1, result.stdout[-2000:] + result.stderr[-2000:]
    assert "tui without store BROKEN" in result.stdout
