"""Per-user preferences (store/people/preferences.py) and the workspace's interop id."""

from __future__ import annotations

import uuid

import pytest

from store.people import preferences as prefs
from store.core.errors import InvalidValue
from store.people.preferences import PREFERENCES


def test_theme_is_saved_per_os_account_and_audited(workspace):
    assert prefs.saved_theme(workspace) is None
    assert prefs.save_theme(workspace, "huddle-light") == {"theme": "huddle-light"}
    assert prefs.saved_theme(workspace) == "huddle-light"
    audit = workspace.rows(PREFERENCES, "_audit")
    assert audit[-1]["action"] == "preference.set"
    assert audit[-1]["by"] == workspace.actor.real
    assert audit[-1]["detail"] == {"theme": "huddle-light"}
    # the same value again writes nothing
    before = len(workspace.rows(PREFERENCES, "_audit"))
    prefs.save_theme(workspace, "huddle-light")
    assert len(workspace.rows(PREFERENCES, "_audit")) == before
    # other people have their own
    assert prefs.get_preferences(workspace, "alice") == {}


def test_acting_for_someone_keeps_the_admins_own_preferences(workspace):
    as_alice = workspace.acting_as("alice")
    prefs.save_theme(as_alice, "huddle-contrast")
    assert prefs.saved_theme(workspace) == "huddle-contrast"     # keyed by the real account
    assert prefs.get_preferences(workspace, "alice") == {}


def test_language_preference(workspace):
    prefs.save_language(workspace, "zh")
    prefs.save_theme(workspace, "huddle-dark")
    assert prefs.get_preferences(workspace) == {"lang": "zh", "theme": "huddle-dark"}
    assert prefs.saved_language(workspace) == "zh"
    with pytest.raises(InvalidValue):
        prefs.save_language(workspace, "fr")


@pytest.mark.parametrize("name", ["", "[bold]x", "a b", "x\x1b[31m", "Ü" * 3, "x" * 65])
def test_bad_theme_names_are_refused(workspace, name):
    with pytest.raises(InvalidValue) as caught:
        prefs.save_theme(workspace, name)
    assert caught.value.field == "theme"
    assert prefs.saved_theme(workspace) is None


def test_unknown_preference_is_refused(workspace):
    with pytest.raises(InvalidValue):
        prefs.set_preference(workspace, "font", "comic")


def test_workspace_uuid_is_made_once_and_kept(workspace, workspace_dir):
    first = prefs.workspace_uuid(workspace)
    assert isinstance(first, uuid.UUID) and first.version == 4
    assert prefs.workspace_uuid(workspace) == first
    from store.core.workspace import Workspace
    assert prefs.workspace_uuid(Workspace.open(workspace_dir)) == first
    assert [r["action"] for r in workspace.rows(PREFERENCES, "_audit")] == ["workspace.uuid"]


def test_two_workspaces_get_different_uuids(tmp_path, clock):
    import os

    from store.people.members import init_workspace
    from store.core.workspace import Workspace
    ids = set()
    for name in ("a", "b"):
        folder = tmp_path / name
        folder.mkdir()
        os.chmod(folder, 0o770)
        ws = Workspace.open(folder, clock=clock)  # same clock: same creation time
        init_workspace(ws)
        ids.add(prefs.workspace_uuid(ws))
    assert len(ids) == 2


def test_read_only_workspace_still_gets_a_stable_uuid(workspace, monkeypatch):
    from contextlib import contextmanager

    from store.core.errors import WorkspaceNotWritable

    @contextmanager
    def refuse(name):
        raise WorkspaceNotWritable("read-only")
        yield

    monkeypatch.setattr(workspace, "transaction", refuse)
    first = prefs.workspace_uuid(workspace)
    assert prefs.workspace_uuid(workspace) == first
    assert not workspace.exists(PREFERENCES)
