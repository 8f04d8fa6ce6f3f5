"""The notification history: every toast of this session, whole, newest first (F8, `h`).

Toasts are cut to two lines and go after a few seconds (tui/notifications.py); what
scrolled away, or was cut, is read here. Text is shown as plain text, never markup.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from store.core.clock import local_text
from store.core.i18n import tr

SEVERITY_MARKS = {"information": "·", "warning": "⚠", "error": "✖"}


class NoticeHistory(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,h", "close", "Close", id="notices.close"),
    ]

    def compose(self) -> ComposeResult:
        app = self.app
        notices = app.notices.newest_first()  # type: ignore[attr-defined]
        with Vertical(id="notices-dialog", classes="dialog"):
            yield Label(Text(tr("Notifications ({n})", n=len(notices))), classes="dialog-title")
            with VerticalScroll(id="notices-list"):
                if not notices:
                    yield Static(Text(tr("No notifications yet.")), classes="notice")
                for notice in notices:
                    line = Text()
                    line.append(f"{SEVERITY_MARKS.get(notice.severity, '·')} ")
                    line.append(local_text(notice.at, app.ws.tz, with_date=False),  # type: ignore[attr-defined]
                                style="bold")
                    if notice.title:
                        line.append(f"  {notice.title}", style="bold")
                    line.append("\n" + notice.message)
                    yield Static(line, classes="notice")
            yield Label(Text(tr("Escape closes the history.")), classes="dialog-hint")

    def action_close(self) -> None:
        self.dismiss(None)
