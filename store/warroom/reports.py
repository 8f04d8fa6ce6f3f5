"""What an incident leaves behind (SPEC §2.6–2.8): the Markdown forms, the customer
notice (用户告知函), the postmortem and their archive in the knowledge base.

Everything is written in the current language (`tr`). Text typed by users goes
into the Markdown as it is, with table cells escaped.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from ..kb import entries as kb
from ..core import validate
from ..core.clock import parse_instant
from ..core.errors import InvalidValue, PermissionDenied, StoreError
from ..core.i18n import tr, trn
from ..core.markdown import cell
from .sla import began_at, measures, minutes, state_times
from .records import (INCIDENT, IncidentTx, existing_number, get_incident, is_lead, member_login,
                      require_lead, role_label, roles_of, shard_name, state_label)
from ..core.outbox import emit as emit_event
from .records import emit_incident
from ..people.members import display_name, require_member
from ..core.relative_time import ago as _ago
from ..people.team_language import in_team_language, kind_tag, team_page, team_text
from ..core.workspace import Workspace
from . import listing  # noqa: F401  (registers the incident shards' head)

EXPORT_FORMS = ("initial", "report", "notice", "postmortem")


# -- formatting ----------------------------------------------------------------
def fmt_time(ws: Workspace, iso: str | datetime | None) -> str:
    """An instant in the workspace's timezone, to the minute."""
    if not iso:
        return "—"
    instant = parse_instant(iso) if isinstance(iso, str) else iso
    return instant.astimezone(ws.tz).strftime("%Y-%m-%d %H:%M")


def fmt_minutes(seconds: int | None) -> str:
    return "—" if seconds is None else trn("{n} minute",
                                           "{n} minutes", minutes(seconds), n=minutes(seconds))


def ago(now: datetime, instant: str | datetime) -> str:
    """“12 minutes ago” (“12分钟前” in Chinese) in the current language."""
    at = parse_instant(instant) if isinstance(instant, str) else instant
    return _ago(now, at)


def countdown(remaining: timedelta) -> str:
    """MM:SS (H:MM:SS past an hour), with a leading minus once the deadline has passed."""
    total = int(remaining.total_seconds())
    sign, total = ("-", -total) if total < 0 else ("", total)
    hours, rest = divmod(total, 3600)
    mins, secs = divmod(rest, 60)
    return f"{sign}{hours}:{mins:02d}:{secs:02d}" if hours else f"{sign}{mins:02d}:{secs:02d}"


def who(ws: Workspace, login: str | None) -> str:
    if not login:
        return "—"
    name = display_name(ws, login)
    return name if name == login else f"{name} ({login})"


def event_text(ws: Workspace, event: dict) -> str:
    """One timeline event as a sentence in the current language."""
    kind, text, data = event["kind"], event.get("text", ""), event.get("data", {})
    if kind == "declared":
        return tr("Declared {severity}: {title}. Impact: {impact}", severity=data["severity"],
                  title=text, impact=data["impact"])
    if kind == "state":
        line = tr("State: {before} → {after}", before=state_label(data["from"]),
                  after=state_label(data["to"]))
        return f"{line}. {text}" if text else line
    if kind == "role":
        role, login = role_label(data["role"]), who(ws, data["login"])
        if data.get("action") == "renounced":
            return tr("{login} gave up the role {role}", login=login, role=role)
        if data.get("previous"):
            return tr("{role} handed from {previous} to {login}", role=role, login=login,
                      previous=who(ws, data["previous"]))
        return tr("{login} assumed the role {role}", login=login, role=role)
    if kind == "ready":
        line = tr("{login} is ready", login=who(ws, data.get("login", event["author"])))
        return f"{line}: {text}" if text else line
    if kind == "update":
        return tr("Status update: {text}", text=text)
    if kind == "decision":
        return tr("Decision: {text}", text=text)
    if kind == "link":
        return tr("Escalated from project issue {id}", id=data.get("id"))
    if kind == "notice":
        return tr("Customer notice edited")
    return text


def _cell(text: object) -> str:
    return cell(text) or "—"


def _table(rows: list[tuple[str, object]]) -> list[str]:
    lines = [f"| {tr('Field')} | {tr('Value')} |", "| --- | --- |"]
    return lines + [f"| {_cell(k)} | {_cell(v)} |" for k, v in rows]


def _events_table(ws: Workspace, events: list[dict]) -> list[str]:
    lines = [f"| {tr('Time')} | {tr('Who')} | {tr('Event')} |", "| --- | --- | --- |"]
    for e in events:
        lines.append(f"| {fmt_time(ws, e['at'])} | {_cell(who(ws, e['author']))} | "
                     f"{_cell(event_text(ws, e))} |")
    return lines


def _duration_line(inc: dict) -> str:
    m = measures(inc)
    if m["duration"] is None:
        return "—"
    return trn("lasted {n} minute, service restored",
               "lasted {n} minutes, service restored",
               minutes(m["duration"]), n=minutes(m["duration"]))


def _require_state(inc: dict, states: tuple[str, ...], what: str) -> None:
    if inc["state"] not in states:
        raise StoreError(tr("{id} is {state}; {what} is not available yet.", id=inc["id"],
                            state=state_label(inc["state"]), what=what))


# -- the four forms --------------------------------------------------------------
def initial_form_md(ws: Workspace, incident_id: object) -> str:
    """模板示例1: 紧急事务初始信息表."""
    inc = get_incident(ws, incident_id)
    lines = [f"# {tr('Incident initial information form')} · {inc['id']}", ""]
    lines += _table([(tr("Incident"), inc["title"]), (tr("Reported by"), who(ws, inc["reporter"])),
                     (tr("Began at"), fmt_time(ws, inc["began_at"])),
                     (tr("Reported at"), fmt_time(ws, inc["reported_at"])),
                     (tr("Severity"), inc["severity"]), (tr("Impact"), inc["impact"]),
                     (tr("Temporary measures taken"), inc["measures"] or tr("none yet")),
                     (tr("State"), state_label(inc["state"])),
                     (tr("Incident lead"), who(ws, inc.get("lead")))])
    return "\n".join(lines) + "\n"


def resolution_report_md(ws: Workspace, incident_id: object) -> str:
    """模板示例2: 紧急事务处理报告 — cause, measures, the duration from the timeline."""
    inc = get_incident(ws, incident_id)
    _require_state(inc, ("resolved", "postmortem_done"), tr("the resolution report"))
    m, res, times = measures(inc), inc["resolution"], state_times(inc)
    lines = [f"# {tr('Incident resolution report')} · {inc['id']} {inc['title']}", ""]
    lines += _table([(tr("Severity"), inc["severity"]), (tr("Incident lead"), who(ws, inc["lead"])),
                     (tr("Impact"), inc["impact"]),
                     (tr("Began at"), fmt_time(ws, began_at(inc))),
                     (tr("Reported at"), fmt_time(ws, inc["reported_at"])),
                     (tr("Resolved at"), fmt_time(ws, times.get("resolved"))),
                     (tr("Duration"), _duration_line(inc))])
    lines += ["", f"## {tr('Cause')}", "", res["cause"], "", f"## {tr('Measures')}", "",
              res["measures"], "", f"## {tr('Response')}", "",
              f"- {tr('Time to roles')}: {fmt_minutes(m['time_to_roles'])}",
              f"- {tr('Time to mitigation')}: {fmt_minutes(m['time_to_mitigation'])}",
              f"- {tr('Time to resolution')}: {fmt_minutes(m['time_to_resolution'])}",
              "- " + tr("SLA deadlines: {met} met, {late} late, {missed} missed", **m["sla"]),
              "", f"## {tr('Team')}", "",
              f"| {tr('Role')} | {tr('Member')} | {tr('Assumed')} | {tr('Renounced')} |",
              "| --- | --- | --- | --- |"]
    for r in inc["roles"]:
        lines.append(f"| {_cell(role_label(r['role']))} | {_cell(who(ws, r['login']))} | "
                     f"{fmt_time(ws, r['assumed_at'])} | {fmt_time(ws, r['renounced_at'])} |")
    key = [e for e in inc["events"] if e["pinned"] or e["kind"] in ("declared", "state", "update")]
    lines += ["", f"## {tr('Key events')}", ""] + _events_table(ws, key)
    return "\n".join(lines) + "\n"


def notice_draft(ws: Workspace, inc: dict, apology: str | None = None,
                 compensation: str | None = None) -> str:
    """The customer notice built from the resolution report."""
    saved = inc.get("notice") or {}
    apology = saved.get("apology") if apology is None else apology
    compensation = saved.get("compensation") if compensation is None else compensation
    res, times = inc["resolution"], state_times(inc)
    with in_team_language(ws):  # the notice goes out in the team's language
        return _notice_paragraphs(ws, inc, apology, compensation, res, times)


def _notice_paragraphs(ws: Workspace, inc: dict, apology: str | None, compensation: str | None,
                       res: dict, times: dict) -> str:
    paras = [tr("Dear users,"),
             tr("From {began}, {title}. Affected: {impact}. The problem was resolved at "
                "{resolved} ({duration}). Cause: {cause}. What we did: {measures}",
                began=fmt_time(ws, began_at(inc)), title=inc["title"], impact=inc["impact"],
                resolved=fmt_time(ws, times.get("resolved")), duration=_duration_line(inc),
                cause=res["cause"], measures=res["measures"]),
             apology or tr("We sincerely apologise for the inconvenience this caused you.")]
    if compensation:
        paras.append(compensation)
    paras.append(fmt_time(ws, times.get("resolved"))[:10])
    return "\n\n".join(paras)


def notice_text(ws: Workspace, incident_id: object) -> str:
    inc = get_incident(ws, incident_id)
    _require_state(inc, ("resolved", "postmortem_done"), tr("the customer notice"))
    saved = inc.get("notice") or {}
    return saved.get("body") or notice_draft(ws, inc)


def notice_md(ws: Workspace, incident_id: object) -> str:
    inc = get_incident(ws, incident_id)
    return f"# {tr('Customer notice')} · {inc['id']}\n\n{notice_text(ws, incident_id)}\n"


def postmortem_md(ws: Workspace, incident_id: object) -> str:
    inc = get_incident(ws, incident_id)
    _require_state(inc, ("postmortem_done",), tr("the postmortem"))
    pm, m = inc["postmortem"], measures(inc)
    lines = [f"# {tr('Postmortem')} · {inc['id']} {inc['title']}", ""]
    lines += _table([(tr("Severity"), inc["severity"]), (tr("Incident lead"), who(ws, inc["lead"])),
                     (tr("Duration"), _duration_line(inc)),
                     (tr("Time to roles"), fmt_minutes(m["time_to_roles"])),
                     (tr("Time to mitigation"), fmt_minutes(m["time_to_mitigation"])),
                     (tr("Time to resolution"), fmt_minutes(m["time_to_resolution"]))])
    if pm["summary"]:
        lines += ["", f"## {tr('Summary')}", "", pm["summary"]]
    pinned = [e for e in inc["events"] if e["pinned"]]
    lines += ["", f"## {tr('Pinned timeline')}", ""]
    lines += _events_table(ws, pinned) if pinned else [tr("No pinned events.")]
    lines += ["", f"## {tr('Cause')}", "", inc["resolution"]["cause"], "",
              f"## {tr('Contributing factors')}", ""] + [f"- {f}" for f in pm["factors"]]
    lines += ["", f"## {tr('Actions')}", "", f"| {tr('Action')} | {tr('Owner')} | {tr('Due')} |",
              "| --- | --- | --- |"]
    lines += [f"| {_cell(a['text'])} | {_cell(who(ws, a['owner']))} | {a['due']} |"
              for a in pm["actions"]]
    if pm["process_change"]:
        lines += ["", f"## {tr('Process change')}", "", pm["process_change"]]
    return "\n".join(lines) + "\n"


def export(ws: Workspace, incident_id: object, form: str) -> str:
    form = validate.choice("form", form, EXPORT_FORMS)
    return {"initial": initial_form_md, "report": resolution_report_md, "notice": notice_md,
            "postmortem": postmortem_md}[form](ws, incident_id)


# -- writing ---------------------------------------------------------------------
def set_notice(ws: Workspace, incident_id: object, *, apology: str | None = None,
               compensation: str | None = None, body: str | None = None) -> dict:
    """Edit the customer notice: the lead or anyone holding a role. An empty body
    goes back to the draft built from the report."""
    require_member(ws)
    number = existing_number(ws, incident_id)
    clean = {k: validate.text(k, v, multiline=True, max_len=10_000)
             for k, v in (("apology", apology), ("compensation", compensation), ("body", body))
             if v is not None}
    with ws.transaction(shard_name(number)) as tx:
        t = IncidentTx(ws, tx, number)
        _require_state(t.inc, ("resolved", "postmortem_done"), tr("the customer notice"))
        if not is_lead(ws, t.inc) and not roles_of(t.inc, ws.actor.login):
            raise PermissionDenied(tr("Only the incident lead or a member holding a role in "
                                      "{id} may edit its customer notice.", id=t.inc["id"]))
        notice = {"apology": None, "compensation": None, "body": None,
                  **(t.inc.get("notice") or {}), **clean,
                  "updated_at": t.now, "updated_by": ws.actor.login}
        tx.table(INCIDENT).update({"notice": notice}, doc_ids=[1])
        t.event("notice", "", fields=sorted(clean))
        t.audit("incident.notice", fields=sorted(clean))
        emit_incident(t, "incident.notice", **{k: notice[k] for k in ("apology", "compensation", "body")})
    return get_incident(ws, number)


def parse_action(value: object) -> dict:
    """An action as {"text", "owner", "due"} or the text "what | owner | YYYY-MM-DD"."""
    if isinstance(value, str):
        parts = [p.strip() for p in value.split("|")]
        if len(parts) != 3:
            raise InvalidValue("actions", tr("actions: {value!r} should read "
                                             "“what | owner | YYYY-MM-DD”", value=value))
        value = dict(zip(("text", "owner", "due"), parts))
    if not isinstance(value, dict):
        raise InvalidValue("actions", tr("actions: expected text"))
    return {"text": validate.text("actions", value.get("text"), required=True, max_len=500),
            "owner": value.get("owner"), "due": validate.day("due", value.get("due"))}


def write_postmortem(ws: Workspace, incident_id: object, *, factors: list | str,
                     actions: list, summary: str = "", process_change: str = "") -> dict:
    """The lead's postmortem (复盘): contributing factors, actions with owners and due
    dates, the process change. resolved → postmortem done; archived in the knowledge base."""
    require_member(ws)
    number = existing_number(ws, incident_id)
    if isinstance(factors, str):
        factors = [line for line in factors.splitlines()]
    clean_factors = [f for f in (validate.text("factors", x, max_len=1000).lstrip("-• ").strip()
                                 for x in factors) if f]
    if not clean_factors:
        raise InvalidValue("factors", tr("factors: name at least one contributing factor"))
    clean_actions = [parse_action(a) for a in actions]
    for a in clean_actions:
        a["owner"] = member_login(ws, "owner", a["owner"])
    if not clean_actions:
        raise InvalidValue("actions", tr("actions: name at least one action with an owner and "
                                         "a due date"))
    pm = {"summary": validate.text("summary", summary, multiline=True, max_len=10_000),
          "factors": clean_factors, "actions": clean_actions,
          "process_change": validate.text("process_change", process_change, multiline=True,
                                          max_len=10_000)}
    with ws.transaction(shard_name(number)) as tx:
        t = IncidentTx(ws, tx, number)
        require_lead(ws, t.inc, tr("write the postmortem"))
        t.transition("postmortem_done", pm["summary"])
        tx.table(INCIDENT).update({"postmortem": {**pm, "by": ws.actor.login, "at": t.now}},
                                  doc_ids=[1])
        t.audit("incident.postmortem", actions=len(clean_actions))
    archive(ws, number)
    return get_incident(ws, number)


def archive(ws: Workspace, incident_id: object) -> dict:
    """File the resolution report and the postmortem in the knowledge base, once each."""
    inc = get_incident(ws, incident_id)
    wanted = []
    if inc["state"] in ("resolved", "postmortem_done"):
        wanted.append(("resolution", team_text(ws, "Resolution report {id}: {title}",
                                               id=inc["id"], title=inc["title"]),
                       resolution_report_md))
    if inc["state"] == "postmortem_done":
        wanted.append(("postmortem", team_text(ws, "Postmortem {id}: {title}", id=inc["id"],
                                               title=inc["title"]), postmortem_md))
    for kind, title, render in wanted:
        if (inc.get("kb") or {}).get(kind):
            continue
        body = team_page(ws, lambda: render(ws, inc["number"]))
        entry = kb.add_entry(ws, title[:300], kind, body,
                             tags=["incident", inc["severity"], kind_tag(ws, kb.KIND_LABELS[kind])],
                             source={"kind": "incident", "id": inc["id"]})
        with ws.transaction(shard_name(inc["number"])) as tx:
            doc = tx.table(INCIDENT).get(doc_id=1)
            tx.table(INCIDENT).update({"kb": {**(doc.get("kb") or {}), kind: entry["id"]}},
                                      doc_ids=[1])
            tx.audit("incident.archive", inc["id"], kind=kind, entry=entry["id"])
        inc = get_incident(ws, inc["number"])
    return inc
