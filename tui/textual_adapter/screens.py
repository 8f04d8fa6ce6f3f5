"""Drawing a screen now, reading what it draws (tests) and taking down one toast."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import App
from textual.screen import Screen


def withdraw_notification(app: App, notification) -> None:
    """Take down one notification's toast (if still up), as a click on it does."""
    if notification in app._notifications:
        app._unnotify(notification)


def paint_now(app: App) -> bool:
    """Lay out and render the current screen now, as its update timer would next; False
    (nothing drawn) while the app is inside a batch update (a mode switch is one): the
    frame people see comes after it."""
    if app._batch_count:
        return False
    app.screen._on_timer_update()
    return True


def screen_lines(screen: Screen) -> list[str]:
    """The text of every line of the screen as the compositor draws it (for tests)."""
    return [strip.text for strip in screen._compositor.render_strips()]


def partial_update_text(screen: Screen, widgets: Iterable) -> str:
    """What a partial update that repaints `widgets` writes to the terminal (for tests)."""
    for widget in widgets:
        widget.refresh()
    screen._compositor.update_widgets(set(widgets))
    update = screen._compositor.render_partial_update()
    return "" if update is None else update.render_segments(screen.app.console)
