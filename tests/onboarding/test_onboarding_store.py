"""Onboarding in the store: templates, due dates in working days, owners, progress,
permissions, overdue reminders at exact instants, host-verified steps."""

from __future__ import annotations

import pytest

from store.onboarding import checklists as ob
from store.onboarding import templates
from store.core.errors import IllegalTransition, InvalidValue, PermissionDenied
from store.reminders.registry import collect

from ob_helpers import FakeHost, as_os_user, local


def start(ws, begin="2024-09-13", **kw):
    args = dict(template="engineer", start=begin, buddy="chen", manager="bob")
    args.update(kw)
    return ob.start_onboarding(ws, "lin", **args)


def dues(hire):
    return [s["due"] for s in hire["steps"]]


# -- due dates -----------------------------------------------------------------
def test_due_dates_skip_weekends_and_holidays_and_use_makeup_days(ws):
    hire = start(ws, "2024-09-13")  # a Friday before the Mid-Autumn holiday
    assert dues(hire) == [
        "2024-09-11",  # -2: Wednesday
        "2024-09-12",  # -1: Thursday
        "2024-09-13",  # day one
        "2024-09-13",
        "2024-09-14",  # +1: Saturday, a make-up workday (调休)
        "2024-09-19",  # +3: Sun 15 and the holidays 16, 17 are skipped
        "2024-09-23",  # +5: over a weekend
        "2024-10-17",  # +20: over National Day, with the make-up days 29 Sep and 12 Oct
    ]


def test_negative_offsets_go_back_over_holidays(ws):
    hire = start(ws, "2024-09-18")  # the first working day after the holiday
    assert dues(hire)[:2] == ["2024-09-13", "2024-09-14"]  # -2 Friday, -1 the make-up Saturday


def test_start_must_be_a_working_day(ws):
    with pytest.raises(InvalidValue) as err:
        start(ws, "2024-09-16")
    assert err.value.field == "start"
    with pytest.raises(InvalidValue):
        start(ws, "2024-09-15")  # Sunday


def test_groups_owners_and_stand_ins(ws):
    hire = start(ws)
    owners = {s["title"]: (s["owner_role"], s["owner"]) for s in hire["steps"]}
    assert owners["开通跳板机账号"] == ("it", "ops")
    assert owners["签署入职材料"] == ("hr", "zhang")
    assert owners["与对接人见面"] == ("buddy", "chen")
    assert owners["上传 SSH 公钥"] == ("hire", "lin")
    assert owners["试用期目标面谈"] == ("manager", "bob")
    assert [g for g, _ in ob.steps_by_group(hire)] == ["before", "day1", "week1", "month1"]
    templates.set_owners(ws, it="", hr="")
    ob.cancel_onboarding(ws, hire["id"])
    other = start(ws)
    it_step = other["steps"][0]
    assert it_step["owner"] == "bob" and it_step["stand_in"]  # the manager stands in


def test_template_owners_override_workspace_owners(ws):
    templates.edit_template(ws, "engineer", it="alice")
    hire = start(ws)
    assert hire["steps"][0]["owner"] == "alice"
    assert hire["it"] == "alice" and hire["hr"] == "zhang"


def test_template_edits_are_admin_only_and_validated(ws):
    with pytest.raises(PermissionDenied):
        templates.save_template(as_os_user(ws, "alice"), "x", "X", [{"title": "t"}])
    with pytest.raises(InvalidValue):
        templates.save_template(ws, "x", "X", [{"title": "t", "owner": "janitor"}])
    with pytest.raises(InvalidValue):
        templates.save_template(ws, "x", "X", [{"title": "t", "check": "group:"}])
    with pytest.raises(InvalidValue):
        templates.save_template(ws, "x", "X", [{"title": "t", "offset": 1.5}])
    tpl = templates.add_template_step(ws, "engineer", {"title": "领取门禁卡", "owner": "hr",
                                                       "offset": 0})
    assert tpl["version"] == 2 and tpl["steps"][-1]["group"] == "day1"
    tpl = templates.edit_template_step(ws, "engineer", len(tpl["steps"]), optional=True)
    assert tpl["steps"][-1]["optional"] is True
    tpl = templates.remove_template_step(ws, "engineer", len(tpl["steps"]))
    assert len(tpl["steps"]) == len(templates.get_template(ws, "engineer")["steps"]) == 8


def test_editing_a_template_leaves_running_checklists_alone(ws):
    hire = start(ws)
    templates.remove_template_step(ws, "engineer", 1)
    assert len(ob.get_hire(ws, hire["id"])["steps"]) == 8


def test_one_active_onboarding_per_hire_and_who_may_start(ws):
    with pytest.raises(PermissionDenied):
        start(ws.acting_as("chen"))
    start(ws.acting_as("zhang"))  # HR may
    with pytest.raises(InvalidValue):
        start(ws)
    with pytest.raises(InvalidValue):
        ob.start_onboarding(ws, "bob", template="engineer", start="2024-09-13",
                            buddy="bob", manager="alice")


# -- ticking, notes, progress ---------------------------------------------------
def test_progress_counts_required_steps_and_completes(ws):
    hire = start(ws)
    assert ob.summary(hire, local("2024-09-02 10:00").date())["progress"] == 0
    for step in hire["steps"]:
        if not step["optional"]:
            hire = ob.set_step_done(ws, hire["id"], step["n"])
    summary = ob.summary(hire, local("2024-09-02 10:00").date())
    assert summary["progress"] == 100 and summary["done"] == summary["required"] == 7
    assert hire["state"] == "complete"
    hire = ob.toggle_step(ws, hire["id"], 1)
    assert hire["state"] == "active" and not hire["steps"][0]["done_at"]


def test_who_may_tick(ws):
    hire = start(ws)
    ob.set_step_done(ws.acting_as("lin"), hire["id"], 5)  # the hire's own step
    with pytest.raises(PermissionDenied):
        ob.set_step_done(ws.acting_as("lin"), hire["id"], 3)  # HR's step
    with pytest.raises(PermissionDenied):
        ob.set_step_done(ws.acting_as("alice"), hire["id"], 3)  # not involved
    hire = ob.set_step_done(ws.acting_as("zhang"), hire["id"], 3)
    assert hire["steps"][2]["done_by"] == "zhang"
    assert hire["steps"][2]["done_at"] == "2024-09-02T02:00:00+00:00"


def test_notes(ws):
    hire = start(ws)
    hire = ob.add_note(ws.acting_as("chen"), hire["id"], 4, "约在周五下午 [bold]见面[/]")
    assert hire["steps"][3]["notes"][0]["text"] == "约在周五下午 [bold]见面[/]"
    with pytest.raises(PermissionDenied):
        ob.add_note(ws.acting_as("alice"), hire["id"], 4, "x")
    with pytest.raises(InvalidValue):
        ob.add_note(ws.acting_as("chen"), hire["id"], 4, "bad \x1b[31m")


def test_cancelled_checklist_is_frozen(ws):
    hire = start(ws)
    ob.cancel_onboarding(ws.acting_as("bob"), hire["id"])
    with pytest.raises(IllegalTransition):
        ob.set_step_done(ws, hire["id"], 1)


# -- reminders at exact instants --------------------------------------------------
def test_overdue_step_becomes_a_reminder_for_its_owner_at_the_end_of_its_due_day(ws):
    hire = start(ws)
    subject = f"H{hire['id']}-3"  # 签署入职材料, HR, due Friday 2024-09-13
    just_before = local("2024-09-13 23:59:59")
    at_midnight = local("2024-09-14 00:00:00")
    assert subject not in {r.subject for r in collect(ws, just_before)}
    found = {r.subject: r for r in collect(ws, at_midnight) if r.kind == "onboarding.step"}
    reminder = found[subject]
    assert reminder.who == ("zhang",) and reminder.overdue
    assert reminder.due_at == at_midnight
    assert "签署入职材料" in reminder.title
    # the two steps before day one and the buddy's day-one step are overdue too
    assert set(found) == {f"H{hire['id']}-{n}" for n in (1, 2, 3, 4)}
    assert found[f"H{hire['id']}-1"].who == ("ops",)


def test_done_optional_and_cancelled_steps_do_not_remind(ws):
    hire = start(ws)
    ob.set_step_done(ws, hire["id"], 3)
    late = local("2024-09-30 12:00")
    subjects = {r.subject for r in collect(ws, late) if r.kind == "onboarding.step"}
    assert f"H{hire['id']}-3" not in subjects
    assert f"H{hire['id']}-7" not in subjects  # optional
    assert f"H{hire['id']}-6" in subjects
    ob.cancel_onboarding(ws, hire["id"])
    assert not [r for r in collect(ws, late) if r.kind == "onboarding.step"]


def test_list_hires_overdue_counts(ws):
    start(ws)
    ws.clock.set(local("2024-09-18 09:00"))
    [hire] = ob.list_hires(ws)
    assert hire["summary"]["overdue"] == 5  # steps 1-5; step 6 is due the 19th
    assert hire["summary"]["progress"] == 0


# -- host checks -----------------------------------------------------------------
def host(with_key=True, in_dev=True):
    keys = "# lin's laptop\nssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGm1 lin@laptop\n"
    files = {"/home/lin/.ssh/authorized_keys": keys} if with_key else {}
    return FakeHost(accounts={"lin": (1001, 1001, "/home/lin")},
                    groups={"dev": (2000, ["ann", "lin"] if in_dev else ["ann"])}, files=files)


def test_checks_tick_verified_steps_and_say_why(ws):
    hire = start(ws)
    fake = host(in_dev=False)
    hire = ob.run_checks(ws, hire["id"], fake.run, fake.read)
    account, group, ssh = hire["steps"][0], hire["steps"][1], hire["steps"][4]
    assert account["verified"]["ok"] and account["done_by"] == ob.HOST
    assert "uid 1001" in account["verified"]["why"]
    assert not group["verified"]["ok"] and not group["done_at"]
    assert group["verified"]["why"] == "lin is not in group dev"
    assert ssh["verified"]["ok"] and "1 public key" in ssh["verified"]["why"]


def test_checks_write_only_when_something_changed(ws):
    hire = start(ws)
    fake = host()
    ob.run_checks(ws, hire["id"], fake.run, fake.read)
    rev = ws.shard("onboarding").rev
    ob.run_checks(ws, hire["id"], fake.run, fake.read)
    assert ws.shard("onboarding").rev == rev


def test_a_step_the_host_ticked_is_unticked_when_it_fails_but_a_manual_tick_stays(ws):
    hire = start(ws)
    ob.run_checks(ws, hire["id"], host().run, host().read)
    ob.set_step_done(ws.acting_as("lin"), hire["id"], 5, False)
    ob.set_step_done(ws.acting_as("lin"), hire["id"], 5, True)  # ticked by hand
    gone = FakeHost()  # the account was removed
    hire = ob.run_checks(ws, hire["id"], gone.run, gone.read)
    assert not hire["steps"][0]["done_at"]
    assert hire["steps"][0]["verified"] == {"ok": False, "why": "no account lin on this host",
                                             "at": "2024-09-02T02:00:00+00:00"}
    assert hire["steps"][4]["done_by"] == "lin" and not hire["steps"][4]["verified"]["ok"]
