"""Lists that read right in both languages ("a, b, c" / "a、b、c"). Count messages are
plurals: `store.core.i18n.trn(one, many, n)`."""

from __future__ import annotations

from .i18n import get_language


def listing(parts: list[str], lang: str | None = None) -> str:
    """"a, b, c" in English, "a、b、c" in Chinese."""
    return ("、" if (lang or get_language()) == "zh" else ", ").join(parts)
