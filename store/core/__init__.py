"""The persistence core: shards, locks, atomic commits, the parse cache, heads,
the change feed, the clock, errors and i18n. Imports nothing from the domain."""
