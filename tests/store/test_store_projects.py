"""Projects: the request form (SPEC §1.1–1.3), validation, who may change a project."""

from __future__ import annotations

import pytest
from stkit import as_user, audit

from store.projects import project as projects
from store.core.errors import InvalidValue, NotFound, PermissionDenied
from store.core.identity import os_login
from store.core.workspace import DIRECTORY

pytestmark = pytest.mark.usefixtures("backend")  # on the folder and on PostgreSQL

ME = os_login()
FORM = dict(pm="bob", initiator_dept="Product", lead_dept="Engineering",
            goal="次日留存率提升 5%", due="2024-12-31")


def test_create_files_the_request_form(ws, clock):
    alice = ws.acting_as("alice")
    p = projects.create_project(alice, "2024年Q3产品迭代项目组", collab_depts=["Product"],
                                background="用户流失", outcome="新版本上线", time_nodes="MVP 09-30",
                                support="+2 engineers", **{**FORM, "due": "２０２４－１２－３１"})
    assert p["id"] == 2 and p["state"] == "requested" and p["initiator"] == "alice"
    assert p["due"] == "2024-12-31" and p["members"] == [{"login": "bob", "role": "PM"}]
    assert p["collab_depts"] == ["Product"] and p["created_at"] == "2024-09-02T02:00:00+00:00"
    assert projects.project_ids(ws) == [1, 2]
    assert [x["name"] for x in projects.list_projects(ws)] == ["Q3 迭代", "2024年Q3产品迭代项目组"]
    entry = audit(ws, projects.shard_name(2))[-1]
    assert entry["action"] == "project.create" and entry["by"] == ME and entry["for"] == "alice"
    assert audit(ws, DIRECTORY)[-1]["target"] == 2


@pytest.mark.parametrize("change, field", [
    (dict(name=""), "name"),
    (dict(goal="  "), "goal"),
    (dict(pm="ghost"), "pm"),
    (dict(pm="Not A Login"), "pm"),
    (dict(lead_dept="Sales"), "lead_dept"),
    (dict(initiator_dept=""), "initiator_dept"),
    (dict(collab_depts=["Sales"]), "collab_depts"),
    (dict(due="2024-02-30"), "due"),
    (dict(due=""), "due"),
    (dict(background="bad\x07bell"), "background"),
    (dict(colour="red"), "colour"),
])
def test_create_validation_names_the_field(ws, change, field):
    form = {"name": "P", **FORM, **change}
    with pytest.raises(InvalidValue) as err:
        projects.create_project(ws.acting_as("alice"), **form)
    assert err.value.field == field
    assert projects.project_ids(ws) == [1]


def test_only_members_file_requests(ws):
    with pytest.raises(PermissionDenied):
        projects.create_project(as_user(ws, "stranger"), "P", **FORM)


def test_edit_by_a_manager(ws):
    bob = ws.acting_as("bob")  # the PM
    p = projects.edit_project(bob, 1, name="Q3 迭代 v2", due="2025-01-15",
                              requirements={"goals": "MVP", "target_date": "2024-09-30"})
    assert p["name"] == "Q3 迭代 v2" and p["due"] == "2025-01-15"
    assert p["requirements"]["target_date"] == "2024-09-30"
    assert ws.rows(DIRECTORY, projects.INDEX)[0]["name"] == "Q3 迭代 v2"  # the index follows
    assert audit(ws, projects.shard_name(1))[-1]["detail"]["due"] == "2025-01-15"
    assert audit(ws, DIRECTORY)[-1]["action"] == "project.rename"


@pytest.mark.parametrize("login, allowed", [
    ("bob", True),     # PM
    ("alice", True),   # initiator, head of the requesting department
    ("chen", False),   # in the requesting department, not its head
    ("carol", False),  # lead department, not its head
    ("dave", False),
])
def test_who_may_change_a_project(ws, login, allowed):
    if allowed:
        assert projects.edit_project(ws.acting_as(login), 1, goal="新目标")["goal"] == "新目标"
    else:
        with pytest.raises(PermissionDenied, match="project 1"):
            projects.edit_project(ws.acting_as(login), 1, goal="新目标")
        assert projects.get_project(ws, 1)["goal"] == "留存率提升 5%"


def test_admin_has_their_own_rights_only_when_acting_as_themselves(ws):
    assert projects.can_manage(ws, projects.get_project(ws, 1))
    assert not projects.can_manage(ws.acting_as("dave"), projects.get_project(ws, 1))


def test_edit_validation(ws):
    with pytest.raises(InvalidValue) as err:
        projects.edit_project(ws, 1, pm="ghost")
    assert err.value.field == "pm"
    with pytest.raises(InvalidValue) as err:
        projects.edit_project(ws, 1, members=[{"login": "ghost", "role": "dev"}])
    assert err.value.field == "members"
    with pytest.raises(InvalidValue) as err:
        projects.edit_project(ws, 1, state="archived")  # state changes are the flow's, not edits
    assert err.value.field == "state"


def test_ids_and_missing_projects(ws):
    assert projects.parse_project_id("P1") == 1 and projects.parse_project_id("#1") == 1
    with pytest.raises(InvalidValue):
        projects.parse_project_id("one")
    with pytest.raises(NotFound, match="No project with id 9"):
        projects.get_project(ws, 9)
