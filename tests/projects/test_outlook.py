"""The store decides, the screens show (store/projects/outlook.py): what waits, what may be
done, which risks — asked of the store, at exact instants."""

from __future__ import annotations

from store.projects.outlook import load_view, risks

from .conftest import local


def test_a_request_waits_for_the_requesting_head(ws, project):
    view = load_view(ws.acting_as("pat"), project["id"])
    assert [(w.kind, w.mine) for w in view.waiting] == [("request", True)]
    assert view.allowed["decide"] and not view.allowed["publish"]


def test_the_daily_updates_turn_late_at_17_00(ws, running, clock):
    project, _tasks = running
    pm = ws.acting_as(project["pm"])
    clock.set(local("2026-11-16 16:59"))
    assert ("updates", "warning") in [(r.kind, r.level) for r in risks(load_view(pm, project["id"]))]
    clock.set(local("2026-11-16 17:00"))
    assert ("updates", "error") in [(r.kind, r.level) for r in risks(load_view(pm, project["id"]))]


def test_overdue_tasks_come_first(ws, running, clock):
    project, tasks = running
    clock.set(local("2027-03-01 10:00"))
    found = risks(load_view(ws.acting_as(project["pm"]), project["id"]))
    overdue = [r.record["id"] for r in found if r.kind == "overdue"]
    assert sorted(overdue) == sorted(t["id"] for t in tasks)
    assert found[0].kind == "overdue" and found[0].level == "error"



def test_the_updates_are_read_when_first_asked_for(ws, running, monkeypatch):
    """The Overview (the screen's first paint) shows no update: a year of them is read only
    when a tab asks, and then they are the project's updates, newest first."""
    from store.projects import progress
    project, _tasks = running
    asked: list[int] = []
    real = progress.project_entries
    monkeypatch.setattr(progress, "project_entries",
                        lambda ws, pid: asked.append(pid) or real(ws, pid))
    view = load_view(ws.acting_as(project["pm"]), project["id"])
    assert asked == []
    assert view.entries == list(reversed(real(ws, project["id"])))
    assert view.entries is view.entries and asked == [project["id"]]  # read once


def test_todays_help_requests_are_risks_yesterdays_are_not(ws, running, clock):
    from store.projects import progress
    project, made = running
    qian = ws.acting_as("qian")
    clock.set(local("2026-11-16 10:00"))
    progress.record_progress(qian, made[1]["id"], 20, help_from="li")
    clock.set(local("2026-11-17 09:00"))
    pm = ws.acting_as(project["pm"])
    assert [r for r in risks(load_view(pm, project["id"])) if r.kind == "help"] == []
    clock.set(local("2026-11-17 23:59"))
    progress.record_progress(qian, made[1]["id"], 30, help_from="li")
    helps = [r.record for r in risks(load_view(pm, project["id"])) if r.kind == "help"]
    assert [(e["task"], e["percent"]) for e in helps] == [(made[1]["id"], 30)]
