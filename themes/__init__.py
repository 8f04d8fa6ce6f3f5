"""Huddle's themes: Textual `Theme` objects and the shared stylesheet.

Every colour in the app comes from these themes' variables (`$primary`,
`$text-error`, …): the `.tcss` files use only variables, and code that must
colour a Rich `Text` (table cells) asks `theme_color(app, name)`.

`register_themes(app)` adds them at start-up; `resolve_theme(app, name)` turns
a remembered or requested name into one that exists (unknown → the default).
Telling the user about an unknown name, and persisting the choice per user, are
the app's business (tui/app.py `use_requested_theme`, `remember_theme`).

This package never imports `store` (an import-linter contract in pyproject.toml,
checked by tests/test_import_hygiene.py): text the user reads is translated in tui/.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.theme import Theme

CSS_PATH = Path(__file__).with_name("huddle.tcss")
DEFAULT_THEME = "huddle-dark"

HUDDLE_DARK = Theme(
    name="huddle-dark",
    primary="#5B9BD5",
    secondary="#9C88D6",
    accent="#F2A65A",
    warning="#E8B04B",
    error="#E06C75",
    success="#98C379",
    foreground="#E4E6EA",
    background="#16191E",
    surface="#1F242B",
    panel="#2A313B",
    dark=True,
)

HUDDLE_LIGHT = Theme(
    name="huddle-light",
    primary="#1F6FB2",
    secondary="#6A4FB3",
    accent="#B8541A",
    warning="#9A6200",
    error="#B3261E",
    success="#2E7D32",
    foreground="#1E2329",
    background="#F6F6F3",
    surface="#FFFFFF",
    panel="#E3E7EC",
    dark=False,
)

HUDDLE_CONTRAST = Theme(
    name="huddle-contrast",
    primary="#00D7FF",
    secondary="#FFD700",
    accent="#FF87FF",
    warning="#FFD700",
    error="#FF5F5F",
    success="#5FFF5F",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1C1C1C",
    dark=True,
    luminosity_spread=0.25,
    text_alpha=1.0,
    variables={
        "border": "#FFFFFF",
        "border-blurred": "#A8A8A8",
        "block-cursor-background": "#FFD700",
        "block-cursor-foreground": "#000000",
        "block-cursor-text-style": "bold",
        "footer-key-foreground": "#FFD700",
        "input-selection-background": "#00D7FF 60%",
    },
)

THEMES: tuple[Theme, ...] = (HUDDLE_DARK, HUDDLE_LIGHT, HUDDLE_CONTRAST)
THEME_NAMES: tuple[str, ...] = tuple(theme.name for theme in THEMES)


def register_themes(app: App) -> None:
    for theme in THEMES:
        app.register_theme(theme)


def resolve_theme(app: App, name: str | None) -> str:
    """`name` if the app knows it, else the default."""
    if name and app.get_theme(name) is not None:
        return name
    return DEFAULT_THEME


def theme_color(app: App, variable: str, fallback: str = "") -> str:
    """The current value of a theme variable (e.g. "text-error") for a Rich style. A value
    "auto N%" (e.g. $text-muted) is the text colour that contrasts with the theme's
    background, at that strength over it, as Textual works it out for CSS."""
    from textual.color import Color, ColorParseError
    value = app.theme_variables.get(variable, fallback)
    try:
        if value.startswith("auto"):
            strength = value[len("auto"):].strip().rstrip("%")
            background = Color.parse(app.theme_variables["background"])
            contrast = background.get_contrast_text(float(strength) / 100 if strength else 1.0)
            return (background + contrast).hex[:7]
        color = Color.parse(value)
    except (ColorParseError, ValueError, KeyError):
        return fallback
    return color.hex[:7]
