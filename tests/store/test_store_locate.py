"""Opening a workspace from where it is (store/core/locate.py): a folder or a database."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from store.core.locate import is_database, location_of, open_workspace
from store.core.workspace import Workspace


@pytest.mark.parametrize("location", [
    "postgresql:///huddle", "postgres://db.example/huddle", "POSTGRESQL://h/db",
    "dbname=huddle host=/run/postgresql", " host=db port=5432 dbname=huddle",
    "service=huddle",
])
def test_database_locations(location):
    assert is_database(location)
    assert location_of(location) == location.strip()


@pytest.mark.parametrize("location", [
    "/srv/huddle", "~/huddle", "huddle", "./dbname=x", "/tmp/postgresql:/x", "a=b",
])
def test_folder_locations(location):
    assert not is_database(location)
    assert location_of(location) == Path(location).expanduser()


def test_a_folder_opens_as_a_folder_without_the_driver(workspace):
    ws = open_workspace(str(workspace.folder))
    assert type(ws) is Workspace and ws.folder == workspace.folder


def test_a_database_without_its_driver_is_one_clear_line(monkeypatch):
    from store.core.errors import StoreError
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if not installed
    with pytest.raises(StoreError, match=r"driver is not installed here: pip install "
                                         r"'huddle\[postgres\]'"):
        open_workspace("postgresql://db.example/huddle")
