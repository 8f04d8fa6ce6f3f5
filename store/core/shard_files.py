"""The bytes of a shard's snapshot `<name>.json`: how tables (and their head) are written,
and how a head is read from the first bytes without parsing the tables (store/core/storage.py).

    {"_rev":N,"_hlen":L,"head":{…L bytes…},"_mlen":M,"more":{…M bytes…},"tables":{…}}
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime, time

import orjson

from .shard_heads import head_bytes

READ = os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC  # a shard replaced by a symlink is refused
_HEAD = re.compile(rb'^\{"_rev":\d+,"_hlen":(\d+),"head":')
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


def snapshot_bytes(name: str, tables: dict, rev: int) -> tuple[bytes, dict]:
    """The snapshot file for `tables` at revision `rev`, and the tables as readers see them."""
    body, converted = dumps(tables)
    if converted:  # cache what the other processes will read, not the Python objects
        tables = orjson.loads(body)
    head, more = head_bytes(name, tables)
    if head is None:
        return b"".join((b'{"_rev":%d,"tables":' % rev, body, b"}")), tables
    parts = [b'{"_rev":%d,"_hlen":%d,"head":' % (rev, len(head)), head]
    if more is not None:
        parts += [b',"_mlen":%d,"more":' % len(more), more]
    return b"".join((*parts, b',"tables":', body, b"}")), tables


def read_head(fd: int, size: int, more: bool) -> tuple[dict | None, dict | None]:
    """The head (and, if asked, its second part) of the snapshot open on `fd`; None when it
    has none or is cut short (the full parse then tells the user what is wrong)."""
    first = os.pread(fd, 64, 0)
    match = _HEAD.match(first)
    if not match or os.pread(fd, 2, max(0, size - 2)) != b"}}":
        return None, None
    head = loads_dict(os.pread(fd, int(match.group(1)), match.end()))
    extra = None
    if more:
        at = match.end() + int(match.group(1))
        found = _MORE.match(os.pread(fd, 32, at))
        if found:
            extra = loads_dict(os.pread(fd, int(found.group(1)), at + found.end()))
    return head, extra


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
    chunks, offset = [], 0
    while True:
        chunk = os.pread(fd, max(size - offset, 1 << 16), offset)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        offset += len(chunk)


def chmod_if_owner(fd: int, mode: int) -> None:
    try:
        if os.fstat(fd).st_uid == os.getuid():
            os.fchmod(fd, mode)
    except OSError:
        pass
