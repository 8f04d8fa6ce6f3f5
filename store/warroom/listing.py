"""The war room's list of incidents, read from the incident shards' heads where it can.

    incident_rows(ws) -> the incidents in list order (`records.in_list_order`): an active one
        built from its shard (its countdowns need the timeline), a closed one the row its
        shard's head holds ({"id","number","title","severity","state","reported_at","lead",
        "reporter","time_to_resolution"}, no timeline) when the head has it (a shard last
        written by a Huddle before head version 2 is read whole, as before)
    resolution_minutes(inc) -> minutes from the report to the resolution (a row or an incident)
    closed_row(tables) -> what a closed incident's head keeps (`incident_head`, registered here)

Most of a company's incidents are closed: 300 of them cost the war room's first opening
300 shards parsed (90 ms); their heads are read from the snapshots' first bytes.
"""

from __future__ import annotations

from ..core.shard_heads import register_head
from ..core.workspace import Workspace
from . import sla
from .records import (ACTIVE_STATES, HEAD_VERSION, INCIDENT, _build, _built, _light_copy,
                      in_list_order, incident_numbers, label, shard_name)

ROW_FIELDS = ("title", "severity", "state", "reported_at", "lead", "reporter")


def closed_row(tables: dict) -> dict:
    inc = _build(0, tables)  # the number is the shard's name: added when read
    row = {k: inc.get(k) for k in ROW_FIELDS}
    row["time_to_resolution"] = sla.measures(inc)["time_to_resolution"]
    return row


def incident_rows(ws: Workspace) -> list[dict]:
    found = []
    for number in incident_numbers(ws):
        with ws.skip_damaged(shard_name(number)):  # a damaged one is left out (store/core/damage.py)
            head = ws.shard(shard_name(number)).head()
            if head is not None and head.get("v") == HEAD_VERSION and "row" in head:
                found.append({**head["row"], "id": label(number), "number": number})
                continue
            built = _built(ws, number)
            if built is not None:  # None: numbered, shard not written yet
                found.append(_light_copy(built))
    return in_list_order(found)


def resolution_minutes(inc: dict) -> int | None:
    if "time_to_resolution" in inc:
        return sla.minutes(inc["time_to_resolution"])
    return sla.minutes(sla.measures(inc)["time_to_resolution"])


def next_deadline(inc: dict, ws: Workspace | None = None) -> sla.Deadline | None:
    """`sla.next_deadline` of an incident or of a closed one's row (none: it is closed);
    with `ws`, named for people to read (`sla.named`: the member's name, not the login)."""
    found = sla.next_deadline(inc) if "events" in inc else None
    return sla.named(ws, [found])[0] if found is not None and ws is not None else found


def incident_head(tables: dict) -> dict:
    """The head of an incident's shard (store/core/shard_heads.py): its state, so that the
    reminders' look at the active incidents does not parse the timelines of the closed ones,
    and a closed incident's row of the war room's list (`closed_row`)."""
    head = {"v": HEAD_VERSION, "state": tables[INCIDENT]["1"]["state"]}
    if head["state"] not in ACTIVE_STATES:
        head["row"] = closed_row(tables)
    return head


# every process that writes an incident imports this module (store/warroom/incidents.py,
# reports.py), so the head is always kept
def head_fits(head: object) -> bool:
    """Whether a head read from the files has incident_head's shape."""
    return isinstance(head, dict) and (head.get("v") != HEAD_VERSION or (
        isinstance(head.get("state"), str) and isinstance(head.get("row", {}), dict)))


register_head("incident-", incident_head, head_fits=head_fits)
