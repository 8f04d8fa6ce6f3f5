"""Change topics (store/topics.py): screens subscribe to these, never to shard file names."""

from __future__ import annotations

import pytest

from store import topics


def test_each_shard_maps_to_the_topics_a_screen_asks_for():
    assert topics.topics_of("directory") == {"people", "projects"}
    assert topics.topics_of("project-3") == {"project 3", "projects"}
    assert topics.topics_of("incident-2") == {"incident INC-2", "incidents"}
    assert topics.topics_of("incidents") == {"incidents"}
    assert topics.topics_of("kb") == {"kb"}
    assert topics.topics_of("something-new") == {"something-new"}


def test_changed_topics_keeps_everything():
    assert topics.changed_topics(["*"]) == {"*"}
    assert topics.changed_topics(["project-1", "onboarding"]) == {"project 1", "projects",
                                                                  "onboarding"}


@pytest.mark.usefixtures("backend")  # on the folder and on PostgreSQL
def test_the_changes_of_a_write_reach_its_topics(ws):
    from store.projects.project import create_project
    token = ws.changes().token
    create_project(ws, "Topic test", pm="alice", initiator_dept="Engineering",
                   lead_dept="Engineering", goal="g", due="2024-12-31")
    changed = topics.changed_topics(ws.changes(token).changed)
    assert {"people", "projects"} <= changed and any(t.startswith("project ") for t in changed)
