"""Pins the private Textual API that tui/textual_adapter/ wraps: a Textual upgrade that
changes any of it fails here, by name (STYLE.md: "Public API only")."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import textual
from app_helpers import SIZE
from textual.app import App, ComposeResult
from textual.screen import Screen
from rich.text import Text
from textual.widgets import DataTable, Footer, Label

from tui import textual_adapter
from tui.textual_adapter import compositor as adapter_compositor
from tui.textual_adapter import styles as adapter_styles
from tui.app import make_app
from tui.textual_adapter import FixedWidthDataTable, adopt_app_styles, apply_theme_classes
from tui.widgets.keyed_table import KeyedTable

REPO = Path(__file__).resolve().parents[2]


def test_textual_is_the_version_the_adapter_was_written_for():
    major, minor = (int(x) for x in textual.__version__.split(".")[:2])
    assert (major, minor) >= (8, 2) and major == 8, \
        f"Textual {textual.__version__}: check every item of tui/textual_adapter/"


def test_the_private_names_still_exist():
    for name in ("_update_dimensions", "_clear_caches", "_row_label_column_width",
                 "_total_row_height"):
        assert hasattr(DataTable, name), name
    assert "_require_update_dimensions" in inspect.getsource(DataTable.__init__)
    assert list(inspect.signature(DataTable._update_dimensions).parameters) == \
        ["self", "new_rows"]
    # FixedWidthDataTable._render_cell is Textual's with a faster Text path; _get_row_style
    # and rich_style are held for a render (their results: test_text_cells_render_as_…)
    assert list(inspect.signature(DataTable._render_cell).parameters) == \
        ["self", "row_index", "column_index", "base_style", "width", "cursor", "hover"]
    assert list(inspect.signature(DataTable._get_row_style).parameters) == \
        ["self", "row_index", "base_style"]
    render_cell = inspect.getsource(DataTable._render_cell)
    for piece in ("self._cell_render_cache[cell_cache_key] = lines",
                  "Padding(cell, (0, self.cell_padding))", "self._get_styles_to_render_cell(",
                  'Style.from_meta({"row": row_index, "column": column_index})'):
        assert piece in render_cell, piece
    assert "self.rich_style)" in inspect.getsource(DataTable.render_line)
    source = inspect.getsource(App._watch_theme)
    for piece in ('"-theme-', '"-dark-mode"', '"-light-mode"', "update_classes"):
        assert piece in source, piece  # what apply_theme_classes copies
    assert "self._css_update_count" in inspect.getsource(Screen.__init__)
    # paint_now: the timer's render, which draws nothing inside a batch update
    assert "not self.app._batch_count" in inspect.getsource(Screen._on_timer_update)
    assert "self._batch_count += 1" in inspect.getsource(App._begin_batch)
    # keep_wide_characters_whole replaces these two; withdraw_notification calls _unnotify
    from textual._compositor import ChopsUpdate, Compositor
    assert list(inspect.signature(adapter_compositor._original_partial_update).parameters) == \
        ["self"]
    assert list(inspect.signature(Compositor._get_renders).parameters) == ["self", "crop"]
    renders = inspect.getsource(Compositor._get_renders)  # what _render_chops does itself
    for piece in ("visible_widgets.items()", "crop_overlaps(clip)", "widget.render_lines("):
        assert piece in renders, piece
    assert "self._render_chops(crop, is_rendered_line)" in \
        inspect.getsource(adapter_compositor._original_partial_update)
    assert list(inspect.signature(ChopsUpdate.__init__).parameters) == \
        ["self", "chops", "spans", "chop_ends"]
    assert list(inspect.signature(App._unnotify).parameters) == \
        ["self", "notification", "refresh"]
    assert "screen._css_update_count != self._css_update_count" in inspect.getsource(App)
    # reparse_from_cache copies Stylesheet.reparse and hands its fresh stylesheet the cache
    from textual.css.stylesheet import Stylesheet
    assert "_parse_cache" in inspect.getsource(Stylesheet.__init__)
    assert "self._parse_cache.clear()" in inspect.getsource(Stylesheet.set_variables)
    loads = inspect.getsource(App._load_screen_css)  # what load_screen_css does ahead
    for piece in ('self.stylesheet.has_source(str(path), "")', "self.stylesheet.read(path)",
                  'f"{screen.__class__.__name__}.CSS"', "screen._css_type_name if screen.SCOPED_CSS",
                  "self.stylesheet.reparse()", "self.stylesheet.update(self)"):
        assert piece in loads, piece
    # TranslatedCommandPalette replaces _start_no_matches_countdown, as Textual writes it
    from textual.command import CommandPalette
    countdown = inspect.getsource(CommandPalette._start_no_matches_countdown)
    for piece in ("self._stop_no_matches_countdown()", "command_list.add_option(",
                  'Text("No matches found", style="not bold")', "id=self._NO_MATCHES",
                  "self._list_visible = True", "self._list_visible = False",
                  "self._no_matches_timer = self.set_timer(", "self._NO_MATCHES_COUNTDOWN"):
        assert piece in countdown, piece
    original = inspect.getsource(adapter_styles._ORIGINAL_REPARSE)
    for piece in ("Stylesheet(variables=self._variables)", "stylesheet.add_source(",
                  "self._rules = stylesheet.rules", "self.source = stylesheet.source",
                  "self._invalid_css.update(stylesheet._invalid_css)"):
        assert piece in original, piece


def test_reparse_from_cache_gives_textuals_rules_and_parses_only_what_is_new():
    from textual.css.stylesheet import Stylesheet
    sources = {f"S{n} {{ width: {n}; color: $accent; }}": ("x.py", f"S{n}") for n in range(80)}

    def sheet() -> Stylesheet:
        made = Stylesheet(variables={"accent": "red"})
        made._parse_cache.maxsize = adapter_styles.PARSE_CACHE_ENTRIES  # as the app's
        for css, read_from in sources.items():
            made.add_source(css, read_from=read_from)
        made.parse()
        return made

    theirs, ours = sheet(), sheet()
    theirs.add_source("New { height: 3; }", read_from=("y.py", "New"))
    ours.add_source("New { height: 3; }", read_from=("y.py", "New"))
    adapter_styles._ORIGINAL_REPARSE(theirs)
    misses = ours._parse_cache.misses
    adapter_styles._reparse(ours)
    assert [r.css for r in ours.rules] == [r.css for r in theirs.rules]
    assert ours._parse_cache.misses - misses == 1  # only the new source was parsed
    ours.set_variables({"accent": "blue"})  # new variables: everything parsed afresh
    adapter_styles._reparse(ours)
    assert "#0000FF" in ours.css and "#FF0000" not in ours.css


ADAPTER_TESTS = {Path(__file__).name, "test_area_switch.py", "test_style_memo.py",
                 "test_table_lines.py", "test_lean_strip.py", "test_layout_once.py"}  # the adapter's own pins


def test_nothing_else_touches_textual_privates():
    """Only the adapter imports a private Textual module or reads these private names."""
    private = re.compile(r"textual\.[\w.]*\._\w|\._(bindings_ready|css_update_count|clear_caches|"
                         r"update_dimensions|require_update_dimensions|row_label_column_width|"
                         r"total_row_height|watch_theme)\b")
    offenders = []
    for folder in ("tui", "themes", "tests"):
        for path in (REPO / folder).rglob("*.py"):
            if "textual_adapter" in path.parts or path.name in ADAPTER_TESTS:
                continue
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if private.search(line) and not line.lstrip().startswith("#"):
                    offenders.append(f"{path.relative_to(REPO)}:{n}: {line.strip()}")
    assert offenders == []


class FooterApp(App):
    BINDINGS = [("x", "bell", "Ring")]

    def compose(self) -> ComposeResult:
        yield Footer()


async def test_a_new_screen_adopts_the_apps_style_count():
    app = FooterApp()
    async with app.run_test(size=(60, 5)) as pilot:
        app.theme = "textual-light"  # bumps the app's count
        await pilot.pause()
        screen = Screen()
        adopt_app_styles(screen, app)
        assert screen._css_update_count == app._css_update_count > 0


async def test_theme_classes_match_what_textual_sets():
    app = FooterApp()
    async with app.run_test(size=(60, 5)) as pilot:
        for name in ("textual-light", "textual-dark"):
            app.theme = name
            await pilot.pause()
            by_textual = {c for c in app.classes if c.startswith("-")}
            app.update_classes({c: False for c in by_textual}, update=False)
            apply_theme_classes(app)
            assert {c for c in app.classes if c.startswith("-")} == by_textual
            assert f"-theme-{name}" in by_textual


class TableApp(App):
    def compose(self) -> ComposeResult:
        yield FixedWidthDataTable()
        yield Label("below")


async def test_fixed_width_table_sizes_like_textual_and_resizes_in_place():
    app = TableApp()
    async with app.run_test(size=(60, 12)) as pilot:
        table = app.query_one(FixedWidthDataTable)
        table.add_column("a", width=5, key="a")
        table.add_column("b", width=10, key="b")
        table.add_rows([(str(n), f"row {n}") for n in range(30)])
        await pilot.pause()
        fast = table.virtual_size
        reference = DataTable()  # Textual's own measuring, same content
        await app.mount(reference)
        reference.add_column("a", width=5, key="a")
        reference.add_column("b", width=10, key="b")
        reference.add_rows([(str(n), f"row {n}") for n in range(30)])
        await pilot.pause()
        assert fast == reference.virtual_size
        table.resize_columns({"b": 20})
        await pilot.pause()
        assert table.virtual_size.width == fast.width + 10
        assert table.row_count == 30


async def test_keyed_table_is_a_fixed_width_table(app_ws):
    assert issubclass(KeyedTable, FixedWidthDataTable)
    app = make_app(app_ws)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one(KeyedTable)
        assert table.row_count == 2 and all(c.width for c in table.columns.values())
        assert {c for c in app.classes if c.startswith("-theme-")} == {"-theme-huddle-dark"}
        assert "-dark-mode" in app.classes


def test_the_adapter_says_why_for_each_name():
    doc = textual_adapter.__doc__
    for name in textual_adapter.__all__:
        assert f"`{name}" in doc, name


def _spanned(plain: str, style: str, **kwargs) -> Text:
    cell = Text(plain, **kwargs)
    cell.stylize(style)
    return cell


CELLS = [Text("plain"), Text("红色的支付回调超时了很久很久", no_wrap=True, overflow="ellipsis"),
         Text("fold me please, I am long", overflow="fold"), Text("crop me, long text", overflow="crop"),
         Text("right", justify="right"), Text("mid", justify="center"), Text(""),
         Text("tab\there"), Text("two\nlines"), Text("no end", end=""),
         Text("ignored overflow, long", overflow="ignore"),
         Text.assemble(("bold", "bold"), " and ", ("red on blue", "red on blue"), " tail"),
         Text("styled whole", style="italic #ff8800"), Text("x", no_wrap=False),
         Text("宽字符宽字符宽", overflow="ellipsis"),
         # the one-style path (text_cell._plain_line): exact fit, trailing spaces, styles
         Text("exactly 12 c"), Text("trail  "), Text("bold str", style="bold"),
         Text("left", justify="left"), Text("宽", style="on #334455"), Text(" "),
         Text("ctrl\x1b", style="underline"),
         # … with one span over all of it (labels.themed), or cut to the column
         _spanned("themed cell", "bold #ff0000"), _spanned("跨部门沟通频次不足", "italic"),
         _spanned("wide 宽字符宽字符宽字符", "red", no_wrap=True, overflow="ellipsis"),
         Text("cut me with an ellipsis please", no_wrap=True, overflow="ellipsis"),
         Text("宽字符宽字符宽字符宽字符", no_wrap=True, overflow="ellipsis", style="green"),
         Text("cropped and not wrapped at all", no_wrap=True, overflow="crop"),
         Text("folded but not wrapped", no_wrap=True), Text("wraps when long, no_wrap False",
                                                            no_wrap=False, overflow="ellipsis"),
         Text.assemble(("half", "red"), "plain")]


async def test_text_cells_render_as_textual_renders_them():
    """`_render_cell`'s one-line Text path gives exactly Textual's segments."""
    from rich.style import Style
    app = TableApp()
    async with app.run_test(size=(100, 20)) as pilot:
        table = app.query_one(FixedWidthDataTable)
        for n, width in enumerate((1, 2, 3, 6, 12, 30)):
            table.add_column(Text(f"col {n} header", overflow="ellipsis"), width=width)
        for cell in CELLS:
            table.add_row(*([cell] * 6))
        table.add_row("markup [b]x[/b]", 3.5, None, 12, Text("a"), Text("b"))
        await pilot.pause()
        styles = (Style(), Style(color="red", bgcolor="black", bold=True))
        compared = 0
        for row in range(-1, table.row_count):
            for column, width in enumerate((1, 2, 3, 6, 12, 30)):
                for style in styles:
                    for cursor, hover in ((False, False), (True, False), (False, True)):
                        args = (row, column, style, width + 2, cursor, hover)
                        table._cell_render_cache.clear()
                        mine = table._render_cell(*args)
                        table._cell_render_cache.clear()
                        assert mine == DataTable._render_cell(table, *args), (row, column)
                        compared += 1
        assert compared == (len(CELLS) + 2) * 6 * 2 * 3
        # the whole table: its style held for all its lines, as Textual works it out per line
        from textual.geometry import Region
        crop = Region(0, 0, table.size.width, table.size.height)
        table._clear_caches()
        table._styles_cache.clear()
        mine = table.render_lines(crop)
        table._clear_caches()
        table._styles_cache.clear()
        assert mine == DataTable.render_lines(table, crop) and table._held_style is None
