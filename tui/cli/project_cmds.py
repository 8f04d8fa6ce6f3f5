"""`huddle project …`: the request form (SPEC §1.1), the project group (§1.2) and its tasks."""

from __future__ import annotations

import click

from store.people import members as people
from store.projects import project as projects, tasks
from store.core import validate
from store.core.i18n import tr
from store.projects.project import REQUIREMENT_FIELDS, STATES
from store.labels import RISK_LABELS, WAITING_KIND_LABELS
from store.projects.outlook import load_view, outlook_json

from .common import print_json, print_table, session, workspace_options
from .task_cmds import clip, print_fields, print_task_table, task_json

NAME_CELLS = 40
# English labels of the states (the ids use underscores); tr() gives the Chinese.
STATE_LABELS = {"kicked_off": "kicked off", "in_progress": "in progress",
                "retrospective_done": "retrospective done"}
REQUEST_TEXT = (("background", "Background"), ("outcome", "Expected outcome"),
                ("time_nodes", "Time nodes"), ("support", "Support needed"))
REQUIREMENT_LABELS = {"background": "Background", "goals": "Goals", "features": "Features",
                      "personas": "Personas", "expected": "Expected results",
                      "target_date": "Target date"}


def state_label(state: str) -> str:
    return tr(STATE_LABELS.get(state, state))


def project_json(ws, project: dict, today, detail: bool = False) -> dict:
    """The stable --json shape of a project (documented in docs/cli.md)."""
    summary = tasks.project_summary(ws, project["id"], today)
    data = {
        "id": project["id"], "name": project["name"], "state": project["state"],
        "pm": project["pm"], "pm_name": people.display_name(ws, project["pm"]),
        "initiator": project.get("initiator"), "initiator_dept": project["initiator_dept"],
        "lead_dept": project["lead_dept"], "collab_depts": list(project.get("collab_depts", [])),
        "goal": project["goal"], "due": project["due"], "progress": summary["progress"],
        "tasks": summary["tasks"], "overdue": summary["overdue"],
    }
    if detail:
        for key, _label in REQUEST_TEXT:
            data[key] = project.get(key, "")
        data["members"] = [{"login": m["login"], "name": people.display_name(ws, m["login"]),
                            "role": m.get("role", "")} for m in project.get("members", [])]
        reqs = project.get("requirements") or {}
        data["requirements"] = {k: reqs.get(k) if k == "target_date" else reqs.get(k, "")
                                for k in REQUIREMENT_FIELDS}
        data["requirements_doc"] = project.get("requirements_doc", "")
        data["acceptor"] = project.get("acceptor")
        data["created_at"] = project.get("created_at")
    return data


def parse_members(values: tuple[str, ...]) -> list[dict]:
    """`--member LOGIN[:ROLE]` options as the store's member entries."""
    found = []
    for value in values:
        login, _sep, role = value.partition(":")
        found.append({"login": login.strip(), "role": role.strip()})
    return found


def request_options(required: bool):
    """The request-form options shared by `add` (required ones enforced) and `edit`."""
    opts = [
        click.option("--pm", required=required, metavar="LOGIN",
                     help="Project manager (项目经理)."),
        click.option("--initiator-dept", required=required, metavar="DEPT",
                     help="Requesting department (需求部门)."),
        click.option("--lead-dept", required=required, metavar="DEPT",
                     help="Lead department (牵头部门)."),
        click.option("--collab-dept", "collab_depts", multiple=True, metavar="DEPT",
                     help="Collaborating department (协作部门), repeatable."),
        click.option("--goal", required=required,
                     help="Core goal, measurable (核心目标)."),
        click.option("--due", required=required, metavar="YYYY-MM-DD",
                     help="Target date."),
        click.option("--background", default=None, help="Background (背景)."),
        click.option("--outcome", default=None, help="Expected outcome (预期成果)."),
        click.option("--time-nodes", default=None, help="Time nodes (时间节点)."),
        click.option("--support", default=None,
                     help="Support needed: people, resources, permissions (所需支持)."),
        click.option("--member", "members", multiple=True, metavar="LOGIN[:ROLE]",
                     help="Core member of the project group with their role, repeatable."),
        click.option("--requirements", "requirements_file", default=None, metavar="FILE",
                     help="The requirements document (需求说明书: features, personas, "
                          "expected results) as a UTF-8 Markdown file."),
    ]

    def decorate(fn):
        for opt in reversed(opts):
            fn = opt(fn)
        return fn
    return decorate


# -- commands ----------------------------------------------------------------
@click.group("project")
def project() -> None:
    """Cross-department projects: add, list, show, edit."""


@project.command("add")
@click.argument("name")
@request_options(required=True)
@workspace_options
def project_add(name: str, pm: str, initiator_dept: str, lead_dept: str,
                collab_depts: tuple[str, ...], goal: str, due: str, background: str | None,
                outcome: str | None, time_nodes: str | None, support: str | None,
                members: tuple[str, ...], requirements_file: str | None) -> None:
    """File a request form (模板1); prints the new project's id."""
    ws = session().open()
    extra = {k: v for k, v in dict(background=background, outcome=outcome,
                                   time_nodes=time_nodes, support=support).items()
             if v is not None}
    if requirements_file is not None:
        extra["requirements_doc"] = validate.text_file("requirements", requirements_file)
    if members:
        extra["members"] = parse_members(members)
    created = projects.create_project(ws, name, pm=pm, initiator_dept=initiator_dept,
                                      lead_dept=lead_dept, goal=goal, due=due,
                                      collab_depts=list(collab_depts), **extra)
    click.echo(created["id"])


@project.command("list")
@click.option("--state", type=click.Choice(STATES), default=None, help="Only this state.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (keys in docs/cli.md).")
@workspace_options
def project_list(state: str | None, as_json: bool) -> None:
    """List projects with state, PM, due date, progress and overdue tasks."""
    ws = session().open()
    today = ws.today()
    items = [project_json(ws, p, today) for p in projects.list_projects(ws)
             if state is None or p["state"] == state]
    if as_json:
        print_json(items)
        return
    rows = [[str(d["id"]), clip(d["name"], NAME_CELLS), state_label(d["state"]), d["pm_name"],
             d["lead_dept"], d["due"], f"{d['progress']}%", str(d["tasks"]), str(d["overdue"])]
            for d in items]
    print_table(rows, [tr("ID"), tr("Name"), tr("State"), tr("PM"), tr("Lead department"),
                       tr("Due"), tr("Progress"), tr("Tasks"), tr("Overdue")])


@project.command("show")
@click.argument("project_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (keys in docs/cli.md).")
@workspace_options
def project_show(project_id: str, as_json: bool) -> None:
    """Show a project: its request form, group, requirements and tasks."""
    ws = session().open()
    today = ws.today()
    data = project_json(ws, projects.get_project(ws, project_id), today, detail=True)
    outlook = outlook_json(load_view(ws, data["id"]))  # the store decides: waiting, risks
    if as_json:
        print_json({**data, "outlook": outlook})
        return
    pairs = [
        (tr("Project"), f"{data['id']}  {data['name']}"),
        (tr("State"), state_label(data["state"])),
        (tr("PM"), f"{data['pm_name']} ({data['pm']})"),
        (tr("Initiator"), people.display_name(ws, data["initiator"])),
        (tr("Requesting department"), data["initiator_dept"]),
        (tr("Lead department"), data["lead_dept"]),
        (tr("Collaborating departments"), ", ".join(data["collab_depts"])),
        (tr("Due"), data["due"]),
        (tr("Progress"), tr("{progress}% of {tasks} tasks, {overdue} overdue",
                            progress=data["progress"], tasks=data["tasks"],
                            overdue=data["overdue"])),
        (tr("Goal"), data["goal"]),
    ]
    pairs += [(tr(label), data[key]) for key, label in REQUEST_TEXT if data[key]]
    pairs.append((tr("Members"), "\n".join(
        f"{m['name']} ({m['login']})" + (f"  {m['role']}" if m["role"] else "")
        for m in data["members"])))
    pairs += [(tr("Requirements") + " · " + tr(REQUIREMENT_LABELS[key]), value)
              for key, value in data["requirements"].items() if value]
    if data.get("acceptor"):
        pairs.append((tr("Acceptor"), people.display_name(ws, data["acceptor"])))
    if data.get("requirements_doc"):
        pairs.append((tr("Requirements document"), data["requirements_doc"]))
    pairs.append((tr("Waiting for a decision"), "\n".join(
        f"{tr(WAITING_KIND_LABELS[w['kind']])} {w['id']} → "
        + ", ".join(people.display_name(ws, x) for x in w["who"])
        for w in outlook["waiting"]) or tr("None.")))
    pairs.append((tr("Risks and flags"), "\n".join(
        f"{'!' if r['level'] == 'error' else '·'} {tr(RISK_LABELS[r['kind']])} "
        f"{r['subject']}".rstrip() for r in outlook["risks"]) or tr("None.")))
    print_fields(pairs)
    items = [task_json(t, today) for t in tasks.project_tasks(ws, data["id"])]
    if items:
        click.echo("")
        print_task_table(ws, items)


@project.command("edit")
@click.argument("project_id", metavar="ID")
@click.option("--name", default=None, help="New name.")
@request_options(required=False)
@click.option("--no-collab-depts", is_flag=True, help="Remove every collaborating department.")
@click.option("--acceptor", default=None, metavar="LOGIN",
              help="Who accepts deliverables for the requesting department (its head only).")
@click.option("--no-acceptor", is_flag=True, help="Withdraw the named acceptor (the head accepts).")
@workspace_options
def project_edit(project_id: str, name: str | None, pm: str | None, initiator_dept: str | None,
                 lead_dept: str | None, collab_depts: tuple[str, ...], goal: str | None,
                 due: str | None, background: str | None, outcome: str | None,
                 time_nodes: str | None, support: str | None, members: tuple[str, ...],
                 requirements_file: str | None, no_collab_depts: bool, acceptor: str | None,
                 no_acceptor: bool) -> None:
    """Change a project's request form or group (its manager, heads or an admin), or name
    who accepts its deliverables (the requesting department's head)."""
    if collab_depts and no_collab_depts:
        raise click.UsageError(tr("Give --collab-dept or --no-collab-depts, not both."))
    if acceptor and no_acceptor:
        raise click.UsageError(tr("Give --acceptor or --no-acceptor, not both."))
    changes = dict(name=name, pm=pm, initiator_dept=initiator_dept, lead_dept=lead_dept,
                   goal=goal, due=due, background=background, outcome=outcome,
                   time_nodes=time_nodes, support=support,
                   collab_depts=[] if no_collab_depts else (list(collab_depts) or None),
                   members=parse_members(members) if members else None,
                   requirements_doc=None)
    if all(v is None for v in changes.values()) and requirements_file is None \
            and not acceptor and not no_acceptor:
        raise click.UsageError(tr("Nothing to change: give at least one option."))
    ws = session().open()
    if requirements_file is not None:
        changes["requirements_doc"] = validate.text_file("requirements", requirements_file)
    if acceptor or no_acceptor:
        named = projects.name_acceptor(ws, project_id, acceptor)
        click.echo(tr("Deliverables of project {id} are accepted by {who}", id=named["id"],
                      who=people.display_name(ws, named.get("acceptor"))
                      or tr("the head of {dept}", dept=named["initiator_dept"])))
    if any(v is not None for v in changes.values()):
        edited = projects.edit_project(ws, project_id, **changes)
        click.echo(tr("Updated project {id}", id=edited["id"]))


def register(cli: click.Group) -> None:
    cli.add_command(project)
