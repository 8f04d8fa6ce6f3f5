"""The reminders registry: providers contribute `due(ws, now)`; `collect` asks them all.

The task rule: an open task is overdue once its due day has ended in the
workspace's timezone, and not one second before.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from store.reminders import registry as reminders
from store.core.clock import parse_instant
from store.reminders.model import Reminder
from store.reminders.registry import collect
from store.people.settings import update_settings
from store.projects.tasks import add_task, edit_task, end_of_day

pytestmark = pytest.mark.usefixtures("backend")  # on the folder and on PostgreSQL

END_SHANGHAI = parse_instant("2024-09-13T16:00:00+00:00")   # 2024-09-14 00:00 in Shanghai


def task_due(ws, now):
    return [r for r in collect(ws, now) if r.kind == "task.due"]


@pytest.fixture
def task(ws):
    return add_task(ws.acting_as("bob"), 1, "提交测试报告", owner="carol", due="2024-09-13")


def test_due_reminder_at_the_exact_instant_the_day_ends(ws, task):
    assert task_due(ws, END_SHANGHAI - timedelta(seconds=1)) == []
    [r] = task_due(ws, END_SHANGHAI)
    assert (r.subject, r.who, r.due_at, r.overdue) == ("1-1", ("carol",), END_SHANGHAI, True)
    assert "1-1" in r.title and "提交测试报告" in r.title
    assert r.key == "task.due:1-1:2024-09-13T16:00:00+00:00"
    assert r.to_json() == {"kind": "task.due", "subject": "1-1", "title": r.title,
                           "who": ["carol"], "due_at": "2024-09-13T16:00:00+00:00",
                           "overdue": True, "key": r.key}


def test_the_day_ends_in_the_workspace_timezone(ws, task):
    update_settings(ws, timezone="UTC")
    end_utc = datetime(2024, 9, 14, tzinfo=timezone.utc)
    assert task_due(ws, END_SHANGHAI) == []
    assert task_due(ws, end_utc - timedelta(microseconds=1)) == []
    assert [r.due_at for r in task_due(ws, end_utc)] == [end_utc]


def test_collect_uses_the_workspace_clock(ws, task, clock):
    clock.set(END_SHANGHAI - timedelta(seconds=1))
    assert [r for r in collect(ws) if r.kind == "task.due"] == []
    clock.advance(seconds=1)
    assert [r.subject for r in collect(ws) if r.kind == "task.due"] == ["1-1"]


def test_closed_tasks_are_not_reminded(ws, task):
    edit_task(ws.acting_as("bob"), "1-1", state="done")
    assert task_due(ws, END_SHANGHAI + timedelta(days=30)) == []


def test_end_of_day_across_a_dst_change():
    from zoneinfo import ZoneInfo
    from datetime import date
    berlin = ZoneInfo("Europe/Berlin")
    assert end_of_day(date(2024, 3, 30), berlin) == datetime(2024, 3, 30, 23, tzinfo=timezone.utc)
    assert end_of_day(date(2024, 3, 31), berlin) == datetime(2024, 3, 31, 22, tzinfo=timezone.utc)


def test_a_provider_joins_the_registry(ws, monkeypatch):
    monkeypatch.setattr(reminders, "PROVIDERS", list(reminders.PROVIDERS))
    at = parse_instant("2024-09-02T01:00:00+00:00")

    @reminders.register
    def fake(ws_, now):
        return [Reminder("test.fake", "x", "Fake", ("alice",), at, now >= at)]

    reminders.register(fake)  # registering twice keeps one
    assert reminders.PROVIDERS.count(fake) == 1
    found = [r for r in collect(ws, at) if r.kind == "test.fake"]
    assert found == [Reminder("test.fake", "x", "Fake", ("alice",), at, True)]
    everything = collect(ws, at)
    assert everything == sorted(everything, key=lambda r: (r.due_at, r.kind, r.subject))


def test_every_marked_provider_is_in_the_registry():
    """A domain module's `@provider due(ws, now)` counts only once listed in registry.py."""
    import importlib
    import pkgutil

    import store
    marked = set()
    for info in pkgutil.walk_packages(store.__path__, "store."):
        module = importlib.import_module(info.name)
        marked |= {fn for fn in vars(module).values()
                   if callable(fn) and getattr(fn, "reminder_provider", False)
                   and fn.__module__ == info.name}
    assert marked and marked <= set(reminders.PROVIDERS)
