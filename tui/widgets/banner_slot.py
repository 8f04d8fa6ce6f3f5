"""The `#banner` slot every full screen has: the reminder and damaged-file banners share it."""

from __future__ import annotations

from typing import Callable, TypeVar

from rich.text import Text

from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widget import Widget

B = TypeVar("B", bound=Widget)


def place_banner(screen: Screen, kind: type[B], wanted: bool, make: Callable[[], B],
                 on_top: bool = False) -> B | None:
    """Keep one `kind` banner in the screen's slot while `wanted`, none otherwise. Returns
    the banner that was already there (for the caller to refresh), else None. A modal or a
    screen without the slot is left alone."""
    try:
        slot = screen.query_one("#banner")
    except NoMatches:
        return None
    banners = slot.query(kind)
    if not wanted:
        banners.remove()
        return None
    if banners:
        return banners.first()
    if on_top and slot.children:
        slot.mount(make(), before=0)
    else:
        slot.mount(make())
    return None


def show_text(banner: Widget, body: Text) -> None:
    """`banner.update(body)` unless it shows that already: an update lays the screen out
    again (a banner is filled when mounted, then asked again on its first resize)."""
    if getattr(banner, "_shown_text", None) != body:
        banner._shown_text = body  # type: ignore[attr-defined]
        banner.update(body)  # type: ignore[attr-defined]
