"""A workspace in a PostgreSQL database: the store's second backend (docs/postgres.md).

Opened by location (`store.core.locate.open_workspace("postgresql:///huddle")`); the driver
(psycopg 3, `pip install 'huddle[postgres]'`) is imported only then.

- schema.py: the versioned migrations (`huddle db upgrade`), the triggers of the trust model
- connection.py: locations, connections made again when lost, passwords kept out of messages
- errors.py: every database failure as one line naming what failed
- shard.py: a shard's tables cached by revision; only the newer rows are fetched
- transaction.py: one database transaction per write, writing only the changed documents
- workspace.py: `PgWorkspace`, the `Backend` (store/core/backend.py) on all of the above
- admin.py: `huddle db upgrade` and `huddle db grant LOGIN`
"""
