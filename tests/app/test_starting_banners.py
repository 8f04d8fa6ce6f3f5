"""A new screen is composed with the banners shown now (HuddleApp.starting_banners): they come
with its first frame, not in a mount after it, in the same order (the damaged files' above
the reminders'), and each is drawn once (tui/widgets/banner_slot.py `show_text`).

On the pinned demo of tests/huddle_scenes.py, which has reminders due; one file damaged."""

from __future__ import annotations

from app_helpers import SIZE
from huddle_scenes import until

from tui.app import make_app
from tui.widgets.damage_banner import DamageBanner
from tui.widgets.reminder_banner import ReminderBanner


async def test_a_new_screen_starts_with_the_banners_drawn_once(demo, monkeypatch):
    path = demo.folder / "project-3.json"
    path.write_bytes(path.read_bytes()[:100])  # cut mid-JSON
    app = make_app(demo, poll_interval=60)  # the test polls itself
    composed: list = []
    starting = app.starting_banners
    monkeypatch.setattr(app, "starting_banners",
                        lambda: composed.extend(found := starting()) or found)
    updates: dict[int, int] = {}
    for kind in (DamageBanner, ReminderBanner):
        original = kind.update
        monkeypatch.setattr(kind, "update", lambda self, body, _o=original: (
            updates.__setitem__(id(self), updates.get(id(self), 0) + 1), _o(self, body))[1])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        watcher = app.reminder_watcher
        await until(pilot, lambda: watcher.checks > 0 and watcher.items)
        app.poll_now()
        await until(pilot, lambda: app.screen.query(DamageBanner))

        composed.clear()
        await pilot.press("f5")
        await until(pilot, lambda: type(app.screen).__name__ == "WarRoomScreen")
        await pilot.pause()
        await pilot.pause()
        banners = list(app.screen.query_one("#banner").children)
        assert [type(b) for b in banners] == [DamageBanner, ReminderBanner]
        assert banners == composed          # composed with the screen, none mounted after …
        assert [updates[id(b)] for b in banners] == [1, 1]  # … and drawn once each
        assert str(path) in banners[0].render().plain
        assert "F8: all reminders" in banners[1].render().plain
