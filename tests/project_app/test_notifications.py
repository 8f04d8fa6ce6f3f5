"""Toasts inform without blocking (issue 15, point 3): two lines at most with the whole
text in the history (Reminders, `h`); at the top, clear of a dialog's buttons; a reminder's
toast withdrawn once what it announced is done (a delay request approved)."""

from __future__ import annotations

import pytest
from project_app_helpers import SIZE

from store.projects import delays
from store.core.i18n import set_language
from tui.app import make_app
from tui.dialogs.notice_history import NoticeHistory
from tui.widgets.reminder_banner import toast_key

LONG = "第三方支付回调持续超时，部分订单状态未更新，客服已收到二十多起投诉，请尽快确认补偿方案并通知客户。" * 2


def toast_lines(toast) -> list[str]:
    return [toast.render_line(y).text.strip(" ▌") for y in range(toast.size.height)]


def toast_texts(app) -> list[str]:
    return ["".join(toast_lines(toast)) for toast in app.screen.query("Toast")]


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_long_toast_is_cut_and_the_history_keeps_it_whole(flow_ws, lang):
    app = make_app(flow_ws, lang=lang)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        app.notify(LONG, title="INC-1", markup=False, timeout=30)
        app.notify("[b]not bold[/b] " + "x" * 200, timeout=30)  # markup: cut, still valid
        await pilot.pause()
        await pilot.pause()
        shown = [line for line in toast_lines(app.screen.query("Toast").first()) if line]
        assert shown[0] == "INC-1" and len(shown) == 3 and shown[-1].endswith("…")
        assert app.screen.query_one("Toast").size.height <= 4   # title + two lines, no padding
        assert [n.message for n in app.notices][0] == LONG
        await pilot.press("f8")
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, NoticeHistory)
        texts = [static.content.plain for static in app.screen.query(".notice")]
        assert LONG in texts[1] and "not bold " + "x" * 200 in texts[0]  # newest first
        title = app.screen.query_one(".dialog-title").content.plain
        assert title == ("通知记录（2）" if lang == "zh" else "Notifications (2)")
        await pilot.press("escape")
        assert not isinstance(app.screen, NoticeHistory)
    set_language("en")


@pytest.mark.parametrize("size", [(80, 24), SIZE])
async def test_toasts_keep_clear_of_a_dialogs_buttons(flow_ws, size):
    app = make_app(flow_ws)
    async with app.run_test(size=size, notifications=True) as pilot:
        await pilot.press("a")                                   # the project form
        await pilot.pause()
        for n in range(3):
            app.notify(f"Saved report {n} " + "word " * 20, timeout=30)
        await pilot.pause()
        await pilot.pause()
        buttons = [b.region for b in app.screen.query("Button")]
        toasts = [t.region for t in app.screen.query("Toast")]
        assert buttons and len(toasts) == 3
        assert all(t.y < size[1] // 2 for t in toasts)          # at the top
        assert not any(t.overlaps(b) for t in toasts for b in buttons)


async def test_a_delay_requests_toast_goes_once_it_is_approved(flow_ws):
    delays.request_delay(flow_ws.acting_as("chen"), "1-2", "2024-09-25", "范围扩大")
    alice = flow_ws.acting_as("alice")
    app = make_app(alice)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        watcher = app.reminder_watcher
        watcher.stop()
        watcher.check_now()
        await pilot.pause()
        occurrence = next(i.occurrence for i in watcher.rung
                          if i.reminder.kind == "delay.approval")
        assert any("waits for your approval" in m for m in toast_texts(app))
        assert toast_key(occurrence) in app._keyed
        delays.approve_delay(alice, "1-d1")
        watcher.check_now()
        await pilot.pause()
        assert not any("waits for your approval" in m for m in toast_texts(app))
        assert any("Confirm you received" in m for m in toast_texts(app))  # still up
        assert any("waits for your approval" in n.message for n in app.notices)  # history
