"""The warm-up: what the first opening of each screen would import (and the style sheets it
would read), done while nobody types.

Started once the first screen is on the terminal (`HuddleApp._after_first_paint`). Each
step imports ONE module, in the app's own thread (an import holds the interpreter either
way, so a thread would not free the keyboard any sooner), and the next step waits for the
next quiet moment: a key or a click puts the warm-up off until no input has come for
`QUIET` seconds, so it never stands between a key and its answer for longer than one step
(a few milliseconds; the order below, leaves first, keeps each step small).

Nothing is read from the workspace here: which project someone opens is theirs to say, and
the values the screens compute are memoised per shard revision by the store.
"""

from __future__ import annotations

import importlib
import time

from .areas import AREAS
from .textual_adapter import load_screen_css

STEP_SECONDS = 0.01  # between two steps, so that pending messages (keys, refresh) go first
QUIET = 0.3          # seconds without a key or a click before the next step

# Leaves first: the store modules and widgets the screens below import, then the screens.
MODULES = (
    "croniter", "store.reminders.schedules",  # the project screen's update deadline
    "store.projects.outlook", "store.projects.plan", "store.warroom.incidents",
    "store.warroom.listing",
    "store.meetings.standup", "store.kb.entries",
    "tui.widgets.tab_bar", "tui.widgets.task_table", "tui.widgets.gantt",
    "tui.screens.project_tabs.base", "tui.screens.project_tabs",
    "tui.screens.project_forms_index", "tui.screens.project_detail",
    *(area.target.partition(":")[0] for area in AREAS[1:]),  # the other areas' screens
    "tui.screens.incident", "textual.widgets.text_area", "tui.dialogs.form",
    *(f"tui.dialogs.{name}" for name in ("task_form", "progress_entry", "delay_forms",
                                         "project_forms", "issue_form", "project_decisions",
                                         "project_rules_forms")),
)
# Then the style sheets of the screens a first key opens (Textual reads, re-parses and
# re-applies them at the screen's first showing: 20–30 ms each; one screen per step).
SCREEN_CSS = ("css:tui.screens.project_detail:ProjectDetailScreen",
              *(f"css:{area.target}" for area in AREAS[1:]))


class WarmUp:
    """Imports MODULES one by one in the app's quiet moments (see the module docstring)."""

    def __init__(self, app, modules: tuple[str, ...] = MODULES + SCREEN_CSS) -> None:
        self.app = app
        self.todo = list(modules)
        self.done: list[str] = []

    def start(self) -> None:
        self.app.set_timer(STEP_SECONDS, self.step)

    def step(self) -> None:
        if not self.todo:
            return
        quiet_for = time.monotonic() - getattr(self.app, "_last_input", 0.0)
        if quiet_for >= QUIET:
            name = self.todo.pop(0)
            try:
                self.load(name)
            except Exception:  # noqa: BLE001 - the screen reports it when opened, not here
                pass
            self.done.append(name)
            if not self.todo:
                return
        self.app.set_timer(STEP_SECONDS if quiet_for >= QUIET else QUIET - quiet_for,
                           self.step)


    def load(self, name: str) -> None:
        """Import module `name`, or for "css:module:Class" load that screen's style sheets."""
        if not name.startswith("css:"):
            importlib.import_module(name)
            return
        module, _, cls = name[4:].partition(":")
        load_screen_css(self.app, getattr(importlib.import_module(module), cls))


def start_warm_up(app) -> WarmUp:
    warm = WarmUp(app)
    app.warm_up = warm
    warm.start()
    return warm
