"""Customer requests (SPEC §5)."""
