"""TinyDB over a shard's tables: what `Workspace.read` and `Workspace.transaction` hand out.

`open_tinydb(tables, writable)` gives a transaction a TinyDB on its private, lazy copy
of the tables (`_TxTable` copies a table's documents before changing them in place:
they are shared with the parse cache), or a read-only view that refuses every write
up front. `ShardStorage` is TinyDB's Storage extension point for both.
"""

from __future__ import annotations

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table


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

    def read(self) -> dict:
        return dict(self.tables)

    def write(self, data: dict) -> None:
        if not self.writable:
            raise RuntimeError(_READ_ONLY)
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


_READ_ONLY = "read-only snapshot: writes go through Workspace.transaction"


class _TxTable(Table):
    """A transaction's table. `update` (which `upsert` uses) changes documents in place,
    so the table's documents are copied first: they are shared with the cache."""

    def update(self, *args, **kwargs):  # type: ignore[override]
        self.storage.own(self.name)  # type: ignore[attr-defined]
        return super().update(*args, **kwargs)

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
