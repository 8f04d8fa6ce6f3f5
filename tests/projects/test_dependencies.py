"""Finish-to-start dependencies hold (store/projects/tasks.py) and an approved delay moves the
dependents it must move, recording each move (store/projects/delays.py)."""

import pytest

from store.projects import delays, plan, tasks
from store.core.errors import InvalidValue

from .conftest import add_tasks, local


def test_a_start_before_the_predecessor_finishes_is_refused_naming_it(ws, running):
    project, made = running
    pm = ws.acting_as("wang")
    with pytest.raises(InvalidValue) as refused:
        tasks.add_task(pm, project["id"], "上线", owner="qian", start="2026-12-18",
                       due="2026-12-22", depends=[made[4]["id"]])
    assert refused.value.field == "start"
    assert str(refused.value) == (
        "start: 2026-12-18 is before 1-5 “市场预热” finishes (2026-12-18); start on "
        "2026-12-21 or later, or mark the overlap as intended")
    ok = tasks.add_task(pm, project["id"], "上线", owner="qian", start="2026-12-19",
                        due="2026-12-22", depends=[made[4]["id"]])   # the Saturday after: fine
    assert ok["start"] == "2026-12-19"


def test_an_overlap_marked_on_purpose_is_accepted(ws, running):
    project, made = running
    pm = ws.acting_as("wang")
    early = tasks.add_task(pm, project["id"], "预热物料", owner="zhou", start="2026-12-02",
                           due="2026-12-11", depends=[made[1]["id"]], overlap=True)
    assert early["overlap"] is True
    view = plan.project_plan(ws, project["id"])
    assert view["overlaps"] == [{"task": early["id"], "depends_on": made[1]["id"],
                                 "start": "2026-12-02", "depends_due": "2026-12-04"}]
    assert view["conflicts"] == []
    with pytest.raises(InvalidValue, match="1-2"):
        tasks.edit_task(pm, early["id"], overlap=False)
    tasks.edit_task(pm, early["id"], overlap=False, start="2026-12-07")


def test_edits_keep_the_order(ws, running):
    _, made = running
    pm = ws.acting_as("wang")
    with pytest.raises(InvalidValue) as refused:   # the start moves before 1-1's due day
        tasks.edit_task(pm, made[1]["id"], start="2026-11-20")
    assert refused.value.field == "start" and "1-1 “UI设计初稿”" in str(refused.value)
    with pytest.raises(InvalidValue) as refused:   # a new dependency that ends later
        tasks.edit_task(pm, made[2]["id"], depends=[made[1]["id"]])
    assert refused.value.field == "depends" and "1-2" in str(refused.value)
    with pytest.raises(InvalidValue) as refused:   # a due date running into a dependent
        tasks.edit_task(pm, made[0]["id"], due="2026-11-23")
    assert refused.value.field == "due" and str(refused.value) == (
        "due: 1-2 “前端开发核心模块” depends on this task and starts 2026-11-23, before "
        "2026-11-23; move it first, or mark its overlap as intended")
    assert tasks.get_task(ws, made[0]["id"])["due"] == "2026-11-20"   # nothing written
    tasks.edit_task(pm, made[2]["id"], state="cancelled")
    tasks.edit_task(pm, made[0]["id"], due="2026-11-20")               # a no-op is fine


def test_approval_moves_the_dependents_with_history(ws, running, clock):
    project, made = running
    ids = [t["id"] for t in made]
    delay = delays.request_delay(ws.acting_as("zhao"), ids[0], "2026-11-24", "需求变更")
    seen = delays.delay_impact(ws, delay["id"])["moves"]
    delays.approve_delay(ws.acting_as("wang"), delay["id"])
    assert tasks.get_task(ws, ids[1])["start"] == "2026-11-23"        # nothing moves yet
    clock.set(local("2026-11-16 11:00"))
    done = delays.approve_delay(ws.acting_as("pat"), delay["id"], seen=seen)
    assert done["state"] == "approved" and done["changed_since_preview"] is False
    assert [(m["id"], m["new_start"], m["new_due"]) for m in done["moved"]] == \
        [(m["id"], m["new_start"], m["new_due"]) for m in seen]
    after = {t["id"]: t for t in tasks.project_tasks(ws, project["id"])}
    assert (after[ids[3]]["start"], after[ids[3]]["due"]) == ("2026-12-09", "2026-12-15")
    assert after[ids[3]]["due_history"] == [{
        "due": "2026-12-11", "until": "2026-12-15", "at": "2026-11-16T03:00:00+00:00",
        "delay": delay["id"], "start": "2026-12-07", "new_start": "2026-12-09",
        "after": ids[1]}]
    view = plan.project_plan(ws, project["id"])
    assert view["conflicts"] == [] and view["end"] == "2026-12-22"


def test_approval_recomputes_when_the_plan_changed_since_the_preview(ws, running, clock):
    project, made = running
    ids = [t["id"] for t in made]
    delay = delays.request_delay(ws.acting_as("zhao"), ids[0], "2026-11-24", "需求变更")
    seen = delays.delay_impact(ws, delay["id"])["moves"]
    tasks.edit_task(ws.acting_as("wang"), ids[2], start="2026-11-26", due="2026-11-30")
    delays.approve_delay(ws.acting_as("wang"), delay["id"])
    done = delays.approve_delay(ws.acting_as("pat"), delay["id"], seen=seen)
    assert done["changed_since_preview"] is True
    moved = {m["id"]: (m["new_start"], m["new_due"]) for m in done["moved"]}
    assert ids[2] not in moved and moved[ids[1]] == ("2026-11-25", "2026-12-08")
    assert plan.project_plan(ws, project["id"])["conflicts"] == []


def test_overlapping_dependent_moves_only_when_it_would_finish_first(ws, project):
    made = add_tasks(ws, project["id"], [("设计", "zhao", "2026-11-16", "2026-11-27", (), False)])
    dev = tasks.add_task(ws.acting_as("wang"), project["id"], "开发", owner="qian",
                         start="2026-11-23", due="2026-12-01", depends=[made[0]["id"]],
                         overlap=True)
    assert plan.slip_preview(ws, made[0]["id"], "2026-11-30")["moves"] == []
    moves = plan.slip_preview(ws, made[0]["id"], "2026-12-03")["moves"]
    assert [(m["id"], m["new_start"], m["new_due"]) for m in moves] == \
        [(dev["id"], "2026-11-25", "2026-12-03")]


def test_an_older_broken_dependency_does_not_block_other_edits(ws, running):
    project, made = running
    pm = ws.acting_as("wang")
    with ws.transaction(f"project-{project['id']}") as tx:   # e.g. a Taskwarrior import
        tx.table("tasks").update({"start": "2026-11-18"}, doc_ids=[2])
        tx.audit("test", made[1]["id"])
    tasks.edit_task(pm, made[1]["id"], title="前端开发（核心）", priority="high")
    tasks.edit_task(pm, made[0]["id"], standard="评审通过 2 轮")
    with pytest.raises(InvalidValue, match="1-3"):     # a new conflict is still refused
        tasks.edit_task(pm, made[0]["id"], due="2026-11-23")
    assert plan.project_plan(ws, project["id"])["conflicts"][0]["task"] == made[1]["id"]


def test_an_unscheduled_start_is_the_working_day_after_the_predecessors(ws, running):
    project, made = running
    pm = ws.acting_as("wang")
    after = tasks.add_task(pm, project["id"], "上线", owner="qian", due="2026-12-24",
                           depends=[made[4]["id"], made[2]["id"]])
    assert after["start"] == "2026-12-21"            # Mon after 市场预热 (Fri 12-18)
    free = tasks.add_task(pm, project["id"], "周报", owner="qian", due="2026-12-24")
    assert free["start"] == "2026-11-16"             # today
