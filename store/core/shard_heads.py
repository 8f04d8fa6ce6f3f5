"""Shard heads: small summaries a domain module derives from a shard's tables, written in
front of them by every commit (see store/core/storage.py, "Heads"), so that a list of 100
projects reads 100 heads, not 100 whole files.

    register_head(prefix, fn, more)   # e.g. store.projects.project: the record and task counts
    head_fn(name)                     # the function for shard `name`, or None
    head_bytes(name, tables)          # what a commit writes (None, None: no head)
"""

from __future__ import annotations

from collections.abc import Callable

import orjson

HeadFn = Callable[[dict], dict]
_HEADS: list[tuple[str, HeadFn, HeadFn | None]] = []


def register_head(prefix: str, fn: HeadFn, more: HeadFn | None = None) -> None:
    """Derive a head with `fn(tables)` (and its second part with `more(tables)`) for every
    shard named `prefix` or `prefix…` this process writes.

    They run on every commit of such a shard: keep them cheap, the head small (all of it is
    read to list things) and both plain JSON with a version in them, so that readers can tell
    an old head from a new one."""
    if (prefix, fn, more) not in _HEADS:
        _HEADS.append((prefix, fn, more))


def head_fn(name: str) -> HeadFn | None:
    found = _head_fns(name)
    return found[0] if found else None


def head_fns(name: str) -> tuple[HeadFn, HeadFn | None] | None:
    """The head and second-part functions of shard `name` (a backend that computes heads
    rather than storing them: store/postgres/shard.py), or None."""
    return _head_fns(name)


def _head_fns(name: str) -> tuple[HeadFn, HeadFn | None] | None:
    for prefix, fn, more in _HEADS:
        if name == prefix or (prefix.endswith("-") and name.startswith(prefix)):
            return fn, more
    return None


def head_bytes(name: str, tables: dict) -> tuple[bytes | None, bytes | None]:
    """The serialised head (and its second part) of shard `name` for `tables`; None when it
    has none. A head that cannot be computed is left out (readers then parse the file): it
    never stops a write."""
    fns = _head_fns(name)
    if fns is None:
        return None, None
    fn, more = fns
    try:
        return (orjson.dumps(fn(tables), option=orjson.OPT_NON_STR_KEYS),
                orjson.dumps(more(tables), option=orjson.OPT_NON_STR_KEYS) if more else None)
    except Exception:  # noqa: BLE001 - a derived summary must not cost the user their write
        return None, None
