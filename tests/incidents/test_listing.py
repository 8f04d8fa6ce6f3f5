"""The war room's list read from the incident heads (store/warroom/listing.py): a closed
incident's row comes from its shard's head, never its timeline; the list is the one
`list_incidents` gives, in the same order, with the same resolution times."""

from __future__ import annotations

from datetime import timedelta

from store.warroom import incidents, listing, sla
from store.core.clock import parse_instant

from incident_helpers import declare

T0 = parse_instant("2024-09-02T02:00:00+00:00")


def two_incidents(workspace, clock, as_):
    """INC-1 resolved 90 minutes after its report; INC-2 declared later, still active."""
    clock.set(T0)
    declare(workspace, title="支付回调超时")
    alice = as_("alice")
    clock.set(T0 + timedelta(minutes=4))
    incidents.assign_role(alice, 1, "lead", "alice")
    incidents.assign_role(alice, 1, "logs", "bob")
    clock.set(T0 + timedelta(minutes=25))
    incidents.mark_mitigated(alice, 1, "限流")
    clock.set(T0 + timedelta(minutes=90))
    incidents.resolve(alice, 1, cause="c", measures="m")
    clock.set(T0 + timedelta(minutes=100))
    declare(workspace, title="官网无法访问")


def test_a_closed_incident_is_its_heads_row(workspace, clock, as_, monkeypatch):
    two_incidents(workspace, clock, as_)
    built: list[int] = []
    real = listing._built
    monkeypatch.setattr(listing, "_built", lambda ws, n: built.append(n) or real(ws, n))
    rows = listing.incident_rows(workspace)
    assert [r["id"] for r in rows] == [i["id"] for i in incidents.list_incidents(workspace)] \
        == ["INC-2", "INC-1"]                                   # active first
    assert built == [2]                                         # INC-1's timeline never read
    closed = rows[1]
    assert closed == {"id": "INC-1", "number": 1, "title": "支付回调超时", "severity": "S1",
                      "state": "resolved", "reported_at": "2024-09-02T02:00:00+00:00",
                      "lead": "alice", "reporter": "alice", "time_to_resolution": 5400}
    assert listing.resolution_minutes(closed) == 90
    assert listing.next_deadline(closed) is None
    active = rows[0]
    assert listing.next_deadline(active) == sla.next_deadline(incidents.get_incident(workspace, 2))


def test_a_shard_with_an_older_head_is_read_whole(workspace, clock, as_, monkeypatch):
    two_incidents(workspace, clock, as_)
    monkeypatch.setattr(listing, "HEAD_VERSION", 99)  # every head looks older than this Huddle
    rows = listing.incident_rows(workspace)
    assert [r["id"] for r in rows] == ["INC-2", "INC-1"]
    assert "events" in rows[1] and listing.resolution_minutes(rows[1]) == 90


def test_the_head_follows_the_state(workspace, clock, as_):
    two_incidents(workspace, clock, as_)
    assert "row" not in workspace.shard("incident-2").head()   # active: no row
    assert workspace.shard("incident-1").head()["row"]["state"] == "resolved"
