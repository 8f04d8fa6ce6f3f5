"""The one module that touches Textual's private API (STYLE.md: "Public API only").

Everything else in tui/ and themes/ uses Textual's public API. Each item here
has no public equivalent in Textual 8.2, and tests/app/test_textual_adapter.py
pins what it relies on, so a Textual upgrade that changes it fails there, by
name, rather than as a slower or blank screen somewhere else.

`FooterKey`
    The widget `Footer.compose` yields for each key. Textual 8 does not export it
    from `textual.widgets` (it lives in the private `textual.widgets._footer`);
    `HuddleFooter` arranges those keys on lines and adds the F1 key itself.

`mark_bindings_ready(footer)` / `bindings_ready(footer)`
    `Footer.compose` yields nothing until its private `_bindings_ready` reactive
    is set, which `Footer.bindings_changed` does. `HuddleFooter` replaces that
    handler (to recompose only when what it shows changed), so it sets the flag.

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
    rebuilding every row.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from textual.app import App
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import DataTable, Footer
from textual.widgets._footer import FooterKey  # noqa: F401  (re-exported: see above)

__all__ = ["FooterKey", "FixedWidthDataTable", "adopt_app_styles", "apply_theme_classes",
           "bindings_ready", "mark_bindings_ready"]


# -- Footer ---------------------------------------------------------------------------
def bindings_ready(footer: Footer) -> bool:
    """Whether the Footer has been told its screen's bindings (it shows nothing before)."""
    return bool(footer._bindings_ready)


def mark_bindings_ready(footer: Footer) -> None:
    """What `Footer.bindings_changed` does before it recomposes."""
    footer._bindings_ready = True


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
