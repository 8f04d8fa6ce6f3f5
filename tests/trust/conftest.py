"""Fixtures for the trust tests: what a careless or hostile member of a shared jump host can
do to the workspace files, and what a fault (a full disk, a crash) does to a write.

- `members`: root only (skips otherwise). Two real OS accounts in a new group, a shared
  setgid folder (2770 root:group) initialised by the first (the admin), with both members;
  accounts, group and folder are removed afterwards. Act as one with
  `accounts.cli_as(login, *args)` or `accounts.run_as(login, fn)`.
"""

from __future__ import annotations

import pytest
from accounts import make_accounts, need_root, remove_accounts


@pytest.fixture
def members():
    need_root()
    made = make_accounts(["alice", "bob"])
    alice, bob = made.logins

    def setup():
        from store.people.members import add_department, add_member, init_workspace
        from store.core.workspace import Workspace
        ws = Workspace.open(made.folder)
        init_workspace(ws, name="Alice")
        add_department(ws, "Engineering")
        add_member(ws, bob, "Bob", "Engineering")
        return True
    result = made.run_as(alice, setup)
    try:
        assert result["ok"], result
        yield made
    finally:
        remove_accounts(made)
