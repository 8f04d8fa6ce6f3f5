"""Onboarding checklist templates per role (SPEC §4), editable by workspace admins.

A template: a short `name` (its key, e.g. "engineer"), the `role` it is for
(e.g. "研发工程师"), the role's `duties` (岗位职责), optional `it`/`hr`
owner logins, and its steps. A step has a title, an owner role (the hire,
the buddy/对接人, the manager, IT or HR), a due offset in working days from
the start date (negative: before day one), a group (before day 1, day 1,
week 1, month 1), an optional flag, an optional host check and a detail text
describing the workflow. Starting an onboarding copies the template, so
editing a template never changes a checklist already under way.
"""

from __future__ import annotations

from tinydb import Query

from ..core import validate
from ..core.clock import to_iso
from ..core.errors import InvalidValue, NotFound
from .hostcheck import CHECK_KINDS
from ..core.i18n import tr
from ..people.members import find_member, require_admin
from ..core.workspace import Workspace

ONBOARDING = "onboarding"
TEMPLATES = "templates"
CONFIG = "config"
OWNER_ROLES = ("hire", "buddy", "manager", "it", "hr")
GROUPS = ("before", "day1", "week1", "month1")
GROUP_LABELS = {"before": "Before day 1", "day1": "Day 1", "week1": "Week 1", "month1": "Month 1"}
ROLE_LABELS = {"hire": "New hire", "buddy": "Buddy", "manager": "Manager", "it": "IT", "hr": "HR"}
MAX_OFFSET = 120


def group_for(offset: int) -> str:
    """The group a step falls in when the template does not name one."""
    if offset < 0:
        return "before"
    if offset == 0:
        return "day1"
    return "week1" if offset <= 4 else "month1"


# -- reading -----------------------------------------------------------------
def list_templates(ws: Workspace) -> list[dict]:
    rows = [{**r, "id": r.pop("doc_id")} for r in ws.rows(ONBOARDING, TEMPLATES)]
    return sorted(rows, key=lambda t: t["name"])


def find_template(ws: Workspace, name: str) -> dict | None:
    key = str(name).strip()
    for template in list_templates(ws):
        if template["name"] == key or str(template["id"]) == key.lstrip("#"):
            return template
    return None


def get_template(ws: Workspace, name: str) -> dict:
    template = find_template(ws, name)
    if template is None:
        raise NotFound(tr("No onboarding template named {name!r}", name=name))
    return template


def owners_config(ws: Workspace) -> dict:
    """The workspace's default IT and HR owners (used when a template names none)."""
    rows = ws.rows(ONBOARDING, CONFIG)
    return {"it": rows[0].get("it") if rows else None, "hr": rows[0].get("hr") if rows else None}


# -- writing (admins) --------------------------------------------------------
def save_template(ws: Workspace, name: str, role: str, steps: list[dict], *,
                  duties: str = "", it: str | None = None, hr: str | None = None) -> dict:
    """Create the template `name`, or replace it (its version grows by one)."""
    require_admin(ws)
    doc = {
        "name": validate.text("name", name, required=True, max_len=60),
        "role": validate.text("role", role, required=True, max_len=100),
        "duties": validate.text("duties", duties, multiline=True, max_len=5000),
        "it": _owner_login(ws, "it", it),
        "hr": _owner_login(ws, "hr", hr),
        "steps": [clean_step(s, f"steps[{i + 1}]") for i, s in enumerate(steps)],
        "updated_at": to_iso(ws.now()),
        "updated_by": ws.actor.login,
    }
    if not doc["steps"]:
        raise InvalidValue("steps", tr("steps: a template needs at least one step"))
    with ws.transaction(ONBOARDING) as tx:
        table = tx.table(TEMPLATES)
        old = table.get(Query().name == doc["name"])
        if old is None:
            table.insert({**doc, "version": 1})
        else:
            table.update({**doc, "version": old.get("version", 1) + 1}, doc_ids=[old.doc_id])
        tx.audit("onboarding.template.save", doc["name"], steps=len(doc["steps"]))
    return get_template(ws, doc["name"])


def edit_template(ws: Workspace, name: str, **changes: object) -> dict:
    """Change some fields of a template (role, duties, it, hr, steps)."""
    current = get_template(ws, name)
    merged = {k: current.get(k) for k in ("role", "duties", "it", "hr", "steps")}
    for key, value in changes.items():
        if key not in merged:
            raise InvalidValue(key, tr("Unknown field {name}", name=key))
        merged[key] = value
    return save_template(ws, current["name"], merged["role"] or "", merged["steps"] or [],
                         duties=merged["duties"] or "", it=merged["it"], hr=merged["hr"])


def add_template_step(ws: Workspace, name: str, step: dict, at: int | None = None) -> dict:
    template = get_template(ws, name)
    steps = list(template["steps"])
    steps.insert(len(steps) if at is None else max(0, at), step)
    return edit_template(ws, name, steps=steps)


def edit_template_step(ws: Workspace, name: str, number: int, **changes: object) -> dict:
    template = get_template(ws, name)
    steps = [dict(s) for s in template["steps"]]
    _check_number(template, number)
    steps[number - 1].update(changes)
    return edit_template(ws, name, steps=steps)


def remove_template_step(ws: Workspace, name: str, number: int) -> dict:
    template = get_template(ws, name)
    _check_number(template, number)
    steps = [s for i, s in enumerate(template["steps"]) if i != number - 1]
    return edit_template(ws, name, steps=steps)


def delete_template(ws: Workspace, name: str) -> None:
    """Checklists already started keep their copy of the steps."""
    require_admin(ws)
    template = get_template(ws, name)
    with ws.transaction(ONBOARDING) as tx:
        tx.table(TEMPLATES).remove(doc_ids=[template["id"]])
        tx.audit("onboarding.template.delete", template["name"])


def set_owners(ws: Workspace, *, it: str | None = None, hr: str | None = None) -> dict:
    """Admins name the default IT and HR owners; "" clears one."""
    require_admin(ws)
    clean = {}
    if it is not None:
        clean["it"] = _owner_login(ws, "it", it)
    if hr is not None:
        clean["hr"] = _owner_login(ws, "hr", hr)
    with ws.transaction(ONBOARDING) as tx:
        table = tx.table(CONFIG)
        if table.contains(doc_id=1):
            table.update(clean, doc_ids=[1])
        else:
            table.insert(clean)
        tx.audit("onboarding.owners", None, **clean)
    return owners_config(ws)


# -- checks ------------------------------------------------------------------
def clean_step(step: dict, field: str = "steps") -> dict:
    if not isinstance(step, dict):
        raise InvalidValue(field, tr("{field}: expected a step", field=field))
    unknown = set(step) - {"title", "owner", "offset", "group", "optional", "check", "detail"}
    if unknown:
        raise InvalidValue(field, tr("{field}: unknown key(s) {keys}", field=field,
                                     keys=", ".join(sorted(unknown))))
    offset = step.get("offset", 0)
    try:
        if isinstance(offset, bool) or int(offset) != float(offset):
            raise ValueError
        offset = int(offset)
    except (TypeError, ValueError):
        raise InvalidValue(field, tr("{field}: offset {value!r} is not a whole number of days",
                                     field=field, value=offset)) from None
    if abs(offset) > MAX_OFFSET:
        raise InvalidValue(field, tr("{field}: offset {value} is more than {limit} working days "
                                     "from the start", field=field, value=offset,
                                     limit=MAX_OFFSET))
    group = step.get("group") or group_for(offset)
    return {
        "title": validate.text(field, step.get("title"), required=True, max_len=200),
        "owner": validate.choice(field, step.get("owner", "hire"), OWNER_ROLES),
        "offset": offset,
        "group": validate.choice(field, group, GROUPS),
        "optional": bool(step.get("optional", False)),
        "check": clean_check(field, step.get("check")),
        "detail": validate.text(field, step.get("detail", ""), multiline=True, max_len=2000),
    }


def clean_check(field: str, check: object) -> dict | None:
    """None, {"kind": "account"|"ssh_key"} or {"kind": "group", "group": NAME}.

    Also accepts the short text forms "account", "ssh_key" and "group:NAME".
    """
    if check in (None, "", {}):
        return None
    if isinstance(check, str):
        kind, _, group = check.strip().partition(":")
        check = {"kind": kind, "group": group} if group else {"kind": kind}
    if not isinstance(check, dict):
        raise InvalidValue(field, tr("{field}: the check must be account, ssh_key or group:NAME",
                                     field=field))
    kind = validate.choice(field, check.get("kind"), CHECK_KINDS)
    if kind != "group":
        return {"kind": kind}
    group = validate.text(field, check.get("group"), max_len=64)
    if not group or not all(c.isalnum() or c in "_-." for c in group):
        raise InvalidValue(field, tr("{field}: the group check needs a group name (group:NAME)",
                                     field=field))
    return {"kind": kind, "group": group}


def _owner_login(ws: Workspace, field: str, login: object) -> str | None:
    if login in (None, ""):
        return None
    login = validate.login(field, login)
    if find_member(ws, login) is None:
        raise InvalidValue(field, tr("{field}: no member with login {login!r}",
                                     field=tr(field), login=login))
    return login


def _check_number(template: dict, number: int) -> None:
    if not 1 <= number <= len(template["steps"]):
        raise NotFound(tr("Template {name} has no step {n}", name=template["name"], n=number))


# -- the defaults the demo (and a new team) can start from -------------------
DEFAULT_TEMPLATES = [
    {
        "name": "engineer", "role": "研发工程师",
        "duties": "负责核心模块的开发与维护；参与需求评审与代码评审；按时更新任务进度（每日17:00前）。",
        "steps": [
            {"title": "开通跳板机账号", "owner": "it", "offset": -2, "check": "account"},
            {"title": "加入 dev 用户组", "owner": "it", "offset": -1, "check": "group:dev"},
            {"title": "准备工位与电脑", "owner": "it", "offset": -1},
            {"title": "签署入职材料", "owner": "hr", "offset": 0},
            {"title": "与对接人见面，介绍团队与协作流程", "owner": "buddy", "offset": 0,
             "detail": "说明项目群、任务分配表、每日17:00前更新进度、【需协助】标注的用法。"},
            {"title": "上传 SSH 公钥", "owner": "hire", "offset": 1, "check": "ssh_key"},
            {"title": "阅读知识库中的项目复盘报告", "owner": "hire", "offset": 3},
            {"title": "完成第一个代码评审", "owner": "hire", "offset": 5},
            {"title": "参加周三站会", "owner": "hire", "offset": 5, "optional": True},
            {"title": "试用期目标面谈", "owner": "manager", "offset": 20},
        ],
    },
    {
        "name": "sales", "role": "销售专员",
        "duties": "对接客户需求并跟进至闭环；需求变更需客户确认；每周参加销售例会。",
        "steps": [
            {"title": "开通跳板机账号", "owner": "it", "offset": -1, "check": "account"},
            {"title": "签署入职材料", "owner": "hr", "offset": 0},
            {"title": "介绍客户需求对接流程", "owner": "buddy", "offset": 0,
             "detail": "收到 → 确认 → 处理中 → 关闭；需求变更须经客户确认后再更新截止日期。"},
            {"title": "旁听一次客户沟通会", "owner": "hire", "offset": 3},
            {"title": "独立跟进第一个客户需求", "owner": "hire", "offset": 10},
            {"title": "月度复盘面谈", "owner": "manager", "offset": 20},
        ],
    },
]
