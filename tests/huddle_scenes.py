"""The app's main screens on the demo workspace, pinned so that every run draws the same.

Used by the SVG snapshots (tests/snapshots), the layout tests at 80×24 and
120×36 (tests/ui_i18n/test_layout.py) and the README screenshots
(docs/screenshots/make_screenshots.py). `tests/` is on sys.path for every test
(tests/conftest.py lives there), so tests import this as `huddle_scenes`.

What is pinned, and why:
- the clock: `FixedClock(NOW)`, Wednesday 2024-09-04 10:30 in Shanghai (the weekly
  standup day, an incident under way); the demo's dates are counted from it;
- the workspace: `huddle demo`'s seeders with their fixed seed, timezone
  Asia/Shanghai, acted on by the OS account `LOGIN` (林思远) whatever account
  runs the tests — the account name shows in the header and the standup;
- the machine: the folder shown in the header (`WORKSPACE_LABEL`), who is
  logged in (`WHO`, instead of running `who`) and the onboarding host checks (a
  pretend host, `FakeHost`) — see `pinned_machine()`.
Time-dependent widgets (the header clock, "38 minutes ago", SLA countdowns, the
standup timebox) all read `ws.now()`, so they stand still; text cursors do not
blink. Toasts are cleared
once the reminder watcher has checked (`settle`), leaving the reminder banner,
which is part of the screen.

`SCENES` maps a name to the pilot steps that open that screen from the start;
`open_scene(pilot, name)` runs them and settles.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from store.core.clock import FixedClock
from store.core.identity import Actor
from store.core.workspace import Workspace

NOW = "2024-09-04T10:30:00+08:00"
LOGIN = "linsiyuan"
TIMEZONE = "Asia/Shanghai"
WORKSPACE_LABEL = "/srv/huddle"
WHO = """\
linsiyuan pts/0        2024-09-04 09:02 (10.8.0.21)
zhangwei pts/1         2024-09-04 09:15 (10.8.0.34)
wangfang pts/2         2024-09-04 09:40 (10.8.0.52)
zhengxue pts/3         2024-09-04 10:05 (10.8.0.61)
ryan.xu  pts/4         2024-09-04 09:58 (10.8.0.77)
"""


# -- the workspace ---------------------------------------------------------------
def open_demo(folder: Path, login: str = LOGIN) -> Workspace:
    """The demo workspace in `folder`, with the pinned clock, acted on by `login`."""
    return Workspace(Path(folder), FixedClock(NOW), Actor(login, login))


def build_demo(folder: Path) -> Workspace:
    """What `huddle demo` writes (same seeders, same seed), at NOW, in Shanghai time."""
    from store.demo import seed_all
    from store.people.members import init_workspace
    from store.people.settings import update_settings

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o770)
    ws = open_demo(folder)
    init_workspace(ws, pinned_clock=True)  # as `huddle demo` does
    update_settings(ws, timezone=TIMEZONE)
    seed_all(ws)
    return ws


def copy_demo(template: Path, folder: Path) -> Workspace:
    """A fresh copy of a demo built once (building takes half a second, copying little)."""
    shutil.copytree(template, folder, ignore=shutil.ignore_patterns("*.tmp*"))
    os.chmod(folder, 0o770)
    return open_demo(folder)


# -- the machine ------------------------------------------------------------------
class FakeHost:
    """The jump host the onboarding checks ask: 唐宁 and 高洁 have accounts, 高洁 a key."""

    ACCOUNTS = {"tangning": (1102, 1102, "/home/tangning"), "gaojie": (1103, 1103, "/home/gaojie")}
    GROUPS = {"dev": (2000, ["gaojie"])}
    FILES = {"/home/gaojie/.ssh/authorized_keys": "ssh-ed25519 AAAAC3Nza gaojie@laptop\n"}

    @classmethod
    def run(cls, argv: list[str]) -> tuple[int, str]:
        _getent, db, key = argv
        if db == "passwd" and key in cls.ACCOUNTS:
            uid, gid, home = cls.ACCOUNTS[key]
            return 0, f"{key}:x:{uid}:{gid}::{home}:/bin/bash\n"
        if db == "group" and key in cls.GROUPS:
            gid, members = cls.GROUPS[key]
            return 0, f"{key}:x:{gid}:{','.join(members)}\n"
        return 2, ""

    @classmethod
    def read(cls, path) -> str:
        try:
            return cls.FILES[str(path)]
        except KeyError:
            raise FileNotFoundError(str(path)) from None


@contextmanager
def pinned_machine() -> Iterator[None]:
    """Pin what the app reads from the machine: header folder, `who`, host checks."""
    from store.people import who
    from tui.screens.hire import HireChecklist
    from tui.widgets import header

    saved = (header.workspace_label, HireChecklist.CHECK_RUNNER, HireChecklist.CHECK_READER)
    header.workspace_label = lambda ws: WORKSPACE_LABEL
    HireChecklist.CHECK_RUNNER = staticmethod(FakeHost.run)
    HireChecklist.CHECK_READER = staticmethod(FakeHost.read)
    who.set_source(lambda: WHO)
    try:
        yield
    finally:
        header.workspace_label, HireChecklist.CHECK_RUNNER, HireChecklist.CHECK_READER = saved
        who.set_source(None)


# -- getting to a screen ----------------------------------------------------------
async def until(pilot, predicate: Callable[[], object], timeout: float = 10.0) -> None:
    waited = 0.0
    while not predicate():
        if waited > timeout:
            raise TimeoutError(f"the app did not get there in {timeout} s")
        await pilot.pause(0.05)
        waited += 0.05


async def settle(pilot) -> None:
    """Show the reminder banner as the first check finds it, finish every worker, and clear
    the toasts. The watcher's periodic re-checks are stopped: the banner stays as it is."""
    app = pilot.app
    watcher = app.reminder_watcher
    watcher.stop()
    await app.workers.wait_for_complete()  # a check already under way rings and shows first
    watcher.check_now()                    # claims what is due (once) and fills the banner
    app.poll_now()                         # the screens see those claims now, not at a poll
    await app.workers.wait_for_complete()
    for widget in app.screen.query("Input, TextArea"):
        widget.cursor_blink = False  # a steady cursor: the blink would depend on the instant
    await pilot.pause()
    app.clear_notifications()
    await pilot.pause()


async def _area(pilot, key: str, screen: str) -> None:
    if type(pilot.app.screen).__name__ != screen:
        await pilot.press(key)
    await until(pilot, lambda: type(pilot.app.screen).__name__ == screen)
    await pilot.pause()


async def _open_row(pilot, table: str, key: str, screen: str) -> None:
    app = pilot.app
    await until(pilot, lambda: app.screen.query_one(table).row_count > 0)
    app.screen.query_one(table).select_key(key)
    app.screen.query_one(table).focus()
    await pilot.press("enter")
    await until(pilot, lambda: type(app.screen).__name__ == screen)
    await pilot.pause()


async def projects(pilot) -> None:
    await _area(pilot, "f2", "ProjectsScreen")


async def project_overview(pilot) -> None:
    await projects(pilot)
    await _open_row(pilot, "#projects", "1", "ProjectDetailScreen")


async def project_plan(pilot) -> None:
    await project_overview(pilot)
    await pilot.press("3")
    await until(pilot, lambda: pilot.app.screen.tab_name == "plan")


async def my_work(pilot) -> None:
    await _area(pilot, "f3", "MyWorkScreen")


async def standup(pilot) -> None:
    await _area(pilot, "f4", "StandupScreen")


async def war_room(pilot) -> None:
    await _area(pilot, "f5", "WarRoomScreen")


async def incident(pilot) -> None:
    await war_room(pilot)
    await _open_row(pilot, "#incidents", "INC-4", "IncidentScreen")


async def onboarding(pilot) -> None:
    await _area(pilot, "f6", "OnboardingScreen")


async def checklist(pilot) -> None:
    await onboarding(pilot)
    await _open_row(pilot, "#hires", "H2", "HireScreen")


async def knowledge(pilot) -> None:
    await _area(pilot, "f7", "KnowledgeScreen")


async def reminders(pilot) -> None:
    await _area(pilot, "f8", "RemindersScreen")


# dialogs and pushed screens, for the layout checks
async def help_screen(pilot) -> None:
    await project_overview(pilot)
    await pilot.press("question_mark")
    await until(pilot, lambda: type(pilot.app.screen).__name__ == "HelpScreen")


async def project_form(pilot) -> None:
    await projects(pilot)
    await pilot.press("a")
    await until(pilot, lambda: type(pilot.app.screen).__name__ == "ProjectForm")


async def declare_form(pilot) -> None:
    await war_room(pilot)
    await pilot.press("n")
    await until(pilot, lambda: type(pilot.app.screen).__name__ == "DeclareForm")


async def progress_form(pilot) -> None:
    await my_work(pilot)
    await pilot.press("u")
    await until(pilot, lambda: type(pilot.app.screen).__name__ == "ProgressEntryDialog")


async def customers(pilot) -> None:
    await knowledge(pilot)
    await pilot.press("down", "c")  # from the search box to the results, then `c`
    await until(pilot, lambda: type(pilot.app.screen).__name__ == "CustomersScreen")


async def channels(pilot) -> None:
    await reminders(pilot)
    await pilot.press("c")
    await until(pilot, lambda: type(pilot.app.screen).__name__ == "ChannelsScreen")


@dataclass(frozen=True)
class Scene:
    name: str
    title: str                                  # what the README calls it
    steps: Callable[[object], Awaitable[None]]
    main: bool = True                           # a main screen (snapshots) or a dialog


SCENES: dict[str, Scene] = {s.name: s for s in [
    Scene("projects", "Projects", projects),
    Scene("project_overview", "A project: Overview", project_overview),
    Scene("project_plan", "A project: Plan (Gantt)", project_plan),
    Scene("my_work", "My work", my_work),
    Scene("standup", "Standup", standup),
    Scene("war_room", "War room", war_room),
    Scene("incident", "An incident", incident),
    Scene("onboarding", "Onboarding", onboarding),
    Scene("checklist", "A new hire's checklist", checklist),
    Scene("knowledge", "Knowledge base", knowledge),
    Scene("reminders", "Reminders", reminders),
    Scene("help", "Help (?)", help_screen, main=False),
    Scene("project_form", "Request form", project_form, main=False),
    Scene("declare_form", "Declare an incident", declare_form, main=False),
    Scene("progress_form", "Progress update", progress_form, main=False),
    Scene("customers", "Routine sync & customer requests", customers, main=False),
    Scene("channels", "Channels (chat groups, webhooks, e-mail)", channels, main=False),
]}
MAIN_SCENES = [name for name, scene in SCENES.items() if scene.main]


async def open_scene(pilot, name: str) -> None:
    await SCENES[name].steps(pilot)
    await settle(pilot)
