"""What is still open when a deliverable is accepted or a project launched (said, never
refused): open tasks (how many overdue) and issues not closed (how many urgent or major)."""

from __future__ import annotations

from store.projects import issues, progress
from store.projects.readiness import open_work

from .conftest import local


def test_open_tasks_and_issues_at_exact_instants(ws, running, clock):
    project, made = running
    pid = project["id"]
    clock.set(local("2026-11-20 23:59"))                  # task 0 due today: not overdue
    assert open_work(ws, pid) == ["5 tasks are not done"]
    clock.set(local("2026-11-21 00:00"))                  # the day after its due date
    assert open_work(ws, pid) == ["5 tasks are not done (1 overdue)"]
    issues.file_issue(ws.acting_as("zhao"), pid, "登录页白屏", level="urgent")
    issues.file_issue(ws.acting_as("zhao"), pid, "文案错字", level="general")
    assert open_work(ws, pid) == ["5 tasks are not done (1 overdue)",
                                  "2 issues are not closed (1 urgent or major)"]
    for task in made:
        progress.record_progress(ws.acting_as(task["owner"]), task["id"], 100)
    for issue in issues.list_issues(ws, pid):
        issues.close_issue(ws.acting_as("zhao"), issue["id"], "已修复")
    assert open_work(ws, pid) == []


def test_said_in_chinese(ws, running, clock):
    from store.core.i18n import set_language
    project, _ = running
    clock.set(local("2026-11-23 10:00"))
    set_language("zh")
    try:
        assert open_work(ws, project["id"]) == ["5 个任务尚未完成（其中 1 个逾期）"]
    finally:
        set_language("en")
