"""Huddle's domain core: records, the rules of SPEC.md and persistence. Never imports textual."""
