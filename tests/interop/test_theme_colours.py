"""Every colour comes from the theme: no colour literal in the app's stylesheets or styles.

Scans themes/*.tcss, the screens' .tcss files, every DEFAULT_CSS / CSS string in
tui/, and Rich style strings (`style="…"`) in tui/ for hex, rgb()/hsl(), named
or ANSI colours. Theme variables ($primary, $text-error, …) and `transparent`
are fine; so are attributes such as bold, dim and reverse.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.color import Color, ColorParseError

from themes import THEME_NAMES, THEMES

ROOT = Path(__file__).resolve().parents[2]
PROPERTY = re.compile(r"^\s*([a-z-]+)\s*:\s*([^;{}]+);", re.M)
COLOUR_PROPERTIES = ("color", "background", "border", "outline", "tint", "scrollbar", "link-")
KEYWORDS = {"none", "hidden", "blank", "solid", "round", "heavy", "tall", "wide", "thick",
            "double", "dashed", "inner", "outer", "hkey", "vkey", "panel", "ascii", "auto",
            "bold", "italic", "reverse", "underline", "dim", "strike", "not", "transparent",
            "initial", "inherit"}
STYLE_STRING = re.compile(r"""style\s*=\s*["']([^"']+)["']""")


def stylesheets() -> list[tuple[str, str]]:
    found = [(str(p.relative_to(ROOT)), p.read_text(encoding="utf-8"))
             for p in [*ROOT.glob("themes/*.tcss"), *ROOT.glob("tui/**/*.tcss")]]
    for path in ROOT.glob("tui/**/*.py"):
        source = path.read_text(encoding="utf-8")
        for match in re.finditer(r'\b(?:DEFAULT_CSS|CSS)\s*=\s*"""(.*?)"""', source, re.S):
            found.append((str(path.relative_to(ROOT)), match.group(1)))
    return found


def literal_colours(value: str) -> list[str]:
    out = []
    for token in re.split(r"\s+", value.strip()):
        if not token or token.startswith("$") or token in KEYWORDS \
                or re.fullmatch(r"[\d.]+%?", token):
            continue
        try:
            Color.parse(token)
        except ColorParseError:
            continue
        out.append(token)
    return out


def test_stylesheets_use_only_theme_variables():
    offenders = []
    for name, css in stylesheets():
        css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
        for match in PROPERTY.finditer(css):
            prop, value = match.groups()
            if prop.startswith(COLOUR_PROPERTIES) and literal_colours(value):
                offenders.append(f"{name}: {prop}: {value.strip()}")
    assert not offenders, offenders


def test_rich_styles_in_code_name_no_colour():
    offenders = []
    for path in ROOT.glob("tui/**/*.py"):
        for match in STYLE_STRING.finditer(path.read_text(encoding="utf-8")):
            words = [w for w in match.group(1).split() if w != "on"]
            if any(literal_colours(w) for w in words):
                offenders.append(f"{path.relative_to(ROOT)}: {match.group(0)}")
    assert not offenders, offenders


@pytest.mark.parametrize("theme", THEMES, ids=THEME_NAMES)
def test_each_theme_defines_the_base_colours(theme):
    for attr in ("primary", "secondary", "accent", "warning", "error", "success",
                 "foreground", "background", "surface", "panel"):
        assert getattr(theme, attr), (theme.name, attr)


@pytest.mark.parametrize("theme", THEME_NAMES)
async def test_theme_color_gives_the_muted_text_its_colour(theme):
    """$text-muted is "auto 60%": the contrasting text over the theme's background at 60%
    (what Textual draws for it in CSS), not "" as an unparsable colour."""
    from textual.app import App

    from themes import register_themes, theme_color

    app = App()
    async with app.run_test() as pilot:
        register_themes(app)
        app.theme = theme
        await pilot.pause()
        assert app.theme_variables["text-muted"] == "auto 60%"
        background = Color.parse(app.theme_variables["background"])
        expected = (background + background.get_contrast_text(0.6)).hex[:7]
        assert theme_color(app, "text-muted") == expected
        assert theme_color(app, "text-muted") not in ("", background.hex[:7])
        assert theme_color(app, "text-error") == Color.parse(
            app.theme_variables["text-error"]).hex[:7]
        assert theme_color(app, "no-such-variable", "#123456") == "#123456"
