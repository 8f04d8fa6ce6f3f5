"""The bytes of a shard's snapshot `<name>.json`: how tables (and their head) are written,
and how a head is read from the first bytes without parsing the tables (store/core/storage.py).

    {"_rev":N,"_hlen":L,"head":{…L bytes…},"_mlen":M,"more":{…M bytes…},
     "_tlen":T,"toc":{table: [start, end, crc32, last id], …},"tables":{…}}

The whole file is one JSON document (an older reader, or a person, reads it as such); the
table of contents lets a reader parse the tables one by one (`split_tables`).
"""

from __future__ import annotations

import os
import re
import zlib
from datetime import date, datetime, time

import orjson

from .lazy_table import LazyTable, plain
from .shard_lock import data_end
from .shard_heads import head_bytes

_HEAD = re.compile(rb'^\{"_rev":\d+,"_hlen":(\d+),"head":')
_REV = re.compile(rb'^\{"_rev":\d+,')
_LEN = re.compile(rb'(\d+),"(?:head|more)":')
_TOC = re.compile(rb'"_tlen":(\d+),"toc":')
_MORE = re.compile(rb'^,"_mlen":(\d+),"more":')
# Types orjson would silently turn into strings: handed to `to_json` instead, so that a
# write containing one is cached as what every other process will read back.
DUMP_OPTIONS = (orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME
                | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_SUBCLASS)


def dumps(value: object) -> tuple[bytes, bool]:
    """orjson bytes of `value`, and whether a value had to be converted (then what every
    reader sees is `orjson.loads` of the bytes, not `value`)."""
    converted: list[bool] = []
    raw = orjson.dumps(value, default=lambda v: to_json(v, converted), option=DUMP_OPTIONS)
    return raw, bool(converted)


def snapshot_bytes(name: str, tables: dict, rev: int,
                   heads: tuple[bytes | None, bytes | None] | None = None) -> tuple[bytes, dict]:
    """The snapshot file for `tables` at revision `rev`, and the tables as readers see them.
    `heads`: the head parts already serialised (else derived from the tables).

    Each table is serialised on its own and its byte range, crc32 and last id go in a table
    of contents in front of the tables (`"_tlen":T,"toc":{…}`), so that a reader can leave
    a history table unparsed until it is read (store/core/lazy_table.py). An unparsed
    table is written back as its bytes, not parsed again."""
    parts, toc, pos, out = [b"{"], {}, 1, dict(tables)
    for number, (table_name, table) in enumerate(tables.items()):
        key = (b"," if number else b"") + orjson.dumps(table_name) + b":"
        raw = table.raw_bytes() if isinstance(table, LazyTable) else None
        if raw is None:
            raw, converted = dumps(plain(table))
            if converted:  # cache what the other processes will read, not the Python objects
                out[table_name] = orjson.loads(raw)
        last = table.last_id() if isinstance(table, LazyTable) else next(reversed(table), None)
        toc[table_name] = [pos + len(key), pos + len(key) + len(raw), zlib.crc32(raw), last]
        parts += [key, raw]
        pos += len(key) + len(raw)
    parts.append(b"}")
    body = b"".join(parts)
    toc_raw = orjson.dumps(toc)
    head, more = heads if heads is not None else head_bytes(name, out)
    front = [b'{"_rev":%d,' % rev]
    if head is not None:
        front += [b'"_hlen":%d,"head":' % len(head), head, b","]
        if more is not None:
            front += [b'"_mlen":%d,"more":' % len(more), more, b","]
    front += [b'"_tlen":%d,"toc":' % len(toc_raw), toc_raw, b',"tables":', body, b"}"]
    return b"".join(front), out


def split_tables(raw: bytes) -> tuple[int, dict] | None:
    """Where the tables of a snapshot start and its table of contents, when it has one that
    matches the bytes exactly (else None: parse the file whole, as an old or hand-edited
    one). Checks the layout and each table's crc32, not the JSON inside."""
    match = _REV.match(raw)
    if not match or not raw.endswith(b"}}"):
        return None
    pos = match.end()
    for key in (b'"_hlen":', b'"_mlen":'):
        if raw.startswith(key, pos):
            found = _LEN.match(raw, pos + len(key))
            if not found:
                return None
            pos = found.end() + int(found.group(1)) + 1  # the part and its comma
    found = _TOC.match(raw, pos)
    if not found:
        return None
    start = found.end() + int(found.group(1))
    try:
        toc = orjson.loads(raw[found.end():start])
    except orjson.JSONDecodeError:
        return None
    if not raw.startswith(b',"tables":', start) or not isinstance(toc, dict):
        return None
    base, expected = start + len(b',"tables":'), 1
    if raw[base:base + 1] != b"{":
        return None
    try:
        for number, (table_name, (begin, end, crc, last)) in enumerate(toc.items()):
            key = (b"," if number else b"") + orjson.dumps(table_name) + b":"
            if raw[base + expected:base + begin] != key or begin != expected + len(key) \
                    or zlib.crc32(raw[base + begin:base + end]) != crc \
                    or not (last is None or isinstance(last, str) and last.isdecimal()):
                return None
            expected = end
    except (TypeError, ValueError):
        return None
    if base + expected != len(raw) - 2:
        return None
    return base, toc


def read_head(fd: int, size: int, more: bool, first: bytes = b""
              ) -> tuple[dict | None, dict | None]:
    """The head (and, if asked, its second part) of the snapshot open on `fd`; None when it
    has none or is cut short (the full parse then tells the user what is wrong). `first`:
    the file's first bytes, read already (shard_state.FIRST_BYTES: a head fits in them)."""
    first = first or os.pread(fd, 64, 0)
    match = _HEAD.match(first)
    if not match or _bytes(fd, first, max(0, size - 2), 2) != b"}}":
        return None, None
    at, length = match.end(), int(match.group(1))
    head = loads_dict(_bytes(fd, first, at, length))
    extra = None
    if more:
        at += length
        found = _MORE.match(_bytes(fd, first, at, 32))
        if found:
            extra = loads_dict(os.pread(fd, int(found.group(1)), at + found.end()))
    return head, extra


def _bytes(fd: int, first: bytes, at: int, length: int) -> bytes:
    """`length` bytes of the file at `at`: from `first` when they lie in it."""
    if at + length <= len(first):
        return first[at:at + length]
    return os.pread(fd, length, at)


def loads_dict(raw: bytes) -> dict | None:
    try:
        loaded = orjson.loads(raw)
    except (orjson.JSONDecodeError, ValueError):
        return None  # the full parse will tell the user what is wrong
    return loaded if isinstance(loaded, dict) else None


def to_json(value: object, converted: list[bool]) -> object:
    """orjson's `default`: dates become ISO text, dataclasses and subclasses plain values."""
    converted.append(True)
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if hasattr(value, "__dataclass_fields__"):
        from dataclasses import asdict
        return asdict(value)  # type: ignore[arg-type]
    for base in (dict, list, str, int, float):
        if isinstance(value, base):
            return base(value)  # type: ignore[call-overload]
    raise TypeError(f"{type(value).__name__} cannot be stored")


def read_all(fd: int, size: int) -> bytes:
    """The file open on `fd`, of `size` bytes (fstat), up to its first hole (a sparse file,
    not Huddle's: shard_lock.data_end); what the parse then finds damaged."""
    chunks, offset, end = [], 0, data_end(fd, size)
    while offset < end:
        chunk = os.pread(fd, end - offset, offset)
        if not chunk:
            break
        chunks.append(chunk)
        offset += len(chunk)
    return b"".join(chunks)


def chmod_if_owner(fd: int, mode: int) -> None:
    try:
        if os.fstat(fd).st_uid == os.getuid():
            os.fchmod(fd, mode)
    except OSError:
        pass
