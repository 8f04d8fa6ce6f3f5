"""Count messages that read right for 1 and for many, in both languages: "1 minute",
"3 minutes", "3分钟". English has two messages (one, many); Chinese translates both the same.

TODO(trn): an ngettext-style `store.core.i18n.trn()` is coming with the store restructure; once
it lands, `count()` becomes a call to it and the two-message pairs its arguments.
"""

from __future__ import annotations

from .i18n import get_language, tr


def count(n: int, one: str, many: str, lang: str | None = None, /, **values: object) -> str:
    """`one` when n is 1, else `many`; both get `{n}`."""
    return tr(one if n == 1 else many, lang, n=n, **values)


def listing(parts: list[str], lang: str | None = None) -> str:
    """"a, b, c" in English, "a、b、c" in Chinese."""
    return ("、" if (lang or get_language()) == "zh" else ", ").join(parts)
