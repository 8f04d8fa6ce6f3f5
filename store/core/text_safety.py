"""Text on its way to a terminal: control characters are shown, never obeyed.

A record, a file or an argument can carry characters a terminal acts on: ESC starts a
sequence that recolours, moves the cursor or retitles the window (`\\x1b]0;…\\x07`), BEL
rings, CR and BS overwrite what was printed, the C1 controls (U+0080–U+009F) are 8-bit
escape sequences, and the bidirectional overrides and isolates (U+202A–U+202E,
U+2066–U+2069) reorder what is shown ("Trojan Source"). A lone surrogate cannot even be
encoded: U+DC80–U+DCFF is how Python keeps a byte of argv or of a file name that is not
UTF-8.

`visible(text)` writes each of them as the backslash escape Python would: ESC → `\\x1b`,
U+202E → `\\u202e`, an undecodable byte 0xFF → `\\xff`. A backslash already in the text is
left as it is (paths, regular expressions), so the escapes are for the eye, not reversible.
Tab and newline stay unless `multiline=False`.
"""

from __future__ import annotations

import re

_BIDI = "\u202a-\u202e\u2066-\u2069"
_SURROGATES = "\ud800-\udfff"
# Compiled when first needed (a command's own output is plain ASCII: most processes never
# compile the three big classes, ~1 ms of a command's start).
_PATTERNS = {
    "unsafe": f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}{_SURROGATES}]",
    "unsafe_line": f"[\x00-\x1f\x7f-\x9f{_BIDI}{_SURROGATES}]",
    # In JSON text C0 controls are already escaped (orjson writes \u001b); what is left raw
    # inside strings is DEL, C1 and the bidi controls (never a lone surrogate: orjson refuses it).
    "unsafe_in_json": f"[\x7f-\x9f{_BIDI}]",
    "undecodable": "[\udc80-\udcff]",
    "ascii": "[\x00-\x08\x0b-\x1f\x7f]",
    "ascii_line": "[\x00-\x1f\x7f]",
}
_COMPILED: dict[str, re.Pattern] = {}


def _pattern(name: str) -> re.Pattern:
    found = _COMPILED.get(name)
    if found is None:
        found = _COMPILED[name] = re.compile(_PATTERNS[name])
    return found


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, kept by surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: str, *, multiline: bool = True) -> str:
    """`text` with every character a terminal would act on written as an escape."""
    if text.isascii():  # the ASCII part of the classes: C0 and DEL (no big class compiled)
        if (text.replace("\n", "").replace("\t", "") if multiline else text).isprintable():
            return text
        return _pattern("ascii" if multiline else "ascii_line").sub(_escape, text)
    return _pattern("unsafe" if multiline else "unsafe_line").sub(_escape, text)


def visible_json(text: str) -> str:
    """JSON text whose strings show DEL, C1 and bidi controls as `\\u` escapes: the same data
    for a parser, nothing a terminal acts on."""
    if text.isascii() and "\x7f" not in text:  # DEL is the only one below U+0080
        return text
    return _pattern("unsafe_in_json").sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def undecodable(text: str) -> bool:
    """Whether `text` holds bytes that were not UTF-8 (argv, file names: surrogateescape)."""
    return not text.isascii() and _pattern("undecodable").search(text) is not None
