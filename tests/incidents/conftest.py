"""Fixtures for the war-room tests (SPEC §2). The top-level conftest gives
`workspace` (Asia/Shanghai; members alice, bob, chen; the OS user is admin)
and `clock` (Monday 2024-09-02 10:00 Shanghai = 02:00 UTC)."""

from __future__ import annotations

import pytest

from store.core.i18n import set_language


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("en")


@pytest.fixture
def as_(workspace):
    return workspace.acting_as
