"""Members, departments and workspace admins (SPEC: People)."""

from __future__ import annotations

from ..core import validate
from ..core.clock import to_iso
from ..core.errors import InvalidValue, NotFound, PermissionDenied, StoreError
from ..core.i18n import LANGUAGES, default_language, tr
from .settings import CLOCK_PINNED, SETTINGS
from ..core.workspace import DIRECTORY, Workspace

MEMBERS = "members"
DEPARTMENTS = "departments"


# -- reading -----------------------------------------------------------------
def list_members(ws: Workspace) -> list[dict]:
    return sorted(ws.rows(DIRECTORY, MEMBERS), key=lambda m: m["login"])


def find_member(ws: Workspace, login: str) -> dict | None:
    found = ws.shard(DIRECTORY).memo("members.by_login", _members_by_login).get(login)
    return {**found[1], "doc_id": found[0]} if found else None


def _members_by_login(tables: dict) -> dict[str, tuple[int, dict]]:
    """login -> (doc_id, member), once per revision of the directory (every permission check
    and every name shown asks)."""
    index: dict[str, tuple[int, dict]] = {}
    for doc_id, member in tables.get(MEMBERS, {}).items():
        index.setdefault(member.get("login"), (int(doc_id), member))
    return index


def get_member(ws: Workspace, login: str) -> dict:
    member = find_member(ws, login)
    if member is None:
        raise NotFound(tr("No member with login {login!r}", login=login))
    return member


def display_name(ws: Workspace, login: str | None) -> str:
    if not login:
        return ""
    member = find_member(ws, login)
    return member["name"] if member else login


def list_departments(ws: Workspace) -> list[dict]:
    return sorted(ws.rows(DIRECTORY, DEPARTMENTS), key=lambda d: d["name"])


def find_department(ws: Workspace, name: str) -> dict | None:
    for dept in ws.rows(DIRECTORY, DEPARTMENTS):
        if dept["name"] == name:
            return dept
    return None


def get_department(ws: Workspace, name: str, field: str = "department") -> dict:
    dept = find_department(ws, name)
    if dept is None:
        raise InvalidValue(field, tr("{field}: no department named {name!r}",
                                     field=tr(field), name=name))
    return dept


def department_head(ws: Workspace, name: str) -> str | None:
    dept = find_department(ws, name)
    return dept.get("head") if dept else None


def department_heads(ws: Workspace, *names: str) -> list[str | None]:
    """The heads of the departments `names` (None: no such department, or no head), from one
    read of the directory (on a database, one revision check for all)."""
    heads = {dept["name"]: dept.get("head") for dept in ws.rows(DIRECTORY, DEPARTMENTS)}
    return [heads.get(name) for name in names]


def is_admin(ws: Workspace, login: str) -> bool:
    member = find_member(ws, login)
    return bool(member and member.get("admin"))


def heads_of(ws: Workspace, login: str) -> list[str]:
    """The departments `login` heads."""
    return [d["name"] for d in ws.rows(DIRECTORY, DEPARTMENTS) if d.get("head") == login]


# -- permissions -------------------------------------------------------------
def require_member(ws: Workspace) -> dict:
    member = find_member(ws, ws.actor.login)
    if member is None:
        raise PermissionDenied(tr("{login} is not a member of this workspace; ask an admin to "
                                  "add you with `huddle member add`", login=ws.actor.login))
    return member


def require_admin(ws: Workspace) -> None:
    """Admin actions are checked against the real OS account, not the member acted for."""
    ws.require_admin()


# -- writing -----------------------------------------------------------------
def init_workspace(ws: Workspace, name: str | None = None, dept: str | None = None, *,
                   pinned_clock: bool = False, language: str | None = None) -> dict:
    """Create the directory with the calling OS user as its first admin.

    `pinned_clock`: a demo or test workspace, whose clock may be pinned (HUDDLE_NOW). The
    mark is written here, at creation, and nowhere else (`settings.clock_may_be_pinned`).
    `language`: the team's (`settings.language`); default the locale of whoever runs init."""
    if ws.exists(DIRECTORY):
        raise StoreError(tr("{path} already holds a workspace", path=str(ws.folder)))
    login = ws.actor.real
    settings = {"created_at": to_iso(ws.now()),
                "language": validate.choice("language", language or default_language(), LANGUAGES)}
    if pinned_clock:
        settings["clock"] = CLOCK_PINNED
    with ws.transaction(DIRECTORY) as tx:
        tx.table(SETTINGS).insert(settings)
        tx.table(MEMBERS).insert(_member_doc(login, name or login, dept or "", "", True))
        tx.audit("workspace.init", login, **({"clock": CLOCK_PINNED} if pinned_clock else {}))
    return get_member(ws, login)


def add_member(ws: Workspace, login: str, name: str, dept: str = "", title: str = "",
               admin: bool = False, email: str = "") -> dict:
    require_admin(ws)
    login = validate.login("login", login)
    name = validate.text("name", name, required=True, max_len=100)
    title = validate.text("title", title, max_len=100)
    dept = validate.text("department", dept, max_len=100)
    email = validate.email("email", email)
    if dept:
        get_department(ws, dept)
    from tinydb import Query  # lazy: a command reading members needs no TinyDB
    with ws.transaction(DIRECTORY) as tx:
        members = tx.table(MEMBERS)
        if members.contains(Query().login == login):
            raise InvalidValue("login", tr("login: {login!r} is already a member", login=login))
        members.insert({**_member_doc(login, name, dept, title, admin),
                        **({"email": email} if email else {})})
        tx.audit("member.add", login)
    return get_member(ws, login)


def edit_member(ws: Workspace, login: str, **changes: object) -> dict:
    require_admin(ws)
    get_member(ws, login)
    clean: dict[str, object] = {}
    for key, value in changes.items():
        if value is None:
            continue
        if key == "name":
            clean[key] = validate.text("name", value, required=True, max_len=100)
        elif key == "title":
            clean[key] = validate.text("title", value, max_len=100)
        elif key == "dept":
            dept = validate.text("department", value, max_len=100)
            if dept:
                get_department(ws, dept)
            clean[key] = dept
        elif key == "admin":
            clean[key] = bool(value)
        elif key == "email":
            clean[key] = validate.email("email", value)
        else:
            raise InvalidValue(key, tr("Unknown field {name}", name=key))
    from tinydb import Query  # lazy: a command reading members needs no TinyDB
    with ws.transaction(DIRECTORY) as tx:
        if clean.get("admin") is False and not tx.table(MEMBERS).contains(
                (Query().admin == True) & (Query().login != login)):  # noqa: E712
            raise InvalidValue("admin", tr("admin: {login} is the last admin of the workspace; "
                                           "make another member an admin first", login=login))
        tx.table(MEMBERS).update(clean, Query().login == login)
        tx.audit("member.edit", login, **clean)
    return get_member(ws, login)


def add_department(ws: Workspace, name: str, head: str | None = None) -> dict:
    require_admin(ws)
    name = validate.text("department", name, required=True, max_len=100)
    if head:
        get_member(ws, head)
    from tinydb import Query  # lazy: a command reading members needs no TinyDB
    with ws.transaction(DIRECTORY) as tx:
        depts = tx.table(DEPARTMENTS)
        if depts.contains(Query().name == name):
            raise InvalidValue("department", tr("department: {name!r} already exists", name=name))
        depts.insert({"name": name, "head": head or None})
        tx.audit("department.add", name, head=head)
    return get_department(ws, name)


def set_department_head(ws: Workspace, name: str, head: str) -> dict:
    require_admin(ws)
    get_department(ws, name)
    get_member(ws, head)
    from tinydb import Query  # lazy: a command reading members needs no TinyDB
    with ws.transaction(DIRECTORY) as tx:
        tx.table(DEPARTMENTS).update({"head": head}, Query().name == name)
        tx.audit("department.head", name, head=head)
    return get_department(ws, name)


def _member_doc(login: str, name: str, dept: str, title: str, admin: bool) -> dict:
    return {"login": login, "name": name, "dept": dept, "title": title, "admin": admin}
