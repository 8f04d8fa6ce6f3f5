"""Members, departments, workspace admins, and acting for a member (`--as`)."""

from __future__ import annotations

import pytest
from stkit import as_user, audit

from store.core.locate import open_workspace
from store.people import members as people
from store.core.errors import InvalidValue, NotFound, PermissionDenied, StoreError
from store.core.identity import Actor, os_login
from store.core.workspace import DIRECTORY, Workspace

pytestmark = pytest.mark.usefixtures("backend")  # on the folder and on PostgreSQL

ME = os_login()


def test_init_makes_the_os_account_the_first_admin(workspace_dir, clock):
    ws = Workspace.open(workspace_dir, clock=clock)
    me = people.init_workspace(ws, name="管理员")
    assert me["login"] == ME and me["admin"] is True and me["name"] == "管理员"
    assert people.is_admin(ws, ME)
    entry = audit(ws, DIRECTORY)[-1]
    assert entry["action"] == "workspace.init" and entry["by"] == ME
    assert entry["at"] == "2024-09-02T02:00:00+00:00" and "for" not in entry
    with pytest.raises(StoreError, match="already holds a workspace"):
        people.init_workspace(ws)


def test_add_member_and_department(workspace):
    people.add_department(workspace, "市场部", head="chen")
    member = people.add_member(workspace, "zhao.lei", "赵磊", "市场部", title="市场经理")
    assert member == {**member, "login": "zhao.lei", "name": "赵磊", "dept": "市场部",
                      "title": "市场经理", "admin": False}
    assert people.department_head(workspace, "市场部") == "chen"
    assert people.heads_of(workspace, "chen") == ["市场部"]
    assert people.display_name(workspace, "zhao.lei") == "赵磊"
    assert people.display_name(workspace, "ghost") == "ghost"
    assert [m["login"] for m in people.list_members(workspace)] == \
        sorted(["alice", "bob", "chen", "zhao.lei", ME])
    assert [e["action"] for e in audit(workspace, DIRECTORY)[-2:]] == ["department.add", "member.add"]


@pytest.mark.parametrize("kwargs, field", [
    (dict(login="Alice2", name="x"), "login"),
    (dict(login="alice", name="Alice again"), "login"),       # already a member
    (dict(login="new", name=""), "name"),
    (dict(login="new", name="x\x1b[2J"), "name"),
    (dict(login="new", name="x", dept="No such dept"), "department"),
])
def test_add_member_validation(workspace, kwargs, field):
    before = people.list_members(workspace)
    with pytest.raises(InvalidValue) as err:
        people.add_member(workspace, **kwargs)
    assert err.value.field == field
    assert people.list_members(workspace) == before


def test_department_validation(workspace):
    with pytest.raises(InvalidValue) as err:
        people.add_department(workspace, "Product")
    assert err.value.field == "department"
    with pytest.raises(NotFound):
        people.add_department(workspace, "法务部", head="ghost")
    with pytest.raises(InvalidValue):
        people.set_department_head(workspace, "No such", "alice")


def test_only_admins_administer(workspace):
    alice = as_user(workspace, "alice")   # the OS account alice, a plain member
    for action in (lambda: people.add_member(alice, "eve", "Eve"),
                   lambda: people.add_department(alice, "X"),
                   lambda: people.set_department_head(alice, "Product", "chen"),
                   lambda: people.edit_member(alice, "alice", admin=True)):
        with pytest.raises(PermissionDenied, match="alice is not an admin"):
            action()
    assert not people.is_admin(workspace, "alice")
    people.edit_member(workspace, "alice", admin=True)
    people.add_member(alice, "eve", "Eve")  # now she may
    assert people.get_member(workspace, "eve")["name"] == "Eve"


def test_require_member(workspace):
    assert people.require_member(workspace.acting_as("bob"))["login"] == "bob"
    with pytest.raises(PermissionDenied, match="stranger is not a member"):
        people.require_member(as_user(workspace, "stranger"))


def test_admin_opens_the_workspace_as_a_member(workspace, clock):
    ws = open_workspace(workspace.folder, clock=clock, as_login="alice")
    assert ws.actor == Actor("alice", ME) and ws.actor.on_behalf
    people.add_department(ws, "客服部")  # admin rights come from the real account
    entry = audit(ws, DIRECTORY)[-1]
    assert entry["by"] == ME and entry["for"] == "alice" and entry["action"] == "department.add"
    with pytest.raises(NotFound):
        open_workspace(workspace.folder, clock=clock, as_login="ghost")
    assert open_workspace(workspace.folder, clock=clock, as_login=ME).actor == Actor(ME, ME)


def test_a_non_admin_may_not_act_for_anyone(workspace_dir, clock):
    # The workspace belongs to "zed"; the OS account running the test is not even a member.
    people.init_workspace(Workspace(workspace_dir, clock, Actor("zed", "zed")))
    with pytest.raises(PermissionDenied, match=f"{ME} is not an admin"):
        Workspace.open(workspace_dir, clock=clock, as_login="zed")
    ws = Workspace.open(workspace_dir, clock=clock)
    with pytest.raises(PermissionDenied):
        ws.acting_as("zed")


def test_acting_as_does_not_change_the_original(workspace):
    alice = workspace.acting_as("alice")
    assert alice.actor.login == "alice" and workspace.actor.login == ME
    assert alice.shard(DIRECTORY) is workspace.shard(DIRECTORY)  # one cache


def test_the_last_admin_cannot_step_down(workspace):
    with pytest.raises(InvalidValue) as err:
        people.edit_member(workspace, ME, admin=False)
    assert err.value.field == "admin"
