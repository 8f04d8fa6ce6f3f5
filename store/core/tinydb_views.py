"""TinyDB over a shard's tables: what `Workspace.read` and `Workspace.transaction` hand out.

`open_tinydb(tables, writable)` gives a transaction a TinyDB on its private, lazy copy
of the tables (`_TxTable` copies a table's documents before changing them in place:
they are shared with the parse cache), or a read-only view that refuses every write
up front. `ShardStorage` (store/core/shard_storage.py) is TinyDB's storage extension point
for both; a transaction makes its TinyDB only when it needs more than the fast paths there
(`transaction_db`).
"""

from __future__ import annotations

from collections.abc import Mapping

from tinydb import TinyDB
from tinydb.table import Table

from .shard_storage import (_READ_ONLY, ShardStorage, fast_insert, fast_update,  # noqa: F401
                            next_doc_id, update_docs)


class _TxTable(Table):
    """A transaction's table. `update` (which `upsert` uses) changes documents in place,
    so the table's documents are copied first: they are shared with the cache.

    Fast paths, so that a write costs what it changes and not the size of the table (an
    audit trail, a year of daily updates): `insert` of a plain dict and `update` of
    fields by `doc_ids` change only those documents (TinyDB would rebuild the whole table
    twice). A new document's id is one more than the table's last id (ids are added in
    ascending order; TinyDB's max-of-all-ids is the fallback when that one is taken)."""

    def insert(self, document: Mapping) -> int:  # type: ignore[override]
        if not fast_insert(document):
            return super().insert(document)
        storage = self.storage
        doc_id = next_doc_id(storage, self.name, self._next_id)  # type: ignore[arg-type]
        self._next_id = doc_id + 1
        storage.put(self.name, {str(doc_id): dict(document)})  # type: ignore[attr-defined]
        self.clear_cache()
        return doc_id

    def update(self, fields=None, cond=None, doc_ids=None):  # type: ignore[override]
        storage = self.storage
        if fast_update(fields, cond, doc_ids):
            done = update_docs(storage, self.name, fields,  # type: ignore[arg-type]
                               [str(doc_id) for doc_id in doc_ids])
            if done is not None:
                self.clear_cache()
                return done
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


def transaction_db(storage: ShardStorage) -> TinyDB:
    """A transaction's TinyDB over the copy it has been writing (`Tx.db`)."""
    return _TxTinyDB(storage=lambda: storage)
