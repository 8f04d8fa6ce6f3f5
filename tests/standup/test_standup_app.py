"""Pilot tests: a whole standup by keyboard; user text is never markup."""

from __future__ import annotations


from store.meetings import minutes
from store.projects import progress
from store.reminders import engine as reminder_engine
from store.people import who
from tui.app import make_app
from tui.widgets.reminder_banner import ReminderBanner

from standup_helpers import (SIZE, banner_text, fill, local, open_standup, plain, until,
                             update)


async def test_who_is_asked_after_the_first_frame(workspace, team, clock):
    """The opening draws the team first; `who` (a process, in a thread that would hold the
    interpreter during the opening) comes after, and its dots follow."""
    from tui.widgets.footer import HuddleFooter
    drawn_when_asked: list[bool] = []

    def source() -> str:
        screen = app.screen
        footers = screen.query(HuddleFooter) if type(screen).__name__ == "StandupScreen" else []
        drawn_when_asked.append(bool(footers) and footers.first()._drawn)
        return "alice pts/0 2024-09-02 09:01 (10.0.0.5)\n"
    who.set_source(source)
    clock.set(local("2024-09-02 10:00"))
    app = make_app(workspace, poll_interval=0.05)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_standup(pilot)
        await until(pilot, lambda: screen.online == {"alice"})
        assert drawn_when_asked == [True]
        assert plain(screen.query_one("#member-head")).startswith(
            "Alice Wang (alice) · Product · logged in now")


async def test_a_whole_standup_of_five_members_by_keyboard(workspace, team, clock):
    who.set_source(lambda: "alice pts/0 2024-09-02 09:01 (10.0.0.5)\n"
                           "dave  pts/2 2024-09-02 09:20 (10.0.0.9)\n")
    clock.set(local("2024-09-02 10:00"))
    update(workspace, "alice", team["tasks"]["A1"], 20, done="outline", problems="no data",
           help_from="bob")
    app = make_app(workspace, poll_interval=0.05)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_standup(pilot)
        members = screen.query_one("#standup-members")
        assert [row.key.value for row in members.ordered_rows] == \
            ["alice", "bob", "dave", "erin", "chen"]
        await until(pilot, lambda: screen.online == {"alice", "dave"})
        assert plain(screen.query_one("#member-head")).startswith(
            "Alice Wang (alice) · Product · logged in now · not yet updated")
        assert "Needs help from Bob Li" in plain(screen.query_one("#task-detail"))
        assert "15:00 timebox" in screen.bar.render().plain

        await pilot.press("s")                                  # start: timebox runs
        await until(pilot, lambda: screen.session is not None)
        assert "15:00 left" in screen.bar.render().plain
        await pilot.press("d")                                  # alice: a decision
        await until(pilot, lambda: pilot.app.screen is not screen)
        await fill(pilot, "Ship the MVP on 09-30 [bold]")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: pilot.app.screen is screen)

        await pilot.press("n")                                  # bob: a risk
        assert screen.current == "bob"
        await pilot.press("r")
        await until(pilot, lambda: pilot.app.screen is not screen)
        await fill(pilot, "CI is slow")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: pilot.app.screen is screen)

        await pilot.press("n", "p", "n")                        # back and forth to dave
        assert screen.current == "dave"
        await pilot.press("u")                                  # admin records for dave
        await until(pilot, lambda: pilot.app.screen is not screen)
        assert "recorded by" in plain(pilot.app.screen.query_one(".dialog-title"))
        await pilot.press("tab", "end", "backspace")
        await fill(pilot, "60")
        await pilot.press("tab")
        await fill(pilot, "pipeline green")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: pilot.app.screen is screen)
        await until(pilot, lambda: screen.views["dave"]["status"] == "updated")

        await pilot.press("n", "a")                             # erin: an action for herself
        await until(pilot, lambda: pilot.app.screen is not screen)
        await fill(pilot, "Speed up CI")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: pilot.app.screen is screen)

        await pilot.press("n")                                  # chen: nothing to add
        assert screen.current == "chen"
        assert screen.visited == ["alice", "bob", "dave", "erin", "chen"]
        assert "not saved yet: 1 decision, 1 risk, 1 action (c closes" in plain(
            screen.query_one("#standup-minutes"))

        await pilot.press("c")                                  # close: asks once
        await until(pilot, lambda: pilot.app.screen is not screen)
        assert "(items: 3; present: 5)" in plain(pilot.app.screen.query_one("#confirm-question"))
        await pilot.press("y")                                  # minutes saved
        await until(pilot, lambda: screen.session is None)
        assert "saved as minutes" in plain(screen.query_one("#standup-minutes"))
        where = plain(screen.query_one("#key-note"))            # and where they went
        assert "saved to the knowledge base as K" in where and "F7" in where

    saved = minutes.find_minutes(workspace, "standup:2024-09-02")
    assert saved is not None and saved["kind"] == "standup"
    assert saved["attendees"] == ["alice", "bob", "dave", "erin", "chen"]
    assert saved["decisions"] == ["Ship the MVP on 09-30 [bold]"]
    assert saved["risks"] == "CI is slow"
    assert [(a["text"], a["owner"], a["due"]) for a in saved["actions"]] == \
        [("Speed up CI", "erin", "2024-09-03")]
    entry = progress.latest(workspace, team["tasks"]["D1"])
    assert (entry["percent"], entry["done"], entry["by"], entry["real"]) == \
        (60, "pipeline green", "dave", workspace.actor.real)
    assert not [r for r in reminder_engine.due(workspace) if r.kind == "standup.minutes"]


async def test_users_text_is_never_markup(workspace, team, clock):
    from store.people import members as people
    from store.projects import tasks
    people.edit_member(workspace, "erin", name="[bold]Erin[/] [link=file:///etc/passwd]x")
    tasks.edit_task(workspace, team["tasks"]["E1"], title="[red]Test[/red] plan [/]")
    clock.set(local("2024-09-02 17:05"))
    app = make_app(workspace, poll_interval=0.05)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_standup(pilot)
        await until(pilot, lambda: banner_text(screen))
        assert "[bold]Erin[/] [link=file:///etc/passwd]x" in screen.bar.note[0]
        assert "[bold]Erin[/] [link=file:///etc/passwd]x" in screen.bar.render().plain
        await pilot.press("n", "n", "n")
        assert plain(screen.query_one("#member-head")).startswith(
            "[bold]Erin[/] [link=file:///etc/passwd]x (erin)")
        assert "[bold]Erin[/]" in plain(screen.query_one(ReminderBanner))
        assert "[red]Test[/red] plan [/]" in plain(screen.query_one("#task-detail"))
        await pilot.press("u")                                  # the task in the form, too
        await until(pilot, lambda: pilot.app.screen is not screen)
        assert "[bold]Erin[/]" in plain(pilot.app.screen.query_one(".dialog-title"))
        await pilot.press("escape")
        await until(pilot, lambda: pilot.app.screen is screen)


async def test_members_walked_through_before_the_start_are_present(workspace, team, clock):
    clock.set(local("2024-09-02 10:00"))
    app = make_app(workspace, poll_interval=0.05, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_standup(pilot)
        await pilot.press("n", "n")                             # alice, bob, dave: looked at
        assert screen.current == "dave"
        await pilot.press("s")                                  # then the meeting starts
        await until(pilot, lambda: screen.session is not None)
        assert screen.visited == ["alice", "bob", "dave"]
        await pilot.press("c")
        await until(pilot, lambda: pilot.app.screen is not screen)
        assert "出席：3 人" in plain(pilot.app.screen.query_one("#confirm-question"))
        await pilot.press("escape")                             # not yet: still running
        await pilot.pause()
        assert pilot.app.screen is screen and screen.session is not None
        await pilot.press("c", "y")
        await until(pilot, lambda: screen.session is None)
        assert "已存入知识库" in plain(screen.query_one("#key-note"))
    saved = minutes.find_minutes(workspace, "standup:2024-09-02")
    assert saved["attendees"] == ["alice", "bob", "dave"]
