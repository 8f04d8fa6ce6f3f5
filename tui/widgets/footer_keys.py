"""What the Footer shows: its keys, and how they fit on the terminal's lines.

No Textual here: the widget (footer.py) collects the keys from the screen's
bindings and draws what `arrange_keys` decides.
"""

from __future__ import annotations

from rich.cells import cell_len

from store.core.record import FrozenRecord

MAX_LINES = 3
HELP_ACTION = "help"
AREA_ACTION = "switch_area"


class ShownKey(FrozenRecord):  # not a dataclass: start-up time (store/core/record.py)
    """One key of the Footer: what Textual's FooterKey widget held, as plain data."""
    __slots__ = ("key", "key_display", "description", "action", "disabled", "tooltip",
                 "palette")

    def __init__(self, key: str, key_display: str, description: str, action: str,
                 disabled: bool = False, tooltip: str = "", palette: bool = False) -> None:
        self._set(key=key, key_display=key_display,
                  description=description,  # translated
                  action=action,
                  disabled=disabled,        # drawn greyed out; a click rings the bell
                  tooltip=tooltip,
                  palette=palette)          # the command palette's key (docked right on one line)


def key_width(key: ShownKey) -> int:
    """Cells a key takes in the Footer (Textual's style: " k " + "description ")."""
    width = cell_len(key.key_display) + 2
    return width + cell_len(key.description) + 1 if key.description else width


def drawn_width(key: ShownKey, docked: bool) -> int:
    """Cells the key is drawn on, as Textual's FooterKey: the key padded only when it has
    a description; the palette key compact ("^p palette"), with a left border and,
    docked, a right padding."""
    if key.palette:
        width = cell_len(key.key_display) + (cell_len(key.description) + 1
                                             if key.description else 0)
        return width + 1 + docked
    return key_width(key) if key.description else cell_len(key.key_display)


def _width(keys: list[ShownKey]) -> int:
    return sum(key_width(k) for k in keys)


def arrange_keys(keys: list[ShownKey], palette: list[ShownKey],
                 width: int) -> tuple[list[list[ShownKey]], bool]:
    """(the keys in lines, whether the palette key is docked on the right).

    One line with every key if they fit; else without the greyed-out ones; else also
    without the area keys (F2–F8, named in the help). If that is still too long, the
    keys wrap onto at most MAX_LINES lines, the palette key last unless it would
    overflow or be alone on a line (ctrl+p works without its key shown)."""
    docked = sum(key_width(p) + 2 for p in palette)  # + its border and padding
    enabled = [k for k in keys if not k.disabled]
    wanted = [k for k in enabled if not k.action.startswith(AREA_ACTION)]
    for line in (keys, enabled, wanted):
        if width <= 0 or _width(line) + docked <= width:
            return [line], True
    lines: list[list[ShownKey]] = [[]]
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


def place_keys(lines: list[list[ShownKey]], docked: list[ShownKey],
               width: int) -> list[tuple[ShownKey, int, int, int]]:
    """(key, line, first cell, cells) of every key drawn, in order; the docked palette
    key at the right end of the first line."""
    placed = []
    for y, line in enumerate(lines):
        x = 0
        for key in line:
            cells = drawn_width(key, docked=False)
            placed.append((key, y, x, cells))
            x += cells
    x = width
    for key in reversed(docked):
        cells = drawn_width(key, docked=True)
        x -= cells
        placed.append((key, 0, x, cells))
    return placed
