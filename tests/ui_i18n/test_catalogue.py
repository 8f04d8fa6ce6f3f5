"""Chinese everywhere: every message id in store/ and tui/ has a Chinese translation.

The English text is the message id (store/core/i18n.py). This walks the syntax tree of
every module under store/ and tui/ and collects what reaches the screen, the
command line or an export through `tr()`:

- the first argument of `tr("…")` when it is a literal;
- `Binding(key, action, "description", …, tooltip="…")` (the Footer and the help
  screen translate them when they are drawn);
- `Area(mode, key, "label", target)` (tui/app.py) and `Col(key, "label", …)` column
  headers;
- the labels of form rows and notes: `self.row(name, "label", widget, "hint")` and
  `labelled(out, "label", value)` (tui/dialogs: both translate the label);
- the labels of a decision's choices: class attributes `CHOICES = (("value", "label"), …)`;
- class attributes `TITLE = "…"` and `LABEL = "…"` (screen titles, tab labels);
- the values of label tables: module or class constants named `*LABELS`, `*_SHORT`,
  `TITLES`, `WEEKDAYS` (they are passed to `tr` at display time).

Each must be a key of the merged catalogue `store/locales/zh/*.json`, with the same
`{placeholders}`; and no two area files may translate one key differently (the merge
would silently pick one).

Messages with a count go through `trn(singular, plural, n)` (ngettext): their entry is a
list with one Chinese form per plural form of Chinese (one: `"{n} task": ["{n} 个任务"]`).
A `tr()` message that counts something in English ("{n} tasks", "{count} shards") fails:
it must be a `trn`.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import orjson
import pytest

from store.core.i18n import catalogue

REPO = Path(__file__).resolve().parents[2]
LOCALES = REPO / "store" / "locales" / "zh"
SOURCES = sorted(p for folder in ("store", "tui") for p in (REPO / folder).rglob("*.py"))
LABEL_TABLE = re.compile(r"(LABELS|_SHORT|^TITLES|^WEEKDAYS)$")
PLACEHOLDER = re.compile(r"\{(\w+)")


def literal(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _positional(call: ast.Call, index: int) -> str | None:
    return literal(call.args[index]) if len(call.args) > index else None


def _keyword(call: ast.Call, name: str) -> str | None:
    return next((literal(k.value) for k in call.keywords if k.arg == name), None)


def call_messages(call: ast.Call) -> list[str]:
    name = getattr(call.func, "id", getattr(call.func, "attr", ""))
    if name in ("tr", "trn"):       # trn(singular, plural, n): the singular is the id
        return [_positional(call, 0)]
    if name == "Binding":
        return [_positional(call, 2) or _keyword(call, "description"), _keyword(call, "tooltip")]
    if name == "Area":
        return [_positional(call, 2) or _keyword(call, "label")]
    if name == "Col":
        return [_positional(call, 1) or _keyword(call, "label")]
    if name == "row" and isinstance(call.func, ast.Attribute):
        return [_positional(call, 1), _positional(call, 3)]
    if name == "labelled" and call.args and _positional(call, 0) is None:
        return [_positional(call, 1)]  # labelled(out, "Label", value): a Text being built
    return []


def assigned_messages(node: ast.Assign | ast.AnnAssign, in_class: bool) -> list[str]:
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    names = [t.id for t in targets if isinstance(t, ast.Name)]
    value = node.value
    found: list[str] = []
    for name in names:
        if in_class and name in ("TITLE", "LABEL"):
            found.append(literal(value))
        elif in_class and name == "CHOICES" and isinstance(value, ast.Tuple):
            found += [literal(pair.elts[1]) for pair in value.elts
                      if isinstance(pair, ast.Tuple) and len(pair.elts) == 2]
        elif LABEL_TABLE.search(name):
            if isinstance(value, ast.Dict):
                found += [literal(v) for v in value.values]
            elif isinstance(value, (ast.Tuple, ast.List)):
                found += [literal(v) for v in value.elts]
    return found


def messages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    class_bodies = {id(stmt) for node in ast.walk(tree) if isinstance(node, ast.ClassDef)
                    for stmt in node.body}
    found: list[str | None] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            found += call_messages(node)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            found += assigned_messages(node, id(node) in class_bodies)
    # A message without a letter ("◆", "%") reads the same in every language.
    return {m for m in found if m and any(c.isalpha() for c in m)}


def all_messages() -> dict[str, str]:
    """message → the first file it occurs in (relative to the repository)."""
    found: dict[str, str] = {}
    for path in SOURCES:
        for message in messages(path):
            found.setdefault(message, str(path.relative_to(REPO)))
    return found


def test_the_scan_sees_every_kind_of_message():
    found = all_messages()
    for expected in ("Projects",                             # Area label
                     "Approve/reject",                       # Binding description
                     "Show the keys of this screen",          # Binding tooltip
                     "Overdue",                               # Col label
                     "File by",                               # labelled(out, …) in a note
                     "Reject",                                # a decision's CHOICES
                     "War room",                              # Area label / TITLE
                     "Not updated",                           # KIND_LABELS value
                     "Kickoff meeting"):                      # a store label table
        assert expected in found, expected
    assert len(found) > 1000


def test_every_message_has_a_chinese_translation():
    zh = catalogue("zh")
    missing = {message: where for message, where in all_messages().items() if message not in zh}
    assert not missing, ("add these to the area's store/locales/zh/<area>.json "
                         f"(or misc.json): {missing}")


@pytest.mark.parametrize("path", sorted(LOCALES.glob("*.json")), ids=lambda p: p.name)
def test_translations_keep_the_placeholders(path: Path):
    for english, chinese in orjson.loads(path.read_bytes()).items():
        for form in chinese if isinstance(chinese, list) else [chinese]:
            assert set(PLACEHOLDER.findall(english)) == set(PLACEHOLDER.findall(form)), english
            assert form.strip(), english


COUNTED = re.compile(r"\{(n|count)\} (working )?(?!(?:is|was|has|does)\b)[a-z]+s\b"
                     r"|\{(n|count)\} [a-z]+\(s\)")


def plural_calls() -> tuple[dict[str, str], dict[str, str]]:
    """({singular: where} of trn calls, {message: where} of tr calls that count in English)."""
    plurals: dict[str, str] = {}
    counted: dict[str, str] = {}
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            where = str(path.relative_to(REPO))
            if name == "trn" and len(node.args) >= 3 and _positional(node, 0):
                plurals.setdefault(_positional(node, 0), where)
                assert _positional(node, 1), f"{where}: trn needs a literal plural"
            elif name == "tr" and _positional(node, 0) and COUNTED.search(_positional(node, 0)):
                counted.setdefault(_positional(node, 0), where)
    return plurals, counted


def test_every_message_with_a_count_is_a_plural():
    from store.core.i18n import NPLURALS
    plurals, counted = plural_calls()
    assert not counted, f"use trn(singular, plural, n) for: {counted}"
    zh = catalogue("zh")
    assert len(plurals) > 15
    wrong = {s: w for s, w in plurals.items()
             if not (isinstance(zh.get(s), list) and len(zh[s]) == NPLURALS["zh"])}
    assert not wrong, f"give these a list of {NPLURALS['zh']} Chinese form(s): {wrong}"
    orphans = [k for k, v in zh.items() if isinstance(v, list) and k not in plurals]
    assert not orphans, f"plural entries no trn() uses: {orphans}"


def test_no_two_catalogues_disagree():
    first: dict[str, tuple[str, str]] = {}
    conflicts = []
    for path in sorted(LOCALES.glob("*.json")):
        for english, chinese in orjson.loads(path.read_bytes()).items():
            if english in first and first[english][1] != chinese:
                conflicts.append((english, first[english], (path.name, chinese)))
            first.setdefault(english, (path.name, chinese))
    assert not conflicts


def test_every_reminder_kind_has_a_label():
    """The banner and the Reminders screen name each rule; an unknown kind would show as
    English made from its id ("Issue escalate") in every language."""
    from store.warroom.sla import RULES
    from tui.widgets.reminder_banner import KIND_LABELS

    kinds = {f"incident.{rule}" for rule in RULES}
    for path in (REPO / "store").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Reminder":
                kind = _positional(node, 0) or _keyword(node, "kind")
                if kind:
                    kinds.add(kind)
    assert len(kinds) > 15
    assert kinds <= set(KIND_LABELS), sorted(kinds - set(KIND_LABELS))
