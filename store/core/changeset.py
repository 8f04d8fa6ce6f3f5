"""What a transaction changed, document by document: the unit a backend writes.

A transaction works on a lazy copy of the shard's tables (store/core/tinydb_views.py):
a document it did not touch is the very object the cache holds, so finding what changed
costs an identity check per document of the tables it wrote, plus an equality check for
the documents of a table TinyDB copied before an update.

    changes = diff(base_tables, new_tables)   # {table: {doc_id: doc | None (removed)}}
    tables  = apply(base_tables, changes)     # what a reader rebuilds from a base + changes

A backend that writes only what changed (an append-only journal, rows in PostgreSQL)
stores `changes`; a table that disappeared is `{"*": None}` (dropped: every document gone).
"""

from __future__ import annotations

from .lazy_table import LazyTable, plain

DROPPED = "*"  # doc_id standing for "the whole table was dropped"

Changes = dict[str, dict[str, "dict | None"]]


def diff(base: dict, new: dict) -> Changes:
    """The documents of `new` that differ from `base`, per table; None marks a removal."""
    out: Changes = {}
    for name in base.keys() | new.keys():
        old_table, new_table = base.get(name), new.get(name)
        if old_table is new_table:
            continue
        if new_table is None:
            out[name] = {DROPPED: None}
            continue
        old_table = old_table or {}
        changed: dict[str, dict | None] = {}
        for doc_id, doc in new_table.items():
            before = old_table.get(doc_id)
            if doc is not before and doc != before:
                changed[doc_id] = doc
        for doc_id in old_table.keys() - new_table.keys():
            changed[doc_id] = None
        if changed:
            out[name] = changed
        elif name not in base:  # an empty table created: keep it, readers may list tables
            out[name] = {}
    return out


def apply(base: dict, changes: Changes) -> dict:
    """`base` with `changes` applied, sharing every untouched table and document."""
    tables = dict(base)
    for name, docs in changes.items():
        if docs.get(DROPPED, 0) is None and len(docs) == 1:
            tables.pop(name, None)
            continue
        table = tables.get(name)
        if isinstance(table, LazyTable):  # a history table not parsed yet stays so
            grown = table.with_docs(docs)
            if grown is not None:
                tables[name] = grown
                continue
        table = plain(table) if table is not None else {}
        table = dict(table) if table is tables.get(name) else table
        for doc_id, doc in docs.items():
            if doc is None:
                table.pop(doc_id, None)
            else:
                table[doc_id] = doc
        tables[name] = table
    return tables


def size(changes: Changes) -> int:
    """How many documents a change set writes or removes."""
    return sum(len(docs) for docs in changes.values())
