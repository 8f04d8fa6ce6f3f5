"""A change redraws only the screens it touches (store/topics.py): counted reloads.

Every screen that is open (shown, or below another) hears every change; each must reload
only for its own topics: a note on one incident reloads neither a project's screen nor
another incident's, an edit in one project not another project's screen. The writes are
made here and delivered with `poll_now()`, so the counts do not depend on timing."""

from __future__ import annotations

import pytest
from app_helpers import SIZE

from store.projects.tasks import add_task, edit_task
from store.warroom import incidents
from tui.app import make_app
from tui.screens.incident import IncidentScreen
from tui.screens.project_detail import ProjectDetailScreen
from tui.screens.projects import ProjectsScreen
from tui.screens.warroom import WarRoomScreen


@pytest.fixture
def scoped_ws(app_ws):
    for title in ("官网无法访问", "支付超时"):
        incidents.declare(app_ws.acting_as("alice"), title, impact="全国用户",
                          severity_level="S2")
    add_task(app_ws, 2, "Post the job", owner="bob", due="2024-10-01")
    return app_ws


@pytest.fixture
def reloads(monkeypatch):
    """Screen class name → how many times one of its screens reloaded."""
    counted: dict[str, int] = {}
    for cls in (ProjectDetailScreen, ProjectsScreen, IncidentScreen, WarRoomScreen):
        real = cls.reload

        def counting(self, _real=real, _name=cls.__name__):
            counted[_name] = counted.get(_name, 0) + 1
            return _real(self)
        monkeypatch.setattr(cls, "reload", counting)
    return counted


def note(ws, number: int, text: str) -> None:
    incidents.log_note(ws.acting_as("alice"), number, text)


async def test_a_project_screen_reloads_for_its_project_only(scoped_ws, reloads):
    app = make_app(scoped_ws, poll_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")                  # project 1
        await pilot.pause()
        assert isinstance(app.screen, ProjectDetailScreen) and app.screen.project_id == 1
        app.poll_now()
        reloads.clear()
        note(scoped_ws, 1, "an incident's note")
        assert app.poll_now() == {"incident INC-1", "incidents"}
        edit_task(scoped_ws, "2-1", title="Post the job, edited")
        assert app.poll_now() == {"project 2", "projects"}
        assert reloads == {}                        # neither is project 1's
        edit_task(scoped_ws, "1-1", title="Design, edited")
        app.poll_now()
        assert reloads == {"ProjectDetailScreen": 1}
        await pilot.press("escape")                 # the list below: once, for all three
        await pilot.pause()
        assert isinstance(app.screen, ProjectsScreen)
        assert reloads == {"ProjectDetailScreen": 1, "ProjectsScreen": 1}


async def test_an_incident_screen_reloads_for_its_incident_only(scoped_ws, reloads):
    app = make_app(scoped_ws, poll_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        assert isinstance(app.screen, WarRoomScreen)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, IncidentScreen)
        other = 2 if screen.number == 1 else 1
        app.poll_now()
        reloads.clear()
        edit_task(scoped_ws, "1-1", title="Design, edited")
        app.poll_now()
        note(scoped_ws, other, "the other incident's note")
        app.poll_now()
        assert reloads == {}
        note(scoped_ws, screen.number, "this incident's note")
        app.poll_now()
        assert reloads == {"IncidentScreen": 1}
        await pilot.press("escape")                 # the war room list: once, for its incidents
        await pilot.pause()
        assert isinstance(app.screen, WarRoomScreen)
        assert reloads == {"IncidentScreen": 1, "WarRoomScreen": 1}


async def test_a_hidden_area_reloads_only_if_a_change_touched_it(scoped_ws, reloads):
    app = make_app(scoped_ws, poll_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f5")                     # the war room; Projects hidden
        await pilot.pause()
        app.poll_now()
        reloads.clear()
        note(scoped_ws, 1, "a note")
        app.poll_now()
        assert reloads == {"WarRoomScreen": 1}
        await pilot.press("f2")                     # Projects: nothing of it changed
        await pilot.pause()
        assert reloads == {"WarRoomScreen": 1}


async def test_a_new_project_reloads_the_lists_not_each_record_s_screen(scoped_ws, reloads):
    from store.people.members import add_member
    from store.projects.project import create_project
    app = make_app(scoped_ws, poll_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")                  # project 1, the Projects list below it
        await pilot.pause()
        app.poll_now()
        reloads.clear()
        create_project(scoped_ws, "Filed meanwhile", pm="bob", initiator_dept="Engineering",
                       lead_dept="Engineering", goal="g", due="2024-12-31")
        assert app.poll_now() == {"projects", "project 3"}   # the directory's index only
        assert reloads == {}
        add_member(scoped_ws, "dora", "Dora Wu", "Product")
        assert app.poll_now() == {"people"}                  # a member: every screen's header
        assert reloads == {"ProjectDetailScreen": 1}
        await pilot.press("escape")
        await pilot.pause()
        assert reloads == {"ProjectDetailScreen": 1, "ProjectsScreen": 1}
