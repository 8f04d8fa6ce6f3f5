"""The Footer (tui/widgets/footer.py) as one widget: keys shown once the screen's bindings
are known, a click presses a key (a greyed one rings the bell), hovering shows the key's
tooltip, and the keys fit the width (footer_keys.py)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Label

from tui.widgets.footer import HuddleFooter
from tui.widgets.footer_keys import ShownKey, arrange_keys, key_width


class FooterApp(App):
    TOOLTIP_DELAY = 0.3
    BINDINGS = [Binding("x", "ring", "Ring", tooltip="Rings once"),
                Binding("y", "never", "Never", tooltip="Not now: nothing to do"),
                Binding("a", "ring", "Add"),  # a second key of the same action is not shown
                Binding("b", "bell", "Browse"),
                Binding("question_mark", "help", "Help")]

    def __init__(self) -> None:
        super().__init__()
        self.done: list[str] = []

    def compose(self) -> ComposeResult:
        yield Label("body")
        yield HuddleFooter()

    def check_action(self, action: str, parameters) -> bool | None:
        return None if action == "never" else True  # None: shown greyed out

    def action_ring(self) -> None:
        self.done.append("ring")

    def action_never(self) -> None:
        self.done.append("never")

    def bell(self) -> None:
        self.done.append("bell")


def drawn(footer: HuddleFooter) -> list[str]:
    return footer.render().plain.split("\n")


async def test_the_footer_shows_keys_once_its_bindings_are_known():
    fresh = HuddleFooter()
    assert fresh.keys == [] and fresh.render().plain == ""
    app = FooterApp()
    async with app.run_test(size=(80, 5)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(HuddleFooter)
        assert [(k.key, k.description, k.disabled) for k in footer.keys if not k.palette] == \
            [("x", "Ring", False), ("y", "Never", True), ("b", "Browse", False),
             ("question_mark", "Help", False)]
        line = drawn(footer)[0]
        assert line.startswith(" x Ring  y Never  b Browse  ? Help ") and line.rstrip().endswith("palette")
        assert len(line) == 80 and footer.docked and footer.docked[0].palette
        assert footer.key_region(footer.docked[0]).right == 80


async def test_a_click_presses_the_key_and_a_greyed_key_rings_the_bell():
    app = FooterApp()
    async with app.run_test(size=(80, 5)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(HuddleFooter)
        ring, never = footer.keys[0], footer.keys[1]
        await pilot.click(HuddleFooter, offset=(footer.key_region(ring).x + 2, 0))
        await pilot.pause()
        assert app.done == ["ring"]
        await pilot.click(HuddleFooter, offset=(footer.key_region(never).x + 1, 0))
        await pilot.pause()
        assert app.done == ["ring", "bell"]
        gap = footer.key_region(footer.keys[3]).right + 3  # between the keys and the palette
        await pilot.click(HuddleFooter, offset=(gap, 0))
        await pilot.pause()
        assert app.done == ["ring", "bell"]


async def test_hovering_a_key_shows_its_tooltip():
    app = FooterApp()
    async with app.run_test(size=(80, 5), tooltips=True) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(HuddleFooter)
        tooltip = app.screen.query_one("#textual-tooltip")
        never = footer.key_region(footer.keys[1]).x + 1
        await pilot.hover(HuddleFooter, offset=(never, 0))
        await pilot.pause(0.5)
        assert footer.tooltip == "Not now: nothing to do"     # why the greyed key is greyed
        assert tooltip.display and "Not now: nothing to do" in str(tooltip.render())
        # on to the next key: Textual hides a tooltip when the pointer moves within its
        # widget, and shows it again once the pointer rests
        ring = footer.key_region(footer.keys[0]).x + 1
        await pilot.hover(HuddleFooter, offset=(ring, 0))
        await pilot.hover(HuddleFooter, offset=(ring + 1, 0))
        await pilot.pause(0.5)
        assert footer.tooltip == "Rings once"
        assert tooltip.display and "Rings once" in str(tooltip.render())
        hovered = footer._draw(footer.keys[0], docked=False)
        assert hovered.spans[-1].style.bgcolor != footer.get_component_rich_style(
            "footer-key--item").bgcolor                   # the hovered key is highlighted
        await pilot.hover(Label)
        await pilot.pause(0.5)
        assert footer.tooltip is None and not tooltip.display


async def test_a_narrow_footer_leaves_greyed_keys_out_then_wraps():
    app = FooterApp()
    async with app.run_test(size=(50, 5)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(HuddleFooter)
        assert [k.key for k in footer.keys] == ["x", "y", "b", "question_mark", "ctrl+p"]
        assert drawn(footer) == [" x Ring  y Never  b Browse  ? Help    ▏^p palette "]
        await pilot.resize_terminal(44, 5)
        await pilot.pause()
        await pilot.pause()
        assert [k.key for k in footer.keys] == ["x", "b", "question_mark", "ctrl+p"]  # no y
        assert drawn(footer) == [" x Ring  b Browse  ? Help       ▏^p palette "]
        await pilot.resize_terminal(24, 5)
        await pilot.pause()
        await pilot.pause()
        assert len(footer.lines) == 2 and footer.size.height == 2
        assert [[k.key for k in line] for line in footer.lines] == \
            [["x", "b"], ["question_mark", "ctrl+p"]]         # the palette key last, in line
        assert drawn(footer) == [" x Ring  b Browse ", " ? Help ▏^p palette"]
        for y, line in enumerate(footer.lines):
            for key in line:
                assert footer.key_region(key).y == footer.region.y + y
        await pilot.resize_terminal(80, 5)
        await pilot.pause()
        await pilot.pause()
        assert len(footer.lines) == 1 and footer.size.height == 1


def test_the_palette_key_comes_last_when_the_keys_wrap():
    keys = [ShownKey(str(n), str(n), f"Key {n}", f"a{n}") for n in range(8)]
    keys.append(ShownKey("f2", "F2", "Areas", "switch_area('x')"))
    keys.insert(1, ShownKey("z", "z", "Greyed", "az", disabled=True))
    palette = [ShownKey("ctrl+p", "^p", "palette", "command_palette", palette=True)]
    every = sum(key_width(k) for k in keys) + key_width(palette[0]) + 2
    assert arrange_keys(keys, palette, every) == ([keys], True)
    lines, docked = arrange_keys(keys, palette, every - 1)
    assert lines == [[k for k in keys if not k.disabled]] and docked
    wanted = [k for k in keys if not k.disabled and k.key != "f2"]  # nor the areas' key
    lines, docked = arrange_keys(keys, palette, 46)
    assert not docked and lines == [wanted[:5], wanted[5:] + palette]
    lines, docked = arrange_keys(keys, palette, 40)  # it would be alone on a line
    assert not docked and lines == [wanted[:4], wanted[4:]]
    lines, docked = arrange_keys(keys, palette, 30)  # 3 lines at most, it would overflow
    assert not docked and lines == [wanted[:3], wanted[3:6], wanted[6:]]


async def test_the_footer_stays_when_a_widget_is_maximized(app_ws):
    """Textual keeps only the widgets ALLOW_IN_MAXIMIZED_VIEW names (its own Footer by
    default) beside a maximized one: the app names this Footer."""
    from textual.widgets import DataTable

    from tui.app import make_app
    from tui.textual_adapter import screen_lines
    app = make_app(app_ws)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(HuddleFooter)
        app.screen.maximize(app.screen.query_one(DataTable))
        await pilot.pause()
        assert app.screen.maximized is not None
        assert "? Help" in screen_lines(app.screen)[-1]


async def test_a_new_screens_first_frame_shows_its_keys(app_ws, monkeypatch):
    """Until its first frame, the footer arranges the keys in the layout, with the bindings
    as they are then (the screen's focus comes after its mount): that frame shows the keys
    it keeps, and the screen is not laid out again for a footer that grew a line."""
    from tui.app import make_app
    from tui.screens.standup import StandupScreen
    frames: list[tuple[object, str]] = []
    original = HuddleFooter.render

    def recorded(self):
        drawn_now = original(self)
        frames.append((self.screen, drawn_now.plain))
        return drawn_now
    monkeypatch.setattr(HuddleFooter, "render", recorded)
    app = make_app(app_ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f4")
        for _ in range(4):
            await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StandupScreen)
        footer = screen.query_one(HuddleFooter)
        shown = [plain for drawn_on, plain in frames if drawn_on is screen]
        assert shown and shown[0] == shown[-1] == footer.render().plain
        assert "Start meeting" in shown[0]


async def test_the_first_layout_arranges_the_keys_without_a_second_layout_inside(
        app_ws, monkeypatch):
    """The footer arranges its keys inside the screen's layout at the width it is given:
    asking its own size there would lay the whole screen out again, inside that layout."""
    from textual._compositor import Compositor

    from tui.app import make_app
    depth, nested = [0], []
    original = Compositor._arrange_root

    def arrange_root(self, *args, **kwargs):
        depth[0] += 1
        try:
            if depth[0] > 1:
                nested.append(self)
            return original(self, *args, **kwargs)
        finally:
            depth[0] -= 1
    monkeypatch.setattr(Compositor, "_arrange_root", arrange_root)
    app = make_app(app_ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        nested.clear()
        await pilot.press("f4")
        for _ in range(4):
            await pilot.pause()
        footer = app.screen.query_one(HuddleFooter)
        assert footer._drawn and "Start meeting" in footer.render().plain
        assert nested == []
