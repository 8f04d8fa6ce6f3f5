"""The parse cache's budget: which shards keep their parsed tables (store/core/storage.py)."""

from __future__ import annotations

import _thread  # threading's locks without its import (a command's start-up)
from collections import OrderedDict
from typing import Protocol


class Shard(Protocol):
    """What the cache needs of a shard (store/core/storage.py, which imports this module: a
    protocol here, so the two do not import each other)."""

    def _evict(self) -> None: ...


class ShardCache:
    """Which shards keep their parsed tables: at most `budget` bytes of files, least recently
    used dropped first (their signature and memo stay). Shared by a workspace's shards."""

    def __init__(self, budget: int | None):
        self.budget = budget
        self._sizes: OrderedDict["Shard", int] = OrderedDict()
        self._total = 0
        self._lock = _thread.allocate_lock()

    def touch(self, shard: "Shard", size: int) -> None:
        if self.budget is None:
            return
        evict: list["Shard"] = []
        with self._lock:
            self._total += size - self._sizes.pop(shard, 0)
            self._sizes[shard] = size
            while self._total > self.budget and len(self._sizes) > 1:
                old, old_size = self._sizes.popitem(last=False)
                self._total -= old_size
                evict.append(old)
        for old in evict:
            old._evict()

    def forget(self, shard: "Shard") -> None:
        with self._lock:
            self._total -= self._sizes.pop(shard, 0)

    def clear(self) -> None:
        with self._lock:
            self._sizes.clear()
            self._total = 0
