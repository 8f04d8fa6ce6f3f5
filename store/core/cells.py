"""Terminal cells: the one width helper of the product (command line tables, clipping).

`wcwidth` measures what a terminal draws: East Asian wide and full-width characters take
two cells, combining marks none ("e\u0301" is one cell), an emoji sequence (skin tone,
ZWJ family, flag) two. Clipping cuts between grapheme clusters, never inside one. Text
is escaped (store/core/text_safety.py) before it is measured, so no control character
reaches here.
"""

from __future__ import annotations

from functools import cache


@cache
def _wcwidth():
    import wcwidth  # lazy: start-up time (40 ms; a command that prints no table never needs it)
    return wcwidth


def cells(text: str) -> int:
    """How many terminal cells `text` (one line) takes."""
    return max(0, _wcwidth().width(text))


def clip(text: str, limit: int) -> str:
    """At most `limit` cells; longer text ends with "…" (one cell)."""
    if cells(text) <= limit:
        return text
    out, used = [], 0
    for cluster in _wcwidth().iter_graphemes(text):
        w = cells(cluster)
        if used + w > limit - 1:
            break
        out.append(cluster)
        used += w
    return "".join(out) + "…"


def pad(text: str, to: int) -> str:
    """`text` followed by spaces up to `to` cells."""
    return text + " " * max(0, to - cells(text))
