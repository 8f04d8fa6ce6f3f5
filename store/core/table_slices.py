"""A stored table's JSON parsed a slice at a time, so that a big one never has all of its
documents, nor orjson's working buffer for all of its bytes, in memory at once.

orjson parses into a buffer of about ten times the bytes it is given before it builds the
objects; for a year of a big project's updates (2 MB) that is a transient of ~30 MB, and
the process's peak RSS keeps it. A table as the snapshot writer puts it is
`{"<id>":{…},"<id>":{…},…}`; it is cut at `},"<digits>":{`. Those bytes never occur
inside a JSON string (a quote there is escaped), so every cut is between two members of
some object: one between two documents of the table, or one deeper inside a document,
which leaves its slice with an unclosed brace, and orjson refuses it. The rest of the
table from the last good cut is then parsed whole, so the answer is always the table's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import orjson

SLICE = 256 * 1024  # bytes of JSON per slice: a few MB of objects and buffer at a time
_CUT = re.compile(rb'\},"\d+":\{')


def slices(raw: bytes, size: int | None = None) -> Iterator[dict]:
    """The documents of table `raw` ({id: document} as JSON bytes), as dicts of about `size`
    (SLICE) bytes of JSON each, in the stored order. Raises orjson.JSONDecodeError as
    `orjson.loads(raw)` would (checks of the shape are the caller's)."""
    size = size or SLICE
    end = len(raw) - 1  # the closing brace
    if len(raw) < 2 * size or not (raw[:1] == b"{" and raw[end:] == b"}"):
        yield orjson.loads(raw)
        return
    start = 1
    while start < end:
        cut = _CUT.search(raw, start + size, end) if start + size < end else None
        stop = cut.start() + 1 if cut else end
        try:
            part = orjson.loads(b"{" + raw[start:stop] + b"}")
        except orjson.JSONDecodeError:
            part = orjson.loads(b"{" + raw[start:end] + b"}")  # a cut inside a document
            stop = end
        yield part
        start = stop + 1


def parse(raw: bytes, size: int | None = None) -> object:
    """`orjson.loads(raw)` of a table, in slices (see `slices`): the same dict, with a
    smaller transient on the way."""
    size = size or SLICE
    if len(raw) < 2 * size:
        return orjson.loads(raw)
    parts = slices(raw, size)
    docs = next(parts)
    for part in parts:  # (more than one only when `raw` is an object)
        docs.update(part)
    return docs
