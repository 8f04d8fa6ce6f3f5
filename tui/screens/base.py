"""`HuddleScreen`: the frame every Huddle screen shares.

    ┌ HuddleHeader: title · workspace · acting user · clock ┐
    │ banners   (reminders, damaged files: banner_slot.py)   │
    │ #body     (whatever compose_body() yields)             │
    └ HuddleFooter: the keys, translated                     ┘

Subclasses set `TITLE` (an English message id), implement `compose_body()`
and `refresh_data(changed)`, and never override `compose()`.

Live refresh: the app's change feed (tui/change_feed.py) calls `refresh_data(changed)`
on the active screen with the change topics the store names (store/topics.py: "people",
"projects", "project 3", "incident INC-2", …), never shard file names. Screens
that are not active collect the topics and get one `refresh_data()` with all of
them when they are shown again. Use `touches(changed, topics.PEOPLE,
topics.project(3))` to test for yours.
`refresh_styles()` is called when the theme changes (re-colour table cells).
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Label

from store.core.errors import StoreError
from store.core.i18n import tr
from store.core.workspace import Workspace

from ..textual_adapter import adopt_app_styles
from ..widgets.footer import HuddleFooter
from ..widgets.header import HuddleHeader

EVERYTHING = frozenset({"*"})
"""Pass as `changed` to make a screen reload everything it shows."""


def touches(changed: Iterable[str], *topics: str) -> bool:
    """Whether `changed` names one of `topics` (store/topics.py) or is EVERYTHING."""
    changed = set(changed)
    return "*" in changed or bool(changed.intersection(topics))


def breakpoint_classes(app) -> set[str]:
    """The size classes (-narrow/-wide, -short/-tall) Textual gives a screen on its first
    resize. Set before mounting, so that resize finds them unchanged and does not restyle
    every widget of the new screen once more."""
    found: set[str] = set()
    for size, points in ((app.size.width, app.HORIZONTAL_BREAKPOINTS or []),
                         (app.size.height, app.VERTICAL_BREAKPOINTS or [])):
        found.update(next(([name] for at, name in sorted(points, reverse=True) if size >= at),
                          []))
    return found


class HuddleScreen(Screen):
    TITLE = "Huddle"

    def __init__(self, name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.pending_changes: set[str] = set()
        # A new screen has no styles to bring up to date: without this, Textual restyles the
        # whole app (every screen of every area) when an area's screen is first shown.
        try:
            adopt_app_styles(self, self.app)
            self.add_class(*breakpoint_classes(self.app), update=False)  # styled when mounted
        except Exception:  # noqa: BLE001 - built outside a running app (tests, tools)
            pass
        self._styled_at_mount = True

    @property
    def ws(self) -> Workspace:
        return self.app.ws  # type: ignore[attr-defined]

    # -- the frame -------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield HuddleHeader(self.header_title())  # the banners come here (banner_slot.py)
        with Vertical(id="body"):
            yield from self.compose_body()
        yield HuddleFooter()  # a greyed key's note goes above it when needed (show_key_note)

    def compose_body(self) -> ComposeResult:
        yield from ()

    def header_title(self) -> str:
        return tr(self.TITLE)

    @property
    def header(self) -> HuddleHeader:
        return self.query_one(HuddleHeader)

    # -- keys that do not apply now ----------------------------------------
    KEY_NOTE_SECONDS = 4.0

    def why_not(self, action: str, parameters: tuple[object, ...]) -> str | None:
        """Hook: why a greyed-out key (check_action returned None) does not apply now."""
        return None

    def on_key(self, event: events.Key) -> None:
        """A key no binding took: if it is a greyed-out key of this screen, say why in the
        line above the Footer (pressing it used to do nothing and say nothing)."""
        active = self.active_bindings.get(event.key)
        if active is None or active.enabled or not active.binding.description:
            return
        from textual.actions import parse
        _, action, parameters = parse(active.binding.action)
        why = active.node.why_not(action, parameters) if hasattr(active.node, "why_not") \
            else None
        what = tr(active.binding.description)
        key = self.app.get_key_display(active.binding)
        note = tr("{key} {what}: not now — {why}", key=key, what=what, why=why) if why \
            else tr("{key} {what} does not apply here now", key=key, what=what)
        self.show_key_note(note)

    def show_key_note(self, note: str) -> None:
        """The line above the Footer, for KEY_NOTE_SECONDS; mounted the first time (most
        screens never show one: a widget less to build at each opening)."""
        found = self.query("#key-note")
        label = found.first(Label) if found else Label(id="key-note")
        if not found:
            self.mount(label, before=self.query_one(HuddleFooter))
        label.update(Text(note))
        label.display = True
        if getattr(self, "_note_timer", None) is not None:
            self._note_timer.stop()
        self._note_timer = self.set_timer(self.KEY_NOTE_SECONDS, self._hide_key_note)

    def _hide_key_note(self) -> None:
        self.query_one("#key-note", Label).display = False

    # -- live refresh ----------------------------------------------------
    def refresh_data(self, changed: set[str]) -> None:
        """Reload what this screen shows if any of its shards is in `changed`."""

    def refresh_styles(self) -> None:
        """The theme changed: re-colour what was coloured in code. Default: reload."""
        self.refresh_data(set(EVERYTHING))

    def note_changes(self, changed: Iterable[str]) -> None:
        """Remember changes seen while this screen was not active."""
        self.pending_changes.update(changed)

    def flush_changes(self) -> None:
        if self.pending_changes:
            changed, self.pending_changes = self.pending_changes, set()
            if "people" in changed or "*" in changed:
                self.header.refresh_user()
            self.safely(self.refresh_data, changed)

    def safely(self, fn, *args) -> bool:
        """Run a store call; a StoreError becomes an error notification. True if it succeeded.
        Its reads ask each shard once whether it changed (`one_look`: a refresh reads the same
        shards many times); its writes look afresh."""
        try:
            with self.ws.one_look():
                fn(*args)
        except StoreError as exc:
            self.app.notify(str(exc), severity="error", timeout=10, markup=False)
            return False
        return True

    def on_mount(self) -> None:
        self.app.register_live_screen(self)  # type: ignore[attr-defined]
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.refresh_styles())

    def on_unmount(self) -> None:
        self.app.unregister_live_screen(self)  # type: ignore[attr-defined]
        # The app outlives its screens; a subscription left behind would keep this screen
        # (and everything it shows) in memory for good (Signal's callback refers to it).
        self.app.theme_changed_signal.unsubscribe(self)

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Textual's own handler (Screen._on_screen_resume, later in the MRO). A
        # screen never suspended is styled as it was mounted (a new area's screen is
        # "resumed" twice): restyling every widget again would double the time it takes to
        # open (a 1,000-task project, the standup).
        if self._styled_at_mount:
            event.refresh_styles = False
        self.flush_changes()

    def on_screen_suspend(self) -> None:
        self._styled_at_mount = False

