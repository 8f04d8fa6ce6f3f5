"""The round trip with the real Taskwarrior program (`task`), in a private TASKDATA/TASKRC.

Skipped where `task` is not installed (`apt-get install taskwarrior`; .ci/run tries it).
Taskwarrior runs with TZ=Asia/Shanghai, the test workspace's timezone, so a
`due:2024-09-15` typed into it is the same day in Huddle.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import orjson
import pytest
from interop_helpers import HOSTILE_TITLE

from store.interop import taskwarrior as tw
from store.projects.project import create_project
from store.projects.tasks import edit_task, get_task, project_tasks

TASK = shutil.which("task")
pytestmark = pytest.mark.skipif(
    TASK is None, reason="Taskwarrior (`task`) is not installed: apt-get install taskwarrior")


@pytest.fixture
def task(tmp_path):
    data = tmp_path / "taskdata"
    data.mkdir()
    rc = tmp_path / "taskrc"
    rc.write_text("")
    env = {**os.environ, "TASKDATA": str(data), "TASKRC": str(rc), "TZ": "Asia/Shanghai",
           "LC_ALL": "C.UTF-8"}

    def run(*args: str) -> bytes:
        done = subprocess.run([TASK, "rc.confirmation=off", "rc.verbose=nothing",
                               "rc.json.array=on", "rc.hooks=off", *args],
                              env=env, capture_output=True, timeout=60)
        assert done.returncode == 0, (args, done.stdout, done.stderr)
        return done.stdout

    run.folder = tmp_path  # type: ignore[attr-defined]
    return run


def export_of(task) -> dict[str, dict]:
    return {r["uuid"]: r for r in orjson.loads(task("export"))}


def test_huddle_to_taskwarrior_and_back(iws, task):
    exported = tw.export_tasks(iws, 1)
    path = task.folder / "huddle.json"
    path.write_text(tw.dumps(exported), encoding="utf-8")
    task("import", str(path))
    seen = export_of(task)
    assert set(seen) == {r["uuid"] for r in exported}
    for record in exported:
        got = seen[record["uuid"]]
        for key in ("description", "status", "due", "priority", "project", "scheduled"):
            assert got.get(key) == record.get(key), (key, got, record)
        assert sorted(got.get("depends", [])) == sorted(record.get("depends", []))
        assert got.get("tags", []) == record.get("tags", [])
        assert [a["description"] for a in got.get("annotations", [])] == \
            [a["description"] for a in record.get("annotations", [])]
    assert any(r["description"] == HOSTILE_TITLE for r in seen.values())

    # what Taskwarrior gives back makes the same tasks in a new project …
    create_project(iws, "Copy", pm="alice", initiator_dept="Product", lead_dept="Product",
                   goal="g", due="2024-12-31")
    result = tw.import_tasks(iws, 3, task("export"))
    assert len(result["added"]) == 5 and result["warnings"] == []
    fields = ("title", "due", "start", "priority", "milestone", "standard", "state")
    original = {t["title"]: {k: t[k] for k in fields} for t in project_tasks(iws, 1)}
    copied = {t["title"]: {k: t[k] for k in fields} for t in project_tasks(iws, 3)}
    assert copied == original
    # … and changes nothing in the project it came from
    again = tw.import_tasks(iws, 1, task("export"))
    assert again["added"] == [] and again["updated"] == []


def test_taskwarrior_to_huddle_and_back(iws, task):
    task("add", "Spec [bold]x[/] 规格, v1", "due:2024-09-15", "priority:H", "project:Q3.web",
         "+docs")
    task("add", "Review", "due:2024-09-20", "depends:1", "project:Q3")
    task("1", "annotate", "ask 陈静; before Friday")
    task("add", "Done already", "project:Q3")
    task("3", "done")
    result = tw.import_tasks(iws, 2, task("export"))
    assert len(result["added"]) == 3 and result["skipped"] == []
    tasks = {t["title"]: t for t in project_tasks(iws, 2)}
    spec = tasks["Spec [bold]x[/] 规格, v1"]
    assert spec["due"] == "2024-09-15" and spec["priority"] == "high"
    assert [n["text"] for n in spec["notes"]] == ["ask 陈静; before Friday"]
    assert spec["taskwarrior"]["project"] == "Q3.web" and spec["taskwarrior"]["tags"] == ["docs"]
    assert tasks["Review"]["depends"] == [spec["id"]] and tasks["Review"]["due"] == "2024-09-20"
    assert tasks["Done already"]["state"] == "done"

    # change it in Huddle, send it back: Taskwarrior updates the same tasks
    edit_task(iws, spec["id"], title="Spec v2 规格", priority="low")
    path = task.folder / "back.json"
    path.write_text(tw.dumps(tw.export_tasks(iws, 2)), encoding="utf-8")
    task("import", str(path))
    seen = export_of(task)
    assert len(seen) == 3
    back = seen[spec["taskwarrior"]["uuid"]]
    assert back["description"] == "Spec v2 规格" and back["priority"] == "L"
    assert back["due"] == "20240914T160000Z"
    assert back["project"] == "Hiring drive"  # the Huddle project's name
    assert [a["description"] for a in back["annotations"]] == ["ask 陈静; before Friday"]
    assert get_task(iws, spec["id"])["title"] == "Spec v2 规格"
