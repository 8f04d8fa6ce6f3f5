"""Every modal form fed hostile strings: a message next to a field (or the form's own error
line) and the workspace unchanged, or the record saved with the text as typed; never an
exception, never a restyled screen.

The forms are found by walking the `FormDialog` subclasses of every module in tui/dialogs,
so a new form fails `test_every_form_has_a_factory` until it is given one below.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from rel_helpers import HOSTILE, NOW, shard_bytes
from rich.text import Text
from textual.widgets import Input, Label, TextArea

import tui.dialogs
from store.core.clock import FixedClock
from store.core.workspace import Workspace
from tui.app import make_app
from tui.dialogs.form import FieldRow, FormDialog

SIZE = (120, 40)
ABSTRACT = {"DecisionForm", "_TextForm", "TaskChoiceForm"}  # bases: their subclasses are the forms


def form_classes() -> dict[str, type[FormDialog]]:
    for info in pkgutil.iter_modules(tui.dialogs.__path__):
        importlib.import_module(f"tui.dialogs.{info.name}")
    found: dict[str, type] = {}
    stack = list(FormDialog.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.__module__.startswith("tui.dialogs.") and cls.__name__ not in ABSTRACT:
            found[cls.__name__] = cls
    return found


def factories(ws: Workspace) -> dict[str, object]:
    """How each form is opened (what the screens pass it), on the demo workspace."""
    from store.customers import requests as customers
    from store.projects import (deliverables, delays, kickoff, lagging, issues as project_issues,
                                project as projects, resources, tasks)
    from store.warroom import incidents
    from store.kb import entries as kb
    from store.onboarding import checklists as onboarding
    from store.reminders import schedules
    from tui.dialogs import (channel_forms, customer_forms, delay_forms, deliverable_forms,
                             incident_forms, issue_form, kb_forms, member_form, minutes_item,
                             onboarding_forms, progress_entry, project_form, project_forms,
                             project_rules_forms, reminder_dialogs, retro_form, task_form)
    me = ws.actor.login
    p1, p5 = projects.get_project(ws, 1), projects.get_project(ws, 5)
    mine = [t for t in tasks.list_tasks(ws) if t["owner"] == me and t["state"] == "open"]
    inc = incidents.get_incident(ws, "INC-4")             # active, led by me
    closed = incidents.get_incident(ws, "INC-1")
    request = next((r for r in customers.list_requests(ws) if r["pending_changes"]), None)
    if request is None:  # the customers screen offers the answer form for a pending change
        customers.request_change(ws, customers.list_requests(ws)[0]["id"], "交付日期顺延一周")
        request = next(r for r in customers.list_requests(ws) if r["pending_changes"])
    hire = onboarding.list_hires(ws)[0]
    f = {
        "ProjectForm": lambda: project_form.ProjectForm(),
        "TaskForm": lambda: task_form.TaskForm(1),
        "ProgressEntryDialog": lambda: progress_entry.ProgressEntryDialog(me, mine),
        "DelayRequestForm": lambda: delay_forms.DelayRequestForm(mine),
        "DelayDecisionForm": lambda: delay_forms.DelayDecisionForm(delays.list_delays(ws)[0]),
        "DeliverableForm": lambda: deliverable_forms.DeliverableForm(p1),
        "AcceptanceForm": lambda: deliverable_forms.AcceptanceForm(
            deliverables.get_deliverable(ws, "2-v2")),
        "IssueForm": lambda: issue_form.IssueForm(p1),
        "RetroForm": lambda: retro_form.RetroForm(projects.get_project(ws, 3)),
        "RequestDecisionForm": lambda: project_forms.RequestDecisionForm(
            projects.get_project(ws, 6)),
        "ResourceDecisionForm": lambda: project_forms.ResourceDecisionForm(
            resources.list_resources(ws)[0]),
        "KickoffForm": lambda: project_forms.KickoffForm(p5),
        "StepForm": lambda: project_forms.StepForm("Launch", "Record the launch",
                                                   lambda: projects.get_project(ws, 1)),
        "ConfirmReceiptForm": lambda: project_forms.ConfirmReceiptForm(mine),
        "ResourceRequestForm": lambda: project_forms.ResourceRequestForm(p1),
        "LagCauseForm": lambda: project_forms.LagCauseForm(lagging.lagging_tasks(ws, 1)),
        "DeclareForm": lambda: incident_forms.DeclareForm(),
        "RoleForm": lambda: incident_forms.RoleForm(inc),
        "UpdateForm": lambda: incident_forms.UpdateForm(inc),
        "ReadyForm": lambda: incident_forms.ReadyForm(inc),
        "MitigateForm": lambda: incident_forms.MitigateForm(inc),
        "NoteForm": lambda: incident_forms.NoteForm(inc),
        "ResolveForm": lambda: incident_forms.ResolveForm(inc),
        "NoticeForm": lambda: incident_forms.NoticeForm(closed),
        "PostmortemForm": lambda: incident_forms.PostmortemForm(closed),
        "KbEntryForm": lambda: kb_forms.KbEntryForm(),
        "KbTagsForm": lambda: kb_forms.KbTagsForm(kb.list_entries(ws)[0]),
        "MinutesItemDialog": lambda: minutes_item.MinutesItemDialog("action", owner=me,
                                                                    due="2024-09-04"),
        "OnboardingStartForm": lambda: onboarding_forms.OnboardingStartForm(),
        "MemberForm": lambda: member_form.MemberForm("newbie"),
        "OnboardingNoteForm": lambda: onboarding_forms.OnboardingNoteForm(hire["id"],
                                                                          hire["steps"][0]),
        "OnboardingStepForm": lambda: onboarding_forms.OnboardingStepForm("engineer"),
        "ScheduleForm": lambda: reminder_dialogs.ScheduleForm(
            schedules.get_schedule(ws, "daily_update")),
        "CustomerRequestForm": lambda: customer_forms.CustomerRequestForm(),
        "CustomerCloseForm": lambda: customer_forms.CustomerCloseForm(request),
        "CustomerChangeForm": lambda: customer_forms.CustomerChangeForm(request),
        "CustomerAnswerForm": lambda: customer_forms.CustomerAnswerForm(request),
        "RoutineMinutesForm": lambda: customer_forms.RoutineMinutesForm(),
        "ChannelForm": lambda: channel_forms.ChannelForm(),
        "LinkForm": lambda: channel_forms.LinkForm(_a_channel(ws)),
        "MinutesForm": lambda: project_rules_forms.MinutesForm(
            p1, kickoff.pending_minutes(ws, p1, ws.now())),
        "SignoffForm": lambda: project_rules_forms.SignoffForm(p1, ["客服部"]),
        "IssueResponseForm": lambda: project_rules_forms.IssueResponseForm(
            project_issues.get_issue(ws, "1-i2")),
        "AcceptorForm": lambda: project_rules_forms.AcceptorForm(p1),
    }
    return f


def _a_channel(ws: Workspace) -> dict:
    from store.notify import channels
    found = channels.list_channels(ws)
    return found[0] if found else channels.add_channel(ws, "group-chat", "feishu")


FORMS = sorted(form_classes())
NAMES = list(HOSTILE)


def values_for(index: int) -> list[str]:
    """The dangerous three for every form, and one more in turn, so that across the forms
    every hostile string is typed into every kind of field."""
    rest = [n for n in NAMES if n not in ("markup", "control", "huge")]
    return ["control", "markup", "huge", rest[index % len(rest)]]


def test_every_form_has_a_factory(demo_dir):
    ws = Workspace.open(demo_dir, clock=FixedClock(NOW))
    missing = set(FORMS) - set(factories(ws))
    assert not missing, f"give these forms a factory in {__file__}: {sorted(missing)}"


def plain(label: Label) -> str:
    content = label.content
    return content.plain if isinstance(content, Text) else str(content)


def shown_error(form: FormDialog) -> str:
    errors = [plain(row.query_one(f"#error-{row.field_name}", Label))
              for row in form.query(FieldRow) if row.has_class("-invalid")]
    line = form.query_one("#form-error", Label)
    if line.display:
        errors.append(plain(line))
    return "\n".join(e for e in errors if e)


CHUNKS = [FORMS[i::6] for i in range(6)]  # forms sharing one app (starting one takes a while)


@pytest.mark.parametrize("names", CHUNKS, ids=[",".join(c[:2]) + "…" for c in CHUNKS])
async def test_forms_fed_hostile_strings(names, demo_dir):
    ws = Workspace.open(demo_dir, clock=FixedClock(NOW))
    app = make_app(ws, poll_interval=3600)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.reminder_watcher.stop()  # its own writes (who was reminded) are not the forms'
        for name in names:
            await feed(app, pilot, demo_dir, name, factories(ws)[name])


async def feed(app, pilot, demo_dir, name: str, make) -> None:
    """Open form `name`, type each of its hostile strings, save; check what happened."""
    form, results = None, []
    for value_name in values_for(FORMS.index(name)):
        value = HOSTILE[value_name]
        what = f"{name} [{value_name}]"
        if form is None:  # a refused form stays open: the next value goes in the same one
            form, results = make(), []
            app.push_screen(form, results.append)
            await pilot.pause()
        before = shard_bytes(demo_dir)
        fields = [w for w in form.query("Input, TextArea") if (w.id or "").startswith("field-")]
        # the 100 kB text in one field (each takes Textual a while to lay out), the others
        # in every field
        for widget in fields[:1] if value_name == "huge" else fields:
            if isinstance(widget, TextArea):
                widget.text = value
            elif isinstance(widget, Input):
                widget.value = value
        form.action_save()
        await pilot.pause(0)
        if app.screen is form:  # refused: a message says why, nothing was written
            message = shown_error(form)
            assert message, (what, "the form stayed open without saying why")
            assert "\x1b" not in message, what
            assert shard_bytes(demo_dir) == before, (what, "changed the workspace", message)
            assert results == [], what
        else:  # saved: the record holds the text as typed (trimmed), never reinterpreted
            assert len(results) == 1, what
            if value_name in ("markup", "link", "close-tag", "cjk", "emoji") \
                    and results[0] is not None and fields:
                assert value.strip().encode() in b"".join(shard_bytes(demo_dir).values()), \
                    (what, "not stored as typed")
            form = None
        for line in range(SIZE[1]):  # nothing on screen was restyled by what was typed
            assert "\x1b" not in app.screen.render_line(line).text, what
    if form is not None:
        form.action_cancel()
        await pilot.pause(0)
        if type(app.screen).__name__ == "ConfirmDialog":  # a changed form asks first
            app.screen.dismiss(True)
            await pilot.pause(0)
        assert results == [None], name


async def test_every_form_opened_and_left_untouched_closes_without_asking(demo_dir):
    """Escape asks first only on a changed form: no form counts itself changed on opening."""
    ws = Workspace.open(demo_dir, clock=FixedClock(NOW))
    app = make_app(ws, poll_interval=3600)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.reminder_watcher.stop()
        for name, make in sorted(factories(ws).items()):
            form = make()
            app.push_screen(form)
            await pilot.pause()
            await pilot.pause()
            assert not form.changed(), name
            await pilot.press("escape")
            await pilot.pause()
            assert not isinstance(app.screen, FormDialog), name
            assert type(app.screen).__name__ != "ConfirmDialog", name
