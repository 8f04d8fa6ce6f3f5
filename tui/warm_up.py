"""The warm-up: what the first opening of each screen would import (and the style sheets it
would read), done while nobody types.

Started once the first screen is on the terminal (`HuddleApp._after_first_paint`). Each
step imports ONE module, in the app's own thread (an import holds the interpreter either
way, so a thread would not free the keyboard any sooner), and the next step waits for the
next quiet moment: a key or a click puts the warm-up off until no input has come for
`QUIET` seconds, so it never stands between a key and its answer for longer than one step
(a few milliseconds; the order below, leaves first, keeps each step small). When it is
done, it freezes what it made for the garbage collector (`IdleCollector._freeze_warmed_up`:
one collection, ~30–50 ms on a company's workspace, in the same kind of quiet moment).

Before the modules, the project under the Projects screen's cursor (the one Enter opens) is
read ahead, in steps too (store.projects.plan.ahead: its tasks read and sorted, its plan
analysed: ~25 ms for a thousand tasks); the store memoises them per revision of its shard, so
its first opening finds them done. Moving the cursor points the warm-up at another project.
Likewise, once store.meetings.standup is imported, today's standup is read ahead (its
`ahead`: the open tasks and updates of every project, twenty at a time, then the day's read,
which the store keeps until a shard it read changes, then the members' views), so F4's first
opening finds it done.
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
# Once imported, these modules' `ahead(ws)` steps come next (the standup's day, for F4).
READ_AHEAD = ("store.meetings.standup",)
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
        self.project: int | None = None  # the project read ahead (prefer_project)
        self.ahead: list = []            # its steps still to take
        self.later: list = []            # READ_AHEAD's steps still to take
        self.running = False

    def start(self) -> None:
        self.running = True
        self.app.set_timer(STEP_SECONDS, self.step)

    def prefer_project(self, project_id: int | None) -> None:
        """Read project `project_id` ahead (before the modules left), unless it is already."""
        if project_id is None or project_id == self.project:
            return
        from store.projects.plan import ahead
        self.project, self.ahead = project_id, ahead(self.app.ws, project_id)
        if not self.running:
            self.start()

    def step(self) -> None:
        if not (self.ahead or self.later or self.todo):
            self.running = False
            return
        quiet_for = time.monotonic() - getattr(self.app, "_last_input", 0.0)
        if quiet_for >= QUIET:
            try:
                if self.ahead or self.later:
                    with self.app.ws.one_look():  # each shard's files stat'ed once a step
                        (self.ahead or self.later).pop(0)()
                else:
                    name = self.todo.pop(0)
                    self.done.append(name)
                    self.load(name)
            except Exception:  # noqa: BLE001 - the screen reports it when opened, not here
                pass
            if not (self.ahead or self.later or self.todo):
                self.running = False
                self.app._freeze_warmed_up()  # tui/idle_collector.py
                return
        self.app.set_timer(STEP_SECONDS if quiet_for >= QUIET else QUIET - quiet_for,
                           self.step)


    def load(self, name: str) -> None:
        """Import module `name`, or for "css:module:Class" load that screen's style sheets."""
        if not name.startswith("css:"):
            imported = importlib.import_module(name)
            if name in READ_AHEAD:
                self.later += imported.ahead(self.app.ws)
            return
        module, _, cls = name[4:].partition(":")
        load_screen_css(self.app, getattr(importlib.import_module(module), cls))


def start_warm_up(app) -> WarmUp:
    warm = WarmUp(app)
    app.warm_up = warm
    likely = getattr(app.screen, "likely_project", None)  # the Projects screen's cursor
    warm.prefer_project(likely() if likely else None)
    if not warm.running:
        warm.start()
    return warm
