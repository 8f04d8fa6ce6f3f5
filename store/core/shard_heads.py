"""Shard heads: small summaries a domain module derives from a shard's tables, written in
front of them by every commit (see store/core/storage.py, "Heads"), so that a list of 100
projects reads 100 heads, not 100 whole files.

    register_head(prefix, fn, more)   # e.g. store.projects.project: the record and task counts
    head_fn(name)                     # the function for shard `name`, or None
    head_bytes(name, tables)          # what a commit writes (None, None: no head)
    heads_after(name, prev, tables, changes)  # the new (head, more), incrementally if it can
    patch(old, new) / apply_patch(old, ops)   # what a journal record keeps of a changed head
"""

from __future__ import annotations

from collections.abc import Callable

import orjson

HeadFn = Callable[[dict], dict]
# more_update(previous more, new tables, change set) -> the new more, or None to recompute
UpdateFn = Callable[[dict, dict, dict], "dict | None"]
_HEADS: list[tuple[str, HeadFn, HeadFn | None]] = []
_UPDATES: dict[str, UpdateFn] = {}
# head_update(previous head, new tables, change set, tables before) -> the new head, or None
_HEAD_UPDATES: dict[str, Callable[[dict, dict, dict, dict], "dict | None"]] = {}
# prefix -> (head_fits, more_fits): whether a part read from the files has the domain's shape
_FITS: dict[str, tuple[Callable[[object], bool], Callable[[object], bool] | None]] = {}
# prefix -> more_compact(more): the same second part taking less memory (`keep_heads_compact`)
_COMPACT: dict[str, Callable[[dict], dict]] = {}
_COMPACTING = [False]
_ABSENT = object()
_DEPTH = 3  # how deep a patch goes into nested dicts before it replaces a value whole


def register_head(prefix: str, fn: HeadFn, more: HeadFn | None = None,
                  more_update: UpdateFn | None = None, head_update=None, *,
                  head_fits: Callable[[object], bool] | None = None,
                  more_fits: Callable[[object], bool] | None = None,
                  more_compact: Callable[[dict], dict] | None = None) -> None:
    """Derive a head with `fn(tables)` (and its second part with `more(tables)`) for every
    shard named `prefix` or `prefix…` this process writes.

    They run on every commit of such a shard: keep them cheap, the head small (all of it is
    read to list things) and both plain JSON with a version in them, so that readers can tell
    an old head from a new one.

    `more_update(previous, tables, changes)`, when given, derives the second part from the
    previous one and the commit's change set (store/core/changeset.py) instead of from every
    document: what keeps a write to a shard with a long history as cheap as to a new one.
    It must give what `more(tables)` gives, or None (then `more(tables)` runs).
    `head_update(previous, tables, changes, tables before)` does the same for the head.
    `head_fits(head)` / `more_fits(more)` tell whether a part read from the files has the
    shape `fn` / `more` give (`fitting`). `more_compact(more)` gives an equal second part
    that takes less memory (a copy: a part read is shared), for `keep_heads_compact`."""
    if (prefix, fn, more) not in _HEADS:
        _HEADS.append((prefix, fn, more))
    if more_update is not None:
        _UPDATES[prefix] = more_update
    if head_update is not None:
        _HEAD_UPDATES[prefix] = head_update
    if head_fits is not None:
        _FITS[prefix] = (head_fits, more_fits)
    if more_compact is not None:
        _COMPACT[prefix] = more_compact


def keep_heads_compact(on: bool = True) -> None:
    """A process that keeps the heads it reads for long (the app: a hundred projects' open
    tasks and recent updates) has their second parts compacted as read (`more_compact`:
    about half the memory, for a pass about as long as their parse). A command reads and
    exits: off."""
    _COMPACTING[0] = on


def fitting(name: str, head: object, more: object) -> tuple[dict | None, dict | None]:
    """The head parts of shard `name` as read from its files, each None where it has not the
    shape its domain writes. A head is a cache of the tables: a forged or damaged one is
    read as none, and its readers read the tables instead (a hand edit `huddle check` finds)."""
    for prefix, (head_ok, more_ok) in _FITS.items():
        if _matches(name, prefix):
            head = head if head is None or head_ok(head) else None
            more = more if more is None or more_ok is None or more_ok(more) else None
    if more is not None and _COMPACTING[0]:
        for prefix, compact in _COMPACT.items():
            if _matches(name, prefix):
                more = compact(more)  # type: ignore[arg-type]
    return head, more  # type: ignore[return-value]


def head_fn(name: str) -> HeadFn | None:
    found = _head_fns(name)
    return found[0] if found else None


def head_fns(name: str) -> tuple[HeadFn, HeadFn | None] | None:
    """The head and second-part functions of shard `name` (a backend that computes heads
    rather than storing them: store/postgres/shard.py), or None."""
    return _head_fns(name)


def _head_fns(name: str) -> tuple[HeadFn, HeadFn | None] | None:
    for prefix, fn, more in _HEADS:
        if _matches(name, prefix):
            return fn, more
    return None


def _matches(name: str, prefix: str) -> bool:
    return name == prefix or (prefix.endswith("-") and name.startswith(prefix))


def heads_after(name: str, prev: tuple[dict | None, dict | None], tables: dict,
                changes: dict, base: dict) -> tuple[bool, dict | None, dict | None]:
    """(has a head, head, more) of shard `name` after a commit; `prev` is the head and its
    second part before it (None: unknown), `base` the tables before it. Never raises: a
    head that cannot be computed is None."""
    fns = _head_fns(name)
    if fns is None:
        return False, None, None
    fn, more_fn = fns
    prev_head, prev_more = prev
    try:
        head = None
        head_update = next((u for p, u in _HEAD_UPDATES.items() if _matches(name, p)), None)
        if head_update is not None and prev_head is not None:
            head = head_update(prev_head, tables, changes, base)
        if head is None:
            head = fn(tables)
        more = None
        if more_fn is not None:
            update = next((u for p, u in _UPDATES.items() if _matches(name, p)), None)
            if update is not None and prev_more is not None:
                more = update(prev_more, tables, changes)
            if more is None:
                more = more_fn(tables)
        # the head as a reader will see it: plain JSON (keys are text). The second part is
        # kept as built, so that the next commit's patch finds its unchanged parts by identity
        return True, orjson.loads(orjson.dumps(head, option=orjson.OPT_NON_STR_KEYS)), more
    except Exception:  # noqa: BLE001 - a derived summary must not cost the user their write
        return True, None, None


def patch(old: object, new: object, path: tuple = (), out: list | None = None) -> list:
    """The operations that turn `old` into `new`: [path, value] sets, [path] removes.
    Dicts are compared key by key down to _DEPTH levels; anything else is replaced whole."""
    out = [] if out is None else out
    if old is new:
        return out
    if (isinstance(old, dict) and isinstance(new, dict) and len(path) < _DEPTH):
        for key, value in new.items():
            before = old.get(key, _ABSENT)
            if before is _ABSENT:
                out.append([[*path, key], value])
            elif before is not value:  # (most are the very same objects: no call)
                patch(before, value, (*path, key), out)
        out.extend([[*path, key]] for key in old.keys() - new.keys())
    elif old != new:
        out.append([list(path), new])
    return out


def apply_patch(old: dict, ops: list) -> dict:
    """`old` with the operations of `patch` applied (copies only the dicts on their paths)."""
    root = dict(old)
    for op in ops:
        keys = op[0]
        if not keys:
            return op[1] if len(op) > 1 else {}
        node = root
        for key in keys[:-1]:
            child = node.get(key)
            node[key] = child = dict(child) if isinstance(child, dict) else {}
            node = child
        if len(op) > 1:
            node[keys[-1]] = op[1]
        else:
            node.pop(keys[-1], None)
    return root


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
