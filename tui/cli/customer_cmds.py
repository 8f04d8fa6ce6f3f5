"""`huddle customer …` and `huddle routine …`: SPEC §5.

Customer requests (客户需求对接) followed to closure with change confirmations,
and routine-sync minutes (例行信息同步: weekly, phase review, monthly) with
decisions and action items, filed into the knowledge base.
"""

from __future__ import annotations

import click

from store.customers import requests as cr
from store.people import members as people
from store.meetings import routines
from store.core.clock import local_text
from store.core.i18n import tr
from store.meetings.minutes import KIND_LABELS, complete_action, get_minutes

from .common import print_json, print_table, session, workspace_options
from .kb_cmds import read_utf8
from .task_cmds import clip, print_fields


def request_json(request: dict) -> dict:
    keys = ("id", "customer", "contact", "title", "detail", "owner", "due", "confirm_by",
            "received_at", "received_by", "state", "overdue", "overdue_reasons",
            "pending_changes", "changes", "history", "resolution")
    return {k: request.get(k) for k in keys} | {"due_history": request.get("due_history", [])}


def state_text(request: dict) -> str:
    text = tr(cr.STATE_LABELS[request["state"]])
    return f"{text} ({tr('overdue')})" if request["overdue"] else text


@click.group("customer")
def customer() -> None:
    """Customer requests: add, list, show, confirm, start, change, close."""


@customer.command("add")
@click.argument("customer_name", metavar="CUSTOMER")
@click.argument("title")
@click.option("--owner", required=True, metavar="LOGIN", help="Who follows it to closure.")
@click.option("--due", required=True, metavar="YYYY-MM-DD", help="The day promised.")
@click.option("--contact", default="", help="Who at the customer.")
@click.option("--detail", default="", help="What the customer asked for.")
@click.option("--confirm-by", default=None, metavar="YYYY-MM-DD",
              help="Confirm with the customer by (default: the next working day).")
@workspace_options
def c_add(customer_name: str, title: str, owner: str, due: str, contact: str, detail: str,
          confirm_by: str | None) -> None:
    """Log a request as received; prints its id."""
    ws = session().open()
    request = cr.add_request(ws, customer_name, title, owner=owner, due=due, contact=contact,
                             detail=detail, confirm_by=confirm_by)
    click.echo(f"C{request['id']}")


@customer.command("list")
@click.option("--open", "open_only", is_flag=True, help="Only requests not closed.")
@click.option("--overdue", is_flag=True, help="Only overdue requests.")
@click.option("--mine", is_flag=True, help="Only requests I own.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@workspace_options
def c_list(open_only: bool, overdue: bool, mine: bool, as_json: bool) -> None:
    """Requests, the soonest due first."""
    ws = session().open()
    found = cr.list_requests(ws, open_only=open_only, overdue_only=overdue,
                             owner=ws.actor.login if mine else None)
    if as_json:
        print_json([request_json(r) for r in found])
        return
    print_table([[f"C{r['id']}", clip(r["customer"], 20), clip(r["title"], 36),
                  people.display_name(ws, r["owner"]), r["due"], state_text(r),
                  str(r["pending_changes"] or "")] for r in found],
                [tr("ID"), tr("Customer"), tr("Request"), tr("Owner"), tr("Due"), tr("State"),
                 tr("Changes to confirm")])


@customer.command("show")
@click.argument("request_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@workspace_options
def c_show(request_id: str, as_json: bool) -> None:
    """One request with its history of changes and answers."""
    ws = session().open()
    r = cr.get_request(ws, request_id)
    if as_json:
        print_json(request_json(r))
        return
    tz = ws.tz
    print_fields([
        (tr("Request"), f"C{r['id']}"), (tr("Customer"), r["customer"]),
        (tr("Contact"), r["contact"]), (tr("Title"), r["title"]), (tr("Detail"), r["detail"]),
        (tr("Owner"), people.display_name(ws, r["owner"])),
        (tr("Received"), local_text(r["received_at"], tz)),
        (tr("Confirm by"), r["confirm_by"]), (tr("Due"), r["due"]),
        (tr("State"), state_text(r)), (tr("Resolution"), r.get("resolution", "")),
    ])
    for c in r["changes"]:
        answer = f" — {c['confirmed_by']}" if c.get("confirmed_by") else ""
        state = tr(cr.CHANGE_LABELS[c["state"]])
        click.echo(f"  {tr('Change')} {c['n']}: {c['text']}"
                   f"{' → ' + c['due'] if c.get('due') else ''} [{state}{answer}]")
    for h in r["history"]:
        click.echo(f"  {local_text(h['at'], tz)}  {tr(cr.STATE_LABELS[h['from']])} → "
                   f"{tr(cr.STATE_LABELS[h['to']])}  {h.get('note', '')}".rstrip())


def _state_command(name: str, fn, help_text: str):
    @customer.command(name, help=help_text)
    @click.argument("request_id", metavar="ID")
    @click.option("--note", default="", help="What was agreed.")
    @workspace_options
    def command(request_id: str, note: str) -> None:
        ws = session().open()
        request = fn(ws, request_id, note)
        click.echo(state_text(request))
    return command


_state_command("confirm", cr.confirm, "Confirmed with the customer (received → confirmed).")
_state_command("start", cr.start, "Work begins (confirmed → in progress).")


@customer.command("close")
@click.argument("request_id", metavar="ID")
@click.option("--resolution", required=True, help="How it ended.")
@workspace_options
def c_close(request_id: str, resolution: str) -> None:
    """Close a request with its resolution."""
    ws = session().open()
    click.echo(state_text(cr.close(ws, request_id, resolution)))


@customer.command("change")
@click.argument("request_id", metavar="ID")
@click.argument("text")
@click.option("--due", default=None, metavar="YYYY-MM-DD", help="The new due day it would bring.")
@workspace_options
def c_change(request_id: str, text: str, due: str | None) -> None:
    """Record a change the customer asked for (pending until confirmed)."""
    ws = session().open()
    request = cr.request_change(ws, request_id, text, due=due)
    click.echo(tr("Change {n} is waiting for the customer's confirmation",
                  n=request["changes"][-1]["n"]))


@customer.command("change-answer")
@click.argument("request_id", metavar="ID")
@click.argument("number", type=int)
@click.option("--by", "confirmed_by", required=True, help="Who at the customer answered.")
@click.option("--reject", is_flag=True, help="The change was turned down.")
@click.option("--note", default="")
@workspace_options
def c_change_answer(request_id: str, number: int, confirmed_by: str, reject: bool,
                    note: str) -> None:
    """Record the customer's confirmation (or rejection) of a change."""
    ws = session().open()
    request = cr.confirm_change(ws, request_id, number, confirmed_by=confirmed_by,
                                accept=not reject, note=note)
    click.echo(tr("Due {day}", day=request["due"]))


# -- routine sync ------------------------------------------------------------
@click.group("routine")
def routine() -> None:
    """Routine-sync minutes: weekly, phase review, monthly; their action items."""


@routine.command("file")
@click.option("--kind", type=click.Choice(routines.ROUTINE_KINDS), required=True)
@click.option("--title", required=True)
@click.option("--at", "held_at", default=None, metavar="ISO-TIME", help="Default: now.")
@click.option("--scope", default="", help="Team or department, e.g. 研发部.")
@click.option("--attendee", "attendees", multiple=True, metavar="LOGIN")
@click.option("--decision", "decisions", multiple=True, help="A decision (repeatable).")
@click.option("--action", "actions", multiple=True, metavar="TEXT|OWNER|DUE",
              help="An action item (repeatable), e.g. \"更新模板 | bob | 2026-12-01\".")
@click.option("--notes", default=None, metavar="FILE.md", help="Further notes (Markdown).")
@workspace_options
def r_file(kind: str, title: str, held_at: str | None, scope: str, attendees: tuple[str, ...],
           decisions: tuple[str, ...], actions: tuple[str, ...], notes: str | None) -> None:
    """File minutes (archived to the knowledge base); prints the minutes and entry ids."""
    ws = session().open()
    minutes = routines.file_routine(
        ws, kind, title, held_at=held_at or ws.now(), scope=scope,
        attendees=list(attendees), decisions=list(decisions),
        actions=[routines.parse_action(a) for a in actions],
        body=read_utf8(notes) if notes else "")
    click.echo(f"{minutes['id']} K{minutes['kb']}")


@routine.command("list")
@click.option("--kind", type=click.Choice(routines.ROUTINE_KINDS), default=None)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@workspace_options
def r_list(kind: str | None, as_json: bool) -> None:
    """Routine-sync minutes, newest first: decisions and open actions."""
    ws = session().open()
    found = routines.list_routine(ws, kind)
    if as_json:
        print_json(found)
        return
    print_table([[str(m["id"]), local_text(m["held_at"], ws.tz), tr(KIND_LABELS[m["kind"]]),
                  clip(m["title"], 40), str(len(m["decisions"])),
                  str(sum(1 for a in m["actions"] if not a.get("done_at"))),
                  f"K{m['kb']}" if m.get("kb") else ""] for m in found],
                [tr("ID"), tr("Held at"), tr("Kind"), tr("Title"), tr("Decisions"),
                 tr("Open actions"), tr("Entry")])


@routine.command("actions")
@click.option("--mine", is_flag=True, help="Only my action items.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@workspace_options
def r_actions(mine: bool, as_json: bool) -> None:
    """Open action items from every meeting's minutes."""
    ws = session().open()
    found = routines.open_actions(ws, owner=ws.actor.login if mine else None)
    if as_json:
        print_json(found)
        return
    print_table([[f"{a['minutes']}.{a['index'] + 1}", clip(a["text"], 40),
                  people.display_name(ws, a["owner"]), a["due"] or "",
                  tr("overdue") if a["overdue"] else "", clip(a["title"], 30)] for a in found],
                [tr("ID"), tr("Action item"), tr("Owner"), tr("Due"), tr("Flags"), tr("Minutes")])


@routine.command("done")
@click.argument("action_id", metavar="MINUTES.N")
@workspace_options
def r_done(action_id: str) -> None:
    """Mark action N of some minutes done, e.g. `huddle routine done 4.2`."""
    minutes_id, _, n = action_id.partition(".")
    if not minutes_id.isdigit() or not n.isdigit():
        raise click.BadParameter(tr("use MINUTES.N, e.g. 4.2"), param_hint="MINUTES.N")
    ws = session().open()
    get_minutes(ws, minutes_id)
    complete_action(ws, int(minutes_id), int(n) - 1)


def register(cli: click.Group) -> None:
    cli.add_command(customer)
    cli.add_command(routine)
