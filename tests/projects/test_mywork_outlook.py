"""My work and the project outlook never disagree (issue 12, part 4): for every member of
the demo, the decisions My work lists are exactly the ones each project's outlook says
wait for that member, and My work offers an action when some project screen does."""

from __future__ import annotations

from store.people.members import list_members
from store.projects.my_work import my_work
from store.projects.outlook import load_view
from store.projects.project import project_ids


def test_my_work_waits_for_what_the_outlooks_say(demo):
    ws = demo
    pids = project_ids(ws)
    checked = 0
    for member in list_members(ws):
        login = member["login"]
        me = ws.acting_as(login)
        views = [load_view(me, pid) for pid in pids]
        union = {(w.kind, w.id) for view in views for w in view.my_waiting}
        work = my_work(me, login)
        listed = [(a["kind"], a["id"]) for a in work["approvals"]]
        assert len(listed) == len(set(listed)), login
        assert set(listed) == union, login
        assert work["allowed"]["decide"] == any(v.allowed["decide"] for v in views), login
        for action in ("confirm", "update", "delay"):
            assert work["allowed"][action] == any(v.allowed[action] for v in views), \
                (login, action)
        checked += bool(union)
    assert checked >= 2  # the demo has decisions waiting for more than one member


def test_the_decision_reminders_name_the_outlooks_waiting_items(demo):
    """The reminder banner's "decide" reminders (delay, resource, acceptance) are the
    outlook's waiting items: same record, same people."""
    from store.projects.reminder_rules import due
    ws = demo
    kinds = {"delay.approval": "delay", "resource.decision": "resource",
             "deliverable.acceptance": "acceptance"}
    reminded = {(kinds[r.kind], r.subject, tuple(sorted(r.who))) for r in due(ws, ws.now())
                if r.kind in kinds}
    waiting = {(w.kind, w.id, tuple(sorted(w.who))) for pid in project_ids(ws)
               for w in load_view(ws, pid).waiting if w.kind in kinds.values()}
    assert reminded == waiting and waiting
