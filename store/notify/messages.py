"""An event as a message people read: translated in the workspace's language, linking back
to its record ("INC-2", "P3 task 3-5"), with whom to @-mention and whom to mail.

Titles and labels are ours (translated); field values are user text, kept as data for
`store.notify.formats` to escape per service.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..core.clock import local_text, parse_instant
from ..core.i18n import tr
from ..people.members import display_name, find_member
from ..core.workspace import Workspace


@dataclass(frozen=True)
class Message:
    event_id: str
    topic: str
    subject: str
    ref: str
    lang: str
    at: str
    title: str
    fields: tuple[tuple[str, str], ...] = ()
    mentions: tuple[str, ...] = ()
    who: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    urgent: bool = False
    data: dict = field(default_factory=dict)

    @property
    def ref_line(self) -> str:
        return tr("Huddle record: {ref}", self.lang, ref=self.ref)

    def field_line(self, label: str, value: str) -> str:
        """"label: value" ("label：value" in Chinese); a value of several lines goes under."""
        if "\n" in value:
            return tr("{label}:", self.lang, label=label) + "\n" + value
        return tr("{label}: {value}", self.lang, label=label, value=value)

    def plain(self) -> str:
        lines = [self.title]
        for label, value in self.fields:
            lines.append(self.field_line(label, value))
        lines.append(self.ref_line)
        return "\n".join(lines)

    def shortened(self, excess_bytes: int) -> "Message":
        """The longest field cut by about `excess_bytes` (UTF-8), marked with an ellipsis."""
        if not self.fields:
            return replace(self, title=self.title[: max(10, len(self.title) // 2)] + "…")
        index = max(range(len(self.fields)), key=lambda i: len(self.fields[i][1].encode()))
        label, value = self.fields[index]
        raw = value.encode()
        keep = max(0, len(raw) - excess_bytes - 64)
        cut = raw[:keep].decode(errors="ignore").rstrip() + "… " + tr(
            "(shortened; see {ref})", self.lang, ref=self.ref)
        fields = list(self.fields)
        fields[index] = (label, cut)
        return replace(self, fields=tuple(fields))


def language(ws: Workspace) -> str:
    from ..people.settings import language
    return language(ws)


def build(ws: Workspace, event: dict, lang: str | None = None) -> Message:
    """The message for an outbox event (or a reminder turned into one)."""
    lang = lang or language(ws)
    topic, subject, data = event["topic"], str(event.get("subject", "")), event.get("data", {})
    t = _Tr(lang)
    name = (lambda login: display_name(ws, login) if login else "")
    maker = _TOPICS.get(topic, _unknown)
    title, fields, mentions, ref, urgent = maker(t, name, subject, data)
    who = tuple(dict.fromkeys([*data.get("who", []), *mentions]))
    emails = tuple(dict.fromkeys(
        m["email"] for m in (find_member(ws, login) for login in who)
        if m and m.get("email")))
    return Message(event_id=event["id"], topic=topic, subject=subject, ref=ref, lang=lang,
                   at=event.get("at", ""), title=title,
                   fields=tuple((label, str(value)) for label, value in fields
                                if value not in (None, "")),
                   mentions=tuple(mentions), who=who, emails=emails, urgent=urgent,
                   data=data)


class _Tr:
    def __init__(self, lang: str):
        self.lang = lang

    def __call__(self, text: str, **values: object) -> str:
        return tr(text, self.lang, **values)


def _project_ref(t, data: dict, what: str = "", ident: str = "") -> str:
    base = f"P{data.get('project')}"
    return f"{base} {t(what)} {ident}" if what else base


# -- one function per topic: (title, fields, mentions, ref, urgent) ----------------------
def _declared(t, name, subject, d):
    title = t("[{severity}] Incident {id} declared: {title}", severity=d.get("severity"),
              id=subject, title=d.get("title", ""))
    return title, [(t("Impact"), d.get("impact")), (t("Measures"), d.get("measures")),
                   (t("Reported by"), name(d.get("reporter")))], [], subject, True


def _role(t, name, subject, d):
    title = t("{id}: {name} is now {role}", id=subject, name=name(d.get("login")),
              role=_role_label(t.lang, d.get("role", "")))
    return title, [(t("Incident"), d.get("title"))], [d.get("login")], subject, False


def _update(t, name, subject, d):
    return (t("{id} status update: {title}", id=subject, title=d.get("title", "")),
            [(t("Update"), d.get("text"))], [], subject, False)


def _mitigated(t, name, subject, d):
    return (t("{id} mitigated: {title}", id=subject, title=d.get("title", "")),
            [(t("Measures"), d.get("text"))], [], subject, False)


def _resolved(t, name, subject, d):
    title = t("{id} resolved after {n} minutes: {title}", id=subject, n=d.get("minutes", "?"),
              title=d.get("title", ""))
    return title, [(t("Cause"), d.get("cause")), (t("Measures"), d.get("measures"))], [], \
        subject, False


def _notice(t, name, subject, d):
    return (t("{id} customer notice: {title}", id=subject, title=d.get("title", "")),
            [(t("Apology"), d.get("apology")), (t("Compensation"), d.get("compensation")),
             (t("Notice"), d.get("body"))], [], subject, False)


def _sla(t, name, subject, d):
    return (t("SLA missed: {what}", what=d.get("title", "")),
            [(t("Due"), d.get("due")), (t("Who"), ", ".join(name(w) for w in d.get("who", [])))],
            list(d.get("who", [])), subject, True)


def _requested(t, name, subject, d):
    return (t("Project P{id} {name}: request waiting for approval", id=d.get("project"),
              name=d.get("name", "")),
            [(t("Goal"), d.get("goal")), (t("Approver"), name(d.get("approver")))],
            [d.get("approver")] if d.get("approver") else [], _project_ref(t, d), False)


def _published(t, name, subject, d):
    tasks = d.get("tasks", [])
    return (t("P{id} {name}: {n} tasks published", id=d.get("project"), name=d.get("name", ""),
              n=len(tasks)), [(t("Published tasks"), ", ".join(tasks))], [],
            _project_ref(t, d), False)


def _help(t, name, subject, d):
    title = t("[Needs help] P{id} task {task}: {owner} asks {helper} for help",
              id=d.get("project"), task=subject, owner=name(d.get("owner")),
              helper=name(d.get("helper")))
    return title, [(t("Task"), d.get("task_title")), (t("Problems"), d.get("problems")),
                   (t("Progress"), f"{d.get('percent')}%")], [d.get("helper")], \
        _project_ref(t, d, "task", subject), True


def _delay_requested(t, name, subject, d):
    title = t("P{id} delay {delay} requested for task {task}: due {old} → {new}",
              id=d.get("project"), delay=subject, task=d.get("task"), old=d.get("old_due"),
              new=d.get("new_due"))
    return title, [(t("Reason"), d.get("reason")), (t("Requested by"), name(d.get("by")))], \
        [d.get("pm")] if d.get("pm") else [], _project_ref(t, d, "delay", subject), False


def _delay_decided(t, name, subject, d):
    verdict = {"approved": t("approved"), "rejected": t("rejected")}.get(
        d.get("decision"), t("approved by one approver, waiting for the other"))
    title = t("P{id} delay {delay} for task {task} {verdict}", id=d.get("project"),
              delay=subject, task=d.get("task"), verdict=verdict)
    return title, [(t("Comment"), d.get("comment")), (t("Due"), d.get("new_due"))], \
        [d.get("owner")] if d.get("owner") else [], _project_ref(t, d, "delay", subject), False


def _submitted(t, name, subject, d):
    return (t("P{id} {name}: deliverable {ident} submitted (version {version})",
              id=d.get("project"), name=d.get("name", ""), ident=subject,
              version=d.get("version", "")),
            [(t("Features"), d.get("features"))],
            [d.get("initiator")] if d.get("initiator") else [],
            _project_ref(t, d, "deliverable", subject), False)


def _reviewed(t, name, subject, d):
    verdict = t("accepted") if d.get("passed") else t("not accepted")
    return (t("P{id} {name}: deliverable {ident} {verdict}", id=d.get("project"),
              name=d.get("name", ""), ident=subject, verdict=verdict),
            [(t("Comment"), d.get("comment"))], [d.get("pm")] if d.get("pm") else [],
            _project_ref(t, d, "deliverable", subject), False)


def _reminder(t, name, subject, d):
    title = t("Reminder: {title}", title=d.get("title", ""))
    phase = t("overdue") if d.get("overdue") else t("due soon")
    return title, [(t("Due"), t("{time} ({phase})", time=d.get("due", ""), phase=phase)),
                   (t("Who"), ", ".join(name(w) for w in d.get("who", [])))], \
        list(d.get("who", [])), subject, bool(d.get("overdue"))


def _test(t, name, subject, d):
    return (t("Huddle test message for channel {name}", name=d.get("channel", "")),
            [(t("Sent by"), name(d.get("by")))], [], d.get("channel", ""), False)


def _unknown(t, name, subject, d):
    return subject, [], [], subject, False


_TOPICS = {"incident.declared": _declared, "incident.role": _role,
           "incident.update": _update, "incident.mitigated": _mitigated,
           "incident.resolved": _resolved, "incident.notice": _notice,
           "incident.sla": _sla, "project.requested": _requested,
           "tasks.published": _published, "progress.help": _help,
           "delay.requested": _delay_requested, "delay.decided": _delay_decided,
           "deliverable.submitted": _submitted, "deliverable.reviewed": _reviewed,
           "reminder": _reminder, "notify.test": _test}


def _role_label(lang: str, role: str) -> str:
    """store.warroom.records.role_label speaks the process's language: borrow the workspace's."""
    from ..core.i18n import get_language, set_language
    from ..warroom.records import role_label
    before = get_language()
    set_language(lang)
    try:
        return role_label(role)
    finally:
        set_language(before)


def due_text(ws: Workspace, iso: str) -> str:
    return local_text(parse_instant(iso), ws.tz) if iso else ""
