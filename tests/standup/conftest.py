"""Fixtures of the standup tests; the team is described in standup_helpers.py."""

from __future__ import annotations

import pytest

from store.people import who

from standup_helpers import build_team


@pytest.fixture
def team(workspace):
    """The workspace of tests/conftest.py plus dave and erin, one project, six tasks."""
    return build_team(workspace)


@pytest.fixture(autouse=True)
def nobody_logged_in():
    """`who` is injected: by default nobody is logged in; tests set their own text."""
    who.set_source(lambda: "")
    yield
    who.set_source(None)
