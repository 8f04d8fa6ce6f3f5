"""The Footer, with binding descriptions translated when it is drawn.

Bindings are declared once at import time with English descriptions (the
message ids); the language is chosen later, so translation happens here and
in the help screen, never in BINDINGS.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer

from store.i18n import tr


class HuddleFooter(Footer):
    def compose(self) -> ComposeResult:
        for widget in super().compose():
            description = getattr(widget, "description", None)
            if isinstance(description, str) and description:
                widget.description = tr(description)
            yield widget
