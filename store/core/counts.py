"""Count messages that read right for 1 and for many, in both languages: "1 minute",
"3 minutes", "3分钟": `count(n, one, many)` is `trn(one, many, n)` with the count first.
"""

from __future__ import annotations

from .i18n import get_language, trn


def count(n: int, one: str, many: str, lang: str | None = None, /, **values: object) -> str:
    """`one` when n is 1, else `many` (in Chinese, the forms `one` is translated to)."""
    return trn(one, many, n, lang, **values)


def listing(parts: list[str], lang: str | None = None) -> str:
    """"a, b, c" in English, "a、b、c" in Chinese."""
    return ("、" if (lang or get_language()) == "zh" else ", ").join(parts)
