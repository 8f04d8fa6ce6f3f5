"""F2–F8: an area's key opens its first screen (the list); pressed again there, it returns
to the record that was open (a project, an incident, a hire) — issue 15, point 6.

Going to the list pops the screens above it; they are kept ("parked") by installing
them (Textual does not delete an installed screen when it is popped) and pushed back, as
they were, by the second press. At every press, a screen installed here that is neither
parked nor on a stack any more (a newer record was parked in its place, or it was left
with Escape) is uninstalled and removed, so none is kept for good.
"""

from __future__ import annotations

from textual.app import App
from textual.screen import ModalScreen, Screen

_PREFIX = "--huddle-parked-"


class AreaKeys:
    def __init__(self, app: App) -> None:
        self.app = app
        self.parked: dict[str, list[Screen]] = {}
        self._installed: dict[int, tuple[str, Screen]] = {}  # id(screen) → (name, screen)

    def press(self, mode: str) -> None:
        app = self.app
        if mode != app.current_mode:
            app.switch_mode(mode)
            self.park(mode)
        elif len(app.screen_stack) > 1:
            self.park(mode)
        elif self.parked.get(mode):
            self.unpark(mode)
        self._sweep()

    def park(self, mode: str) -> None:
        """Pop the screens above the area's first one and keep them for the second press."""
        app = self.app
        above = list(app.screen_stack[1:])
        if not above or any(isinstance(s, ModalScreen) for s in above):
            return
        for screen in above:
            if id(screen) not in self._installed:
                name = f"{_PREFIX}{id(screen)}"
                app.install_screen(screen, name)
                self._installed[id(screen)] = (name, screen)
        self.parked[mode] = above
        for _ in above:
            app.pop_screen()

    def unpark(self, mode: str) -> None:
        for screen in self.parked.pop(mode, []):
            self.app.push_screen(screen)

    def forget_all(self) -> None:
        self.parked.clear()
        self._sweep()

    def _sweep(self) -> None:
        parked = {id(s) for stack in self.parked.values() for s in stack}
        stacked = set()
        for mode in self.app.MODES:
            try:
                stacked.update(id(s) for s in self.app.get_screen_stack(mode))
            except KeyError:  # an area not opened yet
                pass
        for key, (name, screen) in list(self._installed.items()):
            if key not in parked and key not in stacked:
                del self._installed[key]
                self.app.uninstall_screen(name)
                screen.remove()
