"""`remember_styles()`: `Stylesheet.apply` remembers its result for the next node in the same
place (see the package's docstring)."""

from __future__ import annotations

from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode

MEMO_ENTRIES = 4096  # places remembered (a company's workspace opened everywhere: ~600)
APP_WIDE = frozenset({"dark", "light", "inline", "ansi", "nocolor"})  # the same for every node

_ORIGINAL_APPLY = Stylesheet.apply
_ORIGINAL_REPLACE_RULES = Stylesheet.replace_rules.__func__  # type: ignore[attr-defined]
_APPLYING: list[list] = []  # [node, the rules Textual gave it] of each apply under way


class _Memo:
    """The results of one version of the rules (a re-parse makes a new list: a new memo)."""

    __slots__ = ("rules", "app_wide", "own", "results")

    def __init__(self, rules: list) -> None:
        self.rules = rules
        used = set().union(*(rule.pseudo_classes for rule in rules))
        self.app_wide = tuple(sorted(used & APP_WIDE))
        self.own = tuple(sorted(used - APP_WIDE))
        self.results: dict[tuple, tuple] = {}

    def place(self, node: DOMNode) -> tuple:
        """What any selector of these rules can test: along the path from the app, each
        node's type, id, classes and the pseudo-classes the rules name."""
        path = node.css_path_nodes
        app = path[0]
        checks = app._PSEUDO_CLASSES
        place = [tuple(checks[name](app) if name in checks else False
                       for name in self.app_wide)]
        own = self.own
        for part in path:
            checks = part._PSEUDO_CLASSES
            place.append((type(part), part._id, frozenset(part._classes),
                          tuple(checks[name](part) if name in checks else False
                                for name in own) if checks else None))
        return tuple(place)


def _memo(sheet: Stylesheet) -> _Memo:
    rules = sheet.rules
    memo = sheet.__dict__.get("_huddle_memo")
    if memo is None or memo.rules is not rules:
        memo = sheet._huddle_memo = _Memo(rules)  # type: ignore[attr-defined]
    return memo


def _apply(self: Stylesheet, node: DOMNode, *, animate: bool = False,
           cache: dict | None = None) -> None:
    """`Stylesheet.apply` of Textual 8.2.8; a node in a place seen before takes the rules
    worked out there, as Textual's own `cache` does within one update of several nodes."""
    memo = _memo(self)
    place = memo.place(node)
    found = memo.results.get(place)
    if found is None:
        _APPLYING.append([node, None])
        worked_out = len(cache) if cache is not None else 0
        try:
            _ORIGINAL_APPLY(self, node, animate=animate, cache=cache)
        finally:
            rules = _APPLYING.pop()[1]
        if cache is not None and rules is not None and len(cache) == worked_out:
            return  # Textual's cache answered: its key is coarser; keep what it works out
        if len(memo.results) >= MEMO_ENTRIES:
            memo.results.clear()
        memo.results[place] = (rules, (node._has_hover_style, node._has_focus_within,
                                       node._has_order_style, node._has_odd_or_even))
        return
    rules, flags = found
    (node._has_hover_style, node._has_focus_within, node._has_order_style,
     node._has_odd_or_even) = flags
    if rules is not None:  # Textual replaces nothing when no rule applies
        self.replace_rules(node, dict(rules) if animate else rules, animate=animate)
    self._process_component_classes(node)


def _replace_rules(cls, node: DOMNode, rules: dict, animate: bool = False) -> None:
    if _APPLYING and _APPLYING[-1][0] is node:
        _APPLYING[-1][1] = rules
    _ORIGINAL_REPLACE_RULES(cls, node, rules, animate=animate)


def remember_styles() -> None:
    """Install `_apply` (idempotent)."""
    Stylesheet.apply = _apply  # type: ignore[method-assign]
    Stylesheet.replace_rules = classmethod(_replace_rules)  # type: ignore[method-assign]
