"""A damaged file costs only what is in it (store/core/damage.py).

Every store function that reads many shards goes on without a damaged one, notes the file in
`ws.damage`, and never writes it; a record asked for by its id still fails with the store's
clear message; a damaged directory stops everything. Runs on a copy of the pinned demo
(tests/huddle_scenes.py): six projects, four incidents, onboarding, minutes, customers.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from huddle_scenes import open_demo
from stkit import reachable_copy, run_unprivileged

from store.projects import (deliverables, delays, lagging, my_work, progress,
                            issues as project_issues, project as projects, resources, tasks)
from store.warroom import incidents
from store.meetings import minutes, standup
from store.reminders import engine as reminder_engine
from store.core import storage
from store.interop import taskwarrior
from store.core.errors import NotFound, WorkspaceCorrupt, WorkspaceUnreadable
from store.interop.ics import export_calendar
from store.core.workspace import DIRECTORY


def _cut(path: Path) -> None:
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) // 2])


def _folder_in_place(path: Path) -> None:
    path.unlink()
    path.mkdir()  # what root cannot be kept from reading, it cannot read either


DAMAGE = {
    "garbage bytes": lambda path: path.write_bytes(bytes(range(256)) * 4),
    "truncated": _cut,
    "empty": lambda path: path.write_bytes(b""),
    "wrong shape": lambda path: path.write_bytes(b'{"_rev":3,"tables":[]}'),
    "folder in its place": _folder_in_place,
}
REASONS = {
    "garbage bytes": "it is corrupt (str is not valid UTF-8",
    "truncated": "it is corrupt (",
    "empty": "it is empty",
    "wrong shape": "it is corrupt (not the shape of a Huddle file)",
    "folder in its place": "it cannot be read (Is a directory)",
}


def damage(ws, shard: str, kind: str = "garbage bytes"):
    """Damage `shard`; returns a check that it is exactly as left (never written since)."""
    path = ws.folder / f"{shard}.json"
    DAMAGE[kind](path)
    if path.is_dir():
        return lambda: path.is_dir() and not any(path.iterdir())
    left = path.read_bytes()
    return lambda: path.read_bytes() == left


def fresh(ws):
    """The folder as a new process sees it (no cache, no damage noted yet)."""
    return open_demo(ws.folder, ws.actor.login)


def by_project(records, project_of):
    return [(project_of(r), r) for r in records]


# Each list function, and how to tell which project a record of it belongs to.
ME = "linsiyuan"
LISTS = {
    "projects": (lambda ws: projects.list_projects(ws), lambda p: p["id"], 1),
    "tasks": (lambda ws: tasks.list_tasks(ws), lambda t: t["project"], 1),
    "my tasks": (lambda ws: tasks.list_tasks(ws, owner=ME), lambda t: t["project"], 4),
    "progress": (lambda ws: progress.entries(ws), lambda e: e["project"], 2),
    "delays": (lambda ws: delays.list_delays(ws), lambda d: d["project"], 2),
    "resources": (lambda ws: resources.list_resources(ws), lambda r: r["project"], 2),
    "issues": (lambda ws: project_issues.list_issues(ws), lambda i: i["project"], 2),
    "deliverables": (lambda ws: deliverables.list_deliverables(ws), lambda v: v["project"], 2),
    "lagging": (lambda ws: lagging.lagging_tasks(ws), lambda r: r["task"]["project"], 2),
    "my work: tasks": (lambda ws: my_work.my_work(ws, ME)["tasks"], lambda t: t["project"], 4),
    "my work: approvals": (lambda ws: my_work.my_work(ws, ME)["approvals"],
                           lambda a: a["project"], 2),
    "my work: confirmations": (lambda ws: my_work.my_work(ws, ME)["confirmations"],
                               lambda t: t["project"], 4),
    "standup: tasks": (lambda ws: [row for view in standup.digest(ws)["members_detail"]
                                   for row in view["tasks"]],
                       lambda row: int(row["id"].split("-")[0]), 4),
    "taskwarrior": (lambda ws: taskwarrior.export_tasks(ws),
                    lambda r: 4 if r["project"] == "2024年终大促活动" else 0, 4),
}


@pytest.mark.parametrize("name", LISTS)
def test_each_list_goes_on_without_a_damaged_project(demo, name):
    read, project_of, damaged = LISTS[name]
    before = read(fresh(demo))
    assert {project_of(r) for r in before} - {damaged}, "the demo gives this list other records"
    unchanged = damage(demo, f"project-{damaged}")
    ws = fresh(demo)
    after = read(ws)
    assert after == [r for r in before if project_of(r) != damaged]
    [(path, reason)] = ws.damage.found().items()
    assert path == str(demo.folder / f"project-{damaged}.json")
    assert reason == "it is corrupt (str is not valid UTF-8: surrogates not allowed: line 1 " \
                     "column 1 (char 0))"
    assert unchanged()


def test_reminders_go_on_for_everything_else(demo):
    before = reminder_engine.due(fresh(demo))
    unchanged = damage(demo, "project-1")
    ws = fresh(demo)
    after = reminder_engine.due(ws)
    assert set(after) <= set(before)
    kept = [r for r in before if not r.subject.startswith(("1-", "1:", "1.")) and r.subject != "1"]
    assert kept and set(kept) <= set(after)
    assert {r.kind.split(".")[0] for r in after} >= {"task", "incident", "onboarding", "customer"}
    assert not [r for r in after if r.subject.startswith("1-")]
    assert list(ws.damage.found()) == [str(demo.folder / "project-1.json")]
    assert unchanged()


def test_the_calendar_export_goes_on(demo):
    before = export_calendar(fresh(demo))
    assert "Project 1:" in before and "Project 4:" in before
    unchanged = damage(demo, "project-4")
    ws = fresh(demo)
    after = export_calendar(ws)
    assert "Project 1:" in after and "Project 4:" not in after
    assert list(ws.damage.found()) == [str(demo.folder / "project-4.json")]
    assert unchanged()


@pytest.mark.parametrize("kind", DAMAGE)
def test_every_kind_of_damage_is_skipped_and_left_alone(demo, kind):
    unchanged = damage(demo, "project-1", kind)
    ws = fresh(demo)
    assert [p["id"] for p in projects.list_projects(ws)] == [2, 3, 4, 5, 6]
    assert {t["project"] for t in tasks.list_tasks(ws)} == {2, 3, 4}
    for read, _project_of, _damaged in LISTS.values():
        read(ws)
    assert reminder_engine.due(ws)
    assert standup.digest(ws)["members_detail"]
    assert export_calendar(ws)
    [(path, reason)] = ws.damage.found().items()
    assert path == str(demo.folder / "project-1.json") and reason.startswith(REASONS[kind])
    assert unchanged()


@pytest.mark.parametrize("kind", DAMAGE)
def test_a_record_asked_for_by_id_still_fails(demo, kind):
    unchanged = damage(demo, "project-1", kind)
    ws = fresh(demo)
    error = WorkspaceUnreadable if kind == "folder in its place" else WorkspaceCorrupt
    for ask in (lambda: projects.get_project(ws, 1), lambda: tasks.get_task(ws, "1-1"),
                lambda: tasks.list_tasks(ws, project=1), lambda: delays.list_delays(ws, 1),
                lambda: progress.entries(ws, project=1), lambda: lagging.lagging_tasks(ws, 1),
                lambda: taskwarrior.export_tasks(ws, 1),
                lambda: projects.edit_project(ws, 1, goal="x")):
        with pytest.raises(error) as err:
            ask()
        assert err.value.path == str(demo.folder / "project-1.json")
    assert ws.damage.found() == {}
    assert unchanged()


def test_a_damaged_directory_stops_everything(demo):
    unchanged = damage(demo, DIRECTORY)
    ws = fresh(demo)
    for ask in (lambda: projects.list_projects(ws), lambda: reminder_engine.due(ws),
                lambda: my_work.my_work(ws, ME), lambda: standup.digest(ws)):
        with pytest.raises(WorkspaceCorrupt, match="directory.json is corrupt"):
            ask()
    with pytest.raises(WorkspaceCorrupt):  # not even where any shard may be skipped
        with ws.skip_damaged():
            projects.list_projects(ws)
    assert ws.damage.found() == {}
    assert unchanged()


def test_a_damaged_incident_is_left_out(demo):
    before = incidents.list_incidents(fresh(demo))
    assert [i["id"] for i in before] == ["INC-4", "INC-1", "INC-2", "INC-3"]
    unchanged = damage(demo, "incident-1", "truncated")
    ws = fresh(demo)
    assert [i["id"] for i in incidents.list_incidents(ws)] == ["INC-4", "INC-2", "INC-3"]
    assert [i["id"] for i in incidents.list_incidents(ws, active_only=True)] == ["INC-4"]
    with pytest.raises(WorkspaceCorrupt):
        incidents.get_incident(ws, "INC-1")
    assert list(ws.damage.found()) == [str(demo.folder / "incident-1.json")]
    assert unchanged()


def test_a_damaged_area_file_costs_its_own_reminders(demo):
    """A damaged index of incidents, onboarding or minutes: their reminders (and the
    standup's minutes) are left out, every project reminder stays."""
    before = reminder_engine.due(fresh(demo))
    for shard, kind in (("incidents", "incident"), ("onboarding", "onboarding"),
                        ("customers", "customer")):
        saved = (demo.folder / f"{shard}.json").read_bytes()
        unchanged = damage(demo, shard)
        ws = fresh(demo)
        after = reminder_engine.due(ws)
        assert [r for r in before if not r.kind.startswith(kind)] == after, shard
        assert list(ws.damage.found()) == [str(demo.folder / f"{shard}.json")]
        assert unchanged()
        (demo.folder / f"{shard}.json").write_bytes(saved)


def test_damaged_minutes(demo):
    digest = standup.digest(fresh(demo))
    unchanged = damage(demo, minutes.MINUTES)
    ws = fresh(demo)
    assert standup.digest(ws) == {**digest, "minutes": None}
    assert [t["id"] for t in my_work.my_work(ws, ME)["tasks"]]
    assert list(ws.damage.found()) == [str(demo.folder / "minutes.json")]
    assert unchanged()


def test_damaged_reminder_state_rings_nothing_and_lists_everything(demo):
    ws = fresh(demo)
    due = reminder_engine.due(ws)
    assert reminder_engine.claim(ws, [ME], ws.now(), due)  # the state file now exists
    unchanged = damage(demo, reminder_engine.STATE)
    ws = fresh(demo)
    items = reminder_engine.items(ws, [ME], ws.now(), due)
    assert items and {i.state(ws.now()) for i in items} == {"new"}
    assert reminder_engine.claim(ws, [ME], ws.now(), due) == []  # could not be recorded
    assert list(ws.damage.found()) == [str(demo.folder / "reminder_state.json")]
    assert unchanged()


def test_skip_damaged_leaves_other_errors_and_other_shards_alone(demo):
    damage(demo, "project-2")
    ws = fresh(demo)
    with pytest.raises(NotFound):
        with ws.skip_damaged("project-9"):
            projects.get_project(ws, 9)
    with pytest.raises(WorkspaceCorrupt):  # damage, but of another shard than the one named
        with ws.skip_damaged("project-1"):
            projects.get_project(ws, 2)
    with ws.skip_damaged("project-2"):
        projects.get_project(ws, 2)
        raise AssertionError("not reached")
    assert list(ws.damage.found()) == [str(demo.folder / "project-2.json")]


def test_a_repaired_file_is_forgotten_and_an_unchanged_one_not_read_again(demo, monkeypatch):
    path = demo.folder / "project-3.json"
    good = path.read_bytes()
    damage(demo, "project-3", "empty")
    ws = fresh(demo)
    projects.list_projects(ws)
    assert list(ws.damage.found()) == [str(path)]
    loads = []
    real_load = storage.Shard.load
    monkeypatch.setattr(storage.Shard, "load", lambda self: (loads.append(self.name),
                                                             real_load(self))[1])
    assert ws.damage.recheck(ws.shard) is False   # still empty: read once to be sure
    assert ws.damage.recheck(ws.shard) is False   # unchanged: not read again
    assert loads == ["project-3"]
    path.write_bytes(b"{also bad")                 # changed, still damaged: a new reason
    assert ws.damage.recheck(ws.shard) is False
    assert ws.damage.found()[str(path)].startswith("it is corrupt (")
    path.write_bytes(good)                         # restored from a backup
    assert ws.damage.recheck(ws.shard) is True
    assert ws.damage.found() == {} and not ws.damage
    assert [p["id"] for p in projects.list_projects(ws)] == [1, 2, 3, 4, 5, 6]


def test_reasons_in_chinese(demo, zh):
    damage(demo, "project-1", "empty")
    ws = fresh(demo)
    projects.list_projects(ws)
    assert list(ws.damage.found().values()) == ["文件为空"]


# -- a file this account may not read (mode 000) -----------------------------------------
@pytest.fixture
def public_demo(demo):
    """The demo in a folder `nobody` can reach (tmp_path is root-only), files 0644."""
    folder = reachable_copy(demo.folder, 0o644)
    yield open_demo(folder)
    shutil.rmtree(folder.parent, ignore_errors=True)


def test_an_unreadable_file_is_skipped(public_demo):
    """Run as an account permissions apply to (root: a child that drops to `nobody`)."""
    path = public_demo.folder / "project-2.json"
    before = path.read_bytes()
    os.chmod(path, 0o000)

    def read() -> dict:
        ws = open_demo(public_demo.folder)
        ids = [p["id"] for p in projects.list_projects(ws)]
        owners = {t["project"] for t in tasks.list_tasks(ws)}
        return {"ids": ids, "tasks": sorted(owners), "found": ws.damage.found()}

    result = run_unprivileged(read)
    assert result["ok"], result
    assert result["value"] == {"ids": [1, 3, 4, 5, 6], "tasks": [1, 3, 4],
                               "found": {str(path): "it cannot be read (Permission denied)"}}
    os.chmod(path, 0o644)
    assert path.read_bytes() == before
