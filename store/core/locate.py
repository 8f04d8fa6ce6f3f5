"""Open a workspace from where it is: a folder, or a database (`postgresql://…`).

`--workspace` and `HUDDLE_WORKSPACE` name either. A database location is a URL
(`postgresql://…`, `postgres://…`) or a libpq conninfo (`dbname=huddle host=/run/postgresql`);
its backend (store/postgres/) is imported only when one is opened, so the folder needs no
driver and pays no import time for it. The core names that package by its module path, not by
an import: the layers put the backends above the core (pyproject.toml, import-linter)."""

from __future__ import annotations

import importlib
import os
import re
from pathlib import Path

# compiled on first use (re's cache): a folder's path never needs them
_URL = r"^\s*postgres(ql)?://"
_CONNINFO = r"^\s*(dbname|host|hostaddr|port|user|service)\s*="
_BACKENDS = {"postgres": "store.postgres.workspace"}


def is_database(location: str | os.PathLike) -> bool:
    """Whether `location` names a database rather than a folder."""
    text = os.fspath(location)
    if ":" not in text and "=" not in text:  # a plain path: neither can match (no regex run)
        return False
    return bool(re.match(_URL, text, re.IGNORECASE) or re.match(_CONNINFO, text, re.IGNORECASE))


def location_of(chosen: str | os.PathLike) -> str | Path:
    """What `--workspace`/`HUDDLE_WORKSPACE` named: a database location as it is, a folder
    as an expanded path."""
    text = os.fspath(chosen)
    return text.strip() if is_database(text) else Path(text).expanduser()


def open_workspace(location: str | os.PathLike, **options):
    """The workspace at `location` (a folder or a database), opened as `Workspace.open` does
    (`clock`, `as_login`, `create`, `sweep`)."""
    text = os.fspath(location)
    if getattr(location, "location", None):  # an open workspace's `folder` (a database)
        text = location.location  # type: ignore[union-attr]
    if is_database(text):
        backend = importlib.import_module(_BACKENDS["postgres"]).PgWorkspace
        return backend.open(text, **options)
    from .workspace import Workspace
    return Workspace.open(Path(text), **options)
