"""The damaged-file banner: which files the screens had to leave out, until they read again.

The store leaves a damaged shard out of every list and notes it in `ws.damage`
(store/core/damage.py). `install_damage_banner(app)` (called in the app's `on_mount`) makes a
`DamageWatcher`; the app calls its `check()` after each delivery of the change feed: it
forgets the files that read again (`DamageLog.recheck`: one stat per damaged file, a read only when
the file changed) and shows what is left in a `DamageBanner`, on the active screen,
under its header above the reminders (banner_slot.py), on every screen. Repaired, the banner goes.
"""

from __future__ import annotations

from rich.text import Text
from textual.screen import Screen
from textual.widgets import Static

from store.core.i18n import tr

from .banner_slot import place_banner, show_text

MAX_LINES = 3
TALL = 30  # terminal lines from which the banner shows MAX_LINES files (else one)


class DamageBanner(Static):
    """One line per damaged file left out (paths are data: never markup)."""

    DEFAULT_CSS = """
    DamageBanner {
        height: auto;
        padding: 0 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        background: $warning 25%;
        border-left: thick $warning;
        color: $foreground;
    }
    """

    def __init__(self, watcher: "DamageWatcher") -> None:
        super().__init__(id="damage-banner")
        self.watcher = watcher

    def on_mount(self) -> None:
        self.show_files()

    def on_resize(self) -> None:
        self.show_files()

    def show_files(self) -> None:
        found = self.watcher.found
        lines = MAX_LINES if self.app.size.height >= TALL else 1
        body = Text(no_wrap=True, overflow="ellipsis")
        for path, reason in list(found.items())[:lines]:
            if body:
                body.append("\n")
            body.append("⚠ " + tr("Left out, damaged file") + ": ", style="bold")
            body.append(_one_line(path))
            body.append(" · " + _one_line(reason), style="italic")
        hint = tr("The rest of the workspace works. Run `huddle check`; the banner goes once "
                  "the file is repaired.")
        if len(found) > lines:
            hint = tr("+{n} more", n=len(found) - lines) + " · " + hint
        body.append("\n" + hint, style="dim")
        show_text(self, body)


def _one_line(text: str) -> str:
    """No control characters (a file name may hold any byte but / and NUL)."""
    return "".join(c if c.isprintable() else "�" for c in text)


class DamageWatcher:
    """Keeps the banner in step with `app.ws.damage`."""

    def __init__(self, app) -> None:
        self.app = app
        self.found: dict[str, str] = {}  # what the banner shows: path -> reason

    def start(self) -> None:
        self.app.screen_change_signal.subscribe(self.app, self._screen_changed)

    def check(self) -> None:
        """Forget what reads again, then show what is still damaged (UI thread)."""
        damage = self.app.ws.damage
        damage.recheck(self.app.ws.shard)
        found = damage.found()
        if found != self.found:
            self.found = found
            self.sync_banner()

    def _screen_changed(self, screen: Screen) -> None:
        self.sync_banner(screen)

    def sync_banner(self, screen: Screen | None = None) -> None:
        """Show the damaged files under the screen's header (or remove the banner)."""
        shown = place_banner(screen or self.app.screen, DamageBanner, bool(self.found),
                             lambda: DamageBanner(self), on_top=True)  # above the reminders
        if shown is not None:
            shown.show_files()


def install_damage_banner(app) -> DamageWatcher:
    """Start the damage watcher of `app` (kept as `app.damage_watcher`)."""
    watcher = DamageWatcher(app)
    app.damage_watcher = watcher
    watcher.start()
    return watcher
