"""A damaged file in the app: the screens show the rest of the workspace, and a banner on every
screen names the file until it is repaired (tui/widgets/damage_banner.py, store/core/damage.py).

On the pinned demo of tests/huddle_scenes.py (six projects, four incidents).
"""

from __future__ import annotations

import shutil

from app_helpers import SIZE, row_keys
from huddle_scenes import open_demo, until

from tui.app import make_app
from tui.palette import load_records
from tui.widgets.banner_slot import banners
from tui.widgets.damage_banner import DamageBanner
from tui.widgets.reminder_banner import ReminderBanner

AREAS = {"f2": "ProjectsScreen", "f3": "MyWorkScreen", "f4": "StandupScreen",
         "f5": "WarRoomScreen", "f6": "OnboardingScreen", "f7": "KnowledgeScreen",
         "f8": "RemindersScreen"}


def banner_text(app) -> str | None:
    found = app.screen.query(DamageBanner)
    return found.first().render().plain if found else None


async def test_projects_list_the_others_and_the_banner_names_the_file_until_repaired(demo):
    path = demo.folder / "project-3.json"
    good = path.read_bytes()
    path.write_bytes(good[:len(good) // 3])  # cut mid-JSON
    cut = path.read_bytes()
    app = make_app(demo, poll_interval=60)  # the test polls itself
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "ProjectsScreen"
        assert row_keys(app.screen.table) == ["1", "2", "4", "5", "6"]
        app.poll_now()
        await pilot.pause()
        text = banner_text(app)
        assert text is not None and str(path) in text and "it is corrupt (" in text
        assert "huddle check" in text
        assert isinstance(banners(app.screen)[0], DamageBanner)  # above the reminders
        await pilot.press("f5")                             # every screen shows it
        await until(pilot, lambda: type(app.screen).__name__ == "WarRoomScreen")
        await pilot.pause()
        assert str(path) in banner_text(app)
        assert path.read_bytes() == cut                     # never written

        path.write_bytes(good)                              # restored from a backup
        app.poll_now()
        await pilot.pause()
        assert banner_text(app) is None
        await pilot.press("f2")
        await until(pilot, lambda: type(app.screen).__name__ == "ProjectsScreen")
        await pilot.pause()
        assert banner_text(app) is None
        assert row_keys(app.screen.table) == ["1", "2", "3", "4", "5", "6"]
        assert demo.damage.found() == {}


async def test_a_file_damaged_while_the_app_runs(demo):
    app = make_app(demo, poll_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert row_keys(app.screen.table) == ["1", "2", "3", "4", "5", "6"]
        assert banner_text(app) is None
        path = demo.folder / "project-2.json"
        path.write_bytes(b"")                  # someone on the host empties it
        app.poll_now()                          # the screen reads again, the banner follows
        await pilot.pause()
        assert row_keys(app.screen.table) == ["1", "3", "4", "5", "6"]
        assert f"{path} · it is empty" in banner_text(app)


async def test_every_area_goes_on_with_a_damaged_project_and_incident(demo):
    project, incident = demo.folder / "project-1.json", demo.folder / "incident-1.json"
    project.write_bytes(b"")
    incident.write_bytes(b"\x00\x01 not json")
    app = make_app(demo, poll_interval=60)
    errors: list[str] = []
    notify = app.notify
    app.notify = lambda message, *a, **k: (  # type: ignore[method-assign]
        errors.append(str(message)) if k.get("severity") == "error" else None,
        notify(message, *a, **k))[1]
    async with app.run_test(size=SIZE) as pilot:
        for key, screen in AREAS.items():
            await pilot.press(key)
            await until(pilot, lambda screen=screen: type(app.screen).__name__ == screen)
            await pilot.pause()
            app.poll_now()
            await pilot.pause()
            assert str(project) in banner_text(app), screen
            assert errors == [], screen
        assert str(incident) in banner_text(app)  # seen once the war room listed incidents
        await pilot.press("f5")
        await until(pilot, lambda: type(app.screen).__name__ == "WarRoomScreen")
        await pilot.pause()
        assert row_keys(app.screen.query_one("#incidents")) == ["INC-4", "INC-2", "INC-3"]
    assert project.read_bytes() == b"" and incident.read_bytes() == b"\x00\x01 not json"


async def test_the_banner_shows_a_path_literally_and_sits_beside_the_reminders(demo, tmp_path):
    folder = tmp_path / "[bold]x[/] [link=file:///etc/passwd]y"
    shutil.copytree(demo.folder, folder)
    ws = open_demo(folder)
    path = folder / "project-2.json"
    path.write_bytes(b'{"_rev":1,"tables":[]}')
    app = make_app(ws, poll_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.reminder_watcher.check_now()
        app.poll_now()
        await pilot.pause()
        text = banner_text(app)
        assert f"{path} · it is corrupt (not the shape of a Huddle file)" in text
        assert app.screen.query(ReminderBanner)  # both banners, one above the other
        assert "\n" in text and "The rest of the workspace works" in text


def test_the_palette_search_goes_on(demo):
    (demo.folder / "project-2.json").write_bytes(b"garbage")
    records = load_records(demo)
    assert [p["id"] for p in records["projects"]] == [1, 3, 4, 5, 6]
    assert {t["project"] for t in records["tasks"]} == {1, 3, 4}
    assert list(demo.damage.found()) == [str(demo.folder / "project-2.json")]
