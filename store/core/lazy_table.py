"""A history table parsed when it is first read, not when its shard is (store/core/storage.py).

A shard's history tables (`_audit`, `progress`: LAZY_TABLES) only grow, and most reads and
every write of the shard never look at them; yet parsing them is most of the cost of
opening a long-lived shard. A snapshot therefore keeps each table's byte range (its table
of contents, store/core/shard_files.py), and a table of LAZY_AT bytes or more in
LAZY_TABLES is handed out as a `LazyTable`: a dict that parses its bytes on first use.

It is a real `dict` once filled, and every way of reading it (`[]`, `get`, `in`, `len`,
iteration, `keys`/`values`/`items`, `copy`, `==`, `dict(x)`, `{**x}`) fills it first. A
commit that adds documents to an unfilled table makes a new unfilled one with the
documents on top (`with_docs`): an audit entry costs what it is, not the audit trail.
The only way to see it unfilled is a C extension walking the dict's own storage
(`orjson.dumps` of the table itself): the snapshot writer asks for `raw_bytes()` instead.

A process that keeps what it reads for long (the app: `keep_unparsed_packed`) holds those
bytes compressed (zlib's fastest level: JSON of a year of a big project's updates shrinks
~12×, 2 MB in ~5 ms, and expands again in ~4), so the parse cache's unparsed histories,
~6 MB on a company's workspace, take ~0.5. A command reads and exits: it keeps them as read.
"""

from __future__ import annotations

import _thread  # threading's locks without its import (a command's start-up)
import zlib

from collections.abc import Iterator

import orjson

from . import table_slices

LAZY_TABLES = ("_audit", "progress")
LAZY_AT = 64 * 1024  # smaller tables are parsed with their shard

_FILL = _thread.allocate_lock()  # one for all: a fill is rare, a lock per table costs memory
_PACKING = [False]               # `keep_unparsed_packed`


def keep_unparsed_packed(on: bool = True) -> None:
    """Hold the bytes of tables not yet parsed compressed (see the module docstring)."""
    _PACKING[0] = on


def is_table(docs: object) -> bool:
    """{doc_id: document}, each id a number in decimal digits (what TinyDB and the id
    counters read back with `int`): the shape every reader of a file checks."""
    return type(docs) is dict and set(map(type, docs.values())) <= {dict} \
        and all(map(str.isdecimal, docs))


class LazyTable(dict):
    """{doc_id: doc}, parsed from `raw` (and `extra` applied) when first read."""

    __slots__ = ("_held", "_raw_last", "_extra", "_last", "_filled", "_fail")

    def __init__(self, raw: bytes, last: str | None, extra: dict | None = None, fail=None,
                 raw_last: str | None = None, size: int | None = None):
        super().__init__()
        if size is None:  # bytes as read: packed or kept as they are (`keep_unparsed_packed`)
            size = 0
            if raw and _PACKING[0]:
                raw, size = zlib.compress(raw, 1), len(raw)
        # (the table's JSON, 0) or (it compressed, its length): one slot, so that a reader
        # in another thread never sees one half of it changed by a fill
        self._held = (raw, size)
        self._raw_last = last if raw_last is None and not extra else raw_last  # of `raw` alone
        self._extra = extra or {}
        self._last = last          # the last document id (ids are added in ascending order)
        self._filled = False
        self._fail = fail          # fail(reason) -> the exception for bytes that do not parse

    # -- filling -----------------------------------------------------------------------
    def fill(self) -> "LazyTable":
        if self._filled:
            return self
        with _FILL:
            if not self._filled:
                try:
                    docs = table_slices.parse(self.json())
                    if not is_table(docs):
                        raise ValueError("not a table")
                except (orjson.JSONDecodeError, ValueError, zlib.error) as exc:
                    if self._fail is None:
                        raise
                    raise self._fail(str(exc)) from None
                for doc_id, doc in self._extra.items():
                    if doc is None:
                        docs.pop(doc_id, None)
                    else:
                        docs[doc_id] = doc
                dict.update(self, docs)
                self._filled, self._held, self._extra = True, (b"", 0), {}
        return self

    @property
    def filled(self) -> bool:
        return self._filled

    def json(self) -> bytes:
        """The table's JSON as read (without the documents set since)."""
        return _expand(self._held)

    def _as_read(self) -> "tuple[tuple[bytes, int], dict] | None":
        """Its bytes and the documents set since, read together; None once it is filled (a
        fill in another thread sets `_filled` before it lets either go)."""
        held, extra = self._held, self._extra
        return None if self._filled else (held, extra)

    def raw_bytes(self) -> bytes | None:
        """The table's JSON bytes without parsing it: as read, or with the documents added
        since spliced in at the end; None when it is filled or had documents changed or
        removed (then serialise it as a dict)."""
        state = self._as_read()
        if state is None:
            return None
        held, extra = state
        if not extra:
            return _expand(held)
        last = int(self._raw_last) if self._raw_last is not None else 0
        if any(doc is None or int(doc_id) <= last for doc_id, doc in extra.items()):
            return None
        added = b",".join(orjson.dumps(doc_id) + b":" + orjson.dumps(doc)
                          for doc_id, doc in extra.items())
        return _expand(held)[:-1] + (b"," if self._raw_last is not None else b"") + added + b"}"

    def last_id(self) -> str | None:
        if self._filled:
            return next(reversed(dict.keys(self)), None)
        return self._last

    def with_docs(self, docs: dict) -> "LazyTable | None":
        """This table with `docs` set ({doc_id: doc, or None: removed}), still unfilled;
        None once it is filled (then copy it as a dict)."""
        state = self._as_read()
        if state is None:
            return None
        (raw, size), extra = state
        last = self._last
        for doc_id, doc in docs.items():
            if doc is not None and (last is None or int(doc_id) > int(last)):
                last = doc_id
        return LazyTable(raw, last, {**extra, **docs}, self._fail, self._raw_last, size)

    def added(self, doc_id: str) -> dict | None:
        """Document `doc_id` as set by `with_docs`, without parsing the table for it."""
        if not self._filled and doc_id in self._extra:
            return self._extra[doc_id]
        return self.get(doc_id)

    # -- every read fills first --------------------------------------------------------
    def __getitem__(self, key):
        return dict.__getitem__(self.fill(), key)

    def get(self, key, default=None):
        return dict.get(self.fill(), key, default)

    def __contains__(self, key) -> bool:
        return dict.__contains__(self.fill(), key)

    def __iter__(self):
        return dict.__iter__(self.fill())

    def __reversed__(self):
        return dict.__reversed__(self.fill())

    def __len__(self) -> int:
        return dict.__len__(self.fill())

    def keys(self):
        return dict.keys(self.fill())

    def values(self):
        return dict.values(self.fill())

    def items(self):
        return dict.items(self.fill())

    def copy(self) -> dict:
        return dict(dict.items(self.fill()))

    def __eq__(self, other) -> bool:
        if isinstance(other, LazyTable):
            other.fill()
        return dict.__eq__(self.fill(), other)

    def __ne__(self, other) -> bool:
        return not self == other

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return dict.__repr__(self.fill())

    def __or__(self, other):
        return dict(dict.items(self.fill())) | other

    def __reduce__(self):
        return (dict, (dict(dict.items(self.fill())),))

    # -- writes (a cached table is never written; a private copy may be) ---------------
    def __setitem__(self, key, value) -> None:
        dict.__setitem__(self.fill(), key, value)

    def __delitem__(self, key) -> None:
        dict.__delitem__(self.fill(), key)

    def pop(self, *args):
        return dict.pop(self.fill(), *args)

    def setdefault(self, key, default=None):
        return dict.setdefault(self.fill(), key, default)

    def update(self, *args, **kwargs) -> None:
        dict.update(self.fill(), *args, **kwargs)

    def popitem(self):
        return dict.popitem(self.fill())

    def clear(self) -> None:
        self.fill()
        dict.clear(self)


def peek(table: dict) -> dict:
    """A table's documents to look through once, without keeping them: a LazyTable still
    unfilled is parsed into a dict the caller drops after (the cached shard keeps only its
    bytes: a year of a big project's updates is megabytes of objects); anything else as it
    is. Read only."""
    state = table._as_read() if isinstance(table, LazyTable) else None
    if state is None:
        return table
    (raw, size), extra = state
    return LazyTable(raw, table._last, extra, table._fail, table._raw_last, size).fill()


def peek_slices(table: dict) -> Iterator[dict]:
    """`peek`, a slice of the documents at a time (store/core/table_slices.py): a year of a
    big project's updates never all parsed at once. The stored documents in their order, then
    those set since (removed ones left out). Read only."""
    state = table._as_read() if isinstance(table, LazyTable) else None
    if state is None:
        yield table
        return
    held, extra = state
    try:
        for part in table_slices.slices(_expand(held)):
            if not is_table(part):
                raise ValueError("not a table")
            for doc_id in extra:
                part.pop(doc_id, None)
            yield part
    except (orjson.JSONDecodeError, ValueError, zlib.error) as exc:
        if table._fail is None:
            raise
        raise table._fail(str(exc)) from None
    if extra:
        yield {doc_id: doc for doc_id, doc in extra.items() if doc is not None}


def _expand(held: tuple[bytes, int]) -> bytes:
    raw, size = held
    return zlib.decompress(raw, bufsize=size) if size else raw


def plain(table: dict) -> dict:
    """A table as a plain dict (a LazyTable filled and copied; anything else as it is)."""
    return table.copy() if isinstance(table, LazyTable) else table


def cache_cost(tables: dict, file_bytes: int) -> int:
    """What a shard's tables count against the parse cache's budget (bytes of shard files):
    its files' bytes, but a history table still unparsed at a sixth of the bytes it holds
    (its JSON, maybe compressed, is all it holds; parsed JSON takes about six times its size
    in objects)."""
    held = [table._held for table in tables.values()
            if isinstance(table, LazyTable) and not table._filled]
    read = sum(size or len(raw) for raw, size in held)
    return max(0, file_bytes - read + sum(len(raw) for raw, _size in held) // 6)
