"""A transaction's private copy of a shard's tables, and the writes that need no TinyDB.

`ShardStorage` is what a transaction writes to (TinyDB's storage extension point, store/core/
tinydb_views.py). The fast paths — `insert` of a plain dict, `update` of fields by doc ids —
change only the documents they name (a write costs what it changes, not the size of the
table); `FastTable` runs them for a transaction before anything needs TinyDB itself, which
is then made over the same storage (store/core/transaction.py): a command that only records
a progress update or an audit entry never imports TinyDB (~1 ms of its process).
"""

from __future__ import annotations

from .lazy_table import LazyTable, plain


class ShardStorage:
    """TinyDB's storage extension point, backed by one Shard.

    Read-only instances serve the cached tables. A writable instance (inside a
    transaction) works on a private copy; the transaction commits it once.
    `read()` hands out a new top-level dict each time because TinyDB puts a
    changed table back into the dict it read before it calls `write()`. (TinyDB's Storage
    interface — read, write, close — without its base class: this module runs without
    TinyDB, whose import a command that only uses the fast paths below need not pay.)
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

    def close(self) -> None:
        pass

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


def next_doc_id(storage: ShardStorage, name: str, next_id: int | None) -> int:
    """The id of a document inserted into table `name`: one more than the table's last id
    (ids are added in ascending order; TinyDB's max-of-all-ids is the fallback when that one
    is taken), or `next_id` when the table object already gave one out."""
    table = storage.tables.get(name)
    doc_id = next_id
    if doc_id is None and isinstance(table, LazyTable):
        last = table.last_id()  # (read from its table of contents: it stays unparsed)
        doc_id = int(last) + 1 if last is not None else 1
    elif doc_id is None:
        table = table if table is not None else {}
        doc_id = int(next(reversed(table))) + 1 if table else 1
        if str(doc_id) in table:
            doc_id = max(int(key) for key in table) + 1
    return doc_id


def fast_insert(document) -> bool:
    """Whether an insert takes the fast path: a plain dict (a TinyDB Document, a dict
    subclass carrying its own id, and other mappings are TinyDB's)."""
    return type(document) is dict


def fast_update(fields, cond, doc_ids) -> bool:
    """Whether an update takes the fast path: plain fields on documents named by id."""
    return type(fields) is dict and cond is None and type(doc_ids) in (list, tuple)


def update_docs(storage: ShardStorage, name: str, fields: dict, keys: list[str]
                ) -> list[int] | None:
    """Set `fields` on the documents `keys` of table `name`; None (nothing done) unless all
    of them are there."""
    table = storage.tables.get(name)
    table = table if table is not None else {}
    if not all(key in table for key in keys):
        return None
    storage.put(name, {key: {**table[key], **fields} for key in keys})
    return [int(key) for key in keys]


class FastTable:
    """A transaction's table while only the fast paths have been asked for: `insert` of a
    plain dict and `update(fields, doc_ids=[…])`. Anything else — and everything once the
    transaction has made its TinyDB — is the TinyDB table's (`tx.db`), which takes over this
    table's next id."""

    def __init__(self, tx, name: str) -> None:
        self._tx = tx  # store.core.transaction.Tx
        self._name = name
        self.next_id: int | None = None

    def _table(self):
        return self._tx.db.table(self._name)

    def insert(self, document) -> int:
        if self._tx.has_db or not fast_insert(document):
            return self._table().insert(document)
        storage = self._tx.storage
        doc_id = next_doc_id(storage, self._name, self.next_id)
        self.next_id = doc_id + 1
        storage.put(self._name, {str(doc_id): dict(document)})
        return doc_id

    def update(self, fields=None, cond=None, doc_ids=None):
        if not self._tx.has_db and fast_update(fields, cond, doc_ids):
            done = update_docs(self._tx.storage, self._name, fields,
                               [str(doc_id) for doc_id in doc_ids])
            if done is not None:
                return done
        return self._table().update(fields, cond, doc_ids)

    @property
    def name(self) -> str:
        return self._name

    def __getattr__(self, attr: str):
        return getattr(self._table(), attr)

    def __len__(self) -> int:
        return len(self._table())

    def __iter__(self):
        return iter(self._table())

    def __repr__(self) -> str:
        return repr(self._table())
