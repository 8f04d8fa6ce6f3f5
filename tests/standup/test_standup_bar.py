"""Pilot test: the standup's top line (tui/widgets/standup_widgets.py `StandupBar`): the day
and count at the left, cut with … when narrow, and the countdown timebox at the right in the
colour of its state: waiting, running, over (the bell rings once)."""

from __future__ import annotations

from datetime import timedelta

from rich.cells import cell_len
from rich.color import Color

from tui.app import make_app

from standup_helpers import local, open_standup, until, update


def _title(bar) -> str:
    return bar.render().plain.splitlines()[0]


def _clock_background(bar) -> Color | None:
    """The background of the bar's last cell (the timebox's padding)."""
    line = bar.render_line(0)
    return line._segments[-1].style.bgcolor if line._segments else None


async def test_the_timebox_runs_in_the_colour_of_its_state(workspace, team, clock):
    clock.set(local("2024-09-02 10:00"))
    app = make_app(workspace, poll_interval=0.05)
    bells: list[int] = []
    async with app.run_test(size=(80, 24)) as pilot:
        app.bell = lambda: bells.append(1)
        screen = await open_standup(pilot)
        bar = screen.bar
        text = _title(bar)
        assert text.startswith("Standup 2024-09-02 Mon · ") and "…" in text  # cut at 80
        assert text.endswith(" ⏱ 15:00 timebox (s starts) ") and len(text) == bar.size.width
        waiting = _clock_background(bar)

        await pilot.press("s")                                    # the meeting starts
        await until(pilot, lambda: screen.session is not None)
        assert _title(bar).endswith(" ⏱ 15:00 left ")
        running = _clock_background(bar)
        clock.advance(minutes=14, seconds=50)
        bar.tick()
        await pilot.pause()
        assert _title(bar).endswith(" ⏱ 00:10 left ") and bells == []

        clock.advance(seconds=40)                                 # 30 s over
        bar.tick()
        bar.tick()
        await pilot.pause()
        assert _title(bar).endswith(" ⏱ over by 00:30 ")
        assert bells == [1]                                       # once
        over = _clock_background(bar)
        assert len({waiting, running, over}) == 3
        assert over == bar.get_component_rich_style("standup-bar--over").bgcolor
        assert "meeting in progress" in bar.title
        assert clock.now() - local("2024-09-02 10:00") == timedelta(minutes=15, seconds=30)


async def test_who_has_not_updated_wraps_under_the_title_in_its_colours(workspace, team, clock):
    """The note under the title: who is still to update (warning colour), then, past the
    deadline, who did not (on the error colour), wrapped with the table moved down."""
    from store.people import members as people
    for login in ("alice", "bob", "dave", "erin"):
        people.edit_member(workspace, login, name=f"{login.title()} 张三丰的长名字 {login}")
    clock.set(local("2024-09-02 16:00"))
    update(workspace, "chen", team["tasks"]["C1"], 40, done="首页设计")
    app = make_app(workspace, poll_interval=0.05)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_standup(pilot)
        bar = screen.bar
        assert bar.note[1] == "pending" and bar.note[0].startswith("Not yet updated: Alice")
        pending = bar.render_line(1)
        assert pending.text.startswith(" Not yet updated: Alice")
        assert {s.style.color for s in pending if s.text.strip()} == \
            {bar.get_component_rich_style("standup-bar--pending").color}

        clock.set(local("2024-09-02 17:01"))                      # the deadline passes
        await until(pilot, lambda: bar.note[1] == "missing")
        await pilot.pause()
        lines = bar.render().plain.splitlines()
        assert len(lines) == 3 == bar.size.height                 # the title, two of names
        assert all(cell_len(line) == bar.size.width for line in lines)
        assert lines[1].startswith(" Not updated by 17:00: Alice")
        assert "Erin 张三丰的长名字 erin" in " ".join(lines[1:]).replace("  ", " ")
        background = bar.get_component_rich_style("standup-bar--missing").bgcolor
        assert {s.style.bgcolor for s in bar.render_line(2)} == {background}
        table = screen.members_table
        assert table.region.y == bar.region.y + 3


async def test_a_narrow_bar_draws_as_many_lines_as_it_takes():
    """Narrower than its timebox, the bar leaves the title out rather than wrapping it
    under the timebox: its height is the title line and the note's lines, as drawn."""
    from textual.app import App, ComposeResult

    from tui.widgets.standup_widgets import StandupBar

    class Narrow(App):
        def compose(self) -> ComposeResult:
            yield StandupBar(id="bar")

    for width in (20, 30, 40):
        app = Narrow()
        async with app.run_test(size=(width, 12)) as pilot:
            bar = app.query_one(StandupBar)
            bar.show_title("Standup 2024-09-02 Mon · 0/5 updated · update deadline 17:00")
            bar.show_note("Not yet updated: Alice Wang, Bob Li, Dave Zhou, Erin 鄂, 陈静")
            await pilot.pause()
            lines = bar.render().plain.splitlines()
            assert bar.size.height == len(lines) > 2
            assert all(cell_len(line) == bar.size.width for line in lines)
            assert "陈静" in "".join(lines[1:])


async def test_what_the_member_did_is_muted_under_the_head(workspace, team, clock):
    clock.set(local("2024-09-02 10:00"))
    app = make_app(workspace, poll_interval=0.05)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_standup(pilot)
        head = screen.query_one("#member-head")
        since = head.render_line(1)
        assert since.text.strip().startswith("Since the last working day")
        colours = {s.style.color for s in since if s.text.strip()}
        name = {s.style.color for s in head.render_line(0) if s.text.strip()}
        assert len(colours) == 1 and None not in colours and colours != name
