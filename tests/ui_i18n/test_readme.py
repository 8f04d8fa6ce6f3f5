"""README.md stays true: its keyboard reference is what docs/keys.py generates from the
bindings, every class with bindings is in that reference, the Quick start is the two
commands that work, and every picture and page it links to exists."""

from __future__ import annotations

import ast
import importlib.util
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
README = REPO / "README.md"
QUICK_START = """```sh
python3 -m venv .venv && .venv/bin/pip install -q -e . && .venv/bin/huddle demo --open
python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]' && .venv/bin/python -m pytest
```"""


def keys_module():
    spec = importlib.util.spec_from_file_location("huddle_docs_keys", REPO / "docs" / "keys.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_the_readme_key_table_is_the_generated_one():
    keys = keys_module()
    assert keys.readme_block() == keys.markdown(), \
        "README.md's keyboard reference is stale: run `.venv/bin/python docs/keys.py --write`"


def test_every_class_with_bindings_is_in_the_reference():
    keys = keys_module()
    listed = {target for _heading, targets in keys.SECTIONS for target in targets}
    found = set()
    for path in (REPO / "tui").rglob("*.py"):
        module = ".".join(path.relative_to(REPO).with_suffix("").parts)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any(
                    isinstance(stmt, ast.Assign) and any(getattr(t, "id", "") == "BINDINGS"
                                                         for t in stmt.targets)
                    for stmt in node.body):
                found.add(f"{module}:{node.name}")
    missing = found - listed - set(keys.NOT_LISTED)
    assert not missing, f"add to SECTIONS in docs/keys.py: {sorted(missing)}"
    assert not listed - found, sorted(listed - found)


def test_the_reference_names_keys_as_users_type_them():
    keys = keys_module()
    assert keys.key_text("escape,q,question_mark,f1") == "`Esc` / `q` / `?` / `F1`"
    assert keys.key_text("ctrl+s") == "`Ctrl+S`"
    assert keys.key_text("left,left_square_bracket") == "`←` / `[`"
    table = keys.markdown()
    assert "| `F5` | War room | 作战室 |" in table
    assert "| `x` | Escalate | 升级为紧急事务 |" in table


def test_the_quick_start_is_unchanged():
    text = README.read_text(encoding="utf-8")
    assert "\n## Quick start\n" in text
    assert QUICK_START in text.split("## Quick start", 1)[1]


def test_every_local_link_and_picture_exists():
    text = README.read_text(encoding="utf-8")
    targets = re.findall(r"\]\(((?!https?:)[^)#\s]+)(?:#[^)]*)?\)", text)
    assert any(t.endswith(".svg") for t in targets)
    missing = [t for t in targets if t != "docs/benchmarks.md" and not (REPO / t).exists()]
    assert not missing, missing  # docs/benchmarks.md is written by `python -m bench`
