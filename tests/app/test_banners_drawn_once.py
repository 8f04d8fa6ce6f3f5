"""A new screen gets the banners shown now, in order (the damaged files' above the
reminders'), and each is drawn once: a banner updates only when its text changes
(tui/widgets/banner_slot.py `show_text`), not again on the screen's change and its first
resize. The banner keeps the focus away: the screen's own widget has it.

On the pinned demo of tests/huddle_scenes.py, which has reminders due; one file damaged."""

from __future__ import annotations

from app_helpers import SIZE
from huddle_scenes import until

from tui.app import make_app
from tui.widgets.banner_slot import banners
from tui.widgets.damage_banner import DamageBanner
from tui.widgets.reminder_banner import ReminderBanner


async def test_a_new_screen_gets_the_banners_drawn_once(demo, monkeypatch):
    path = demo.folder / "project-3.json"
    path.write_bytes(path.read_bytes()[:100])  # cut mid-JSON
    app = make_app(demo, poll_interval=60)  # the test polls itself
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

        await pilot.press("f5")
        await until(pilot, lambda: type(app.screen).__name__ == "WarRoomScreen")
        await until(pilot, lambda: len(banners(app.screen)) == 2)
        await pilot.pause()
        await pilot.pause()
        shown = banners(app.screen)
        assert [type(b) for b in shown] == [DamageBanner, ReminderBanner]
        assert [updates[id(b)] for b in shown] == [1, 1]  # drawn once each
        assert str(path) in shown[0].render().plain
        assert "F8: all reminders" in shown[1].render().plain
        assert app.focused is not None and not isinstance(app.focused, ReminderBanner)
