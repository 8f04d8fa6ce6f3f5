"""A shard's three file names: as text for the reads, as `Path`s when someone asks.

A `Path` costs a microsecond and more to make, and again to turn into the text a system call
takes; the app's first screen opens 100 shards, each read by its text names (`file`,
`jfile`, `lfile`), while their `Path`s are made when first asked for.
"""

from __future__ import annotations

import os
from pathlib import Path


class ShardPaths:
    def __init__(self, folder: Path, name: str) -> None:
        self.name = name
        self.file = os.path.join(folder, name + ".json")  # `<name>.json`, the snapshot
        self.jfile = self.file[:-5] + ".journal"          # `<name>.journal`, the journal
        self.lfile = self.file[:-5] + ".lock"             # `<name>.lock`, the lock
        self._paths: list[Path] | None = None

    def _path(self, at: int) -> Path:
        if self._paths is None:
            self._paths = [Path(self.file), Path(self.jfile), Path(self.lfile)]
        return self._paths[at]

    @property
    def path(self) -> Path:
        return self._path(0)

    @property
    def journal_path(self) -> Path:
        return self._path(1)

    @property
    def lock_path(self) -> Path:
        return self._path(2)
