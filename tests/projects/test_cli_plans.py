"""The plan on the command line: dependencies refused or overlapping on purpose, the
plan's float/conflicts/late flags, the moves an approved delay makes, and the due-date
history in `huddle task show`."""

from store.projects import tasks

from .conftest import new_project, start_project
from .test_cli import clock, folder, fails, js, ok, run, ws  # noqa: F401  (fixtures)


def test_task_add_refuses_a_start_before_the_predecessor_then_overlap(ws, run):
    project = new_project(ws)
    made = start_project(ws, project)
    args = ["task", "add", project["id"], "预热物料", "--owner", "zhou", "--start", "2026-12-02",
            "--due", "2026-12-11", "--depends", made[1]["id"]]
    fails(run(*args, who="wang"), "1-2 “前端开发核心模块” finishes (2026-12-04)",
          "start on 2026-12-07 or later")
    new_id = ok(run(*args, "--overlap", who="wang")).stdout.strip()
    shown = js(run("task", "show", new_id, "--json"))
    assert shown["overlap"] is True and shown["due_history"] == []
    out = ok(run("project", "plan", project["id"])).stdout
    assert f"⇄ {new_id} overlaps 1-2 on purpose (starts 2026-12-02, 1-2 finishes 2026-12-04)" \
        in out
    fails(run("task", "edit", new_id, "--no-overlap", who="wang"), "1-2")
    ok(run("task", "edit", new_id, "--no-overlap", "--start", "2026-12-07", who="wang"))
    fails(run("task", "edit", made[0]["id"], "--due", "2026-11-23", who="wang"),
          "due: 1-2 “前端开发核心模块” depends on this task")


def test_plan_json_and_text_show_float_conflicts_and_late(ws, run):
    project = new_project(ws, due="2026-12-17")
    made = start_project(ws, project)
    with ws.transaction(f"project-{project['id']}") as tx:   # data from before the rule
        tx.table("tasks").update({"start": "2026-11-20"}, doc_ids=[3])
        tx.audit("test", "1-3")
    view = js(run("project", "plan", project["id"], "--json"))
    rows = {t["id"]: t for t in view["tasks"]}
    assert rows[made[2]["id"]]["conflicts"] == [made[0]["id"]]
    assert (rows[made[2]["id"]]["float"], rows[made[4]["id"]]["float"]) == (5, 0)
    assert view["buffer"]["flag"] == "late" and view["buffer"]["late_tasks"] == [made[4]["id"]]
    out = ok(run("project", "plan", project["id"])).stdout
    assert "⚠ 1-3 starts 2026-11-20, before 1-1 finishes (2026-11-20)" in out
    assert "Late: 1-5 finishes after the project's due date 2026-12-17" in out


def test_approved_delay_prints_the_moves_and_task_show_the_history(ws, run):
    made = start_project(ws, new_project(ws))
    d = js(run("delay", "request", made[0]["id"], "--to", "2026-11-24", "--reason", "需求变更",
               "--json", who="zhao"))
    ok(run("delay", "approve", d["id"], who="wang"))
    out = ok(run("delay", "approve", d["id"], who="pat")).stdout
    assert "1-4 moved after 1-2: 2026-12-07…2026-12-11 → 2026-12-09…2026-12-15" in out
    shown = ok(run("task", "show", made[3]["id"])).stdout
    assert ("2026-11-16 09:00: 2026-12-11 → 2026-12-15, start 2026-12-07 → 2026-12-09 "
            "(moved after 1-2, delay 1-d1)") in shown
    own = ok(run("task", "show", made[0]["id"])).stdout
    assert "2026-11-16 09:00: 2026-11-20 → 2026-11-24 (delay 1-d1)" in own
    data = js(run("task", "show", made[3]["id"], "--json"))
    assert data["due_history"][0]["after"] == "1-2" and data["due"] == "2026-12-15"
    assert tasks.get_task(ws, made[4]["id"])["start"] == "2026-12-16"


def test_the_buffer_is_labelled_once_and_the_approvers_by_their_roles(ws, run):
    """`project plan` and `delay impact` printed "Buffer: Buffer 5 of 39 …": the message is
    the value only. `delay list` named the approvers "pm,head": their roles' labels now."""
    project = new_project(ws)
    made = start_project(ws, project)
    out = ok(run("project", "plan", project["id"])).stdout
    buffer_line = next(line for line in out.splitlines() if line.startswith("Buffer"))
    assert buffer_line.count("Buffer") == 1 and "working days" in buffer_line, buffer_line
    d = js(run("delay", "request", made[0]["id"], "--to", "2026-11-24", "--reason", "需求变更",
               "--json", who="zhao"))
    impact = ok(run("delay", "impact", d["id"], who="wang")).stdout
    assert "Buffer: " in impact and "Buffer: Buffer" not in impact and \
        "Buffer too" not in impact, impact
    ok(run("delay", "approve", d["id"], who="wang"))
    ok(run("delay", "approve", d["id"], who="pat"))
    listed = ok(run("delay", "list", "--project", project["id"])).stdout
    assert "PM, Head" in listed and "pm,head" not in listed, listed
