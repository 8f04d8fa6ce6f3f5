"""The user's keymap: `keymap.toml` in the user's config folder maps binding ids to keys.

    # ~/.config/huddle/keymap.toml  (platformdirs.user_config_dir("huddle"); $HUDDLE_KEYMAP)
    [keys]
    projects.add = "n"             # a binding id (`huddle keys` lists them) = a key
    "app.help" = "f1,question_mark"  # several keys: a comma-separated list or a TOML list
    gantt.today = ["t", "ctrl+t"]

Every `Binding` in tui/ has an `id=` (tests/app/test_keymap.py walks them); the
app hands the map to Textual's `App.set_keymap` when it is built
(`make_app(..., keymap=…)`, from `load_keymap()` in tui/launch.py). A binding
id may be written bare (`projects.add`, which TOML reads as a nested table) or
quoted (`"projects.add"`); quote it when one id is the start of another
(`"app.help"` and `"app.help.f1"`).

A bad entry — TOML that does not parse, an unknown binding id, a key Textual
does not know, a value that is not text — is reported with its line
(`KeymapProblem`: stderr for `huddle keys`, a warning notification in the app)
and left out; the rest of the file applies. A file that does not parse applies
nothing. Keys are Textual's key names: a character (`n`, `?`), a named key
(`f5`, `escape`, `pagedown`, `question_mark`), with modifiers (`ctrl+n`,
`shift+f5`, `alt+x`).
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from store.core.i18n import tr

from .keymap_file import KEYMAP_ENV, keymap_path  # noqa: F401  (re-exported)

SECTION = "keys"
MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})


@dataclass(frozen=True)
class KeymapProblem:
    line: int | None  # 1-based line of the file, when known
    message: str      # translated, ready for the user

    def describe(self, path: Path) -> str:
        where = f"{path}:{self.line}" if self.line else str(path)
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class BindingInfo:
    id: str
    keys: tuple[str, ...]  # the default keys (Textual key names)
    description: str       # English message id
    action: str
    where: tuple[str, ...]  # the classes that declare it


# -- the bindings there are ---------------------------------------------------------
def huddle_binding_classes() -> list[type]:
    """Every class in tui/ (the app, screens, dialogs, widgets) that declares BINDINGS."""
    import tui
    from textual.dom import DOMNode
    found: list[type] = []
    import inspect  # lazy (with pkgutil, tomllib): the app's start reads no keymap file
    import pkgutil
    for module in pkgutil.walk_packages(tui.__path__, "tui."):
        if module.name.startswith("tui.cli"):
            continue
        loaded = importlib.import_module(module.name)
        for _name, cls in inspect.getmembers(loaded, inspect.isclass):
            if cls.__module__ == loaded.__name__ and issubclass(cls, DOMNode) \
                    and "BINDINGS" in vars(cls):
                found.append(cls)
    return found


def known_bindings() -> dict[str, BindingInfo]:
    """Binding id → what it is, for every Huddle binding (sorted by id)."""
    from textual.binding import Binding
    found: dict[str, BindingInfo] = {}
    for cls in huddle_binding_classes():
        for binding in vars(cls)["BINDINGS"]:
            if not isinstance(binding, Binding) or not binding.id:
                continue  # tests/app/test_keymap.py makes sure there is none
            keys = tuple(k.strip() for k in binding.key.split(","))
            before = found.get(binding.id)
            where = (*before.where, cls.__qualname__) if before else (cls.__qualname__,)
            found[binding.id] = BindingInfo(binding.id, keys, binding.description,
                                            binding.action, where)
    return dict(sorted(found.items()))


# -- keys -------------------------------------------------------------------------------
def _named_keys() -> frozenset[str]:
    from textual.keys import KEY_NAME_REPLACEMENTS, Keys
    names = {k.value for k in Keys if "+" not in k.value}
    return frozenset(names | set(KEY_NAME_REPLACEMENTS.values()) | {"space"})


def key_problem(key: str) -> str | None:
    """Why `key` is not a key Textual knows (None when it is one)."""
    from textual.keys import key_to_character
    if not key or key != key.strip():
        return tr("an empty key")
    *modifiers, base = key.split("+") if key != "+" else ["+"]
    unknown = [m for m in modifiers if m.lower() not in MODIFIERS]
    if unknown or not base:
        return tr("{key!r} is not a key (modifiers: ctrl, shift, alt, meta, super, hyper)",
                  key=key)
    if len(base) == 1:  # a character: printable ones only (a space is "space")
        if unicodedata.category(base)[0] not in "CZ":
            return None
    elif base.lower() in _named_keys() or key_to_character(base) is not None:
        return None
    return tr("{key!r} is not a key Textual knows (e.g. n, ctrl+n, f5, escape, question_mark)",
              key=key)


# -- the file ---------------------------------------------------------------------------
def _flatten(table: dict, prefix: str = "") -> list[tuple[str, object]]:
    """Nested TOML tables (`projects.add = "n"`) back to dotted binding ids."""
    items: list[tuple[str, object]] = []
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            items += _flatten(value, name + ".")
        else:
            items.append((name, value))
    return items


_ENTRY = re.compile(r"^\s*([^=#\[]+?)\s*=")


def _entry_lines(text: str) -> dict[str, int]:
    """Dotted key (quotes and spaces around dots removed) → its line, inside [keys]."""
    lines: dict[str, int] = {}
    section = None
    for number, line in enumerate(text.splitlines(), 1):
        header = re.match(r"^\s*\[\s*([^\]]+?)\s*\]", line)
        if header:
            section = header.group(1).strip().strip('"\'')
            lines.setdefault(section, number)
            continue
        match = _ENTRY.match(line)
        if match:
            # `a.b`, `"a.b"` and `"a" . b` all name a.b (ids have no quotes or spaces)
            key = ".".join(p.strip().strip('"\'') for p in match.group(1).split("."))
            lines.setdefault(f"{section}.{key}" if section else key, number)
    return lines


def parse_keymap(text: str, known: dict[str, BindingInfo]
                 ) -> tuple[dict[str, str], list[KeymapProblem]]:
    """(binding id → keys for `App.set_keymap`, the problems found). Bad entries are left out."""
    import tomllib
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        at = re.search(r"at line (\d+)", str(exc))
        return {}, [KeymapProblem(int(at.group(1)) if at else None,
                                  tr("not valid TOML ({reason}); no key was changed",
                                     reason=str(exc)))]
    lines = _entry_lines(text)
    problems: list[KeymapProblem] = []
    keymap: dict[str, str] = {}
    for name, value in data.items():
        if name != SECTION:
            problems.append(KeymapProblem(lines.get(name), tr(
                "{name!r}: unknown setting (binding ids go under [keys]); ignored", name=name)))
    section = data.get(SECTION, {})
    if not isinstance(section, dict):
        return {}, [*problems, KeymapProblem(lines.get(SECTION),
                                             tr("[keys] must be a table; no key was changed"))]
    for binding_id, value in _flatten(section):
        line = lines.get(f"{SECTION}.{binding_id}")
        if binding_id not in known:
            problems.append(KeymapProblem(line, tr(
                "{id!r}: no such binding (`huddle keys` lists them); ignored", id=binding_id)))
            continue
        keys = value if isinstance(value, list) else \
            [k.strip() for k in value.split(",")] if isinstance(value, str) else None
        if not keys or not all(isinstance(k, str) for k in keys):
            problems.append(KeymapProblem(line, tr(
                "{id!r}: give keys as text, e.g. \"n\" or \"ctrl+n,f5\"; ignored", id=binding_id)))
            continue
        reasons = [reason for key in keys if (reason := key_problem(key)) is not None]
        if reasons:
            problems.append(KeymapProblem(line, tr("{id!r}: {reason}; ignored", id=binding_id,
                                                     reason=reasons[0])))
            continue
        keymap[binding_id] = ",".join(keys)
    return keymap, sorted(problems, key=lambda p: p.line or 0)


def load_keymap(path: Path | None = None) -> tuple[dict[str, str], list[KeymapProblem], Path]:
    """The user's keymap (empty when there is no file), its problems, and the file's path."""
    path = path or keymap_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}, [], path
    except (OSError, UnicodeDecodeError) as exc:
        return {}, [KeymapProblem(None, tr("cannot be read ({reason}); no key was changed",
                                                reason=str(exc)))], path
    keymap, problems = parse_keymap(text, known_bindings())
    return keymap, problems, path


def effective_keys(keymap: dict[str, str]) -> list[dict]:
    """Every binding with the keys it has under `keymap`: id, keys, default, description."""
    rows = []
    for binding_id, info in known_bindings().items():
        keys = keymap.get(binding_id)
        rows.append({"id": binding_id,
                     "keys": [k.strip() for k in keys.split(",")] if keys else list(info.keys),
                     "default": list(info.keys), "remapped": keys is not None,
                     "description": tr(info.description) if info.description else "",
                     "where": list(info.where)})
    return rows
