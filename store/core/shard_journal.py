"""A shard's journal: `<name>.journal`, the commits since its snapshot `<name>.json`, appended.

A commit that changes an existing shard appends ONE framed record to the journal and
fdatasyncs it: no temp file, no rename, and it costs what the transaction changed, not the
shard's history. The snapshot is rewritten (compaction, store/core/storage.py) only when the
journal outgrows it.

Format (binary, everything big-endian):

    header  b"HUDDLEJ1 " + 20 ASCII digits (the snapshot revision the journal follows) + b"\\n"
    record  u32 length, u32 crc32(rev bytes + payload), u64 rev, payload (`length` bytes)

The payload is orjson: {"c": change set (store/core/changeset.py), "H"/"M": the new head or
its second part in full (null: none), "h"/"m": a patch of them (store/core/shard_heads.py)}.
Records are contiguous: the first has revision base + 1, each next one more.

What a reader makes of the bytes after the last good record:
- a torn tail (a writer died mid-append, or is appending now): fewer bytes than a frame, a
  frame whose length runs past the end, a last record whose checksum fails, or zeros. It is
  ignored; the next writer cuts it off, under the lock, before it appends;
- anything else (a record with the wrong revision or a bad checksum with bytes after it) is
  damage: `JournalDamage`, which the shard reports as WorkspaceCorrupt with the path.
"""

from __future__ import annotations

import os
import struct
import zlib
from pathlib import Path

import orjson

from .record import FrozenRecord
from .shard_lock import data_after, data_end, open_file

MAGIC = b"HUDDLEJ1 "
HEADER_LEN = len(MAGIC) + 21
_FRAME = struct.Struct(">IIQ")


class JournalDamage(ValueError):
    """The journal is not what Huddle wrote (the reason is for a person)."""


class Scan(FrozenRecord):
    """What reading a journal from some offset found."""
    __slots__ = ("records", "end", "rev", "crc", "torn")

    def __init__(self, records: list[tuple[int, dict]], end: int, rev: int, crc: int,
                 torn: bool) -> None:
        self._set(records=records,  # (rev, payload), in order
                  end=end,          # offset after the last good record
                  rev=rev,          # revision of the last good record (the base if none)
                  crc=crc,          # running crc32 of the journal's bytes up to `end`
                  torn=torn)        # bytes after `end` (a torn tail)


def header(base: int) -> bytes:
    return MAGIC + b"%020d\n" % base


def parse_header(raw: bytes) -> int:
    """The base revision named by a journal's first HEADER_LEN bytes."""
    if len(raw) < HEADER_LEN or not raw.startswith(MAGIC) or raw[HEADER_LEN - 1:HEADER_LEN] != b"\n":
        raise JournalDamage("not a Huddle journal (bad header)")
    digits = raw[len(MAGIC):HEADER_LEN - 1]
    if not digits.isdigit():
        raise JournalDamage("not a Huddle journal (bad header)")
    return int(digits)


def frame(rev: int, payload: bytes) -> bytes:
    rev_bytes = struct.pack(">Q", rev)
    return _FRAME.pack(len(payload), zlib.crc32(payload, zlib.crc32(rev_bytes)), rev) + payload


def scan(data: bytes, start: int, rev: int, crc: int, parse: bool = True) -> Scan:
    """Read the records in `data` (the journal's bytes from offset `start` on), the first of
    which must have revision `rev` + 1; `crc` is the running checksum up to `start`.
    `parse=False` checks the frames without decoding the payloads (records then hold {})."""
    records: list[tuple[int, dict]] = []
    pos, size = 0, len(data)
    while pos < size:
        if size - pos < _FRAME.size:
            break
        length, check, found = _FRAME.unpack_from(data, pos)
        end = pos + _FRAME.size + length
        if found != rev + 1 or length == 0:
            if not data[pos:].strip(b"\0"):
                break  # zeros: the file grew but the data never reached the disk
            raise JournalDamage(f"record at byte {start + pos} has revision {found}, "
                                f"expected {rev + 1}")
        if end > size:
            break  # the length runs past the end: a torn append
        body = data[pos + _FRAME.size:end]
        if zlib.crc32(body, zlib.crc32(data[pos + 8:pos + 16])) != check:
            if end == size:
                break  # the last record, cut or garbled by a crash mid-write
            raise JournalDamage(f"record at byte {start + pos} (revision {found}) has a bad "
                                "checksum and records after it")
        if parse:
            try:
                payload = orjson.loads(body)
            except orjson.JSONDecodeError as exc:
                raise JournalDamage(f"record {found}: {exc}") from None
            if not well_formed(payload):
                raise JournalDamage(f"record {found} is not a change set")
        else:
            payload = {}
        records.append((found, payload))
        crc = zlib.crc32(data[pos:end], crc)
        rev, pos = found, end
    return Scan(records, start + pos, rev, crc, pos < size)


def well_formed(payload: object) -> bool:
    """Whether a record's payload has the shape Huddle writes (see the module doc), so that
    readers can apply it as it is: {table: {doc_id: document | None}} (ids in decimal
    digits, "*" for a dropped table), head patches as lists of [path] or [path, value]."""
    if not isinstance(payload, dict) or not isinstance(changes := payload.get("c", {}), dict):
        return False
    for docs in changes.values():
        if not isinstance(docs, dict):
            return False
        for doc_id, doc in docs.items():
            if not (doc_id.isdecimal() and (doc is None or type(doc) is dict)
                    or doc_id == "*" and doc is None):
                return False
    for patched in ("h", "m"):
        ops = payload.get(patched, [])
        if not isinstance(ops, list) or not all(map(_is_op, ops)):
            return False
    return True


def _is_op(op: object) -> bool:
    """[path] (remove) or [path, value] (set); an empty path sets the whole head."""
    if not isinstance(op, list) or not 1 <= len(op) <= 2 or not isinstance(op[0], list):
        return False
    if not op[0]:
        return len(op) == 2 and isinstance(op[1], dict)
    return all(isinstance(key, (str, int)) for key in op[0])


def read_from(fd: int, offset: int, size: int) -> bytes:
    """The bytes of `fd` from `offset` up to `size` (what fstat said), read whole; only up to
    a hole (shard_lock.data_end), which is a zero tail, or damage when data follows it."""
    if offset >= size:
        return b""  # nothing new (most journals at a read: their header alone)
    end = data_end(fd, size, offset)
    if end < size and data_after(fd, end, size):
        raise JournalDamage(f"a hole at byte {end}, then more bytes")
    size = end
    chunks = []
    while offset < size:
        chunk = os.pread(fd, size - offset, offset)
        if not chunk:
            break
        chunks.append(chunk)
        offset += len(chunk)
    return b"".join(chunks)


def open_journal(path: Path) -> int | None:
    """A read-only fd on the journal, None when there is none (never a symlink, a FIFO…)."""
    try:
        return open_file(path)
    except FileNotFoundError:
        return None


def write_at(fd: int, data: bytes, offset: int) -> None:
    view = memoryview(data)
    while view:
        offset += (done := os.pwrite(fd, view, offset))
        view = view[done:]


def append(path: Path, data: bytes, at: int) -> None:
    """Write `data` at offset `at` of the journal (cutting off anything after `at` first:
    a torn tail) and fdatasync it. On failure the journal is cut back to `at`."""
    fd = open_file(path, os.O_WRONLY)
    try:
        try:
            if os.fstat(fd).st_size != at:
                os.ftruncate(fd, at)
            write_at(fd, data, at)
            os.fdatasync(fd)
        except BaseException:
            cut(fd, at)
            raise
    finally:
        os.close(fd)


def take_back(path: Path, at: int) -> None:
    """Cut the journal back to `at` (a multi-shard commit failing after this append)."""
    try:
        fd = open_file(path, os.O_WRONLY)
    except OSError:
        return
    try:
        cut(fd, at)
    finally:
        os.close(fd)


def cut(fd: int, at: int) -> None:
    try:
        os.ftruncate(fd, at)
        os.fdatasync(fd)
    except OSError:
        pass  # a record past the recorded end is a torn tail to readers: cut by the next writer


def checksum(raw: bytes) -> int:
    return zlib.crc32(raw)


def payload(changes: dict, head: dict) -> bytes:
    """The record's payload: the change set and what changed in the head (see module doc)."""
    return orjson.dumps({"c": changes, **head}, option=orjson.OPT_NON_STR_KEYS)
