"""TinyDB over a shard's tables: what `Workspace.read` and `Workspace.transaction` hand out.

`open_tinydb(tables, writable)` gives a transaction a TinyDB on its private, lazy copy
of the tables (`_TxTable` copies a table's documents before changing them in place:
they are shared with the parse cache), or a read-only view that refuses every write
up front. `ShardStorage` is TinyDB's Storage extension point for both.
"""

from __future__ import annotations

from collections.abc import Mapping

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from .lazy_table import LazyTable, plain


class ShardStorage(Storage):
    """TinyDB's storage extension point, backed by one Shard.

    Read-only instances serve the cached tables. A writable instance (inside a
    transaction) works on a private copy; the transaction commits it once.
    `read()` hands out a new top-level dict each time because TinyDB puts a
    changed table back into the dict it read before it calls `write()`.
    """

    def __init__(self, tables: dict, writable: bool):
        self.tables = tables
        self.writable = writable
        self.dirty = False
        self._owned: set[str] = set()
        self._private: set[str] = set()  # tables whose dict this transaction made (not shared)
        # the documents written by the fast paths below, per table: the change set is then
        # these, not a comparison of the whole table (store/core/changeset.py)
        self.touched: dict[str, set[str]] = {}

    def read(self) -> dict:
        return dict(self.tables)

    def write(self, data: dict) -> None:
        if not self.writable:
            raise RuntimeError(_READ_ONLY)
        for name in list(self.touched):  # a table TinyDB rewrote: compared whole instead
            if data.get(name) is not self.tables.get(name):
                del self.touched[name]
                self._private.discard(name)
        self.tables = data
        self.dirty = True

    def own(self, name: str) -> None:
        """Give table `name` documents of its own before they are changed in place."""
        if name not in self._owned:
            if not self.writable:
                raise RuntimeError(_READ_ONLY)
            table = self.tables.get(name)
            if table is not None:
                self.tables = {**self.tables,
                               name: {doc_id: dict(doc) for doc_id, doc in table.items()}}
            self._owned.add(name)

    def put(self, name: str, docs: dict[str, dict]) -> None:
        """Set documents of table `name` (a fast path: the table's dict is copied once per
        transaction, its documents never; the change set names exactly these)."""
        if not self.writable:
            raise RuntimeError(_READ_ONLY)
        table = self.tables.get(name)
        if isinstance(table, LazyTable) and name not in self._owned:
            grown = table.with_docs(docs)  # a history table not parsed: it stays so
            if grown is not None:
                self.tables = {**self.tables, name: grown}
                self.touched.setdefault(name, set()).update(docs)
                self.dirty = True
                return
        if name not in self._private or table is None:
            table = plain(table) if table is not None else {}
            table = dict(table) if table is self.tables.get(name) else table
            self.tables = {**self.tables, name: table}
            self._private.add(name)
            if name in self._owned:  # documents already copied: compare the table whole
                self.touched.pop(name, None)
            else:
                self.touched.setdefault(name, set())
        table.update(docs)
        if name in self.touched:
            self.touched[name].update(docs)
        self.dirty = True


_READ_ONLY = "read-only snapshot: writes go through Workspace.transaction"


class _TxTable(Table):
    """A transaction's table. `update` (which `upsert` uses) changes documents in place,
    so the table's documents are copied first: they are shared with the cache.

    Fast paths, so that a write costs what it changes and not the size of the table (an
    audit trail, a year of daily updates): `insert` of a plain mapping and `update` of
    fields by `doc_ids` change only those documents (TinyDB would rebuild the whole table
    twice). A new document's id is one more than the table's last id (ids are added in
    ascending order; TinyDB's max-of-all-ids is the fallback when that one is taken)."""

    def insert(self, document: Mapping) -> int:  # type: ignore[override]
        if isinstance(document, self.document_class) or not isinstance(document, Mapping):
            return super().insert(document)
        storage = self.storage
        table = storage.tables.get(self.name)  # type: ignore[attr-defined]
        doc_id = self._next_id
        if doc_id is None and isinstance(table, LazyTable):
            last = table.last_id()  # (read from its table of contents: it stays unparsed)
            doc_id = int(last) + 1 if last is not None else 1
        elif doc_id is None:
            table = table if table is not None else {}
            doc_id = int(next(reversed(table))) + 1 if table else 1
            if str(doc_id) in table:
                doc_id = max(int(key) for key in table) + 1
        self._next_id = doc_id + 1
        storage.put(self.name, {str(doc_id): dict(document)})  # type: ignore[attr-defined]
        self.clear_cache()
        return doc_id

    def update(self, fields=None, cond=None, doc_ids=None):  # type: ignore[override]
        storage = self.storage
        if isinstance(fields, Mapping) and cond is None and doc_ids is not None:
            table = storage.tables.get(self.name)  # type: ignore[attr-defined]
            table = table if table is not None else {}
            keys = [str(doc_id) for doc_id in doc_ids]
            if all(key in table for key in keys):
                storage.put(self.name, {key: {**table[key], **fields}  # type: ignore[attr-defined]
                                        for key in keys})
                self.clear_cache()
                return [int(key) for key in keys]
        storage.own(self.name)  # type: ignore[attr-defined]
        return super().update(fields, cond, doc_ids)

    def update_multiple(self, *args, **kwargs):  # type: ignore[override]
        self.storage.own(self.name)  # type: ignore[attr-defined]
        return super().update_multiple(*args, **kwargs)


class _TxTinyDB(TinyDB):
    table_class = _TxTable


class _ReadOnlyTable(Table):
    """Refuses every write up front: TinyDB's `update` changes the cached documents in
    place before the storage is asked to write."""

    def _refuse(self, *args: object, **kwargs: object):
        raise RuntimeError(_READ_ONLY)

    insert = insert_multiple = update = update_multiple = upsert = remove = truncate = _refuse


class _ReadOnlyTinyDB(TinyDB):
    table_class = _ReadOnlyTable

    def drop_table(self, name: str) -> None:
        raise RuntimeError(_READ_ONLY)

    def drop_tables(self) -> None:
        raise RuntimeError(_READ_ONLY)


def open_tinydb(tables: dict, writable: bool) -> TinyDB:
    """A TinyDB over `tables`: a transaction's private copy, or a read-only view of the cache."""
    return (_TxTinyDB if writable else _ReadOnlyTinyDB)(storage=ShardStorage, tables=tables,
                                                        writable=writable)
