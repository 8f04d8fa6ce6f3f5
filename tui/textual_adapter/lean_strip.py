"""`lean_strips()`: a Strip makes each of its caches the first time it is used.

Textual's `Strip.__init__` makes seven `FIFOCache`s (each with its dict) for every line it
builds: sixteen objects for the collector to count and walk, ~1 KB, where most strips are
drawn once and never cropped, divided or styled again. Opening the standup built ~1,300 of
them, enough young objects for a middle-generation collection (4–12 ms) in the answer.
"""

from __future__ import annotations

from textual.cache import FIFOCache
from textual.strip import Strip

TEXTUAL_INIT = Strip.__init__


def _caches_textual_makes() -> dict[str, int]:
    """Each cache slot Textual's __init__ fills, with its size (read from Textual itself)."""
    probe = Strip.__new__(Strip)
    TEXTUAL_INIT(probe, [])
    return {name: getattr(probe, name)._maxsize for name in Strip.__slots__
            if isinstance(getattr(probe, name, None), FIFOCache)}


CACHE_SIZES = _caches_textual_makes()


def _lean_init(self: Strip, segments, cell_length: int | None = None) -> None:
    """Textual's __init__ without the caches."""
    self._segments = list(segments)
    self._cell_length = cell_length
    self._render_cache = None
    self._link_ids = None
    self._cell_count = None


def _cache_on_first_use(self: Strip, name: str) -> FIFOCache:
    """Python calls this only for an empty slot: a cache not made yet (or a wrong name)."""
    size = CACHE_SIZES.get(name)
    if size is None:
        raise AttributeError(f"'Strip' object has no attribute {name!r}")
    cache: FIFOCache = FIFOCache(size)
    setattr(self, name, cache)
    return cache


def lean_strips() -> None:
    Strip.__init__ = _lean_init  # type: ignore[method-assign]
    Strip.__getattr__ = _cache_on_first_use  # type: ignore[attr-defined]
