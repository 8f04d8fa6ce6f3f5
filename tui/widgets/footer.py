"""The Footer, with binding descriptions translated when it is drawn.

Bindings are declared once at import time with English descriptions (the
message ids); the language is chosen later, so translation happens here and
in the help screen, never in BINDINGS.

Textual's Footer rebuilds all its keys whenever a screen says its bindings may
have changed (every `refresh_bindings()`), several times when a screen opens;
each rebuild restyles every key. This one rebuilds once per refresh at most,
and only when what it would show (keys, descriptions, enabled or not) changed.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer

from store.i18n import tr


class HuddleFooter(Footer):
    _shown: tuple | None = None
    _pending = False

    def compose(self) -> ComposeResult:
        self._shown = self._what_to_show()
        for widget in super().compose():
            description = getattr(widget, "description", None)
            if isinstance(description, str) and description:
                widget.description = tr(description)
            yield widget

    def _what_to_show(self) -> tuple | None:
        if not self._bindings_ready or not self.is_attached:
            return None
        return (self.compact, self.show_command_palette,
                tuple((binding.key, binding.description, binding.group, enabled, tooltip)
                      for _node, binding, enabled, tooltip in self.screen.active_bindings.values()
                      if binding.show or binding.key == self.app.COMMAND_PALETTE_BINDING))

    def bindings_changed(self, screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._pending:
            self._pending = True
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        self._pending = False
        if self.is_attached and self._what_to_show() != self._shown:
            await self.recompose()
