"""The app's warm-up reads today's standup ahead (tui/warm_up.py, standup.ahead): F4's first
opening finds it kept by the store, and an update saved after the read-ahead is shown."""

from __future__ import annotations

from datetime import date

from store.meetings import standup_read
from tui.app import make_app

from standup_helpers import SIZE, local, open_standup, until, update

MONDAY = date(2024, 9, 2)


async def test_f4_finds_the_day_read_ahead_and_a_later_update_is_seen(workspace, team, clock,
                                                                      monkeypatch):
    clock.set(local("2024-09-02 10:00"))
    computed: list[date] = []  # the days read_day computed (not found kept)
    real = standup_read._read_day
    monkeypatch.setattr(standup_read, "_read_day",
                        lambda ws, day, dl: computed.append(day) or real(ws, day, dl))
    app = make_app(workspace, poll_interval=0.05)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.warm_up is not None and not app.warm_up.todo, 20)
        assert not app.warm_up.later and computed == [MONDAY]  # read ahead, once
        screen = await open_standup(pilot)
        assert computed == [MONDAY] and screen.logins == ["alice", "bob", "dave", "erin",
                                                          "chen"]
        assert screen.views["chen"]["status"] == "pending"
        update(workspace, "chen", team["tasks"]["C1"], 40, done="首页设计")  # after it
        await until(pilot, lambda: screen.views["chen"]["status"] == "updated")
        assert computed == [MONDAY, MONDAY]
