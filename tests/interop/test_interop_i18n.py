"""Every message of the interop modules has a Chinese translation with the same placeholders,
and store/locales/zh/interop.json disagrees with no other area's catalogue."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import orjson

from store.core import i18n

ROOT = Path(__file__).resolve().parents[2]
MODULES = ["store/people/preferences.py", "store/interop/ics.py", "store/interop/taskwarrior.py",
           "tui/cli/interop_cmds.py", "tui/palette.py"]
CATALOGUE = ROOT / "store" / "locales" / "zh" / "interop.json"


def messages(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = getattr(node.func, "id", getattr(node.func, "attr", ""))
        first = node.args[0]
        if name == "tr" and isinstance(first, ast.Constant) and isinstance(first.value, str):
            found.add(first.value)
        elif name == "Binding" and len(node.args) > 2 and isinstance(node.args[2], ast.Constant):
            found.add(node.args[2].value)
    return found


def test_every_message_has_a_chinese_translation():
    zh = i18n.catalogue("zh")
    missing = sorted(m for path in MODULES for m in messages(ROOT / path) if m not in zh)
    assert not missing, f"add to store/locales/zh/interop.json: {missing}"


def test_placeholders_are_kept():
    for english, chinese in orjson.loads(CATALOGUE.read_bytes()).items():
        for form in chinese if isinstance(chinese, list) else [chinese]:  # a plural: its forms
            assert set(re.findall(r"\{(\w+)", english)) == set(re.findall(r"\{(\w+)", form)), \
                english


def test_the_catalogue_overrides_no_other_area():
    mine = orjson.loads(CATALOGUE.read_bytes())
    for path in CATALOGUE.parent.glob("*.json"):
        if path != CATALOGUE:
            for key, value in orjson.loads(path.read_bytes()).items():
                assert mine.get(key, value) == value, (path.name, key, value, mine[key])
