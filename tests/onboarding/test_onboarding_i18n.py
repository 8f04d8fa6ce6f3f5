"""Every message of onboarding, the knowledge base, routine sync and customer requests
has a Chinese translation, and store/locales/zh/onboarding.json overrides nobody's."""

from __future__ import annotations

import ast
from pathlib import Path

import orjson

from store.core import i18n

ROOT = Path(__file__).resolve().parents[2]
MODULES = ["store/onboarding/checklists.py", "store/onboarding/templates.py", "store/onboarding/hostcheck.py",
           "store/kb/entries.py", "store/customers/requests.py", "store/meetings/routines.py",
           "tui/cli/onboarding_cmds.py", "tui/cli/kb_cmds.py", "tui/cli/customer_cmds.py",
           "tui/screens/onboarding.py", "tui/screens/hire.py", "tui/screens/kb.py",
           "tui/screens/customers.py", "tui/dialogs/onboarding_forms.py",
           "tui/dialogs/kb_forms.py", "tui/dialogs/customer_forms.py"]
LABEL_DICTS = {"GROUP_LABELS", "ROLE_LABELS", "KIND_LABELS", "STATE_LABELS", "CHANGE_LABELS",
               "FILTER_LABELS"}
FIELD_CALLS = {"text", "day", "login", "choice", "InvalidValue", "_member", "_owner_login"}


def literal(node):
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def messages(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            args = node.args
            if name == "tr" and args and literal(args[0]):
                found.add(args[0].value)
            elif name == "Binding" and len(args) > 2 and literal(args[2]):
                found.add(args[2].value)
            elif name == "Col" and len(args) > 1 and literal(args[1]):
                found.add(args[1].value)
            elif name == "row":
                found.update(literal(a) for a in args[1:2] + args[3:4] if literal(a))
            elif name in FIELD_CALLS and args and literal(args[0]) \
                    and literal(args[0]).isidentifier() and path.parts[-2] == "store":
                found.add(args[0].value)
        elif isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            target = node.targets[0].id
            if target == "TITLE" and literal(node.value):
                found.add(node.value.value)
            if target in LABEL_DICTS and isinstance(node.value, ast.Dict):
                found.update(literal(v) for v in node.value.values if literal(v))
    return found - {"#"}


def test_every_message_has_a_chinese_translation():
    zh = i18n.catalogue("zh")
    missing = {m: path for path in MODULES for m in messages(ROOT / path) if m not in zh}
    assert not missing, f"add to store/locales/zh/onboarding.json: {missing}"


def test_the_catalogue_overrides_no_other_area():
    folder = ROOT / "store" / "locales" / "zh"
    mine = orjson.loads((folder / "onboarding.json").read_bytes())
    for path in folder.glob("*.json"):
        if path.name == "onboarding.json":
            continue
        for key, value in orjson.loads(path.read_bytes()).items():
            assert mine.get(key, value) == value, (path.name, key, value, mine[key])
