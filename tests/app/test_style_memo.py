"""A node in a place seen before takes the styles worked out there (tui/textual_adapter/
style_memo.py): on every screen, after focus moves, classes change and the theme changes,
each widget (and each of its component classes) holds exactly what Textual's own
`Stylesheet.apply` gives it."""

from __future__ import annotations

import inspect

from textual.css.stylesheet import Stylesheet
from textual.widget import Widget

from app_helpers import SIZE
from tui.app import make_app
from tui.textual_adapter import style_memo


def test_the_private_api_it_relies_on():
    apply = inspect.getsource(style_memo._ORIGINAL_APPLY)
    for piece in ("node._has_hover_style =", "node._has_focus_within =",
                  "node._has_order_style =", "node._has_odd_or_even =",
                  "self.replace_rules(node, node_rules, animate=animate)",
                  "self._process_component_classes(node)",
                  "rules_map.keys() & node._selector_names",
                  "_check_rule(rule, css_path_nodes)"):
        assert piece in apply, piece
    assert "has_pseudo_classes(self.pseudo_classes)" in inspect.getsource(
        __import__("textual.css.model", fromlist=["Selector"]).Selector.check)


def _styles_of(node) -> tuple:
    components = {name: dict(styles.base._rules if hasattr(styles, "base") else styles._rules)
                  for name, styles in node._component_styles.items()}
    return (dict(node.styles.base._rules), components, node._has_hover_style,
            node._has_focus_within, node._has_order_style, node._has_odd_or_even)


def _check_screen(app) -> int:
    """Every node of the screen: what it holds == what Textual's apply gives it."""
    checked = 0
    for node in app.screen.walk_children(with_self=True):
        if not isinstance(node, Widget):
            continue
        held = _styles_of(node)
        style_memo._ORIGINAL_APPLY(app.stylesheet, node)
        assert _styles_of(node) == held, f"{node!r} in {type(app.screen).__name__}"
        checked += 1
    return checked


async def test_every_widget_holds_what_textual_gives_it(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        checked = _check_screen(app)
        for keys in (["down", "enter"], ["tab"], ["2"], ["escape"], ["f4"], ["n"], ["tab"],
                     ["f5"], ["f4"], ["f5"], ["f7"], ["f2"]):
            await pilot.press(*keys)
            await pilot.pause()
            checked += _check_screen(app)
        memo = app.stylesheet._huddle_memo
        assert memo.results, "the memo is in use"
        app.theme = "textual-light" if app.current_theme.dark else "textual-dark"
        await pilot.pause()
        assert app.stylesheet._huddle_memo is not memo  # new rules: a new memo
        await pilot.press("f4")
        await pilot.pause()
        checked += _check_screen(app)
    assert checked > 200


def test_a_new_version_of_the_rules_starts_afresh():
    sheet = Stylesheet()
    sheet.add_source("Widget { color: red; }", read_from=("test", "1"))
    sheet.parse()
    first = style_memo._memo(sheet)
    assert style_memo._memo(sheet) is first
    sheet.add_source("Widget:focus { color: blue; }", read_from=("test", "2"))
    sheet.parse()
    second = style_memo._memo(sheet)
    assert second is not first and second.own == ("focus",)
