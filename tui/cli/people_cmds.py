"""`huddle member …` and `huddle dept …`: the people of a workspace (SPEC: People)."""

from __future__ import annotations

import click

from store.people import members as people
from store.core.i18n import tr

from .common import print_json, print_table, session, workspace_options


def member_json(member: dict) -> dict:
    return {"login": member["login"], "name": member.get("name", ""),
            "dept": member.get("dept", ""), "title": member.get("title", ""),
            "admin": bool(member.get("admin")), "email": member.get("email", "")}


def dept_json(ws, dept: dict, members: list[dict]) -> dict:
    head = dept.get("head") or None
    return {"name": dept["name"], "head": head,
            "head_name": people.display_name(ws, head) if head else None,
            "members": [m["login"] for m in members if m.get("dept") == dept["name"]]}


# -- member ------------------------------------------------------------------
@click.group("member")
def member() -> None:
    """Members of the workspace: add, list, edit."""


@member.command("add")
@click.argument("login")
@click.option("--name", required=True, help="Display name, e.g. 张伟 or Alice Chen.")
@click.option("--dept", required=True, metavar="DEPT", help="Department (must exist).")
@click.option("--title", default="", help="Job title.")
@click.option("--admin", is_flag=True, help="Make the member a workspace admin.")
@click.option("--email", default="", help="E-mail address (for e-mail channels).")
@workspace_options
def member_add(login: str, name: str, dept: str, title: str, admin: bool, email: str) -> None:
    """Add a member (admins only). LOGIN is their OS account on this host."""
    ws = session().open()
    added = people.add_member(ws, login, name, dept=dept, title=title, admin=admin,
                              email=email)
    click.echo(tr("Added member {login} ({name})", login=added["login"], name=added["name"]))


@member.command("list")
@click.option("--dept", metavar="DEPT", help="Only members of this department.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (keys in docs/cli.md).")
@workspace_options
def member_list(dept: str | None, as_json: bool) -> None:
    """List members."""
    ws = session().open()
    if dept is not None:
        people.get_department(ws, dept)
    members = [m for m in people.list_members(ws) if dept is None or m.get("dept") == dept]
    if as_json:
        print_json([member_json(m) for m in members])
        return
    rows = [[m["login"], m.get("name", ""), m.get("dept", ""), m.get("title", ""),
             tr("admin") if m.get("admin") else ""] for m in members]
    print_table(rows, [tr("Login"), tr("Display name"), tr("Department"), tr("Job title"),
                       tr("Admin")])


@member.command("edit")
@click.argument("login")
@click.option("--name", default=None, help="New display name.")
@click.option("--dept", default=None, metavar="DEPT", help="New department.")
@click.option("--title", default=None, help="New job title.")
@click.option("--admin/--no-admin", default=None, help="Grant or revoke workspace admin.")
@click.option("--email", default=None, help="E-mail address (empty: none).")
@workspace_options
def member_edit(login: str, name: str | None, dept: str | None, title: str | None,
                admin: bool | None, email: str | None) -> None:
    """Change a member's name, department, title, admin flag or e-mail (admins only)."""
    if name is None and dept is None and title is None and admin is None and email is None:
        raise click.UsageError(tr("Nothing to change: give at least one option."))
    ws = session().open()
    people.edit_member(ws, login, name=name, dept=dept, title=title, admin=admin,
                       email=email)
    click.echo(tr("Updated member {login}", login=login))


# -- dept --------------------------------------------------------------------
@click.group("dept")
def dept() -> None:
    """Departments (部门) and their heads (负责人)."""


@dept.command("add")
@click.argument("name")
@click.option("--head", metavar="LOGIN", default=None, help="The department head (a member).")
@workspace_options
def dept_add(name: str, head: str | None) -> None:
    """Add a department (admins only)."""
    ws = session().open()
    added = people.add_department(ws, name, head=head)
    click.echo(tr("Added department {name}", name=added["name"]))


@dept.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (keys in docs/cli.md).")
@workspace_options
def dept_list(as_json: bool) -> None:
    """List departments with their heads."""
    ws = session().open()
    members = people.list_members(ws)
    depts = [dept_json(ws, d, members) for d in people.list_departments(ws)]
    if as_json:
        print_json(depts)
        return
    rows = [[d["name"], d["head_name"] or "", d["head"] or "", str(len(d["members"]))]
            for d in depts]
    print_table(rows, [tr("Department"), tr("Head"), tr("Login"), tr("Members")])


@dept.command("set-head")
@click.argument("name")
@click.argument("login")
@workspace_options
def dept_set_head(name: str, login: str) -> None:
    """Make LOGIN the head of department NAME (admins only)."""
    ws = session().open()
    people.set_department_head(ws, name, login)
    click.echo(tr("{name}: head is now {login}", name=name, login=login))


def register(cli: click.Group) -> None:
    cli.add_command(member)
    cli.add_command(dept)
