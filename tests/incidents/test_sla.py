"""The SLA timers at exact instants (SPEC §2.2–2.4): roles within 10 minutes of the
report, ready within 30 minutes of being mobilised, a status update every 30
minutes until resolved; as countdowns and as Reminders; and the measures."""

from __future__ import annotations

from datetime import timedelta

from store.warroom import sla
from store.warroom import incidents
from store.reminders import registry as reminders
from store.core.clock import parse_instant

from incident_helpers import declare, mobilised

T0 = parse_instant("2024-09-02T02:00:00+00:00")  # the report, 10:00 in Shanghai


def at(minutes: float = 0, seconds: float = 0):
    return T0 + timedelta(minutes=minutes, seconds=seconds)


def incident_reminders(ws, now):
    return {(r.kind, r.subject): r for r in reminders.collect(ws, now)
            if r.kind.startswith("incident.")}


def by_rule(inc, rule, login=None):
    return [d for d in sla.deadlines(inc) if d.rule == rule and d.login == login]


def test_roles_within_ten_minutes_of_the_report(workspace, clock):
    inc = declare(workspace)
    (roles,) = by_rule(inc, "roles")
    assert roles.due_at == at(10) and roles.who == ("alice",)  # no lead yet: the reporter
    assert roles.status(at(4, 59)) == "pending"
    assert roles.status(at(5)) == "warning"
    assert roles.status(at(10)) == "warning"          # the due instant is still on time
    assert roles.status(at(10, 1)) == "overdue"
    assert roles.remaining(at(7, 30)) == timedelta(minutes=2, seconds=30)
    # reminders: none before the warning window, due at it, overdue one second after
    assert ("incident.roles", "INC-1") not in incident_reminders(workspace, at(4, 59))
    assert incident_reminders(workspace, at(5))[("incident.roles", "INC-1")].overdue is False
    assert incident_reminders(workspace, at(10))[("incident.roles", "INC-1")].overdue is False
    late = incident_reminders(workspace, at(10, 1))[("incident.roles", "INC-1")]
    assert late.overdue is True and late.due_at == at(10) and "10 minutes" in late.title


def test_roles_met_at_the_due_instant_is_on_time(workspace, clock, as_):
    declare(workspace)
    clock.set(at(10))
    incidents.assign_role(as_("alice"), 1, "lead", "alice")
    inc = incidents.get_incident(workspace, 1)
    assert inc["state"] == "reported"                  # a lead alone is not the division of work
    assert by_rule(inc, "roles")[0].is_open
    incidents.assign_role(as_("alice"), 1, "logs", "bob")
    inc = incidents.get_incident(workspace, 1)
    (roles,) = by_rule(inc, "roles")
    assert roles.met_at == at(10) and roles.status(at(60)) == "met"
    assert ("incident.roles", "INC-1") not in incident_reminders(workspace, at(10, 1))


def test_roles_one_second_late_is_late(workspace, clock, as_):
    declare(workspace)
    clock.set(at(10, 1))
    incidents.assign_role(as_("alice"), 1, "lead", "alice")
    incidents.assign_role(as_("alice"), 1, "logs", "bob")
    (roles,) = by_rule(incidents.get_incident(workspace, 1), "roles")
    assert roles.status(at(11)) == "late"
    assert sla.measures(incidents.get_incident(workspace, 1))["sla"]["late"] == 1


def test_each_mobilised_member_is_ready_within_thirty_minutes(workspace, clock, as_):
    inc = mobilised(workspace, clock)                  # bob mobilised at 10:03
    (bob,) = by_rule(inc, "ready", "bob")
    assert bob.started_at == at(3) and bob.due_at == at(33) and bob.who == ("bob",)
    assert bob.status(at(33)) == "warning" and bob.status(at(33, 1)) == "overdue"
    assert by_rule(inc, "ready", "alice")[0].status(at(3)) == "met"  # self-assigned
    key = ("incident.ready", "INC-1:bob")
    assert key not in incident_reminders(workspace, at(27, 59))
    assert incident_reminders(workspace, at(28))[key].overdue is False
    assert incident_reminders(workspace, at(28))[key].title.startswith(
        "INC-1 “官网无法访问”: Bob Li must confirm ready")          # the name people know
    assert [d.label for d in sla.named(workspace, [bob])] == ["Bob Li ready"]
    assert bob.label == "bob ready"                    # unnamed: the login (no workspace)
    assert incident_reminders(workspace, at(33, 1))[key].overdue is True
    clock.set(at(33))
    incidents.confirm_ready(as_("bob"), 1)
    inc = incidents.get_incident(workspace, 1)
    assert by_rule(inc, "ready", "bob")[0].status(at(40)) == "met"
    assert key not in incident_reminders(workspace, at(40))


def test_a_handoff_stands_down_the_unready_member(workspace, clock, as_):
    mobilised(workspace, clock)
    clock.set(at(20))
    incidents.assign_role(as_("alice"), 1, "logs", "chen")
    inc = incidents.get_incident(workspace, 1)
    (bob,) = by_rule(inc, "ready", "bob")
    assert bob.closed_at == at(20) and bob.status(at(40)) == "cancelled"
    (chen,) = by_rule(inc, "ready", "chen")
    assert chen.due_at == at(50) and chen.is_open
    assert [d.subject for d in sla.open_deadlines(inc) if d.rule == "ready"] == ["INC-1:chen"]


def test_status_update_every_thirty_minutes_until_resolved(workspace, clock, as_):
    mobilised(workspace, clock)
    alice = as_("alice")
    first = by_rule(incidents.get_incident(workspace, 1), "update")
    assert [d.due_at for d in first] == [at(30)] and first[0].who == ("alice",)
    assert first[0].status(at(30)) == "warning" and first[0].status(at(30, 1)) == "overdue"
    clock.set(at(30))                                   # on the instant: met
    incidents.post_update(alice, 1, "初步判断为数据库连接池溢出，正在扩容")
    clock.set(at(61))                                   # one minute late
    incidents.post_update(alice, 1, "扩容完成，观察中")
    inc = incidents.get_incident(workspace, 1)
    updates = by_rule(inc, "update")
    assert [(d.due_at, d.status(at(61))) for d in updates] == [
        (at(30), "met"), (at(60), "late"), (at(91), "pending")]
    key = ("incident.update", "INC-1")
    assert incident_reminders(workspace, at(86))[key].due_at == at(91)
    assert incident_reminders(workspace, at(91, 1))[key].overdue is True
    # resolving ends the rule: no more update deadlines, no reminders
    clock.set(at(80))
    incidents.mark_mitigated(alice, 1, "限流")
    incidents.resolve(alice, 1, cause="连接池溢出", measures="扩容")
    inc = incidents.get_incident(workspace, 1)
    assert sla.open_deadlines(inc) == [] and sla.countdowns(inc) == []
    assert [d.due_at for d in by_rule(inc, "update")] == [at(30), at(60)]
    assert incident_reminders(workspace, at(200)) == {}


def test_missed_update_is_recorded_when_resolved_after_it(workspace, clock, as_):
    mobilised(workspace, clock)
    alice = as_("alice")
    clock.set(at(20))
    incidents.confirm_ready(as_("bob"), 1)
    incidents.mark_mitigated(alice, 1, "限流")
    clock.set(at(45))                                   # the 10:30 update never came
    incidents.resolve(alice, 1, cause="c", measures="m")
    inc = incidents.get_incident(workspace, 1)
    (update,) = by_rule(inc, "update")
    assert update.status(at(45)) == "missed" and update.closed_at == at(45)
    assert sla.measures(inc)["sla"] == {"met": 3, "late": 0, "missed": 1}


def test_countdowns_show_the_earliest_open_deadline_of_each_rule(workspace, clock, as_):
    declare(workspace)
    clock.set(at(2))
    incidents.assign_role(as_("chen"), 1, "lead", "alice")   # alice owes a ready too
    inc = incidents.get_incident(workspace, 1)
    shown = [(d.rule, d.due_at) for d in sla.countdowns(inc)]
    assert shown == [("roles", at(10)), ("update", at(30)), ("ready", at(32))]
    assert sla.next_deadline(inc).rule == "roles"
    assert [d.rule for d in sla.passed(inc, at(10, 1))] == ["roles"]
    assert [d.rule for d in sla.passed(inc, at(10))] == []


def test_measures_come_from_the_timeline(workspace, clock, as_):
    inc = declare(workspace, began_at="2024-09-02 09:30")      # began 30 minutes before
    alice = as_("alice")
    clock.set(at(4))
    incidents.assign_role(alice, 1, "lead", "alice")
    incidents.assign_role(alice, 1, "logs", "bob")
    clock.set(at(25))
    incidents.mark_mitigated(alice, 1, "限流")
    clock.set(at(90))
    incidents.resolve(alice, 1, cause="c", measures="m")
    m = sla.measures(incidents.get_incident(workspace, inc["id"]))
    assert (m["time_to_roles"], m["time_to_mitigation"], m["time_to_resolution"]) == \
        (240, 1500, 5400)
    assert m["duration"] == 120 * 60                              # lasted 120 minutes
    rows = sla.history(workspace)
    assert [r["id"] for r in rows] == ["INC-1"]
    assert sla.history_summary(rows) == {"time_to_roles": 4.0, "time_to_mitigation": 25.0,
                                         "time_to_resolution": 90.0, "duration": 120.0,
                                         "count": 1}
