"""The domain cannot see the screen: importing `store` and every module in it (in a fresh
interpreter) must not load textual or rich (harlequin's test_import_hygiene, STYLE.md)."""

from __future__ import annotations

import ast
import json
import shutil
import os
import subprocess
import sys
from pathlib import Path

import pytest

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
    assert "The layers: the screens over the exports over the domain over the persistence" \
        in result.stdout and "core KEPT" in result.stdout


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


# -- no import circle ------------------------------------------------------------------
# Every import counts, at the top of a module or inside a function: an import moved into
# a function only to dodge a loop is still a loop (the lazy ones are there for start-up
# time and do not close a loop either). Only `if TYPE_CHECKING:` imports, which never
# run, are left out. The layers above make most loops impossible
# across packages; this catches the ones inside a package or a layer.
PACKAGES = ("store", "tui", "themes")


def module_files(repo: Path = REPO) -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((repo / package).rglob("*.py")):
            parts = list(path.relative_to(repo).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def import_graph(files: dict[str, Path]) -> dict[str, set[str]]:
    """module -> the project modules it imports (`from pkg import module` names the module)."""
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        found: set[str] = set()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        # imports under `if TYPE_CHECKING:` never run: annotations may name a module above
        typing_only = {id(n) for block in ast.walk(tree) if isinstance(block, ast.If)
                       and getattr(block.test, "id", getattr(block.test, "attr", "")) ==
                       "TYPE_CHECKING" for stmt in block.body for n in ast.walk(stmt)}
        for node in ast.walk(tree):
            if id(node) in typing_only:
                continue
            if isinstance(node, ast.Import):
                found |= {a.name for a in node.names if a.name in files}
            elif isinstance(node, ast.ImportFrom):
                base = package[:len(package) - node.level + 1] if node.level else []
                target = ".".join(base + ([node.module] if node.module else []))
                for alias in node.names:
                    if f"{target}.{alias.name}" in files:
                        found.add(f"{target}.{alias.name}")
                    elif target in files:
                        found.add(target)
        found.discard(name)
        graph[name] = found
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_import_circle():
    loops = cycles(import_graph(module_files()))
    assert loops == [], "import circles: " + "; ".join(" <-> ".join(c) for c in loops)


@pytest.mark.parametrize("lazy", [False, True])
def test_the_circle_check_would_notice(tmp_path, lazy):
    """A loop is found whether its import is at the top or inside a function."""
    package = tmp_path / "store"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from .b import x\n")
    inner = "def f():\n    from . import a\n" if lazy else "from . import a\n"
    inner += "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import c\n"
    (package / "b.py").write_text(inner + "x = 1\n")
    (package / "c.py").write_text("from store.a import x\n")
    assert cycles(import_graph(module_files(tmp_path))) == [["store.a", "store.b"]]
