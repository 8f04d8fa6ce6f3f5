"""The Footer, with binding descriptions translated when it is drawn, and keys that fit.

Bindings are declared once at import time with English descriptions (the
message ids); the language is chosen later, so translation happens here and
in the help screen, never in BINDINGS.

Fitting the terminal (80 columns and up): when the keys do not fit on one line,
the keys that do not apply now (greyed out) are left out first — the help
screen (`?`) lists them all. If the rest still does not fit, the F2–F8 entry
goes too (the help names every area) and the keys wrap onto a second (at most a
third) line, the palette key last, so every key of the screen stays visible.
When the focused widget takes `?` as text (a search box), F1 is shown for help
instead. A resize re-arranges the keys.

Textual's Footer rebuilds all its keys whenever a screen says its bindings may
have changed (every `refresh_bindings()`), several times when a screen opens;
each rebuild restyles every key. This one rebuilds once per refresh at most,
and only when what it would show (keys, descriptions, enabled or not, the lines
they take) changed.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.containers import HorizontalGroup
from textual.widgets import Footer

from store.core.i18n import tr

from ..textual_adapter import FooterKey, bindings_ready, mark_bindings_ready

MAX_LINES = 3
HELP_ACTION = "help"
AREA_ACTION = "switch_area"


class FooterLine(HorizontalGroup):
    """One line of keys when they wrap."""


class HuddleFooter(Footer):
    DEFAULT_CSS = """
    HuddleFooter.-wrapped {
        layout: vertical;
        height: auto;
        max-height: 3;
    }
    HuddleFooter FooterLine {
        width: 1fr;
        height: 1;
    }
    HuddleFooter FooterKey.-palette-key {
        border-left: vkey $foreground 20%;
    }
    """

    _shown: tuple | None = None
    _pending = False

    def compose(self) -> ComposeResult:
        self._shown = self._what_to_show()
        widgets = list(super().compose())
        for widget in widgets:
            description = getattr(widget, "description", None)
            if isinstance(description, str) and description:
                widget.description = tr(description)
        if not all(isinstance(w, FooterKey) for w in widgets):  # binding groups: as Textual
            yield from widgets
            return
        palette = [w for w in widgets if "-command-palette" in w.classes]
        keys = self._with_help([w for w in widgets if w not in palette])
        lines, docked = self.arrange_keys(keys, palette)
        self.set_class(len(lines) > 1, "-wrapped")
        for key in palette:
            if not docked:  # in the flow of keys: every line has the whole width
                key.remove_class("-command-palette")
                key.add_class("-palette-key")
        if len(lines) == 1:
            yield from lines[0]
        else:
            for line in lines:
                yield FooterLine(*line)
        if docked:
            yield from palette

    def _with_help(self, keys: list[FooterKey]) -> list[FooterKey]:
        """Add F1 for help when `?` is taken by the focused widget (e.g. a search box)."""
        if any(k.action == HELP_ACTION for k in keys) or not self.is_attached:
            return keys
        active = self.screen.active_bindings.get("f1")
        if active is None or active.binding.action != HELP_ACTION or not active.enabled:
            return keys
        binding = active.binding
        return [*keys, FooterKey(binding.key, self.app.get_key_display(binding),
                                 tr(binding.description), binding.action,
                                 tooltip=active.tooltip).data_bind(compact=Footer.compact)]

    # -- fitting -----------------------------------------------------------
    def arrange_keys(self, keys: list[FooterKey],
                     palette: list[FooterKey]) -> tuple[list[list[FooterKey]], bool]:
        """(the keys in lines, whether the palette key is docked on the right).

        One line with every key if they fit; else without the greyed-out ones; else also
        without the area keys (F2–F8, named in the help). If that is still too long, the
        keys wrap onto at most MAX_LINES lines, the palette key last unless it would
        overflow or be alone on a line (ctrl+p works without its key shown)."""
        width = self._width()
        docked = sum(key_width(p) + 2 for p in palette)  # + its border and padding
        enabled = [k for k in keys if "-disabled" not in k.classes]
        wanted = [k for k in enabled if not k.action.startswith(AREA_ACTION)]
        for line in (keys, enabled, wanted):
            if width <= 0 or _width(line) + docked <= width:
                return [line], True
        lines: list[list[FooterKey]] = [[]]
        used = 0
        for key in wanted + palette:
            needed = key_width(key) + (2 if key in palette else 0)
            if lines[-1] and used + needed > width and len(lines) < MAX_LINES:
                lines.append([])
                used = 0
            lines[-1].append(key)
            used += needed
        if used > width or lines[-1] == palette:
            lines[-1] = [k for k in lines[-1] if k not in palette]
        return [line for line in lines if line], False

    def _width(self) -> int:
        return self.size.width or (self.app.size.width if self.is_attached else 0)

    def _what_to_show(self) -> tuple | None:
        if not bindings_ready(self) or not self.is_attached:
            return None
        return (self.compact, self.show_command_palette, self.app.size.width,
                tuple((binding.key, binding.description, binding.group, enabled, tooltip)
                      for _node, binding, enabled, tooltip in self.screen.active_bindings.values()
                      if binding.show or binding.key in (self.app.COMMAND_PALETTE_BINDING, "f1")))

    def bindings_changed(self, screen) -> None:
        mark_bindings_ready(self)
        if not screen.app.app_focus:
            return
        if not getattr(screen.app, "first_painted", True):
            return  # the app asks again once its first frame is out (HuddleApp.first_painted)
        if self.is_attached and screen is self.screen:
            self._schedule()

    def on_resize(self, event: events.Resize) -> None:
        if self._shown is not None:
            self._schedule()

    def _schedule(self) -> None:
        if not self._pending:
            self._pending = True
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        self._pending = False
        if self.is_attached and self._what_to_show() != self._shown:
            await self.recompose()


def key_width(key: FooterKey) -> int:
    """Cells a key takes in the Footer (Textual's style: " k " + "description ")."""
    width = cell_len(key.key_display) + 2
    return width + cell_len(key.description) + 1 if key.description else width


def _width(keys: list[FooterKey]) -> int:
    return sum(key_width(k) for k in keys)
