"""The demo workspace gains one incident mid-flight and resolved ones with postmortems."""

from __future__ import annotations

from store.warroom import sla
from store.warroom import incidents
from store.kb import entries as kb
from store.demo import seed_all
from store.people.members import init_workspace
from store.core.workspace import Workspace


def test_demo_incidents(workspace_dir, clock):
    ws = Workspace.open(workspace_dir, clock=clock)
    init_workspace(ws)
    seed_all(ws)
    found = incidents.list_incidents(ws)
    active = [i for i in found if incidents.is_active(i)]
    assert len(active) == 1
    live = active[0]
    assert live["lead"] == ws.actor.login and live["state"] == "mobilising"
    assert {d.status(ws.now()) for d in sla.open_deadlines(live)} == {"warning", "pending"}
    assert any(e["pinned"] for e in live["events"])
    past = [i for i in found if i["state"] == "postmortem_done"]
    assert len(past) >= 3
    for inc in past:
        assert set(inc["kb"]) == {"resolution", "postmortem"}
        assert sla.measures(inc)["time_to_resolution"] > 0
    entries = kb.list_entries(ws, kind="postmortem")
    assert {e["source"]["id"] for e in entries} == {i["id"] for i in past}
