"""The Footer: the screen's keys, descriptions translated when drawn, fitting the terminal.

Bindings are declared once at import time with English descriptions (the
message ids); the language is chosen later, so translation happens here and
in the help screen, never in BINDINGS.

Fitting the terminal (80 columns and up): when the keys do not fit on one line,
the keys that do not apply now (greyed out) are left out first — the help
screen (`?`) lists them all. If the rest still does not fit, the F2–F8 entry
goes too (the help names every area) and the keys wrap onto a second (at most a
third) line, the palette key last, so every key of the screen stays visible.
When the focused widget takes `?` as text (a search box), F1 is shown for help
instead. A resize re-arranges the keys (footer_keys.py).

One widget draws every key, in the look of Textual's Footer (its colours, the
palette key docked right): Textual's Footer builds and styles one widget per key
and rebuilds them all on every `refresh_bindings()`, which cost milliseconds on
each screen's opening. This one redraws only when what it shows (keys,
descriptions, enabled or not, the width) changed. Hovering a key shows its
tooltip (why a greyed key does not apply); a click presses the key, as
Textual's FooterKey does (a greyed one rings the bell).
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Region
from textual.widget import Widget

from store.core.i18n import tr

from .footer_keys import HELP_ACTION, ShownKey, arrange_keys, place_keys


class HuddleFooter(Widget, can_focus=False):
    # The colours are those of Textual's Footer and FooterKey (textual/widgets/_footer.py).
    COMPONENT_CLASSES = {"footer-key--key", "footer-key--description", "footer-key--item",
                         "footer-key--hover", "footer-key--border"}
    DEFAULT_CSS = """
    HuddleFooter {
        dock: bottom;
        height: auto;  /* its lines of keys (get_content_height): up to three when they wrap */
        max-height: 3;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        text-overflow: clip;
        & > .footer-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .footer-key--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .footer-key--item {
            background: $footer-item-background;
        }
        & > .footer-key--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        & > .footer-key--border {
            color: $foreground 20%;
        }
    }
    """
    ALLOW_SELECT = False

    show_command_palette = True
    _shown: tuple | None = None
    _pending = False
    _keys_known = False
    _drawn = False  # rendered in a frame yet (until then, keys are arranged when stale)
    _stale = False  # the bindings changed since the keys were arranged (before the first frame)
    _hover: ShownKey | None = None

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.keys: list[ShownKey] = []        # every key shown, in the order drawn
        self.lines: list[list[ShownKey]] = []
        self.docked: list[ShownKey] = []      # the palette key, docked right on one line
        self._placed: list[tuple[ShownKey, int, int, int]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    # -- what to show ------------------------------------------------------
    def _collect(self) -> tuple[list[ShownKey], list[ShownKey]]:
        """(the screen's keys, the palette key) as Textual's Footer lists them: one key
        per action (its first binding), shown bindings only."""
        active = self.screen.active_bindings
        keys: dict[str, ShownKey] = {}
        for _node, binding, enabled, tooltip in active.values():
            if binding.show and binding.action not in keys:
                keys[binding.action] = ShownKey(
                    binding.key, self.app.get_key_display(binding), tr(binding.description),
                    binding.action, disabled=not enabled, tooltip=tooltip or "")
        palette = []
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            found = active.get(self.app.COMMAND_PALETTE_BINDING)
            if found is not None:
                _node, binding, enabled, _tooltip = found
                palette.append(ShownKey(
                    binding.key, self.app.get_key_display(binding), tr(binding.description),
                    binding.action, disabled=not enabled,
                    tooltip=binding.tooltip or binding.description, palette=True))
        return self._with_help(list(keys.values())), palette

    def _with_help(self, keys: list[ShownKey]) -> list[ShownKey]:
        """Add F1 for help when `?` is taken by the focused widget (e.g. a search box)."""
        if any(k.action == HELP_ACTION for k in keys):
            return keys
        active = self.screen.active_bindings.get("f1")
        if active is None or active.binding.action != HELP_ACTION or not active.enabled:
            return keys
        binding = active.binding
        return [*keys, ShownKey(binding.key, self.app.get_key_display(binding),
                                tr(binding.description), binding.action,
                                tooltip=active.tooltip or "")]

    def _width(self) -> int:
        return self.size.width or (self.app.size.width if self.is_attached else 0)

    def _what_to_show(self) -> tuple | None:
        if not self._keys_known or not self.is_attached:
            return None
        return (self.show_command_palette, self.app.size.width,
                tuple((binding.key, binding.description, binding.group, enabled, tooltip)
                      for _node, binding, enabled, tooltip in self.screen.active_bindings.values()
                      if binding.show or binding.key in (self.app.COMMAND_PALETTE_BINDING, "f1")))

    def rebuild(self) -> None:
        """Arrange the keys anew and redraw."""
        self.refresh(layout=self._arrange())

    def _arrange(self, width: int | None = None) -> bool:
        """Arrange the keys for the bindings now, at `width` (by default the Footer's);
        whether the number of lines changed."""
        self._stale = False
        self._shown = self._what_to_show()
        width = self._width() if width is None else width
        keys, palette = self._collect()
        lines, docked = arrange_keys(keys, palette, width)
        height_changed = len(lines) != max(len(self.lines), 1)
        self.lines, self.docked = lines, (palette if docked else [])
        self._placed = place_keys(self.lines, self.docked, width)
        self.keys = [key for key, *_ in self._placed]
        if self._hover is not None and self._hover not in self.keys:
            self._set_hover(None)
        return height_changed

    # -- when to rebuild ---------------------------------------------------
    def bindings_changed(self, screen) -> None:
        self._keys_known = True
        if not screen.app.app_focus:
            return
        if not getattr(screen.app, "first_painted", True):
            return  # the app asks again once its first frame is out (HuddleApp.first_painted)
        if self.is_attached and screen is self.screen:
            if self._drawn:
                self._schedule()
            elif not self._stale:  # arranged at the next layout, with the bindings then
                self._stale = True  # (the focus comes after the mount): the first frame
                self.refresh(layout=True)  # shows the keys it keeps, laid out once

    def on_resize(self, event: events.Resize) -> None:
        if self._shown is not None:
            self._schedule()

    def _schedule(self) -> None:
        if not self._pending:
            self._pending = True
            self.call_after_refresh(self._rebuild_if_changed)

    def _rebuild_if_changed(self) -> None:
        self._pending = False
        if self.is_attached and self._what_to_show() != self._shown:
            self.rebuild()

    # -- drawing -----------------------------------------------------------
    def get_content_height(self, container, viewport, width: int) -> int:
        if self._stale:  # at the width given: asking the Footer its size here would lay
            self._arrange(width)  # the whole screen out once more, inside this layout
        return max(len(self.lines), 1)

    def render(self) -> Text:
        if self._stale:
            self._arrange()
        self._drawn = True
        width = self._width()
        if self.docked and self._placed[-1][2] + self._placed[-1][3] != width:  # resized
            self._placed = place_keys(self.lines, self.docked, width)
        rows = [Text() for _ in self.lines] or [Text()]
        for key, y, x, cells in self._placed:
            row = rows[y]
            if key in self.docked:  # over whatever of the line would run under it
                row.truncate(x, pad=True)
            row.append_text(self._draw(key, docked=key in self.docked))
        for row in rows:
            row.truncate(width)
        return Text("\n").join(rows)

    def _draw(self, key: ShownKey, docked: bool) -> Text:
        """A key as Textual's FooterKey draws it."""
        style = self.get_component_rich_style
        base = style("footer-key--item")
        if key == self._hover:
            base += Style(color=style("footer-key--hover").color,
                          bgcolor=style("footer-key--hover").bgcolor)
        if key.disabled:
            base += Style(dim=True)
        key_style, description_style = style("footer-key--key"), style("footer-key--description")
        if key == self._hover:  # their own background is transparent over the hovered key
            key_style += Style(bgcolor=base.bgcolor)
            description_style += Style(bgcolor=base.bgcolor)
        if key.palette and key.description:  # Textual draws it compact
            text = Text.assemble((key.key_display, key_style),
                                 (f" {key.description}", description_style))
        elif key.description:
            text = Text.assemble((f" {key.key_display} ", key_style),
                                 (f"{key.description} ", description_style))
        else:
            text = Text.assemble((key.key_display, key_style))
        text.stylize_before(base)
        if key.palette:
            border = style("footer-key--border")
            text = Text.assemble(("▏", Style(color=border.color, bgcolor=base.bgcolor)), text,
                                 (" " if docked else "", base))
        return text

    # -- the mouse ---------------------------------------------------------
    def key_at(self, x: int, y: int) -> ShownKey | None:
        """The key drawn at (x, y) of the Footer, if any (the docked one over the others)."""
        found = None
        for key, line, first, cells in self._placed:
            if line == y and first <= x < first + cells:
                found = key
        return found

    def key_region(self, key: ShownKey) -> Region:
        """Where the key is on the screen (tests check nothing is cut off)."""
        for shown, line, first, cells in self._placed:
            if shown is key:
                return Region(self.region.x + first, self.region.y + line, cells, 1)
        raise KeyError(key)

    def _set_hover(self, key: ShownKey | None) -> None:
        if key != self._hover:
            self._hover = key
            self.tooltip = key.tooltip or None if key is not None else None
            self.styles.pointer = "default" if key is None else "pointer"
            self.refresh()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._set_hover(self.key_at(event.x, event.y))

    def on_leave(self, event: events.Leave) -> None:
        self._set_hover(None)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        key = self.key_at(event.x, event.y)
        if key is None:
            return
        if key.disabled:
            self.app.bell()
        else:
            self.app.simulate_key(key.key)
