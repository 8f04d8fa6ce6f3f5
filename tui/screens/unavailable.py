"""The screen shown instead of an area whose screen failed to load (tui/area_modes.py), so
the app keeps running. Apart from base.py: the first screen does not need its class (a
Textual screen class costs about a millisecond to make)."""

from __future__ import annotations

from textual.app import ComposeResult

from store.core.i18n import tr

from .base import HuddleScreen


class UnavailableScreen(HuddleScreen):
    """Shown instead of an area whose screen failed to load, so the app keeps running."""

    def __init__(self, label: str, error: str) -> None:
        super().__init__()
        self.label = label
        self.error = error

    def header_title(self) -> str:
        return tr(self.label)

    def compose_body(self) -> ComposeResult:
        from rich.text import Text
        from textual.widgets import Static
        yield Static(Text(tr("Cannot open {area}: {error}", area=tr(self.label), error=self.error)),
                     id="unavailable")
