"""The Huddle app: wires areas (Textual modes), the help key, themes and live refresh.

Contracts other parts build on
------------------------------
`make_app(ws: Workspace, *, lang: str = "en", poll_interval: float = 0.5) -> HuddleApp`
    The one way to build the app (the CLI's `tui.launch.run_app(session)` and
    the tests both use it). It calls `store.core.i18n.set_language(lang)`. The app
    keeps the workspace as `app.ws`; identity is `app.ws.actor`, time
    `app.ws.now()` / `app.ws.local_now()` (HUDDLE_NOW pins it via the Session).

`AREAS` (tui/areas.py) / `MODES` (tui/area_modes.py)
    Each top-level area is a Textual mode. To add one, add ONE line to `AREAS`:
    `Area(mode, key, label, "package.module:ScreenClass")`, imported when first opened. `MODES` (mode name → screen factory) is built from `AREAS` and is
    what `HuddleApp.MODES` uses. Keys: F2 Projects, F3 My work, F4 Standup,
    F5 War room, F6 Onboarding, F7 Knowledge, F8 Reminders; shown in the Footer.

`tui.screens.base.HuddleScreen`
    Every screen's base: header (workspace, acting user, clock), its banners, the
    body from `compose_body()`, the Footer. The change feed calls `refresh_data(changed)`
    with the change topics (store/topics.py: "people", "project 3", …), never file names.

Live refresh (tui/change_feed.py)
    A thread waits on `ws.wait_changes(token, …)` (inotify, polling where inotify cannot
    see every write, LISTEN on PostgreSQL) and posts the changes to the UI thread, which
    calls `refresh_data(changed)` on the active HuddleScreen and keeps them for the others
    until shown; then the damaged-file banner. `poll_now()` asks at once (tests);
    `poll_interval` is the longest single wait and sets the reminders' pace (×10).
Themes
    `themes.THEMES` are registered at start; `initial_theme()` picks the
    theme to start with and `remember_theme(name)` is called on every change:
    both persist the choice per user (store.people.preferences).

Keys and the command palette
    `?` and F1: help for the current screen (its bindings). ctrl+p: Textual's system
    commands plus `tui.palette.HuddleCommands` (records, actions, areas, themes, languages).

Language
    `make_app(lang=…)` sets it; the CLI chooses it with `tui.language.
    choose_language` (--lang, else the user's saved preference, else the locale).
    `action_set_language(lang)` switches at run time (command palette), saves the
    choice and rebuilds the areas' screens in the new language.
"""

from __future__ import annotations

import importlib
import weakref
from collections.abc import Callable
from pathlib import Path

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.notifications import Notification, Notify, SeverityLevel
from textual.screen import ModalScreen, Screen
from textual.theme import Theme

from store.core.errors import StoreError
from store.core.i18n import set_language, tr
from store.core.lazy_table import keep_unparsed_packed
from store.core.shard_heads import keep_heads_compact
from store.core.text_safety import visible
from store.core.workspace import Workspace
from themes import CSS_PATH, DEFAULT_THEME, register_themes, resolve_theme

from .area_modes import build_modes, load_screen  # noqa: F401  (re-exported)
from .areas import AREAS
from .change_feed import ChangeFeed, ChangesSeen, FeedFailed, failure_text
from .idle_collector import IdleCollector
from .notifications import Notice, NoticeLog, short_message, toast_text_width
from .textual_adapter import (PromptAreaSwitch, apply_theme_classes, install_adapter,
                              remember_styles, withdraw_notification)

MODES: dict[str, Callable[[], Screen]] = build_modes(AREAS)


class HuddleApp(IdleCollector, PromptAreaSwitch, App[None]):
    TITLE = "Huddle"
    CSS_PATH = [CSS_PATH]
    MODES = MODES
    DEFAULT_MODE = "projects"
    COMMANDS = App.COMMANDS | {lambda: importlib.import_module("tui.palette").HuddleCommands}
    # Screen classes for small terminals (.tcss): "-narrow" under 110 columns, "-short" under
    # 30 lines (80×24: less context above the lists, one reminder line in the banner).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    ALLOW_IN_MAXIMIZED_VIEW = "HuddleFooter"  # Textual's default names its own Footer
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="app.help",
                tooltip="Show the keys of this screen"),
        Binding("f1", "help", "Help", show=False, id="app.help.f1"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="app.quit"),
        # The Footer shows one "F2–F8 Areas" entry instead of seven, so a screen's own keys
        # fit at 80 columns; `?` lists every area key with its name.
        Binding(AREAS[0].key, f"switch_area({AREAS[0].mode!r})", "Areas",
                key_display=f"{AREAS[0].key.upper()}–{AREAS[-1].key.upper()}",
                id=f"app.area.{AREAS[0].mode}",
                tooltip=" · ".join(f"{a.key.upper()} {a.label}" for a in AREAS)),
        *(Binding(area.key, f"switch_area({area.mode!r})", area.label,
                  id=f"app.area.{area.mode}", show=False) for area in AREAS[1:]),
    ]

    def __init__(self, ws: Workspace, *, poll_interval: float = 0.5) -> None:
        super().__init__()
        install_adapter(self)  # the replacements of tui/textual_adapter, each with its reason
        self.ws = ws
        self.poll_interval = poll_interval
        self._live: weakref.WeakSet[Screen] = weakref.WeakSet()
        self.change_feed = ChangeFeed(self, poll_interval)  # started once mounted
        self.damage_watcher = None  # the damaged-file banner, after the first paint
        self._reminder_watcher = None
        self.keymap_warnings: list[str] = []  # bad entries of the user's keymap (make_app)
        self._clashes_told: set[frozenset[str]] = set()
        self.notices = NoticeLog()  # every notification, whole (tui/notifications.py)
        self._keyed: dict[str, Notification] = {}  # toasts to withdraw when done
        self.area_keys = None  # F2–F8 and the record they return to (tui/area_keys.py)
        # False until the first screen is on the terminal: the Footer shows its keys after
        # it, as Textual's own Footer does (its rebuild would otherwise come before the app
        # is ready: ~15 ms of restyling keys and laying the screen out again)
        self.first_painted = False
        self.warm_up = None  # imports for the other screens, in quiet moments (tui/warm_up.py)
        register_themes(self)
        # The theme is chosen before the first stylesheet is built: setting `theme` once the
        # app runs re-parses and re-applies every style (a tenth of a second at start).
        self._theme_requested = self.initial_theme()
        known = self._theme_requested and self.get_theme(self._theme_requested) is not None
        self._theme_remembered = self._theme_requested if known else DEFAULT_THEME
        self._use_theme(self._theme_remembered)

    def _use_theme(self, name: str) -> None:
        """What setting `theme` does before any style exists (see tui/textual_adapter/)."""
        self.set_reactive(App.theme, name)
        apply_theme_classes(self)

    # -- start -----------------------------------------------------------
    def on_mount(self) -> None:
        if self._theme_requested != self._theme_remembered:
            self.use_requested_theme(self._theme_requested)  # tells the user it is unknown
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        for warning in self.keymap_warnings:
            self.notify(tr("Keymap: {problem}", problem=warning),
                        severity="warning", timeout=10, markup=False)
        # once the first screen is drawn: its first look at the folder is not the start's
        # (a change after a read made since __init__ is still found: Backend.deferred_token)
        self.call_after_refresh(self.change_feed.start)
        # immediate: `App.suspend()` blocks the event loop, a queued callback would run after
        self.app_suspend_signal.subscribe(self, lambda _app: self.change_feed.stop(),
                                          immediate=True)
        self.app_resume_signal.subscribe(self, lambda _app: self.change_feed.start(),
                                         immediate=True)
        self.call_after_refresh(self._after_first_paint)

    def _after_first_paint(self) -> None:
        """What the first screen does not show waits until it is on the terminal: the
        reminders (toast, bell, banner; their first check runs later, in a thread), the
        damaged-file banner, and the warm-up of the other screens (tui/warm_up.py)."""
        if not self.is_running:  # closed before its first paint (a test, a quick ctrl+q)
            return
        self._settle_gc()
        from .heap_settings import keep_heap_small  # lazy: start-up time (ctypes)
        keep_heap_small()  # before the reminders' first check and the warm-up read much
        remember_styles()  # from now on, screens are built where others were (textual_adapter)
        self.first_painted = True
        self.screen.refresh_bindings()  # the Footer's keys (tui/widgets/footer.py)
        self.reminder_watcher  # noqa: B018 - installs it (see the property)
        from .widgets.damage_banner import install_damage_banner
        install_damage_banner(self)
        from .warm_up import start_warm_up
        start_warm_up(self)

    @property
    def reminder_watcher(self):
        """The reminders' watcher (tui/widgets/reminder_banner.py), installed after the first
        paint, or when asked for before (a test, a screen): its module imports every domain's
        reminder rules, which the first screen does not need."""
        if self._reminder_watcher is None and self.is_running:
            from .widgets.reminder_banner import install_reminders
            install_reminders(self)  # sets reminder_watcher
        return self._reminder_watcher

    @reminder_watcher.setter
    def reminder_watcher(self, watcher) -> None:
        self._reminder_watcher = watcher

    async def on_event(self, event: events.Event) -> None:
        self._note_input(event)
        await super().on_event(event)

    def on_unmount(self) -> None:
        self.change_feed.close()
        self._restore_gc()

    def initial_theme(self) -> str:
        """Hook: the theme to start with: the user's remembered choice, else the default."""
        from store.people.preferences import saved_theme
        try:
            return saved_theme(self.ws) or DEFAULT_THEME
        except (StoreError, OSError):  # a broken or unreadable workspace: the default
            return DEFAULT_THEME

    def remember_theme(self, name: str) -> None:
        """Hook: called whenever the theme changes; saves it for this OS account."""
        from store.people.preferences import save_theme
        try:
            save_theme(self.ws, name)
        except (StoreError, OSError) as exc:
            self.notify(tr("The theme could not be saved: {reason}", reason=str(exc)),
                        severity="warning", markup=False)

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True, key: str | None = None) -> None:
        """A toast of at most two lines (the whole text goes to `notices`, the history). With
        `key`, `withdraw(key)` takes it down (a newer one with the same key replaces it)."""
        # Every toast (screens' and widgets' notify land here) shows control characters of
        # record titles, file names and error texts escaped, never obeyed by the terminal.
        message, title = visible(str(message)), visible(str(title))
        width = toast_text_width(self.size.width)
        shown = short_message(message, width)
        plain = message
        if markup:  # measure and cut what will be shown, not the markup around it
            from rich.errors import MarkupError
            from rich.markup import escape
            from rich.text import Text
            try:
                plain = Text.from_markup(message).plain
            except MarkupError:
                plain, markup = message, False
            short = short_message(plain, width)
            shown = message if short == plain else escape(short)
        self.notices.add(Notice(self.ws.now(), title, plain, severity))
        if key is not None:
            self.withdraw(key)
        notification = Notification(shown, title, severity,
                                    self.NOTIFICATION_TIMEOUT if timeout is None else timeout,
                                    markup=markup)
        if key is not None:
            self._keyed[key] = notification
        self.post_message(Notify(notification))

    def withdraw(self, key: str) -> None:
        """Take down the toast given `key`, if it is still up (what it announced is done)."""
        notification = self._keyed.pop(key, None)
        if notification is not None:
            withdraw_notification(self, notification)

    def use_requested_theme(self, name: str | None) -> str:
        """`themes.resolve_theme`, telling the user when a given name is unknown."""
        resolved = resolve_theme(self, name)
        if name and resolved != name:
            self.notify(tr("Unknown theme {name}; using {default}", name=name,
                           default=resolved), severity="warning", markup=False)
        return resolved

    def _theme_changed(self, theme: Theme) -> None:
        if theme.name != self._theme_remembered:
            self._theme_remembered = theme.name
            self.remember_theme(theme.name)

    def handle_bindings_clash(self, clashed_bindings: set[Binding], node) -> None:
        """A keymap gave a key that another binding of the screen has: Textual keeps the
        remapped one; say so once per clash."""
        ids = frozenset(binding.id or binding.action for binding in clashed_bindings)
        if ids not in self._clashes_told:
            self._clashes_told.add(ids)
            self.notify(tr("Keymap: the key of {ids} is taken by another binding",
                           ids=", ".join(sorted(ids))), severity="warning", markup=False)

    # -- areas and help --------------------------------------------------
    def area_label(self, mode: str) -> str:
        for area in AREAS:
            if area.mode == mode:
                return tr(area.label)
        return mode

    @property
    def top_screen(self) -> Screen | None:
        """The active screen, or None while the app starts or shuts down."""
        stack = self.screen_stack
        return stack[-1] if stack else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "switch_area":
            if self.top_screen is None or isinstance(self.top_screen, ModalScreen):
                return False
            return parameters[0] in self.MODES
        if action == "help":
            # by name: the help screen's module is imported when help is first asked for
            return self.top_screen is not None and type(self.top_screen).__name__ != "HelpScreen"
        return True

    def action_switch_area(self, mode: str) -> None:
        """The area's list; pressed again on the list, back to the record (tui/area_keys)."""
        if mode in self.MODES:
            if self.area_keys is None:
                from .area_keys import AreaKeys
                self.area_keys = AreaKeys(self)
            self.area_keys.press(mode)

    def action_help(self) -> None:
        from .screens.help import HelpScreen  # lazy: start-up time
        self.push_screen(HelpScreen(self.screen))

    # -- Textual's own palette commands, in the interface language ---------
    def get_system_commands(self, screen: Screen):
        for command in super().get_system_commands(screen):
            yield command._replace(title=tr(command.title), help=tr(command.help))

    def action_command_palette(self) -> None:
        from .textual_adapter import TranslatedCommandPalette as Palette  # "No matches" too
        if self.use_command_palette and not Palette.is_open(self):
            self.push_screen(Palette(placeholder=tr("Search for commands…"),
                                            id="--command-palette"))

    async def action_set_language(self, lang: str) -> None:
        """Switch the interface language now and remember it for this OS account."""
        from .language import switch_language
        await switch_language(self, lang)

    # -- live refresh ----------------------------------------------------
    def register_live_screen(self, screen: Screen) -> None:
        self._live.add(screen)

    def unregister_live_screen(self, screen: Screen) -> None:
        self._live.discard(screen)
        self._note_screen_closed()  # its widgets wait for a full collection (idle_collector)

    def on_changes_seen(self, _message: ChangesSeen) -> None:
        """The change feed's thread found changes (tui/change_feed.py): show them."""
        changed = self.change_feed.take()
        if changed:
            self.dispatch_changes(changed)
        self._check_damage()

    def on_feed_failed(self, message: FeedFailed) -> None:
        self.notify(failure_text(message), severity="information" if message.recovered
                    else "error", timeout=10, markup=False)

    def poll_now(self) -> set[str]:
        """Ask the store now what changed since the last delivery and refresh screens. Returns
        the change topics (store/topics.py: "people", "project 3", "incident INC-2", …)."""
        changed = self.change_feed.poll_now()
        if changed:
            self.dispatch_changes(changed)
        self._check_damage()
        return changed

    def _check_damage(self) -> None:
        if self.damage_watcher is not None:  # after the screens' reads: what they left out
            self.damage_watcher.check()

    def dispatch_changes(self, changed: set[str]) -> None:
        """Active screen: refresh now (store errors become a notification); others: later."""
        active = self.top_screen
        for screen in list(self._live):
            screen.note_changes(changed)  # type: ignore[attr-defined]
            if screen is active:
                screen.flush_changes()  # type: ignore[attr-defined]


def make_app(ws: Workspace, *, lang: str = "en", poll_interval: float = 0.5,
             keymap_file: Path | None = None) -> HuddleApp:
    """The app; with `keymap_file` (the command line passes the user's, tui/keymap.py) its
    keys are remapped through `App.set_keymap` and its bad entries shown as warnings."""
    set_language(lang)
    keep_heads_compact()  # the app keeps every project's head it reads for its lifetime
    keep_unparsed_packed()  # … and the parse cache's unparsed histories
    app = HuddleApp(ws, poll_interval=poll_interval)
    if keymap_file is not None and keymap_file.exists():  # none: nothing to parse or check
        from .keymap import load_keymap
        keymap, problems, path = load_keymap(keymap_file)
        app.set_keymap(keymap)
        app.keymap_warnings = [problem.describe(path) for problem in problems]
    return app
