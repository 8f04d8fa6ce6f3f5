"""What "fits the terminal" means, checked on a running app's active screen.

`problems(screen)` lists, in words, everything that breaks these rules:

- **Controls inside the screen**: every displayed Button, Input, Select, TextArea,
  DataTable, Tab, Checkbox, RadioSet, OptionList, Digits lies within the screen
  (vertically only when it is not inside something that scrolls vertically) and has
  a width and height of at least one cell.
- **Tables fit**: a DataTable never needs a horizontal scrollbar (every column is on
  screen), shows its header and at least one row when it has rows, and every line it
  draws has the same width in terminal cells (`rich.cells.cell_len`), so CJK text
  (two cells a character) keeps the columns aligned.
- **Nothing overlaps**: displayed siblings in the same layer, neither docked nor
  overlaid, never share a cell.
- **Tab bars** (`TabBar`, one line of titles): every title is drawn whole, within the bar.
- **The Footer**: every key of the screen itself (the focused widget's and the
  screen's bindings, not the app's) and the help key `?` are fully visible in it.
"""

from __future__ import annotations

from itertools import combinations

from rich.cells import cell_len
from textual.geometry import Region
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import (Button, Checkbox, DataTable, Digits, Input, OptionList, RadioSet,
                             Select, Tab, TextArea)


CONTROLS = (Button, Input, Select, TextArea, DataTable, Tab, Checkbox, RadioSet, OptionList,
            Digits)
APP_ACTIONS = ("app.", "help", "switch_area", "quit", "command_palette")


def shown(widget: Widget) -> bool:
    """Displayed and visible, and so are all its ancestors up to the screen."""
    node: Widget | None = widget
    while node is not None and not isinstance(node, Screen):
        if not node.display or not node.visible:
            return False
        node = node.parent  # type: ignore[assignment]
    return True


def scrolls_vertically(widget: Widget) -> bool:
    node = widget.parent
    while node is not None and not isinstance(node, Screen):
        if isinstance(node, Widget) and node.allow_vertical_scroll:
            return True
        node = node.parent
    return False


def name(widget: Widget) -> str:
    return f"{type(widget).__name__}#{widget.id}" if widget.id else repr(widget)


def control_problems(screen: Screen) -> list[str]:
    found = []
    area = screen.region
    for widget in screen.query("*"):
        if not isinstance(widget, CONTROLS) or not shown(widget):
            continue
        region = widget.region
        if region.width < 1 or region.height < 1:
            found.append(f"{name(widget)} has no room ({region.width}×{region.height})")
            continue
        if region.x < area.x or region.right > area.right:
            found.append(f"{name(widget)} is cut off at the side: {region} on {area}")
        if not scrolls_vertically(widget) and (region.y < area.y or region.bottom > area.bottom):
            found.append(f"{name(widget)} is cut off at the bottom: {region} on {area}")
    return found


def table_lines(table: DataTable) -> list[str]:
    return [table.render_line(y).text for y in range(table.size.height)]


def table_problems(screen: Screen) -> list[str]:
    found = []
    for table in screen.query(DataTable):
        if not shown(table) or table.region.width < 1:
            continue
        if table.max_scroll_x > 0:
            found.append(f"{name(table)} is wider than its {table.size.width} cells by "
                         f"{table.max_scroll_x}: columns are cut off")
        if table.row_count and table.show_header and table.size.height < 2:
            found.append(f"{name(table)} shows no row ({table.size.height} lines high)")
        widths = {cell_len(line) for line in table_lines(table)}
        if len(widths) > 1:
            found.append(f"{name(table)} draws lines of different widths {sorted(widths)}: "
                         "CJK text is misaligned")
    return found


def overlap_problems(screen: Screen) -> list[str]:
    found = []
    for parent in [screen, *screen.query("*")]:
        if not shown(parent) if parent is not screen else False:
            continue
        children = [c for c in parent.children if isinstance(c, Widget) and shown(c)
                    and not c.styles.dock and c.styles.overlay != "screen"
                    and c.styles.position != "absolute" and c.region.area]
        for a, b in combinations(children, 2):
            if (a.styles.layer or "") != (b.styles.layer or ""):
                continue
            both = a.region.intersection(b.region)
            if both.area:
                found.append(f"{name(a)} overlaps {name(b)} at {both}")
    return found


def footer_problems(screen: Screen) -> list[str]:
    from tui.widgets.footer import HuddleFooter
    footers = [f for f in screen.query(HuddleFooter) if shown(f)]
    if not footers:
        return []
    footer = footers[0]
    keys = [k for k in footer.keys if k not in footer.docked]
    right = min([footer.region.right, *(footer.key_region(p).x for p in footer.docked
                                        if footer.key_region(p).y == footer.region.y)])
    visible = Region(footer.region.x, footer.region.y, right - footer.region.x,
                     footer.region.height)
    found = []
    for key in keys:
        own = not key.action.startswith(APP_ACTIONS) or key.action == "help"
        if own and not visible.contains_region(footer.key_region(key)):
            found.append(f"the Footer cuts off '{key.key_display} {key.description}' "
                         f"({footer.key_region(key)} outside {visible})")
    if not any(k.action == "help" for k in keys):
        found.append("the Footer does not show the help key")
    return found


def tab_bar_problems(screen: Screen) -> list[str]:
    from tui.widgets.tab_bar import TabBar
    found = []
    for bar in (b for b in screen.query(TabBar) if shown(b)):
        drawn = bar.render().plain
        if cell_len(drawn) > bar.size.width:
            found.append(f"{name(bar)} draws {cell_len(drawn)} cells in {bar.size.width}")
        found += [f"{name(bar)} does not show the tab {title!r}"
                  for title in bar.titles.values() if title not in drawn]
    return found


def problems(screen: Screen) -> list[str]:
    return [*control_problems(screen), *table_problems(screen), *overlap_problems(screen),
            *tab_bar_problems(screen), *footer_problems(screen)]
