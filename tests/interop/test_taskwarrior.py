"""Taskwarrior interop without the `task` program: sample `task export` JSON in, JSON out."""

from __future__ import annotations

import uuid

import orjson
import pytest
from interop_helpers import HOSTILE_TITLE

from store.interop import taskwarrior as tw
from store.core.errors import InvalidValue, PermissionDenied
from store.people.preferences import workspace_uuid
from store.projects.project import create_project, shard_name
from store.projects.tasks import get_task, project_tasks

U = [str(uuid.UUID(int=n + 1)) for n in range(8)]

# As `task export` (Taskwarrior 2.6) writes it; dues are midnight Asia/Shanghai in UTC.
SAMPLE = [
    {"id": 1, "description": "Write spec [bold]x[/] 规格", "due": "20240914T160000Z",
     "entry": "20240901T010203Z", "modified": "20240901T010203Z", "priority": "H",
     "project": "Q3.web", "status": "pending", "uuid": U[0], "tags": ["docs", "milestone"],
     "annotations": [{"entry": "20240901T020000Z", "description": "ask 陈静, first"},
                     {"entry": "20240901T030000Z", "description": "Delivery standard: 20 pages"}],
     "urgency": 9.1},
    {"id": 2, "description": "Review", "due": "20240919T160000Z", "entry": "20240901T010203Z",
     "priority": "L", "project": "Q3", "status": "pending", "uuid": U[1],
     "depends": [U[0]], "scheduled": "20240915T160000Z"},
    {"id": 0, "description": "Old thing", "end": "20240830T000000Z", "entry": "20240801T000000Z",
     "project": "Q3", "status": "completed", "uuid": U[2]},
    {"id": 0, "description": "Dropped", "entry": "20240801T000000Z", "project": "Q3",
     "status": "deleted", "uuid": U[3]},
    {"id": 3, "description": "Weekly report", "entry": "20240801T000000Z", "status": "recurring",
     "recur": "weekly", "due": "20240906T160000Z", "uuid": U[4]},
    {"id": 4, "description": "No due, other project", "project": "Home", "status": "waiting",
     "uuid": U[5], "depends": f"{U[0]},{U[1]}"},
]


def titles(ws, pid: int) -> dict[str, dict]:
    return {t["title"]: t for t in project_tasks(ws, pid)}


def test_import_maps_every_field(iws):
    result = tw.import_tasks(iws, 2, orjson.dumps(SAMPLE))
    assert result["added"] == ["2-1", "2-2", "2-3", "2-4", "2-5"]
    assert [s["uuid"] for s in result["skipped"]] == [U[4]]          # the recurring template
    assert result["warnings"] == []
    tasks = titles(iws, 2)
    spec = tasks["Write spec [bold]x[/] 规格"]
    assert spec["due"] == "2024-09-15"                     # midnight in Shanghai, not UTC's day
    assert spec["priority"] == "high" and spec["milestone"] is True
    assert spec["standard"] == "20 pages"
    assert spec["notes"] == [{"at": "2024-09-01T02:00:00+00:00", "text": "ask 陈静, first",
                              "by": iws.actor.login}]
    assert spec["owner"] == iws.actor.login and spec["state"] == "open"
    assert spec["taskwarrior"] == {"uuid": U[0], "project": "Q3.web", "tags": ["docs"]}
    assert spec["created_at"] == "2024-09-01T01:02:03+00:00"
    review = tasks["Review"]
    assert review["priority"] == "low" and review["start"] == "2024-09-16"
    assert review["depends"] == [spec["id"]]
    assert tasks["Old thing"]["state"] == "done" and tasks["Old thing"]["progress"] == 100
    assert tasks["Dropped"]["state"] == "cancelled"
    other = tasks["No due, other project"]
    assert other["due"] == "2024-11-30"                    # the project's due date
    assert other["priority"] == "medium"
    assert other["depends"] == [spec["id"], review["id"]]  # comma-separated text (2.5) too
    audit = iws.rows(shard_name(2), "_audit")[-1]
    assert audit["action"] == "taskwarrior.import" and audit["detail"]["added"] == result["added"]


def test_import_filters_by_taskwarrior_project(iws):
    result = tw.import_tasks(iws, 2, SAMPLE, tw_project="Q3")
    assert len(result["added"]) == 4                          # Q3 and Q3.web, not Home
    assert {s["uuid"] for s in result["skipped"]} == {U[4], U[5]}


def test_importing_again_updates_instead_of_duplicating(iws, clock):
    tw.import_tasks(iws, 2, SAMPLE)
    again = tw.import_tasks(iws, 2, SAMPLE)
    assert again["added"] == [] and again["updated"] == []
    assert len(again["unchanged"]) == 5
    changed = [dict(r) for r in SAMPLE]
    changed[0] = {**changed[0], "description": "Write spec v2", "due": "20240919T160000Z",
                  "annotations": SAMPLE[0]["annotations"] + [
                      {"entry": "20240902T000000Z", "description": "second note"}]}
    changed[1] = {**changed[1], "status": "completed", "depends": []}
    result = tw.import_tasks(iws, 2, changed)
    assert sorted(result["updated"]) == ["2-1", "2-2"]
    spec, review = get_task(iws, "2-1"), get_task(iws, "2-2")
    assert spec["title"] == "Write spec v2" and spec["due"] == "2024-09-20"
    assert [n["text"] for n in spec["notes"]] == ["ask 陈静, first", "second note"]
    assert review["state"] == "done" and review["depends"] == []
    assert len(project_tasks(iws, 2)) == 5


def test_an_import_never_reopens_a_done_task(iws):
    tw.import_tasks(iws, 2, SAMPLE)
    reopened = [{**SAMPLE[2], "status": "pending"}]
    assert tw.import_tasks(iws, 2, reopened)["unchanged"] == ["2-3"]
    assert get_task(iws, "2-3")["state"] == "done"


def test_a_dependency_cycle_refuses_the_whole_import(iws):
    loop = [{"uuid": U[0], "description": "A", "status": "pending", "depends": [U[1]]},
            {"uuid": U[1], "description": "B", "status": "pending", "depends": [U[0]]}]
    before = iws.rows(shard_name(2), "_audit")
    with pytest.raises(InvalidValue) as caught:
        tw.import_tasks(iws, 2, loop)
    assert caught.value.field == "depends" and "cycle" in str(caught.value)
    assert project_tasks(iws, 2) == [] and iws.rows(shard_name(2), "_audit") == before


def test_unknown_dependencies_and_bad_records_are_reported(iws):
    records = [{"uuid": U[0], "description": "A", "status": "pending", "depends": [U[7]]},
               {"uuid": "not-a-uuid", "description": "B", "status": "pending"},
               {"uuid": U[1], "description": "  ", "status": "pending"},
               {"uuid": U[2], "description": "C", "status": "frozen"},
               "just text",
               {"uuid": U[3], "description": "D\x1b[31m red\x07", "status": "pending",
                "due": "next tuesday"},
               {"uuid": U[5], "description": "x" * 400, "status": "pending"}]
    result = tw.import_tasks(iws, 2, records)
    assert result["added"] == ["2-1", "2-2", "2-3"]
    assert len(result["skipped"]) == 4
    assert any("not in the file" in w for w in result["warnings"])
    assert any("not a date" in w for w in result["warnings"])
    assert get_task(iws, "2-2")["title"] == "D[31m red"            # control characters dropped
    assert len(get_task(iws, "2-3")["title"]) == 300


@pytest.mark.parametrize("raw", [b"{not json", b"\xff\xfe", b"42", b'"text"'])
def test_unreadable_files_are_refused(iws, raw):
    with pytest.raises(InvalidValue) as caught:
        tw.import_tasks(iws, 2, raw)
    assert caught.value.field == "file"


def test_one_object_per_line_and_an_empty_export(iws):
    lines = b"\n".join(orjson.dumps(r) + b"," for r in SAMPLE[:2])
    assert len(tw.parse_export(lines)) == 2
    assert tw.parse_export(b"\xef\xbb\xbf[]\n") == []
    assert tw.import_tasks(iws, 2, b"")["added"] == []


def test_only_a_manager_imports(iws):
    with pytest.raises(PermissionDenied):
        tw.import_tasks(iws.acting_as("chen"), 1, SAMPLE)
    with pytest.raises(InvalidValue):
        tw.import_tasks(iws, 2, SAMPLE, owner="nobody")


def test_export_writes_what_task_import_reads(iws):
    records = {r["description"]: r for r in tw.export_tasks(iws, 1)}
    assert len(records) == 5
    design = records[HOSTILE_TITLE]
    namespace = workspace_uuid(iws)
    assert design["uuid"] == str(uuid.uuid5(namespace, "task:1-1"))
    assert design["status"] == "pending" and design["priority"] == "H"
    assert design["due"] == "20240829T160000Z" and design["scheduled"] == "20240731T160000Z"
    assert design["project"] == "Q3 迭代"
    assert design["annotations"] == [{"entry": design["entry"], "description":
                                      "Delivery standard: Mockups approved,\nsigned off; by PM"}]
    build = records["Build 构建"]
    assert build["tags"] == ["milestone"] and build["depends"] == [design["uuid"]]
    assert records["Old spike"]["status"] == "deleted" and "end" in records["Old spike"]
    assert records["Kickoff deck"]["status"] == "completed"
    assert records["Launch 上线"]["priority"] == "L"
    assert tw.export_tasks(iws, 1) == tw.export_tasks(iws, 1)        # stable
    text = tw.dumps(tw.export_tasks(iws))
    assert "迭代" in text                                              # UTF-8, not \\u escapes
    assert len(orjson.loads(text)) == 5


def test_round_trip_through_the_json_keeps_everything(iws):
    exported = tw.export_tasks(iws, 1)
    create_project(iws, "Copy", pm="alice", initiator_dept="Product", lead_dept="Product",
                   goal="g", due="2024-12-31")
    result = tw.import_tasks(iws, 3, tw.dumps(exported))
    assert len(result["added"]) == 5
    fields = ("title", "due", "start", "priority", "milestone", "standard", "state")
    original = {t["title"]: t for t in project_tasks(iws, 1)}
    copied = {t["title"]: t for t in project_tasks(iws, 3)}
    title_of = {t["id"]: t["title"] for t in [*original.values(), *copied.values()]}
    for title, task in original.items():
        assert {k: copied[title][k] for k in fields} == {k: task[k] for k in fields}, title
        assert [title_of[d] for d in copied[title]["depends"]] == \
            [title_of[d] for d in task["depends"]]
    # back into the same project: the uuids are its own, so nothing is added
    same = tw.import_tasks(iws, 1, tw.dumps(exported))
    assert same["added"] == [] and len(same["unchanged"]) == 5
    # and exported again, the copies keep the uuids they came with
    assert {r["uuid"] for r in tw.export_tasks(iws, 3)} == {r["uuid"] for r in exported}
