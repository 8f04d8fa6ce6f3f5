"""The one package that touches Textual's private API (STYLE.md: "Public API only").

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
    `render_line`, `_render_line` and `_render_line_in_row` are Textual's, reading the
    table's reactives and column widths once per render (`_View`) instead of ~47 times a
    line, each through the descriptor's three `hasattr`: a screenful of the war room's
    table ~7.0 → ~5.7 ms, the standup's members ~3.5 → ~3.0 (min of 40).

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
    whole toast line rather than half a character. It also asks a widget only for the
    run of lines from the first to the last where it wins a bucket (none if none):
    Textual renders every visible widget in full, so a container under its children and
    the screen under its body were drawn for nothing (~1 ms of a standup's first frame).

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

`PromptAreaSwitch` (with `render_nothing_while_held`)
    Textual's `switch_mode` holds every update for 50 ms (`delay_update`) to mask the
    switch; the screen is rendered meanwhile anyway, that frame is dropped (`_display`
    writes nothing inside a batch), and the whole screen is rendered again after the
    hold: 10–30 ms wasted, and a screen ready in 30 ms still waits out the 50. The app's
    mixin ends the hold when the new screen is mounted (its `on_mount` has filled it;
    the 50 ms stay the limit), and `Screen._compositor_refresh` renders nothing while a
    hold lasts (the screen is marked to be drawn whole when it ends). Inside a batch
    Textual runs "after refresh" callbacks at once (`_invoke_and_clear_callbacks`), so
    the rest of a long table was added before the first frame: they wait for it.

`CompactMarkdown`
    Textual's `Markdown` lays a table out as a grid with a widget per cell: a
    postmortem's key-events table is ~130 widgets, ~10 MB of the app's peak memory
    when the knowledge base previews it. Its table block (`MarkdownTable`, not public)
    is subclassed to draw the table as one widget (header, rule, │ between columns,
    cells cut with …), from the headers and rows Textual gathers
    (`_get_headers_and_rows`); a link in a cell is passed on as Textual's cells do.

`remember_styles()`
    `Stylesheet.apply` matches every rule that could apply against the node's path from
    the app, each time a widget is mounted or its classes change: ~9 ms of a standup's
    opening, for widgets in the very places the last opening had them. The result
    depends only on the rules and on what their selectors can test along that path (each
    node's type, id, classes and the pseudo-classes the rules name), so it is kept under
    that key (`style_memo._Memo.place`) for the rules' version (a re-parse makes a new
    list) and given to the next node in the same place, as Textual's own `cache` does
    within one update of several nodes. Textual's `apply` is kept whole for a new place.
    The app installs it once its first screen is painted: every place of that screen is
    new, and working out the keys would only slow the start.

`lean_strips()`
    Textual's `Strip.__init__` makes seven caches (a `FIFOCache` and its dict each) for
    every line it builds: sixteen objects for the garbage collector to count and walk, and
    ~1 KB, for lines that are mostly drawn once and never cropped, divided or styled again.
    Opening the standup built ~1,300 strips, enough new objects to set off a collection of
    the middle generation (4–12 ms) in the middle of the answer. A strip now makes each
    cache the first time one of Textual's methods reads it (`Strip.__getattr__`, which
    Python calls only for an empty slot); the caches and their sizes are read from
    Textual's own `__init__`.

`lay_out_once()`
    Textual lays a new screen out when it is resumed and sends every widget that layout
    showed a `Resize`, the screen itself included, whose handler (`_screen_resized`) lays
    the screen out again at the same size: a second reflow and render of the whole screen
    (~7 ms of opening the 1,000-task project). It is skipped when the screen's compositor
    is laid out for that very size already; a widget that changes in its own resize asks
    for the next layout itself, and a new terminal size still lays out.

`install_adapter(app)`
    Installs the class-level replacements (`keep_wide_characters_whole`, `lean_strips`,
    `lay_out_once`, `render_nothing_while_held`, `reparse_from_cache`) when the app is
    built.

`withdraw_notification(app, notification)`
    `App._unnotify`: Textual 8 takes down one toast only when it times out or is
    clicked (`clear_notifications` takes down all); the app withdraws the toast of a
    reminder that was dealt with (tui/notifications.py).
"""

from __future__ import annotations

from textual.app import App

from .area_switch import PromptAreaSwitch, render_nothing_while_held
from .compositor import keep_wide_characters_whole
from .layout_once import lay_out_once
from .lean_strip import lean_strips
from .markdown_table import CompactMarkdown
from .data_table import FixedWidthDataTable
from .palette import TranslatedCommandPalette
from .screens import partial_update_text, paint_now, screen_lines, withdraw_notification
from .style_memo import remember_styles
from .styles import (adopt_app_styles, apply_theme_classes, load_screen_css,
                     reparse_from_cache)

__all__ = ["CompactMarkdown", "FixedWidthDataTable", "PromptAreaSwitch", "TranslatedCommandPalette",
           "adopt_app_styles", "apply_theme_classes", "install_adapter",
           "keep_wide_characters_whole", "lay_out_once", "lean_strips", "load_screen_css",
           "paint_now", "partial_update_text", "remember_styles", "reparse_from_cache",
           "screen_lines",
           "withdraw_notification"]


def install_adapter(app: App) -> None:
    """Install the replacements above (the app calls it when built; each is idempotent)."""
    keep_wide_characters_whole()
    lean_strips()
    lay_out_once()
    render_nothing_while_held()
    reparse_from_cache(app)
