"""The measuring of a KeyedTable: which columns fit a width and how wide each one is.

Every column has a set width (the cells are never measured for a thousand rows); one
flexible column takes what is left. For a short table the text is measured and spare
space goes where the text is cut (`give_spare`); the text is measured once per set of rows
(`measure`), not once per width asked about.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from rich.cells import cell_len
from rich.text import Text

from store.core.i18n import tr
from store.core.record import FrozenRecord


class Col(FrozenRecord):  # not a dataclass nor a NamedTuple: start-up time (record.py)
    __slots__ = ("key", "label", "width", "min_width", "min_flex")

    def __init__(self, key: str, label: str, width: int | None = None, min_width: int = 0,
                 min_flex: int = 12) -> None:
        self._set(key=key,
                  label=label,            # English message id; translated when added
                  width=width,            # None: the flexible column, it takes what is left
                  min_width=min_width,    # hide the column when the table is narrower
                  min_flex=min_flex)      # the flexible column never gets narrower than this


def measure(specs: Sequence[Col], rows: Mapping[str, Mapping[str, object]]) -> dict[str, int]:
    """The width each column's text needs (its label, its widest line) in `rows`; empty
    when there are no rows (nothing to lend space to)."""
    if not rows:
        return {}
    need = {c.key: cell_len(tr(c.label)) for c in specs}
    keys = list(need)
    for cells in rows.values():
        for key in keys:
            cell = cells.get(key, "")
            text = cell.plain if isinstance(cell, Text) else str(cell)
            if "\n" in text:
                wide = max(cell_len(line) for line in text.split("\n"))
            else:
                wide = cell_len(text)
            if wide > need[key]:
                need[key] = wide
    return need


def column_layout(specs: Sequence[Col], width: int, cell_padding: int,
                  need: Mapping[str, int]) -> tuple[tuple[str, int | None], ...]:
    """Which columns show at `width`, and how wide: the fixed ones as set, the flexible
    one what is left; what the text needs (`measure`; empty: not measured) lends space
    where the text is cut."""
    shown = [c for c in specs if width <= 0 or width >= c.min_width]
    fixed = sum(c.width or 0 for c in shown)
    padding = 2 * cell_padding * len(shown) + 2  # + a vertical scrollbar
    flex = max(min(c.min_flex for c in shown if c.width is None), width - fixed - padding) \
        if any(c.width is None for c in shown) else 0
    widths = {c.key: c.width if c.width is not None else flex for c in shown}
    give_spare(shown, widths, need)
    return tuple((c.key, widths[c.key]) for c in shown)


def give_spare(shown: list[Col], widths: dict[str, int], need: Mapping[str, int]) -> None:
    """Space goes where the text is: what the flexible column does not need goes to
    the fixed columns whose text is cut, in their order, and what fixed columns leave
    empty goes to a cut flexible column."""
    flexible = [c for c in shown if c.width is None]
    if not flexible or not need:
        return
    flex = flexible[0]
    spare = widths[flex.key] - max(need[flex.key], flex.min_flex)
    for c in shown:
        if spare <= 0:
            break
        if c.width is not None and need[c.key] > widths[c.key]:
            more = min(spare, need[c.key] - widths[c.key])
            widths[c.key] += more
            widths[flex.key] -= more
            spare -= more
    # …and the other way: a cut flexible column takes what fixed columns leave empty
    short = need[flex.key] - widths[flex.key]
    for c in shown:
        if short <= 0:
            break
        if c.width is not None and widths[c.key] > need[c.key]:
            less = min(short, widths[c.key] - need[c.key])
            widths[c.key] -= less
            widths[flex.key] += less
            short -= less


def expected_width(table) -> int:
    """The width the table's first layout will give it, where it is sure (0 elsewhere): a
    table stacked full-width in vertical containers up to its screen (the Projects list)
    gets the terminal's width less the margins, borders and padding on the way. With it
    the rows are added at mount, as a bare DataTable's, and the first frame shows them
    (not an empty table that is filled one layout pass later)."""
    width = table.app.size.width
    node = table
    while node is not table.screen:
        parent = node.parent
        styles = node.styles
        layout = getattr(parent.styles, "layout", None) if parent is not None else None
        if parent is None or getattr(layout, "name", "vertical") != "vertical" \
                or (styles.width is not None and styles.width.unit.name != "FRACTION") \
                or styles.max_width is not None or styles.dock not in ("", "none") \
                or styles.overlay == "screen" \
                or (node is not table and styles.overflow_y != "hidden") \
                or any(sibling.styles.dock in ("left", "right") for sibling in parent.children):
            return 0  # a scrollbar or a docked panel may take some of the width
        width -= styles.margin.width + styles.gutter.width
        node = parent
    width -= table.screen.styles.gutter.width
    return max(width, 0)
