"""The one module that touches Textual's private API (STYLE.md: "Public API only").

Everything else in tui/ and themes/ uses Textual's public API. Each item here
has no public equivalent in Textual 8.2, and tests/app/test_textual_adapter.py
pins what it relies on, so a Textual upgrade that changes it fails there, by
name, rather than as a slower or blank screen somewhere else.

`adopt_app_styles(screen, app)`
    A screen whose `_css_update_count` differs from the app's is restyled whole
    (every widget of every screen of the app) when it is shown. A new screen has
    no styles to bring up to date yet, so it takes the app's count when built.

`apply_theme_classes(app)`
    What `App._watch_theme` does to the app's classes (`-theme-<name>`,
    `-dark-mode` / `-light-mode`). The app sets its first theme with
    `set_reactive` before any stylesheet exists, which skips the watcher (the
    watcher would re-parse and re-apply every style: a tenth of a second at start).

`FixedWidthDataTable`
    A `DataTable` whose columns all have a set width and whose rows are one line:
    `_update_dimensions` (which measures every cell of every new row to size
    "auto" columns) only sets the virtual size, and `resize_columns` changes
    widths in place (`_clear_caches`, `_require_update_dimensions`) instead of
    rebuilding every row. `render_lines` works out the table's `rich_style` and its rows'
    (`_get_row_style`) once for all its lines (Textual walks up the ancestors for each). `_render_cell` is Textual's, except that a cell that is one rich
    `Text` in a one-line row is turned into its line by `text_cell_line` (rich's own steps
    without its generic dispatch: about a third of drawing a screenful of a table).

`paint_now(app)`
    What the screen's update timer does (`Screen._on_timer_update`), at once, for the
    benchmark's "drawn" instant; it must wait for `App._batch_count` to fall to 0, since
    inside a batch update the screen draws nothing.

`keep_wide_characters_whole()`
    Textual's compositor cuts every screen line at the edge of every widget on it,
    whatever lies in front, and `Strip.divide` turns a double-width character that a
    cut splits into two spaces. So a toast (or any overlay) with Chinese text over the
    edge of a widget below lost one character per edge: "支付  时" for 支付回调超时 on
    the incident screen, where the timeline and the roles panel meet under the toast
    (Textual issue #6357, open in 8.2.8). The replacement `_render_chops` divides a
    widget's line only where the widget stops winning the cells (a widget in front
    takes over); the buckets it wins beyond the first of a run get an empty strip, so
    nothing behind claims them. The partial update's chop ends follow the longer strips,
    so a repaint of a widget under the toast (the countdowns each second) rewrites the
    whole toast line rather than half a character.

`reparse_from_cache()`
    `Stylesheet.reparse` (run whenever a screen brings CSS the app has not seen: at
    the first opening of each screen) parses EVERY source again in a fresh stylesheet
    with an empty parse cache, so that new variables apply: about 45 ms on the first
    opening of the project screen, most of it for sources parsed before. The variables
    are the same then (`set_variables` empties the cache when they change), so the
    fresh stylesheet takes over the old one's cache (`_parse_cache`, grown from 64 to
    512 entries: there are more than 64 sources, one per widget class) and parses only
    what is new.

`load_screen_css(app, screen_class)`
    What `App._load_screen_css` does when a screen is first shown (read its `CSS_PATH`
    files and `CSS`, reparse, restyle the app's widgets: 20–30 ms), done ahead by the
    warm-up (tui/warm_up.py) from the class, since Textual does it only from an instance.
    The sources are keyed as Textual keys them (`has_source`), so the screen's first
    showing finds them and does nothing.

`screen_lines(screen)` / `partial_update_text(screen, widgets)`
    For tests: the screen's lines as the compositor draws them, and what a partial
    update repainting `widgets` writes to the terminal (Pilot has no terminal).

`TranslatedCommandPalette`
    Textual's `CommandPalette` writes "No matches found" in English inside its private
    `_start_no_matches_countdown`; this subclass does the same in the interface
    language (the timer, the disabled option with the palette's `_NO_MATCHES` id).

`withdraw_notification(app, notification)`
    `App._unnotify`: Textual 8 takes down one toast only when it times out or is
    clicked (`clear_notifications` takes down all); the app withdraws the toast of a
    reminder that was dealt with (tui/notifications.py).
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable, Mapping
from pathlib import Path

from rich.align import Align
from rich.padding import Padding
from rich.style import Style
from rich.text import Text
from textual._compositor import ChopsUpdate, Compositor
from textual._path import _css_path_type_as_list
from textual.app import App
from textual.command import CommandList, CommandPalette
from textual.css.stylesheet import Stylesheet
from textual.geometry import Size
from textual.screen import Screen
from textual.renderables.styled import Styled
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets.option_list import Option

from store.core.i18n import tr

from .widgets.text_cell import text_cell_line

__all__ = ["FixedWidthDataTable", "TranslatedCommandPalette", "adopt_app_styles",
           "apply_theme_classes", "keep_wide_characters_whole", "load_screen_css",
           "paint_now", "partial_update_text", "reparse_from_cache", "screen_lines",
           "withdraw_notification"]


# -- styles and themes ------------------------------------------------------------------
def adopt_app_styles(screen: Screen, app: App) -> None:
    """Tell Textual a new screen's styles are as current as the app's (none exist yet)."""
    screen._css_update_count = app._css_update_count


def apply_theme_classes(app: App) -> None:
    """The app's classes for its current theme, as `App._watch_theme` sets them."""
    dark = app.current_theme.dark
    app.update_classes({**{c: False for c in app.classes if c.startswith("-theme-")},
                        f"-theme-{app.current_theme.name}": True,
                        "-dark-mode": dark, "-light-mode": not dark}, update=False)


# -- the command palette -----------------------------------------------------------------
class TranslatedCommandPalette(CommandPalette):
    """`CommandPalette` whose "No matches found" is in the interface language."""

    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:  # as Textual's, with the line translated
            if search_value:
                self.query_one(CommandList).add_option(Option(
                    Align.center(Text(tr("No matches found"), style="not bold")),
                    disabled=True, id=self._NO_MATCHES))
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)


# -- DataTable ----------------------------------------------------------------------------
class FixedWidthDataTable(DataTable):
    """A DataTable that never measures cells when every column has a width (see above)."""

    def resize_columns(self, widths: Mapping[str, int | None]) -> None:
        """Give columns (by key) new widths, keeping the rows."""
        for key, width in widths.items():
            self.columns[key].width = width  # type: ignore[index]
        self._clear_caches()
        self._require_update_dimensions = True
        self.check_idle()
        self.refresh()

    def _update_dimensions(self, new_rows: Iterable) -> None:  # type: ignore[override]
        """Textual measures every cell of every new row to size "auto" columns and rows; when
        every column has a width and every row one line, only the virtual size changes."""
        new_rows = list(new_rows)
        columns = list(self.columns.values())
        if not columns or any(c.auto_width for c in columns) or any(
                (row := self.rows.get(key)) is not None and (row.auto_height or row.label)
                for key in new_rows):
            super()._update_dimensions(new_rows)
            return
        width = sum(c.get_render_width(self) for c in columns) + self._row_label_column_width
        header = self.header_height if self.show_header else 0
        self.virtual_size = Size(width, self._total_row_height + header)

    _held_style: Style | None = None  # while rendering: the table's style
    _held_rows: dict | None = None     # … and each kind of row's

    @property
    def rich_style(self) -> Style:
        held = self._held_style
        return held if held is not None else DataTable.rich_style.fget(self)

    def render_lines(self, crop):
        """Textual's, the table's style and its rows' worked out once (each a walk up its
        ancestors) for all the lines, not once per line (`render_line` asks `rich_style`
        for each, `_render_line_in_row` its row's style)."""
        self._held_style = None
        self._held_style, self._held_rows = self.rich_style, {}
        try:
            return super().render_lines(crop)
        finally:
            self._held_style = self._held_rows = None

    def _get_row_style(self, row_index: int, base_style: Style) -> Style:
        held = self._held_rows
        if held is None:
            return super()._get_row_style(row_index, base_style)
        kind = (row_index == -1, row_index < self.fixed_rows,
                self.zebra_stripes and row_index % 2, base_style)
        if kind not in held:
            held[kind] = super()._get_row_style(row_index, base_style)
        return held[kind]

    def _render_cell(self, row_index: int, column_index: int, base_style: Style, width: int,
                     cursor: bool = False, hover: bool = False):
        """`DataTable._render_cell` of Textual 8.2.8, a one-line Text cell made by
        `text_cell_line` (the same segments)."""
        is_header_cell, is_row_label_cell = row_index == -1, column_index == -1
        is_fixed_style_cell = (not is_header_cell and not is_row_label_cell and (
            row_index < self.fixed_rows or column_index < self.fixed_columns))
        row_key = self._header_row_key if is_header_cell \
            else self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        cell_cache_key = (row_key, column_key, base_style, cursor, hover,
                          self._show_hover_cursor, self._update_count, self._pseudo_class_state)
        if cell_cache_key in self._cell_render_cache:
            return self._cell_render_cache[cell_cache_key]
        base_style += Style.from_meta({"row": row_index, "column": column_index})
        row_label, row_cells = self._get_row_renderables(row_index)
        if is_row_label_cell:
            cell = row_label if row_label is not None else ""
        else:
            cell = row_cells[column_index]
        component_style, post_style = self._get_styles_to_render_cell(
            is_header_cell, is_row_label_cell, is_fixed_style_cell, hover, cursor,
            self.show_cursor, self._show_hover_cursor, self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css")
        console, pre_style = self.app.console, base_style + component_style
        row = None if is_header_cell else self.rows[row_key]
        row_height = self.header_height if row is None else row.height
        if type(cell) is Text and row_height == 1 and (row is None or not row.auto_height):
            line = text_cell_line(console, cell, width, self.cell_padding, pre_style, post_style)
            if line is not None:
                self._cell_render_cache[cell_cache_key] = lines = [line]
                return lines
        if row is not None and row.auto_height and row.height == 0:
            options = self.app.console_options.update_width(width)
        else:
            options = self.app.console_options.update_dimensions(width, row_height)
        if row_height == 1:
            options = options.update(no_wrap=True)
        lines = console.render_lines(Styled(Padding(cell, (0, self.cell_padding)),
                                            pre_style=pre_style, post_style=post_style), options)
        self._cell_render_cache[cell_cache_key] = lines
        return lines


# -- the compositor and double-width characters ------------------------------------------
_NOTHING = Strip([], 0)  # a bucket taken by the widget whose longer strip covers it


def _render_chops(self: Compositor, crop, is_rendered_line):
    """`Compositor._render_chops` that divides a widget's line only where it stops winning."""
    cuts = self.cuts
    chops: list[dict[int, Strip | None]] = [dict.fromkeys(cut_set[:-1]) for cut_set in cuts]
    for region, clip, strips in self._get_renders(crop):
        render_region = region.intersection(clip)
        render_x = render_region.x
        first_cut, last_cut = render_region.column_span
        for y, strip in zip(render_region.line_range, strips):
            if not is_rendered_line(y):
                continue
            line = chops[y]
            final_cuts = [cut for cut in cuts[y] if last_cut >= cut >= first_cut]
            starts = final_cuts[:-1]
            if not starts:
                continue
            wins = [line.get(cut) is None for cut in starts]  # front to back: first one wins
            ends = [i for i in range(1, len(starts)) if wins[i] != wins[i - 1]] + [len(starts)]
            pieces = strip.divide([final_cuts[i] - render_x for i in ends])
            begin = 0
            for end, piece in zip(ends, pieces):
                if wins[begin]:
                    line[starts[begin]] = piece
                    for cut in starts[begin + 1:end]:
                        line[cut] = _NOTHING
                begin = end
    return chops


def _render_partial_update(self: Compositor) -> ChopsUpdate | None:
    """`Compositor.render_partial_update`, each chop's end where its strip ends and each span
    widened to whole chops: a span ending inside a chop (the timeline's right edge, under
    a toast) would crop the toast's line there, halving a character in the terminal."""
    update = _original_partial_update(self)
    if update is None:
        return None
    update.chop_ends = [
        [max(end, x + strip.cell_length) if strip is not None else end
         for (x, strip), end in zip(line.items(), ends)]
        for line, ends in zip(update.chops, update.chop_ends)]
    spans = []
    for y, x1, x2 in update.spans:
        for (x, strip), end in zip(update.chops[y].items(), update.chop_ends[y]):
            if strip is not None and strip.cell_length and x < x2 and end > x1:
                x2 = max(x2, end)
        spans.append((y, x1, x2))
    update.spans = spans
    return update


_original_partial_update = Compositor.render_partial_update


def keep_wide_characters_whole() -> None:
    """Install the two replacements above (once; the app's factory calls it)."""
    Compositor._render_chops = _render_chops  # type: ignore[method-assign]
    Compositor.render_partial_update = _render_partial_update  # type: ignore[method-assign]


# -- Stylesheet --------------------------------------------------------------------------
PARSE_CACHE_ENTRIES = 512  # parsed sources kept (Textual keeps 64; the app has ~100)
_ORIGINAL_REPARSE = Stylesheet.reparse


def _reparse(self: Stylesheet) -> None:
    """`Stylesheet.reparse` of Textual 8.2.8, the fresh stylesheet taking over the cache."""
    if self._parse_cache.maxsize < PARSE_CACHE_ENTRIES:
        self._parse_cache.maxsize = PARSE_CACHE_ENTRIES
    stylesheet = Stylesheet(variables=self._variables)
    stylesheet._parse_cache = self._parse_cache  # same variables: the parsed rules hold
    for read_from, (css, is_defaults, tie_breaker, scope) in self.source.items():
        stylesheet.add_source(css, read_from=read_from, is_default_css=is_defaults,
                              tie_breaker=tie_breaker, scope=scope)
    try:
        stylesheet.parse()
    except Exception:
        self._invalid_css.update(stylesheet._invalid_css)
        raise
    self._rules = stylesheet.rules
    self._rules_map = None
    self.source = stylesheet.source
    self._require_parse = False


def reparse_from_cache(app: App) -> None:
    """Install `_reparse` (the app's factory calls it) and grow the app's parse cache."""
    Stylesheet.reparse = _reparse  # type: ignore[method-assign]
    app.stylesheet._parse_cache.maxsize = max(app.stylesheet._parse_cache.maxsize,
                                              PARSE_CACHE_ENTRIES)


def load_screen_css(app: App, screen_class: type[Screen]) -> bool:
    """`App._load_screen_css` for a screen of `screen_class`, ahead; whether it added any."""
    here = Path(inspect.getfile(screen_class)).parent
    paths = [p if Path(p).is_absolute() else (here / p).resolve()
             for p in _css_path_type_as_list(screen_class.CSS_PATH or [])]
    sheet, update = app.stylesheet, False
    for path in paths:
        if not sheet.has_source(str(path), ""):
            sheet.read(path)
            update = True
    if screen_class.CSS:
        read_from = (inspect.getfile(screen_class), f"{screen_class.__name__}.CSS")
        if not sheet.has_source(*read_from):
            sheet.add_source(screen_class.CSS, read_from=read_from, is_default_css=False,
                             scope=screen_class._css_type_name if screen_class.SCOPED_CSS
                             else "")
            update = True
    if update:
        sheet.reparse()
        sheet.update(app)
    return update


def withdraw_notification(app: App, notification) -> None:
    """Take down one notification's toast (if still up), as a click on it does."""
    if notification in app._notifications:
        app._unnotify(notification)


def paint_now(app: App) -> bool:
    """Lay out and render the current screen now, as its update timer would next; False
    (nothing drawn) while the app is inside a batch update (a mode switch is one): the
    frame people see comes after it."""
    if app._batch_count:
        return False
    app.screen._on_timer_update()
    return True


def screen_lines(screen: Screen) -> list[str]:
    """The text of every line of the screen as the compositor draws it (for tests)."""
    return [strip.text for strip in screen._compositor.render_strips()]


def partial_update_text(screen: Screen, widgets: Iterable) -> str:
    """What a partial update that repaints `widgets` writes to the terminal (for tests)."""
    for widget in widgets:
        widget.refresh()
    screen._compositor.update_widgets(set(widgets))
    update = screen._compositor.render_partial_update()
    return "" if update is None else update.render_segments(screen.app.console)
