"""A big table parsed a slice at a time (store/core/table_slices.py): always the same
documents as a parse of the whole, whatever the bytes inside them look like."""

from __future__ import annotations

import orjson
import pytest

from store.core import table_slices
from store.core.lazy_table import LazyTable, peek, peek_slices


def table(n: int, **extra) -> dict:
    return {str(i): {"n": i, "text": "跨部门协作 },\"7\":{ " * (i % 3), **extra} for i in range(1, n + 1)}


def test_slices_are_the_table_in_order_and_parse_is_the_whole():
    docs = table(300)
    raw = orjson.dumps(docs)
    parts = list(table_slices.slices(raw, size=1024))
    assert len(parts) > 5
    assert [k for part in parts for k in part] == list(docs)
    assert table_slices.parse(raw, size=1024) == docs == orjson.loads(raw)


def test_a_cut_inside_a_document_is_refused_and_the_rest_parsed_whole():
    # a document holding an object keyed by digits: `},"<digits>":{` inside it
    docs = {str(i): {"n": i, "by": {"1": {"a": i}, "2": {"b": i}}} for i in range(1, 200)}
    raw = orjson.dumps(docs)
    assert table_slices.parse(raw, size=256) == docs
    assert [k for part in table_slices.slices(raw, size=256) for k in part] == list(docs)


@pytest.mark.parametrize("raw", [b"[1, 2, 3]" + b" " * 4000, b'{"a": 1}' + b" " * 4000, b"{}"])
def test_anything_else_is_parsed_as_orjson_would(raw):
    assert table_slices.parse(raw, size=1024) == orjson.loads(raw)


def test_bad_bytes_raise_as_orjson_would():
    raw = orjson.dumps(table(300))
    broken = raw[:5000] + b"\x00" + raw[5001:]
    with pytest.raises(orjson.JSONDecodeError):
        table_slices.parse(broken, size=1024)


def test_peek_slices_sees_the_documents_set_since_and_keeps_nothing(monkeypatch):
    monkeypatch.setattr(table_slices, "SLICE", 1024)
    docs = table(300)
    lazy = LazyTable(orjson.dumps(docs), "300").with_docs({"5": None, "7": {"n": 70},
                                                           "301": {"n": 301}})
    seen = {}
    for part in peek_slices(lazy):
        seen.update(part)
    assert len(list(peek_slices(lazy))) > 5
    assert seen == dict(peek(lazy)) and "5" not in seen and seen["7"] == {"n": 70}
    assert not lazy.filled
    plain = {"1": {"n": 1}}
    assert list(peek_slices(plain)) == [plain]


def test_a_packed_table_reads_as_the_bytes_it_was_given(monkeypatch):
    from store.core import lazy_table
    monkeypatch.setattr(lazy_table, "_PACKING", [True])
    docs = table(300)
    raw = orjson.dumps(docs)
    packed = LazyTable(raw, "300")
    held, size = packed._held
    assert size == len(raw) and len(held) < len(raw)
    assert packed.json() == packed.raw_bytes() == raw
    assert [k for part in peek_slices(packed) for k in part] == list(docs) and not packed.filled
    assert LazyTable(b"", None).json() == b""  # nothing to pack: kept as it is
    assert packed == docs


def test_a_table_filled_meanwhile_is_read_filled(monkeypatch):
    """`peek`, `peek_slices`, `with_docs` and `raw_bytes` read the bytes without the fill's
    lock: one that finds the table filled reads the filled table, never its emptied bytes
    (its bytes and their size are one slot: no reader sees half of them let go)."""
    from store.core import lazy_table
    monkeypatch.setattr(lazy_table, "_PACKING", [True])
    docs = table(50)
    lazy = LazyTable(orjson.dumps(docs), "50", fail=lambda why: AssertionError(why))
    lazy._filled = True  # what a fill in another thread does first, before it lets go
    lazy._held, lazy._extra = (b"", 0), {}
    dict.update(lazy, docs)
    assert peek(lazy) is lazy and list(peek_slices(lazy)) == [lazy]
    assert lazy.with_docs({"51": {"n": 51}}) is None and lazy.raw_bytes() is None
