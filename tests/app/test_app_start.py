"""Start-up: the first screen imports only what it shows; the rest comes after its first paint
(reminders, the damaged-file banner, the warm-up of the other screens: tui/warm_up.py)."""

from __future__ import annotations

import subprocess
import sys
import time

from app_helpers import SIZE, row_keys

from tui import warm_up
from tui.app import make_app

REPO = __import__("pathlib").Path(__file__).resolve().parents[2]


def modules_after(code: str) -> set[str]:
    """The modules a fresh interpreter holds after running `code`."""
    out = subprocess.run([sys.executable, "-c", f"{code}\nimport sys\nprint(*sys.modules)"],
                         cwd=REPO, capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_the_first_screen_imports_no_reminder_rule_help_or_form():
    loaded = modules_after("import tui.launch, tui.app, tui.keymap_file, tui.language, "
                           "tui.screens.projects")
    for late in ("store.reminders.registry", "store.reminders.engine", "tui.screens.help",
                 "tui.widgets.reminder_banner", "tui.widgets.damage_banner", "tomllib",
                 "tui.screens.project_detail", "tui.dialogs.project_form", "tui.warm_up",
                 "tui.keymap", "store.core.shard_append", "store.core.folder_watch",
                 "tinydb",  # the first screen reads (preferences, heads), never writes
                 "store.projects.tasks", "store.reminders.model"):
        assert late not in loaded, late


def test_the_change_feed_primes_without_importing_every_domain(app_ws):
    """The change feed reads the directory before the first paint (TopicReader.prime): that
    must not import every domain package (store.topics.areas), nor inotify (ctypes)."""
    loaded = modules_after(f"from store.core.workspace import Workspace\n"
                           f"from store.topics import TopicReader\n"
                           f"TopicReader(Workspace.open({str(app_ws.folder)!r})).prime()")
    for late in ("store.reminders.engine", "store.customers.requests", "store.kb.entries",
                 "store.meetings.minutes", "store.onboarding.templates",
                 "store.core.folder_watch", "ctypes", "tinydb"):
        assert late not in loaded, late


def test_the_project_screen_imports_its_forms_when_first_opened():
    loaded = modules_after("import tui.app, tui.screens.project_detail")
    assert not {m for m in loaded if m.startswith("tui.dialogs.")}
    assert "store.warroom.incidents" not in loaded


async def test_after_the_first_paint_reminders_damage_banner_and_warm_up_start(app_ws):
    app = make_app(app_ws)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert row_keys(app.screen.table) == ["1", "2"]
        assert app._reminder_watcher is not None and app.damage_watcher is not None
        assert app.warm_up is not None
        deadline = time.monotonic() + 20
        while app.warm_up.todo and time.monotonic() < deadline:
            await pilot.pause(0.05)
        assert app.warm_up.todo == [] and \
            app.warm_up.done == list(warm_up.MODULES + warm_up.SCREEN_CSS)
        for name in warm_up.MODULES:
            assert name in sys.modules, name
        # the screens' style sheets are read: their first showing has nothing left to load
        from tui.screens.project_detail import ProjectDetailScreen
        from tui.textual_adapter import load_screen_css
        assert any(path.endswith("project_detail.tcss") for path, _ in app.stylesheet.source)
        assert load_screen_css(app, ProjectDetailScreen) is False
        await pilot.press("enter")  # the project opens with the styles read ahead
        await pilot.pause()
        assert type(app.screen).__name__ == "ProjectDetailScreen"
        assert app.screen.query_one("#project-info").styles.height is not None


async def test_reminder_watcher_asked_for_early_is_installed_then(app_ws):
    app = make_app(app_ws)
    assert app.reminder_watcher is None  # not running: nothing to watch yet
    async with app.run_test(size=SIZE):
        watcher = app.reminder_watcher  # a test or a screen may ask before the first paint
        assert watcher is not None and app.reminder_watcher is watcher


async def test_warm_up_waits_while_someone_types(app_ws, monkeypatch):
    app = make_app(app_ws)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        warm = warm_up.WarmUp(app, ("tui.screens.help",))
        imported: list[str] = []
        monkeypatch.setattr(warm_up.importlib, "import_module", imported.append)
        app._last_input = time.monotonic()  # a key just now
        warm.step()
        assert imported == [] and warm.todo == ["tui.screens.help"]
        app._last_input = time.monotonic() - warm_up.QUIET  # quiet long enough
        warm.step()
        assert imported == ["tui.screens.help"] and warm.todo == []


async def test_reminder_check_waits_for_a_pause_in_the_typing_but_not_for_ever(app_ws,
                                                                              monkeypatch):
    from tui.widgets import reminder_banner
    app = make_app(app_ws)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        watcher = app.reminder_watcher
        started: list[str] = []
        monkeypatch.setattr(app, "run_worker", lambda *a, **k: started.append(k["name"]))
        app._last_input = time.monotonic()  # a key just now: the check waits
        watcher._tick()
        assert started == [] and watcher._put_off > 0
        watcher._put_off = reminder_banner.PUT_OFF_AT_MOST  # it has waited long enough
        watcher._tick()
        assert started == ["reminders"] and watcher._put_off == 0
        app._last_input = time.monotonic() - reminder_banner.QUIET  # nobody typing
        watcher._tick()
        assert started == ["reminders", "reminders"]


async def test_the_warm_up_reads_the_project_under_the_cursor_ahead(app_ws, monkeypatch):
    """Enter opens the project under the Projects screen's cursor: the warm-up reads it ahead
    (its tasks, its plan's analysis: memoised by the store) before the modules, and follows
    the cursor to another project."""
    from store.projects import plan_engine
    analysed: list[int] = []  # the plans analysed (not found memoised), by task count
    analyse = plan_engine.analyse
    monkeypatch.setattr(plan_engine, "analyse",
                        lambda tasks, *a: analysed.append(len(tasks)) or analyse(tasks, *a))
    app = make_app(app_ws)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        warm = app.warm_up
        assert warm.project == 1
        deadline = time.monotonic() + 20
        while warm.ahead and time.monotonic() < deadline:
            await pilot.pause(0.05)
        assert analysed == [2] and warm.ahead == []  # project 1: two tasks
        await pilot.press("down")  # the cursor on project 2: read it ahead in turn
        await pilot.pause()
        assert warm.project == 2
        while warm.ahead and time.monotonic() < deadline:
            await pilot.pause(0.05)
        assert analysed == [2, 0]  # project 2: none yet
        await pilot.press("enter")  # the opening finds project 2's analysis memoised
        await pilot.pause()
        assert type(app.screen).__name__ == "ProjectDetailScreen" and analysed == [2, 0]
