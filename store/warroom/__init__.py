"""The incident war room (SPEC §2)."""
