"""The war room's records and rules without any UI: declaration, ids, states,
roles with history, permissions and the append-only timeline."""

from __future__ import annotations

import pytest

from store.warroom import incidents
from store.projects import issues as project_issues
from store.core.errors import (IllegalTransition, InvalidValue, NotFound, PermissionDenied,
                               StoreError)

from incident_helpers import ADMIN, declare, mobilised


def test_declare_keeps_the_initial_information_form(workspace, clock):
    inc = declare(workspace, began_at="2024-09-02 09:40", reporter="chen")
    assert inc["id"] == "INC-1" and inc["number"] == 1
    assert inc["state"] == "reported" and inc["severity"] == "S1"
    assert inc["reporter"] == "chen" and inc["declared_by"] == "alice"
    assert inc["began_at"] == "2024-09-02T01:40:00+00:00"  # 09:40 Shanghai
    assert inc["reported_at"] == "2024-09-02T02:00:00+00:00"
    assert inc["impact"].startswith("全国用户") and inc["measures"] == "重启服务器无效"
    first = inc["events"][0]
    assert first["kind"] == "declared" and first["author"] == "alice"
    assert first["data"]["began_at"] == inc["began_at"]
    # the id comes from the small index shard, not the directory
    assert workspace.rows("incidents", "index")[0]["title"] == "官网无法访问"
    assert declare(workspace, "second")["id"] == "INC-2"
    assert workspace.exists("incident-2")


@pytest.mark.parametrize("field,kwargs", [
    ("title", {"title": "  "}),
    ("impact", {"impact": ""}),
    ("severity", {"severity_level": "S5"}),
    ("began", {"began_at": "yesterday"}),
    ("began", {"began_at": "2024-09-02 11:00"}),  # in the future
    ("reporter", {"reporter": "nobody"}),
    ("title", {"title": "bad\x1b[31m"}),
])
def test_declare_refuses_bad_input(workspace, field, kwargs):
    title = kwargs.pop("title", "ok")
    with pytest.raises(InvalidValue) as err:
        declare(workspace, title, **kwargs)
    assert err.value.field == field
    assert incidents.list_incidents(workspace) == []


def test_severity_and_ids_accept_what_people_type(workspace):
    assert incidents.severity("s2") == "S2" and incidents.severity("３") == "S3"
    for text in ("INC-7", "inc-7", "7", "#7", "ＩＮＣ－７"):
        assert incidents.parse_incident_id(text) == 7
    with pytest.raises(InvalidValue):
        incidents.parse_incident_id("P-7")
    with pytest.raises(NotFound):
        incidents.get_incident(workspace, "INC-99")


def test_only_members_declare(workspace, tmp_path):
    from store.core.identity import Actor
    from store.core.workspace import Workspace
    stranger = Workspace(workspace.folder, workspace.clock, Actor("mallory", "mallory"))
    with pytest.raises(PermissionDenied):
        declare(stranger)


def test_legal_transitions_only(workspace, clock, as_):
    inc = declare(workspace)
    alice = as_("alice")
    incidents.assign_role(alice, inc["id"], "lead", "alice")
    # reported: mitigated/resolved are not the next step
    with pytest.raises(IllegalTransition, match="mobilising"):
        incidents.mark_mitigated(alice, inc["id"], "扩容")
    with pytest.raises(IllegalTransition):
        incidents.resolve(alice, inc["id"], cause="x", measures="y")
    incidents.assign_role(alice, inc["id"], "logs", "bob")
    assert incidents.get_incident(workspace, 1)["state"] == "mobilising"
    with pytest.raises(IllegalTransition):
        incidents.resolve(alice, 1, cause="x", measures="y")
    incidents.mark_mitigated(alice, 1, "扩容连接池")
    with pytest.raises(IllegalTransition):
        incidents.mark_mitigated(alice, 1, "again")
    done = incidents.resolve(alice, 1, cause="连接池溢出", measures="扩容")
    assert done["state"] == "resolved"
    states = [(e["data"]["from"], e["data"]["to"]) for e in done["events"] if e["kind"] == "state"]
    assert states == [("reported", "mobilising"), ("mobilising", "mitigating"),
                      ("mitigating", "resolved")]
    # no roles, updates or second resolution once resolved
    with pytest.raises(IllegalTransition):
        incidents.assign_role(alice, 1, "scribe", "chen")
    with pytest.raises(IllegalTransition):
        incidents.post_update(alice, 1, "late")
    with pytest.raises(IllegalTransition):
        incidents.resolve(alice, 1, cause="x", measures="y")
    assert incidents.TRANSITIONS["postmortem_done"] == ()


def test_roles_keep_their_history(workspace, clock, as_):
    inc = mobilised(workspace, clock)
    clock.advance(minutes=5)
    incidents.assign_role(as_("alice"), inc["id"], "logs", "chen")  # handoff bob → chen
    clock.advance(minutes=5)
    incidents.assign_role(as_("alice"), inc["id"], "lead", "bob")   # the lead hands over
    inc = incidents.get_incident(workspace, inc["id"])
    logs = [r for r in inc["roles"] if r["role"] == "logs"]
    assert [(r["login"], r["assumed_at"][11:16], (r["renounced_at"] or "")[11:16])
            for r in logs] == [("bob", "02:03", "02:08"), ("chen", "02:08", "")]
    assert incidents.current_roles(inc) == {"lead": "bob", "logs": "chen"}
    assert inc["lead"] == "bob"
    # alice is no longer lead: she may not assign roles any more
    with pytest.raises(PermissionDenied, match="bob"):
        incidents.assign_role(as_("alice"), inc["id"], "scribe", "alice")
    incidents.renounce_role(as_("chen"), inc["id"], "logs")
    inc = incidents.get_incident(workspace, inc["id"])
    assert "logs" not in incidents.current_roles(inc)
    kinds = [(e["data"]["action"], e["data"]["role"]) for e in inc["events"] if e["kind"] == "role"]
    assert kinds == [("assumed", "lead"), ("assumed", "logs"), ("handoff", "logs"),
                     ("handoff", "lead"), ("renounced", "logs")]


def test_role_permissions(workspace, clock, as_):
    inc = declare(workspace)
    # without a lead only the lead role may be given, by any member
    with pytest.raises(PermissionDenied, match="no incident lead"):
        incidents.assign_role(as_("chen"), inc["id"], "logs", "bob")
    incidents.assign_role(as_("chen"), inc["id"], "lead", "alice")
    with pytest.raises(PermissionDenied, match="alice"):
        incidents.assign_role(as_("chen"), inc["id"], "lead", "chen")
    with pytest.raises(InvalidValue) as err:
        incidents.assign_role(as_("alice"), inc["id"], "logs", "ghost")
    assert err.value.field == "login"
    with pytest.raises(InvalidValue):
        incidents.assign_role(as_("alice"), inc["id"], "lead", "alice")  # already holds it
    # a workspace admin acting as themself may take over an unreachable lead …
    incidents.assign_role(workspace, inc["id"], "lead", ADMIN)
    assert incidents.get_incident(workspace, 1)["lead"] == ADMIN
    # … but an admin acting for chen has only chen's rights
    with pytest.raises(PermissionDenied):
        incidents.assign_role(as_("chen"), inc["id"], "lead", "chen")
    # only the holder or the lead gives up a role
    incidents.assign_role(workspace, 1, "vendor", "bob")
    with pytest.raises(PermissionDenied):
        incidents.renounce_role(as_("chen"), 1, "vendor")
    incidents.renounce_role(as_("bob"), 1, "vendor")


def test_only_the_lead_updates_mitigates_resolves(workspace, clock, as_):
    inc = mobilised(workspace, clock)
    for call in (lambda w: incidents.post_update(w, 1, "status"),
                 lambda w: incidents.mark_mitigated(w, 1, "fix"),
                 lambda w: incidents.resolve(w, 1, cause="c", measures="m")):
        with pytest.raises(PermissionDenied, match="Only the incident lead"):
            call(as_("bob"))
        with pytest.raises(PermissionDenied):
            call(workspace)  # an admin is not the lead either
    incidents.post_update(as_("alice"), inc["id"], "初步判断为数据库连接池溢出，正在扩容")
    incidents.mark_mitigated(as_("alice"), 1, "fix")
    assert incidents.resolve(as_("alice"), 1, cause="c", measures="m")["state"] == "resolved"


def test_ready_is_confirmed_by_the_member_only(workspace, clock, as_):
    inc = mobilised(workspace, clock)
    alice_rec = incidents.member_record(inc, "alice")
    assert alice_rec["ready_at"] == alice_rec["mobilised_at"]  # took the lead herself
    with pytest.raises(StoreError, match="already confirmed"):
        incidents.confirm_ready(as_("alice"), 1)
    with pytest.raises(StoreError, match="not been mobilised"):
        incidents.confirm_ready(as_("chen"), 1)
    rec = incidents.confirm_ready(as_("bob"), 1, "研发团队已准备回滚方案")
    assert rec["ready_at"] and rec["ready_note"] == "研发团队已准备回滚方案"
    assert incidents.pending_ready(incidents.get_incident(workspace, 1)) == []


def test_timeline_is_append_only(workspace, clock, as_):
    mobilised(workspace, clock)
    note = incidents.log_note(as_("bob"), 1, "[bold]日志显示连接池耗尽[/]")
    decision = incidents.log_note(as_("alice"), 1, "回滚到 v2.3", kind="decision")
    before = incidents.timeline(workspace, 1)
    # no edit or delete exists; pins are the only change, by the author or the lead
    assert not any(hasattr(incidents, name) for name in
                   ("edit_event", "delete_event", "update_event", "remove_event"))
    with pytest.raises(PermissionDenied):
        incidents.pin_event(as_("chen"), 1, note["no"])
    with pytest.raises(PermissionDenied):
        incidents.pin_event(as_("bob"), 1, decision["no"])  # not bob's, bob not lead
    assert incidents.pin_event(as_("bob"), 1, note["no"])["pinned"] is True
    assert incidents.pin_event(as_("alice"), 1, note["no"], False)["pinned"] is False
    incidents.pin_event(as_("alice"), 1, decision["no"])
    clock.advance(minutes=1)
    incidents.log_note(as_("chen"), 1, "客服口径已同步")
    after = incidents.timeline(workspace, 1)
    assert len(after) == len(before) + 1
    strip = ("pinned", "pinned_at", "pinned_by")
    for old, new in zip(before, after):
        assert {k: v for k, v in old.items() if k not in strip} == \
               {k: v for k, v in new.items() if k not in strip}
    assert [e["no"] for e in after] == sorted(e["no"] for e in after)
    assert after[-1]["author"] == "chen" and after[-1]["text"] == "客服口径已同步"
    with pytest.raises(NotFound):
        incidents.pin_event(as_("alice"), 1, 999)
    with pytest.raises(InvalidValue):
        incidents.log_note(as_("chen"), 1, "x", kind="edit")
    # every write was audited in the incident's own shard
    actions = [a["action"] for a in workspace.rows("incident-1", "_audit")]
    assert actions.count("incident.log") == 3 and "incident.pin" in actions


def test_list_puts_active_incidents_first(workspace, clock, as_):
    declare(workspace, "old S3", severity_level="S3")
    clock.advance(minutes=1)
    declare(workspace, "closed S1")
    alice = as_("alice")
    incidents.assign_role(alice, 2, "lead", "alice")
    incidents.assign_role(alice, 2, "logs", "bob")
    incidents.mark_mitigated(alice, 2, "m")
    incidents.resolve(alice, 2, cause="c", measures="m")
    clock.advance(minutes=1)
    declare(workspace, "new S2", severity_level="S2")
    found = [i["title"] for i in incidents.list_incidents(workspace)]
    assert found == ["new S2", "old S3", "closed S1"]
    assert [i["title"] for i in incidents.list_incidents(workspace, active_only=True)] == \
        ["new S2", "old S3"]


def test_escalating_an_urgent_project_issue_links_both_ways(workspace, clock, as_):
    from store.projects import project as projects
    project = projects.create_project(as_("alice"), "Q3 迭代", pm="alice",
                                      initiator_dept="Product", lead_dept="Engineering",
                                      goal="MVP", due="2024-12-31")
    general = project_issues.file_issue(as_("bob"), project["id"], "按钮颜色不对",
                                        level="general")
    with pytest.raises(InvalidValue, match="urgent"):
        incidents.escalate_issue(as_("bob"), general["id"])
    issue = project_issues.file_issue(as_("bob"), project["id"],
                                      "系统崩溃导致客户无法下单\n日志见附件", level="urgent",
                                      impact="全部下单用户")
    inc = incidents.escalate_issue(as_("bob"), issue["id"])
    assert inc["title"] == "系统崩溃导致客户无法下单" and inc["impact"] == "全部下单用户"
    assert inc["severity"] == "S2" and inc["source"]["id"] == issue["id"]
    assert inc["events"][-1]["kind"] == "link"
    assert project_issues.get_issue(workspace, issue["id"])["incident"] == inc["id"]
    # once is enough: escalating again finds the same incident
    assert incidents.escalate_issue(as_("alice"), issue["id"])["id"] == inc["id"]
    assert len(incidents.list_incidents(workspace)) == 1


def test_user_text_is_data(workspace, clock):
    inc = declare(workspace, "[link=file:///etc/passwd]x[/link] {id} {title}")
    assert incidents.get_incident(workspace, inc["id"])["title"] == \
        "[link=file:///etc/passwd]x[/link] {id} {title}"
