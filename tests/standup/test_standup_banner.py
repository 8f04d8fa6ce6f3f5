"""Pilot tests: the 17:00 gate's banner, toast and bell; the Reminders screen."""

from __future__ import annotations


from store.reminders import engine as reminder_engine
from tui.app import make_app
from tui.screens.reminders import RemindersScreen
from tui.widgets.reminder_banner import ReminderBanner

from standup_helpers import (GATE_KEY, SIZE, banner_text, local, open_standup, plain,
                             until, update)


async def test_the_banner_names_who_has_not_updated_when_17_00_passes(workspace, team, clock):
    clock.set(local("2024-09-02 16:40"))
    update(workspace, "chen", team["tasks"]["C1"], 40, done="首页设计")
    clock.set(local("2024-09-02 16:50"))
    # Earlier reminders (task receipts, warnings) have been dealt with already.
    for item in reminder_engine.claim(workspace, [workspace.actor.login]):
        reminder_engine.acknowledge(workspace, item.occurrence)

    app = make_app(workspace, poll_interval=0.05)
    bells: list[int] = []
    toasts: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        app.bell = lambda: bells.append(1)
        notify = app.notify
        app.notify = lambda message, *a, **k: (toasts.append(str(message)),
                                                notify(message, *a, **k))[1]
        screen = await open_standup(pilot)
        watcher = app.reminder_watcher
        checks = watcher.checks
        await until(pilot, lambda: watcher.checks > checks + 1)
        assert not screen.query(ReminderBanner) and bells == []
        assert screen.bar.note == ("Not yet updated: Alice Wang, Bob Li, Dave Zhou, Erin 鄂",
                                   "pending")

        clock.set(local("2024-09-02 17:01"))                   # the deadline passes
        await until(pilot, lambda: banner_text(screen))
        banner = plain(screen.query_one(ReminderBanner))
        assert "Not updated by 17:00: Alice Wang, Bob Li, Dave Zhou, Erin 鄂" in banner
        assert "陈静" not in banner
        assert bells == [1]
        assert "Not updated by 17:00: Alice Wang, Bob Li, Dave Zhou, Erin 鄂" in toasts
        # The standup lists them at the top too.
        await until(pilot, lambda: screen.gate.get("passed"))
        assert screen.bar.note == (
            "Not updated by 17:00: Alice Wang, Bob Li, Dave Zhou, Erin 鄂", "missing")
        assert screen.bar.render().plain.splitlines()[1] == \
            " Not updated by 17:00: Alice Wang, Bob Li, Dave Zhou, Erin 鄂".ljust(
                screen.bar.size.width - 1)
        # It stays (and does not ring again) until acknowledged.
        checks = watcher.checks
        await until(pilot, lambda: watcher.checks > checks + 1)
        assert bells == [1] and screen.query(ReminderBanner)

    # A second app (another process, or after a restart) shows it but does not ring it.
    app2 = make_app(workspace, poll_interval=0.05)
    async with app2.run_test(size=SIZE) as pilot:
        app2.bell = lambda: bells.append(2)
        await until(pilot, lambda: app2.reminder_watcher.checks > 1)
        assert GATE_KEY in {i.reminder.key for i in app2.reminder_watcher.items}
        assert app2.reminder_watcher.rung == [] and bells == [1]
        banner = app2.screen.query_one(ReminderBanner)
        assert "Not updated by 17:00" in plain(banner)
        # Acknowledge on the Reminders screen (F8), by keyboard.
        await pilot.press("f8")
        await until(pilot, lambda: isinstance(app2.screen, RemindersScreen))
        screen = app2.screen
        keys = list(screen.mine)
        index = next(i for i, k in enumerate(keys) if k.startswith(GATE_KEY))
        await pilot.press(*["down"] * index, "a")
        await until(pilot, lambda: not [i for i in app2.reminder_watcher.items
                                        if i.reminder.key == GATE_KEY])
        assert not screen.query(ReminderBanner)
    state = {i.reminder.key: i.state(clock.now())
             for i in reminder_engine.items(workspace, [workspace.actor.login])}
    assert state[GATE_KEY] == "acknowledged"


async def test_reminders_screen_for_a_department_head_and_snooze(workspace, team, clock):
    from store.core.identity import Actor
    from store.core.workspace import Workspace
    clock.set(local("2024-09-02 17:05"))
    bob = Workspace(workspace.folder, clock, Actor("bob", "bob"))
    app = make_app(bob, poll_interval=0.05)
    async with app.run_test(size=SIZE) as pilot:
        # The banner itself: Tab to it (here: focus), `a` acknowledges its first reminder.
        await until(pilot, lambda: banner_text(app.screen))
        watcher = app.reminder_watcher
        first_in_banner = watcher.items[0]
        app.screen.query_one(ReminderBanner).focus()
        await pilot.press("a")
        await until(pilot, lambda: first_in_banner.occurrence not in
                    {i.occurrence for i in watcher.items})
        assert first_in_banner.occurrence not in {
            i.occurrence for i in reminder_engine.pending(bob, "bob")}
        await pilot.press("f8")
        await until(pilot, lambda: isinstance(app.screen, RemindersScreen))
        screen = app.screen
        assert screen.mine[first_in_banner.occurrence].state(clock.now()) == "acknowledged"
        assert screen.people == {"dave", "erin"}
        team_rows = {(i.login, i.reminder.kind) for i in screen.team.values()}
        assert {("dave", "update.daily"), ("erin", "update.daily")} <= team_rows
        assert "bob" not in {i.login for i in screen.team.values()}
        mine = list(screen.mine.values())
        assert {i.reminder.kind for i in mine} >= {"update.daily", "update.gate"}
        first = mine[0]
        if first.occurrence == first_in_banner.occurrence:        # acknowledged: go down one
            await pilot.press("down")
            first = mine[1]
        await pilot.press("z")
        await until(pilot, lambda: app.screen is not screen)
        await pilot.press("2")                                  # 30 minutes
        await until(pilot, lambda: app.screen is screen)
        await until(pilot, lambda: screen.mine[first.occurrence].state(clock.now()) == "snoozed")
        assert screen.mine[first.occurrence].snoozed_until == "2024-09-02T09:35:00+00:00"
        # Only admins may edit schedules: the form shows the refusal.
        screen.query_one("#reminders-schedules").focus()
        await pilot.press("e")
        await until(pilot, lambda: app.screen is not screen)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "Only a workspace admin" in plain(
            app.screen.query_one("#form-error")))
        await pilot.press("escape")


