"""Reminders (SPEC §6): the record, schedules, the engine and the registry
of providers (the one module that imports every domain package)."""
