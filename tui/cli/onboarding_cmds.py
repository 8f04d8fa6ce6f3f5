"""`huddle onboarding …`: new-hire checklists and their templates (SPEC §4)."""

from __future__ import annotations

import click
import orjson

from store.onboarding import checklists as ob
from store.onboarding import templates
from store.people import members as people
from store.core.errors import InvalidValue
from store.onboarding.hostcheck import describe
from store.core.i18n import tr

from .common import print_json, print_table, session, workspace_options
from .kb_cmds import read_utf8
from .task_cmds import clip, print_fields


def hire_json(ws, hire: dict, today) -> dict:
    """The stable --json shape of an onboarding (documented in docs/onboarding.md)."""
    return {
        "id": hire["id"], "login": hire["login"], "name": people.display_name(ws, hire["login"]),
        "template": hire["template"], "role": hire["role"], "start": hire["start"],
        "buddy": hire["buddy"], "manager": hire["manager"], "state": hire["state"],
        "summary": ob.summary(hire, today),
        "steps": [{"n": s["n"], "title": s["title"], "group": s["group"],
                   "owner_role": s["owner_role"], "owner": s["owner"], "due": s["due"],
                   "optional": s["optional"], "check": s.get("check"),
                   "verified": s.get("verified"), "done_at": s.get("done_at"),
                   "done_by": s.get("done_by"), "overdue": ob.is_overdue(s, today),
                   "notes": s.get("notes", [])} for s in hire["steps"]],
    }


def step_status(step: dict, today) -> str:
    if step.get("done_at"):
        return "✓ " + tr("done")
    if ob.is_overdue(step, today):
        return "! " + tr("overdue")
    return tr("optional") if step["optional"] else tr("open")


@click.group("onboarding")
def onboarding() -> None:
    """New-hire onboarding: checklists, templates, host checks."""


@onboarding.command("list")
@click.option("--state", type=click.Choice(ob.STATES), default=None, help="Only this state.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@workspace_options
def ob_list(state: str | None, as_json: bool) -> None:
    """Every onboarding with its progress and overdue steps."""
    ws = session().open()
    today = ws.today()
    hires = ob.list_hires(ws, state)
    if as_json:
        print_json([hire_json(ws, h, today) for h in hires])
        return
    print_table([[f"H{h['id']}", people.display_name(ws, h["login"]), h["role"], h["start"],
                  people.display_name(ws, h["buddy"]), f"{h['summary']['progress']}%",
                  str(h["summary"]["overdue"]), tr(ob.STATE_LABELS[h["state"]])] for h in hires],
                [tr("ID"), tr("New hire"), tr("Job role"), tr("Start"), tr("Buddy"), tr("Progress"),
                 tr("Overdue"), tr("State")])


@onboarding.command("show")
@click.argument("key", metavar="ID|LOGIN")
@click.option("--no-check", is_flag=True, help="Do not run the host checks first.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@workspace_options
def ob_show(key: str, no_check: bool, as_json: bool) -> None:
    """One checklist; the steps the jump host can verify are checked first."""
    ws = session().open()
    hire = ob.find_hire(ws, key)
    if not no_check and hire["state"] == "active":
        hire = ob.run_checks(ws, hire["id"])
    today = ws.today()
    if as_json:
        print_json(hire_json(ws, hire, today))
        return
    summary = ob.summary(hire, today)
    print_fields([
        (tr("Onboarding"), f"H{hire['id']}"),
        (tr("New hire"), f"{people.display_name(ws, hire['login'])} ({hire['login']})"),
        (tr("Job role"), hire["role"]),
        (tr("Start"), hire["start"]),
        (tr("Buddy"), people.display_name(ws, hire["buddy"])),
        (tr("Manager"), people.display_name(ws, hire["manager"])),
        (tr("Progress"), tr("{done} of {total} required steps ({percent}%)", done=summary["done"],
                            total=summary["required"], percent=summary["progress"])),
        (tr("State"), tr(ob.STATE_LABELS[hire["state"]])),
    ])
    click.echo("")
    rows, checks = [], []
    for group, steps in ob.steps_by_group(hire):
        for s in steps:
            verified = s.get("verified")
            mark = ""
            if s.get("check"):
                mark = (tr("verified") if verified["ok"] else tr("not verified")) \
                    if verified else tr("not checked")
                checks.append(f"{s['n']}. {describe(s['check'])}: {mark}"
                              + (f" — {verified['why']}" if verified else ""))
            rows.append([str(s["n"]), tr(templates.GROUP_LABELS[group]), clip(s["title"], 36),
                         people.display_name(ws, s["owner"]), s["due"], step_status(s, today),
                         mark])
    print_table(rows, [tr("#"), tr("When"), tr("Step"), tr("Owner"), tr("Due"), tr("Status"),
                       tr("Host check")])
    if checks:
        click.echo("")
        for line in checks:
            click.echo(line)


@onboarding.command("start")
@click.argument("login")
@click.option("--template", required=True, help="Template name (huddle onboarding templates).")
@click.option("--start", "start_day", required=True, metavar="YYYY-MM-DD", help="Day one.")
@click.option("--buddy", required=True, metavar="LOGIN", help="Contact person (对接人).")
@click.option("--manager", required=True, metavar="LOGIN")
@workspace_options
def ob_start(login: str, template: str, start_day: str, buddy: str, manager: str) -> None:
    """Give LOGIN a checklist; prints its id."""
    ws = session().open()
    hire = ob.start_onboarding(ws, login, template=template, start=start_day, buddy=buddy,
                               manager=manager)
    click.echo(f"H{hire['id']}")


@onboarding.command("done")
@click.argument("key", metavar="ID|LOGIN")
@click.argument("step", type=int)
@click.option("--undo", is_flag=True, help="Mark the step as not done.")
@workspace_options
def ob_done(key: str, step: int, undo: bool) -> None:
    """Tick step STEP of a checklist (or untick it with --undo)."""
    ws = session().open()
    hire = ob.set_step_done(ws, ob.find_hire(ws, key)["id"], step, not undo)
    summary = ob.summary(hire, ws.today())
    click.echo(tr("{percent}% done", percent=summary["progress"]))


@onboarding.command("note")
@click.argument("key", metavar="ID|LOGIN")
@click.argument("step", type=int)
@click.argument("text")
@workspace_options
def ob_note(key: str, step: int, text: str) -> None:
    """Add a note to a step."""
    ws = session().open()
    ob.add_note(ws, ob.find_hire(ws, key)["id"], step, text)


@onboarding.command("check")
@click.argument("key", metavar="ID|LOGIN")
@workspace_options
def ob_check(key: str) -> None:
    """Run the host checks of a checklist and print what they found."""
    ws = session().open()
    hire = ob.run_checks(ws, ob.find_hire(ws, key)["id"])
    for s in hire["steps"]:
        if s.get("check") and s.get("verified"):
            mark = tr("verified") if s["verified"]["ok"] else tr("not verified")
            click.echo(f"{s['n']}. {s['title']}: {mark} — {s['verified']['why']}")


@onboarding.command("cancel")
@click.argument("key", metavar="ID|LOGIN")
@workspace_options
def ob_cancel(key: str) -> None:
    """Cancel an onboarding (admins, HR, the manager)."""
    ws = session().open()
    ob.cancel_onboarding(ws, ob.find_hire(ws, key)["id"])


@onboarding.command("owners")
@click.option("--it", default=None, metavar="LOGIN",
              help="Default owner of IT steps (\"\" clears).")
@click.option("--hr", default=None, metavar="LOGIN",
              help="Default owner of HR steps (\"\" clears).")
@workspace_options
def ob_owners(it: str | None, hr: str | None) -> None:
    """Show or set (admins) who owns IT and HR steps when a template names nobody."""
    ws = session().open()
    config = templates.set_owners(ws, it=it, hr=hr) if (it, hr) != (None, None) \
        else templates.owners_config(ws)
    click.echo(f"IT: {config['it'] or '-'}\nHR: {config['hr'] or '-'}")


# -- templates ---------------------------------------------------------------
@onboarding.command("templates")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@workspace_options
def ob_templates(as_json: bool) -> None:
    """The checklist templates."""
    ws = session().open()
    found = templates.list_templates(ws)
    if as_json:
        print_json(found)
        return
    print_table([[t["name"], t["role"], str(len(t["steps"])), t.get("it") or "",
                  t.get("hr") or "", str(t.get("version", 1))] for t in found],
                [tr("Name"), tr("Job role"), tr("Steps"), "IT", "HR", tr("Version")])


@onboarding.group("template")
def template() -> None:
    """Show and edit one template (editing: admins)."""


@template.command("show")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (the import format).")
@workspace_options
def tpl_show(name: str, as_json: bool) -> None:
    ws = session().open()
    tpl = templates.get_template(ws, name)
    if as_json:
        print_json({k: tpl[k] for k in ("name", "role", "duties", "it", "hr", "steps")})
        return
    print_fields([(tr("Name"), tpl["name"]), (tr("Job role"), tpl["role"]),
                  (tr("Duties"), tpl.get("duties", ""))])
    click.echo("")
    print_table([[str(i), tr(templates.GROUP_LABELS[s["group"]]), clip(s["title"], 36),
                  tr(templates.ROLE_LABELS[s["owner"]]), f"{s['offset']:+d}",
                  tr("yes") if s["optional"] else "", describe(s.get("check"))]
                 for i, s in enumerate(tpl["steps"], 1)],
                [tr("#"), tr("When"), tr("Step"), tr("Owner"), tr("Offset"), tr("Optional"),
                 tr("Host check")])


@template.command("import")
@click.argument("file", metavar="FILE.json")
@workspace_options
def tpl_import(file: str) -> None:
    """Create or replace a template from JSON (the shape `template show --json` prints)."""
    try:
        data = orjson.loads(read_utf8(file))
    except orjson.JSONDecodeError as exc:
        raise InvalidValue("file", tr("{path} is not valid JSON: {reason}", path=file,
                                      reason=str(exc))) from None
    if not isinstance(data, dict):
        raise InvalidValue("file", tr("{path}: expected one JSON object", path=file))
    ws = session().open()
    tpl = templates.save_template(ws, data.get("name", ""), data.get("role", ""),
                                  data.get("steps") or [], duties=data.get("duties") or "",
                                  it=data.get("it"), hr=data.get("hr"))
    click.echo(tr("{name}: version {n}, {steps} steps", name=tpl["name"], n=tpl["version"],
                  steps=len(tpl["steps"])))


@template.command("add-step")
@click.argument("name")
@click.option("--title", required=True)
@click.option("--owner", type=click.Choice(templates.OWNER_ROLES), required=True)
@click.option("--offset", type=int, required=True,
              help="Working days from the start date (negative: before day one).")
@click.option("--group", type=click.Choice(templates.GROUPS), default=None,
              help="Default: from the offset.")
@click.option("--optional", is_flag=True)
@click.option("--check", default=None, metavar="account|ssh_key|group:NAME",
              help="A check the jump host can make.")
@click.option("--detail", default="", help="How the step is done (workflow).")
@workspace_options
def tpl_add_step(name: str, title: str, owner: str, offset: int, group: str | None,
                 optional: bool, check: str | None, detail: str) -> None:
    ws = session().open()
    tpl = templates.add_template_step(ws, name, {
        "title": title, "owner": owner, "offset": offset, "group": group,
        "optional": optional, "check": check, "detail": detail})
    click.echo(tr("{name}: version {n}, {steps} steps", name=tpl["name"], n=tpl["version"],
                  steps=len(tpl["steps"])))


@template.command("remove-step")
@click.argument("name")
@click.argument("number", type=int)
@workspace_options
def tpl_remove_step(name: str, number: int) -> None:
    ws = session().open()
    tpl = templates.remove_template_step(ws, name, number)
    click.echo(tr("{name}: version {n}, {steps} steps", name=tpl["name"], n=tpl["version"],
                  steps=len(tpl["steps"])))


@template.command("delete")
@click.argument("name")
@workspace_options
def tpl_delete(name: str) -> None:
    """Delete a template; checklists already started keep their steps."""
    ws = session().open()
    templates.delete_template(ws, name)


def register(cli: click.Group) -> None:
    cli.add_command(onboarding)
