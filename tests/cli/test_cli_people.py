"""`huddle member …` and `huddle dept …`."""

from __future__ import annotations

import pytest

from cli_helpers import assert_user_error

from store.core.identity import os_login
from store.people.members import edit_member, get_member, list_members

pytestmark = pytest.mark.usefixtures("backend")  # on the folder and on PostgreSQL

ME = os_login()
MEMBER_KEYS = {"login", "name", "dept", "title", "admin", "email"}
DEPT_KEYS = {"name", "head", "head_name", "members"}


def test_member_add_then_list_shows_it(workspace, run, run_json):
    result = run("member", "add", "dana", "--name", "王丹娜", "--dept", "Engineering",
                 "--title", "测试工程师")
    assert result.exit_code == 0, result.stderr
    assert "dana" in result.stdout
    members = run_json("member", "list")
    assert all(set(m) == MEMBER_KEYS for m in members)
    dana = next(m for m in members if m["login"] == "dana")
    assert dana == {"login": "dana", "name": "王丹娜", "dept": "Engineering",
                    "title": "测试工程师", "admin": False, "email": ""}
    assert [m["login"] for m in members] == sorted(m["login"] for m in members)


def test_member_add_admin_flag(workspace, run):
    assert run("member", "add", "eve", "--name", "Eve", "--dept", "Product",
               "--admin").exit_code == 0
    assert get_member(workspace, "eve")["admin"] is True


def test_member_list_human_table_aligns_cjk(workspace, run):
    result = run("member", "list")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["Login", "Display", "name", "Department", "Job", "title", "Admin"]
    chen = next(line for line in lines if line.startswith("chen "))
    alice = next(line for line in lines if line.startswith("alice "))
    # the department column starts at the same cell although 陈静 is two wide characters
    assert chen.index("Product") + 2 == alice.index("Product")


def test_member_list_filters_by_department(workspace, run_json):
    logins = [m["login"] for m in run_json("member", "list", "--dept", "Product")]
    assert logins == ["alice", "chen"]


def test_member_add_errors(workspace, run):
    assert_user_error(run("member", "add", "dana", "--name", "Dana", "--dept", "Nowhere"),
                      "Nowhere")
    assert_user_error(run("member", "add", "Bad Login", "--name", "X", "--dept", "Product"),
                      "not a valid login")
    assert_user_error(run("member", "add", "alice", "--name", "X", "--dept", "Product"),
                      "already a member")
    assert_user_error(run("member", "add", "dana", "--name", "a\x1b[31mb", "--dept", "Product"),
                      "control character")
    assert_user_error(run("member", "add", "dana", "--dept", "Product"), "--name", code=2)
    assert "dana" not in [m["login"] for m in list_members(workspace)]


def test_member_edit(workspace, run):
    result = run("member", "edit", "bob", "--title", "Tech Lead", "--dept", "Product", "--admin")
    assert result.exit_code == 0, result.stderr
    bob = get_member(workspace, "bob")
    assert (bob["title"], bob["dept"], bob["admin"]) == ("Tech Lead", "Product", True)
    assert run("member", "edit", "bob", "--no-admin").exit_code == 0
    assert get_member(workspace, "bob")["admin"] is False
    assert_user_error(run("member", "edit", "bob"), "Nothing to change", code=2)
    assert_user_error(run("member", "edit", "nobody", "--title", "x"), "nobody")


def test_the_last_admin_cannot_drop_admin(workspace, run):
    assert_user_error(run("member", "edit", ME, "--no-admin"), "last admin")
    assert get_member(workspace, ME)["admin"] is True


def test_dept_add_list_set_head(workspace, run, run_json):
    assert run("dept", "add", "市场部", "--head", "chen").exit_code == 0
    assert run("dept", "add", "设计部").exit_code == 0
    depts = {d["name"]: d for d in run_json("dept", "list")}
    assert all(set(d) == DEPT_KEYS for d in depts.values())
    assert depts["市场部"]["head"] == "chen" and depts["市场部"]["head_name"] == "陈静"
    assert depts["设计部"]["head"] is None and depts["设计部"]["head_name"] is None
    assert depts["Product"]["members"] == ["alice", "chen"]
    assert run("dept", "set-head", "设计部", "bob").exit_code == 0
    assert {d["name"]: d["head"] for d in run_json("dept", "list")}["设计部"] == "bob"
    table = run("dept", "list").stdout
    assert "设计部" in table and "Bob Li" in table


def test_dept_errors(workspace, run):
    assert_user_error(run("dept", "add", "Product"), "already exists")
    assert_user_error(run("dept", "add", "QA", "--head", "nobody"), "nobody")
    assert_user_error(run("dept", "set-head", "Nowhere", "bob"), "Nowhere")
    assert_user_error(run("dept", "set-head", "Product"), code=2)


def test_non_admin_is_refused_admin_work_and_acting_for_others(workspace, run):
    """The real OS account decides: once it is no longer an admin, --as and admin commands fail."""
    edit_member(workspace, "alice", admin=True)
    edit_member(workspace, ME, admin=False)
    assert_user_error(run("member", "add", "dana", "--name", "Dana", "--dept", "Product"),
                      "Only a workspace admin")
    assert_user_error(run("dept", "add", "QA"), "Only a workspace admin")
    assert_user_error(run("task", "list", "--as", "bob"),
                      "Only a workspace admin may act for another member")
    assert_user_error(run("member", "list", group=("--as", "bob")), "Only a workspace admin")


def test_admin_may_act_for_a_member_but_not_for_a_stranger(workspace, run):
    assert run("member", "list", "--as", "alice").exit_code == 0
    assert_user_error(run("member", "list", "--as", "ghost"), "ghost")


def test_missing_workspace_is_a_clear_error(tmp_path, run):
    assert_user_error(run("member", "list", ws=tmp_path / "nothing"), "No workspace at",
                      "huddle init")
