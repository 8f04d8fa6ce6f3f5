"""`huddle incident …`: the war room from a script or cron (SPEC §2).

`huddle incident declare TITLE --impact TEXT` prints only the new id
(`INC-3`) so an alerting script can open an incident and keep its id.
Commands that return records take `--json`. Errors go to stderr, exit 1.
"""

from __future__ import annotations

from pathlib import Path

import click

from store.warroom import reports
from store.warroom import sla
from store.warroom import incidents
from store.core.i18n import tr, trn

from .common import print_json, print_table, read_utf8, session, workspace_options, write_file
from .task_cmds import clip, print_fields

JSON_HELP = "Print JSON."


# -- shapes --------------------------------------------------------------------
def incident_json(inc: dict, now, *, events: bool = True) -> dict:
    """The stable --json shape of an incident."""
    keys = ("id", "number", "title", "severity", "state", "reporter", "lead", "began_at",
            "reported_at", "impact", "measures", "declared_by", "source", "resolution",
            "notice", "postmortem", "kb")
    data = {k: inc.get(k) for k in keys}
    data["roles"] = [{k: r[k] for k in ("role", "login", "assumed_at", "assumed_by",
                                        "renounced_at", "renounced_by")} for r in inc["roles"]]
    data["current_roles"] = incidents.current_roles(inc)
    data["members"] = [{k: m[k] for k in ("login", "mobilised_at", "ready_at", "ready_note",
                                          "stood_down_at")} for m in inc["members"]]
    data["deadlines"] = [d.to_json(now) for d in sla.open_deadlines(inc)]
    nxt = sla.next_deadline(inc)
    data["next_deadline"] = nxt.to_json(now) if nxt else None
    data["metrics"] = sla.measures(inc)
    if events:
        data["events"] = [event_json(e) for e in inc["events"]]
    return data


def event_json(event: dict) -> dict:
    return {"no": event["no"], "at": event["at"], "author": event["author"],
            "kind": event["kind"], "text": event["text"], "pinned": event["pinned"],
            "data": event.get("data", {})}


def _deadline_cell(ws, inc: dict, now) -> str:
    nxt = sla.next_deadline(inc)
    if nxt is None:
        return "—"
    return f"{nxt.label} {reports.countdown(nxt.remaining(now))}"


def _print_events(ws, events: list[dict]) -> None:
    rows = [[f"#{e['no']}", reports.fmt_time(ws, e["at"]), reports.who(ws, e["author"]),
             ("📌 " if e["pinned"] else "") + clip(reports.event_text(ws, e), 80)]
            for e in events]
    print_table(rows, [tr("No."), tr("Time"), tr("Who"), tr("Event")])


def _emit(ws, inc: dict, as_json: bool) -> None:
    if as_json:
        print_json(incident_json(inc, ws.now()))
    else:
        click.echo(f"{inc['id']}  {state_text(inc)}")


def state_text(inc: dict) -> str:
    return incidents.state_label(inc["state"])


# -- commands ------------------------------------------------------------------
@click.group("incident")
def incident() -> None:
    """The incident war room: declare, roles, updates, resolution, reports."""


@incident.command("declare")
@click.argument("title")
@click.option("--impact", required=True, help="Impact scope, e.g. “all users, 1000+ visits/min”.")
@click.option("--measures", default="", help="Temporary measures already taken.")
@click.option("--severity", "severity", default=incidents.DEFAULT_SEVERITY, show_default=True,
              metavar="S1..S4", help="S1 is the most severe.")
@click.option("--began", default=None, metavar="ISO-TIME",
              help="When the problem began (default: now; no zone = the workspace's).")
@click.option("--reporter", default=None, metavar="LOGIN", help="Who reported it (default: you).")
@click.option("--lead", default=None, metavar="LOGIN", help="The incident lead, if known.")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
@workspace_options
def declare(title: str, impact: str, measures: str, severity: str, began: str | None,
            reporter: str | None, lead: str | None, as_json: bool) -> None:
    """Open an incident (紧急事务初始信息表); prints its id."""
    ws = session().open()
    inc = incidents.declare(ws, title, impact=impact, measures=measures, severity_level=severity,
                            began_at=began, reporter=reporter, lead=lead)
    if as_json:
        print_json(incident_json(inc, ws.now()))
    else:
        click.echo(inc["id"])


@incident.command("list")
@click.option("--active", is_flag=True, help="Only incidents not yet resolved.")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
@workspace_options
def list_cmd(active: bool, as_json: bool) -> None:
    """Incidents, active first: severity, state, age, lead, next SLA deadline."""
    ws = session().open()
    now = ws.now()
    found = incidents.list_incidents(ws, active_only=active)
    if as_json:
        print_json([incident_json(i, now, events=False) for i in found])
        return
    rows = [[i["id"], i["severity"], state_text(i), clip(i["title"], 40),
             reports.ago(now, i["reported_at"]), reports.who(ws, i["lead"]),
             _deadline_cell(ws, i, now)] for i in found]
    print_table(rows, [tr("ID"), tr("Severity"), tr("State"), tr("Title"), tr("Reported"),
                       tr("Lead"), tr("Next deadline")])


@incident.command("show")
@click.argument("incident_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
@workspace_options
def show(incident_id: str, as_json: bool) -> None:
    """One incident: the form, roles, open deadlines and the latest events."""
    ws = session().open()
    now = ws.now()
    inc = incidents.get_incident(ws, incident_id)
    if as_json:
        print_json(incident_json(inc, now))
        return
    m = sla.measures(inc)
    print_fields([(tr("Incident"), f"{inc['id']}  {inc['title']}"),
                  (tr("Severity"), inc["severity"]), (tr("State"), state_text(inc)),
                  (tr("Reported by"), reports.who(ws, inc["reporter"])),
                  (tr("Began at"), reports.fmt_time(ws, inc["began_at"])),
                  (tr("Reported at"), f"{reports.fmt_time(ws, inc['reported_at'])}  "
                                      f"({reports.ago(now, inc['reported_at'])})"),
                  (tr("Impact"), inc["impact"]),
                  (tr("Temporary measures taken"), inc["measures"]),
                  (tr("Incident lead"), reports.who(ws, inc["lead"])),
                  (tr("Time to roles"), reports.fmt_minutes(m["time_to_roles"])),
                  (tr("Time to mitigation"), reports.fmt_minutes(m["time_to_mitigation"])),
                  (tr("Time to resolution"), reports.fmt_minutes(m["time_to_resolution"]))])
    click.echo()
    roles = [[incidents.role_label(r["role"]), reports.who(ws, r["login"]),
              reports.fmt_time(ws, r["assumed_at"]), reports.fmt_time(ws, r["renounced_at"])]
             for r in inc["roles"]]
    if roles:
        print_table(roles, [tr("Role"), tr("Member"), tr("Assumed"), tr("Renounced")])
        click.echo()
    dls = [[d.label, reports.fmt_time(ws, d.due_at), reports.countdown(d.remaining(now)),
            tr(d.status(now))] for d in sla.open_deadlines(inc)]
    if dls:
        print_table(dls, [tr("Deadline"), tr("Due"), tr("Left"), tr("Status")])
        click.echo()
    earlier = len(inc["events"]) - SHOWN_EVENTS
    if earlier > 0:  # the whole timeline is one command away; say so, and which
        click.echo(trn("({n} earlier event: huddle incident log {id})",
                       "({n} earlier events: huddle incident log {id})", earlier, id=inc["id"]))
    _print_events(ws, inc["events"][-SHOWN_EVENTS:])


SHOWN_EVENTS = 10  # `incident show` prints the latest; `incident log ID` prints them all


@incident.command("log")
@click.argument("incident_id", metavar="ID")
@click.argument("text", required=False)
@click.option("--decision", is_flag=True, help="Record a decision rather than a note.")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
@workspace_options
def log(incident_id: str, text: str | None, decision: bool, as_json: bool) -> None:
    """Append a note (or --decision) to the timeline; without TEXT, print the timeline."""
    ws = session().open()
    if text is None:
        events = incidents.timeline(ws, incident_id)
        if as_json:
            print_json([event_json(e) for e in events])
        else:
            _print_events(ws, events)
        return
    event = incidents.log_note(ws, incident_id, text, "decision" if decision else "note")
    if as_json:
        print_json(event_json(event))
    else:
        click.echo(f"#{event['no']}")


@incident.command("update")
@click.argument("incident_id", metavar="ID")
@click.argument("text")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
@workspace_options
def update(incident_id: str, text: str, as_json: bool) -> None:
    """The lead's status update for management (every 30 minutes until resolved)."""
    ws = session().open()
    event = incidents.post_update(ws, incident_id, text)
    if as_json:
        print_json(event_json(event))
    else:
        click.echo(f"#{event['no']}")


@incident.command("role")
@click.argument("incident_id", metavar="ID")
@click.argument("role")
@click.argument("login", required=False)
@click.option("--renounce", is_flag=True, help="Give up ROLE (its holder or the lead).")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
@workspace_options
def role(incident_id: str, role: str, login: str | None, renounce: bool, as_json: bool) -> None:
    """Assign ROLE (lead, logs, vendor, wording, scribe, …) to LOGIN, or --renounce it."""
    ws = session().open()
    if renounce == bool(login):
        raise click.UsageError(tr("Give LOGIN to assign the role, or --renounce without LOGIN."))
    if renounce:
        inc = incidents.renounce_role(ws, incident_id, role)
        _emit(ws, inc, as_json)
        return
    assignment = incidents.assign_role(ws, incident_id, role, login)
    if as_json:
        print_json(assignment)
    else:
        click.echo(f"{assignment['incident']}  {incidents.role_label(assignment['role'])}: "
                   f"{assignment['login']}")


@incident.command("ready")
@click.argument("incident_id", metavar="ID")
@click.option("--note", default="", help="How you are prepared, e.g. “rollback plan ready”.")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
@workspace_options
def ready(incident_id: str, note: str, as_json: bool) -> None:
    """Confirm you are ready (within 30 minutes of being mobilised)."""
    ws = session().open()
    rec = incidents.confirm_ready(ws, incident_id, note)
    if as_json:
        print_json(rec)
    else:
        click.echo(tr("{login} is ready", login=reports.who(ws, rec["login"])))


@incident.command("pin")
@click.argument("incident_id", metavar="ID")
@click.argument("event_no", metavar="EVENT")
@click.option("--unpin", is_flag=True, help="Remove the pin.")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
@workspace_options
def pin(incident_id: str, event_no: str, unpin: bool, as_json: bool) -> None:
    """Pin a timeline event (its author or the lead); pinned events make the postmortem."""
    ws = session().open()
    event = incidents.pin_event(ws, incident_id, event_no, not unpin)
    if as_json:
        print_json(event_json(event))
    else:
        click.echo(f"#{event['no']}")


@incident.command("mitigate")
@click.argument("incident_id", metavar="ID")
@click.argument("text")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
@workspace_options
def mitigate(incident_id: str, text: str, as_json: bool) -> None:
    """The lead records the mitigation in place (state: mitigating)."""
    ws = session().open()
    _emit(ws, incidents.mark_mitigated(ws, incident_id, text), as_json)


@incident.command("resolve")
@click.argument("incident_id", metavar="ID")
@click.option("--cause", required=True, help="The cause (问题原因).")
@click.option("--measures", required=True, help="The measures that solved it (解决措施).")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
@workspace_options
def resolve(incident_id: str, cause: str, measures: str, as_json: bool) -> None:
    """Only the lead resolves; the resolution report is archived to the knowledge base."""
    ws = session().open()
    _emit(ws, incidents.resolve(ws, incident_id, cause=cause, measures=measures), as_json)


@incident.command("notice")
@click.argument("incident_id", metavar="ID")
@click.option("--apology", default=None, help="The apology paragraph.")
@click.option("--compensation", default=None, help="The compensation offered, e.g. one month free.")
@click.option("--body-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help="Replace the whole notice with this file's text.")
@click.option("--reset", is_flag=True, help="Go back to the draft built from the report.")
@workspace_options
def notice(incident_id: str, apology: str | None, compensation: str | None,
           body_file: Path | None, reset: bool) -> None:
    """Edit the customer notice (用户告知函), then print it."""
    ws = session().open()
    body = read_utf8(str(body_file)) if body_file else ("" if reset else None)
    if apology is not None or compensation is not None or body is not None:
        reports.set_notice(ws, incident_id, apology=apology, compensation=compensation, body=body)
    click.echo(reports.notice_text(ws, incident_id))


@incident.command("postmortem")
@click.argument("incident_id", metavar="ID")
@click.option("--factor", "factors", multiple=True, required=True,
              help="A contributing factor (repeatable).")
@click.option("--action", "actions", multiple=True, required=True,
              metavar="'WHAT | OWNER | YYYY-MM-DD'", help="An action (repeatable).")
@click.option("--summary", default="", help="A summary of what happened.")
@click.option("--process-change", default="", help="The change to the process (流程固化).")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
@workspace_options
def postmortem(incident_id: str, factors: tuple[str, ...], actions: tuple[str, ...],
               summary: str, process_change: str, as_json: bool) -> None:
    """The lead's postmortem; archived to the knowledge base."""
    ws = session().open()
    inc = reports.write_postmortem(ws, incident_id, factors=list(factors), actions=list(actions),
                                   summary=summary, process_change=process_change)
    _emit(ws, inc, as_json)


@incident.command("export")
@click.argument("incident_id", metavar="ID")
@click.argument("form", type=click.Choice(reports.EXPORT_FORMS))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file instead of standard output.")
@workspace_options
def export(incident_id: str, form: str, output: Path | None) -> None:
    """Markdown: initial (初始信息表), report (处理报告), notice (用户告知函), postmortem."""
    ws = session().open()
    text = reports.export(ws, incident_id, form)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_file(output, text)
        click.echo(str(output))


@incident.command("escalate")
@click.argument("issue_id", metavar="ISSUE_ID")
@click.option("--severity", "severity", default=None, metavar="S1..S4")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
@workspace_options
def escalate(issue_id: str, severity: str | None, as_json: bool) -> None:
    """Turn an urgent project issue (e.g. 3-i2) into an incident; prints its id."""
    ws = session().open()
    inc = incidents.escalate_issue(ws, issue_id, severity_level=severity)
    if as_json:
        print_json(incident_json(inc, ws.now()))
    else:
        click.echo(inc["id"])


@incident.command("history")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
@workspace_options
def history(as_json: bool) -> None:
    """Past incidents with time to roles, mitigation and resolution (minutes)."""
    ws = session().open()
    rows = sla.history(ws)
    if as_json:
        print_json({"incidents": rows, "mean_minutes": sla.history_summary(rows)})
        return
    table = [[r["id"], r["severity"], clip(r["title"], 36),
              reports.fmt_time(ws, r["reported_at"]),
              reports.fmt_minutes(r["measures"]["time_to_roles"]),
              reports.fmt_minutes(r["measures"]["time_to_mitigation"]),
              reports.fmt_minutes(r["measures"]["time_to_resolution"])] for r in rows]
    print_table(table, [tr("ID"), tr("Severity"), tr("Title"), tr("Reported at"),
                        tr("Time to roles"), tr("Time to mitigation"), tr("Time to resolution")])


def register(cli: click.Group) -> None:
    cli.add_command(incident)
