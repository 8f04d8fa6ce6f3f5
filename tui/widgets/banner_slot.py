"""Where every full screen shows its banners (reminders, damaged files): between the header
and the body, as children of the screen. They have no container of their own: an empty
one was mounted, styled, laid out and drawn on every screen's opening."""

from __future__ import annotations

from typing import Callable, TypeVar

from rich.text import Text

from textual.screen import Screen
from textual.widget import Widget

B = TypeVar("B", bound=Widget)
BANNER = "huddle-banner"  # the class every banner placed here has


def banners(screen: Screen) -> list[Widget]:
    """The banners the screen shows, top to bottom."""
    return list(screen.query_children(f".{BANNER}"))


def place_banner(screen: Screen, kind: type[B], wanted: bool, make: Callable[[], B],
                 on_top: bool = False) -> B | None:
    """Keep one `kind` banner on the screen while `wanted`, none otherwise. Returns the
    banner that was already there (for the caller to refresh), else None. A modal, or any
    screen without a `#body`, is left alone."""
    body = screen.query_children("#body")
    if not body:
        return None
    shown = screen.query_children(kind)
    if not wanted:
        shown.remove()
        return None
    if shown:
        return shown.first()
    banner = make()
    banner.add_class(BANNER)
    above = banners(screen)
    screen.mount(banner, before=above[0] if on_top and above else body.first())
    return None


def show_text(banner: Widget, body: Text) -> None:
    """`banner.update(body)` unless it shows that already: an update lays the screen out
    again (a banner is filled when mounted, then asked again on its first resize)."""
    if getattr(banner, "_shown_text", None) != body:
        banner._shown_text = body  # type: ignore[attr-defined]
        banner.update(body)  # type: ignore[attr-defined]
