"""Fixtures for the store tests (no UI).

Builds on the shared `workspace` and `clock` fixtures of tests/conftest.py
(Asia/Shanghai, Monday 2024-09-02 10:00 local = 02:00 UTC; admin = the OS
account; Product headed by alice with chen, Engineering headed by bob) and adds:

- `ws`: that workspace plus carol (Engineering) and dave (Product), both
  plain members, and project 1 "Q3 迭代" filed by alice (Product) with bob as
  PM, lead department Engineering, due 2024-12-31.
- `as_user(ws, login)`: the same folder opened by another OS account (a
  `Workspace` whose real account is `login`), for permission tests.
- `snapshot(folder)` / file bytes helpers for "nothing was overwritten" checks.
"""

from __future__ import annotations

import pytest
from stkit import as_user  # noqa: F401  (re-exported for the tests)

from store.people import members as people
from store.projects import project as projects


@pytest.fixture
def ws(workspace):
    people.add_member(workspace, "carol", "Carol Zhou", "Engineering")
    people.add_member(workspace, "dave", "Dave 戴", "Product")
    projects.create_project(workspace.acting_as("alice"), "Q3 迭代", pm="bob",
                            initiator_dept="Product", lead_dept="Engineering",
                            goal="留存率提升 5%", due="2024-12-31")
    return workspace


@pytest.fixture
def zh():
    """Run a test with the Chinese catalogue, then go back to English."""
    from store.core import i18n
    before = i18n.get_language()
    i18n.set_language("zh")
    yield
    i18n.set_language(before)
