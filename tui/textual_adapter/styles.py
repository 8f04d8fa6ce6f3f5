"""Styles and themes: a new screen's styles, the theme's classes, the style sheet's reparse and a
screen's CSS loaded ahead (see the package's docstring)."""

from __future__ import annotations

import inspect
from pathlib import Path

from textual._path import _css_path_type_as_list
from textual.app import App
from textual.css.stylesheet import Stylesheet
from textual.screen import Screen


def adopt_app_styles(screen: Screen, app: App) -> None:
    """Tell Textual a new screen's styles are as current as the app's (none exist yet)."""
    screen._css_update_count = app._css_update_count


def apply_theme_classes(app: App) -> None:
    """The app's classes for its current theme, as `App._watch_theme` sets them."""
    dark = app.current_theme.dark
    app.update_classes({**{c: False for c in app.classes if c.startswith("-theme-")},
                        f"-theme-{app.current_theme.name}": True,
                        "-dark-mode": dark, "-light-mode": not dark}, update=False)


PARSE_CACHE_ENTRIES = 512  # parsed sources kept (Textual keeps 64; the app has ~100)
_ORIGINAL_REPARSE = Stylesheet.reparse


def _reparse(self: Stylesheet) -> None:
    """`Stylesheet.reparse` of Textual 8.2.8, the fresh stylesheet taking over the cache."""
    if self._parse_cache.maxsize < PARSE_CACHE_ENTRIES:
        self._parse_cache.maxsize = PARSE_CACHE_ENTRIES
    stylesheet = Stylesheet(variables=self._variables)
    stylesheet._parse_cache = self._parse_cache  # same variables: the parsed rules hold
    for read_from, (css, is_defaults, tie_breaker, scope) in self.source.items():
        stylesheet.add_source(css, read_from=read_from, is_default_css=is_defaults,
                              tie_breaker=tie_breaker, scope=scope)
    try:
        stylesheet.parse()
    except Exception:
        self._invalid_css.update(stylesheet._invalid_css)
        raise
    self._rules = stylesheet.rules
    self._rules_map = None
    self.source = stylesheet.source
    self._require_parse = False


def reparse_from_cache(app: App) -> None:
    """Install `_reparse` (the app's factory calls it) and grow the app's parse cache."""
    Stylesheet.reparse = _reparse  # type: ignore[method-assign]
    app.stylesheet._parse_cache.maxsize = max(app.stylesheet._parse_cache.maxsize,
                                              PARSE_CACHE_ENTRIES)


def load_screen_css(app: App, screen_class: type[Screen]) -> bool:
    """`App._load_screen_css` for a screen of `screen_class`, ahead; whether it added any."""
    here = Path(inspect.getfile(screen_class)).parent
    paths = [p if Path(p).is_absolute() else (here / p).resolve()
             for p in _css_path_type_as_list(screen_class.CSS_PATH or [])]
    sheet, update = app.stylesheet, False
    for path in paths:
        if not sheet.has_source(str(path), ""):
            sheet.read(path)
            update = True
    if screen_class.CSS:
        read_from = (inspect.getfile(screen_class), f"{screen_class.__name__}.CSS")
        if not sheet.has_source(*read_from):
            sheet.add_source(screen_class.CSS, read_from=read_from, is_default_css=False,
                             scope=screen_class._css_type_name if screen_class.SCOPED_CSS
                             else "")
            update = True
    if update:
        sheet.reparse()
        sheet.update(app)
    return update
