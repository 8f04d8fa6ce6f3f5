"""Pilot: Settings → Channels from the Reminders screen (F8, `c`) and from the palette."""

from __future__ import annotations

from store.warroom import incidents
from store.notify import channels, queue, sender
from tui.app import make_app
from tui.screens.channels import ChannelsScreen
from tui.screens.reminders import RemindersScreen

SIZE = (120, 36)


async def until(pilot, condition, timeout: float = 5.0) -> None:
    for _ in range(int(timeout / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    assert condition(), "timed out"


def _plain(widget) -> str:
    rendered = widget.render()
    return getattr(rendered, "plain", str(rendered))


async def test_add_link_test_and_remove_a_channel_by_keyboard(workspace, hooks, secrets_file):
    app = make_app(workspace, poll_interval=0.5)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f8")
        await until(pilot, lambda: isinstance(app.screen, RemindersScreen))
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, ChannelsScreen))
        screen = app.screen
        await pilot.press("n")
        await until(pilot, lambda: app.screen is not screen)
        await pilot.press(*"ops")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is screen)
        (channel,) = channels.list_channels(workspace)
        assert channel["name"] == "ops" and channel["kind"] == "feishu"

        await pilot.press("l")  # link: project empty, incidents S2, reminders
        await until(pilot, lambda: app.screen is not screen)
        await pilot.press("tab", *"S2", "tab", *"task")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is screen)
        channel = channels.get_channel(workspace, "ops")
        assert channel["incidents"] == "S2" and channel["reminders"] == ["task"]
        await until(pilot, lambda: "incidents S2 and up" in str(
            screen.query_one("#channels-list").get_row_at(0)))

        # a test post, sent off the UI thread to a real local server
        secrets_file.write({"ops": {"url": hooks.url("/hook"), "secret": "s3cret"}})
        await pilot.press("t")
        await until(pilot, lambda: hooks.at("/hook"))
        assert hooks.at("/hook")[0]["json"]["msg_type"] == "interactive"

        await pilot.press("delete", "y")
        await until(pilot, lambda: not channels.list_channels(workspace))


async def test_failures_show_on_the_reminders_screen(workspace, secrets_file, clock):
    channels.add_channel(workspace, "dead", "webhook")
    channels.link(workspace, "dead", incidents="all")
    secrets_file.write({"dead": {"url": "http://127.0.0.1:1/hook"}})
    incidents.declare(workspace, "<b>失败</b> [red]x", impact="x")
    for _ in range(15):
        sender.run_once(workspace, reminders=False)
        clock.advance(hours=2)
    assert queue.failures(workspace)
    app = make_app(workspace, poll_interval=0.5)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f8")
        await until(pilot, lambda: isinstance(app.screen, RemindersScreen))
        notice = app.screen.query_one("#reminders-notify-failures")
        assert notice.display and "1 post failed" in _plain(notice)
        # the palette opens the Channels screen from anywhere
        await pilot.press("ctrl+p")
        await pilot.press(*"Channels")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ChannelsScreen))
        failures = app.screen.query_one("#channels-failures")
        assert failures.row_count == 1 and "INC-1" in str(failures.get_row_at(0))
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, RemindersScreen))
