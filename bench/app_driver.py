"""What runs inside the benchmark's fresh processes (one per measurement).

    python -m bench.app_driver start-huddle WORKSPACE PROJECTS
    python -m bench.app_driver start-bare ROWS
    python -m bench.app_driver actions WORKSPACE SPEC_JSON

`start-huddle` is the `huddle` command itself (`tui.cli.main`, the console
script's entry point) with `App.run` swapped for a headless Pilot session of
the same size as the reference; `start-bare` is the reference: a bare Textual
app with a Header, a DataTable of ROWS rows and a Footer, run the same way. Both
print one JSON line the moment the first screen with its rows has been painted
(the compositor has rendered it) and leave at once, so the parent times the
process from its start to that line.

`actions` opens the app on the workspace and times key press → screen updated
for each action in SPEC (see `bench.app_bench`), then prints the timings and the
process's peak RSS (VmHWM).
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time

SIZE = (120, 36)


def peak_rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def report(**values: object) -> None:
    profile = os.environ.get("BENCH_PROFILE")  # a cProfile of the process so far, for py-less digging
    if profile and _PROFILER is not None:
        _PROFILER.disable()
        _PROFILER.dump_stats(profile)
    sys.stdout.write(json.dumps(values) + "\n")
    sys.stdout.flush()


_PROFILER = None
if os.environ.get("BENCH_PROFILE"):
    import cProfile
    _PROFILER = cProfile.Profile()
    _PROFILER.enable()


async def until(condition, timeout: float = 60.0, shown=None) -> None:
    """Let the app run until `condition()` holds (polled every millisecond)."""
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the screen never showed the expected data"
                               + (f"; it shows {shown()}" if shown else ""))
        await asyncio.sleep(0.001)


async def paint(app) -> None:
    """Render the screen now (what the screen's update timer would do next), once the app
    is out of any batch update (inside one, nothing is drawn: a mode switch is one)."""
    from tui.textual_adapter import paint_now
    await until(lambda: paint_now(app))


def run_headless(ready, finish) -> None:
    """Replace App.run: a headless Pilot session; `finish(app)` once `ready(app)` holds."""
    from textual.app import App

    def run(self, *args, **kwargs):
        async def session() -> None:
            async with self.run_test(headless=True, size=SIZE) as pilot:
                await until(lambda: ready(self))
                await paint(self)
                finish(self, pilot)
        asyncio.run(session())
    App.run = run  # type: ignore[method-assign]


# -- cold start ----------------------------------------------------------------------
def start_huddle(folder: str, projects: int) -> None:
    import tui.cli  # exactly what the `huddle` console script imports

    def ready(app) -> bool:
        from textual.widgets import DataTable
        try:
            table = app.screen.query_one("#projects", DataTable)
        except Exception:
            return False
        return table.row_count == projects

    def finish(app, pilot) -> None:
        report(painted=True, rss_mb=round(peak_rss_mb(), 1), modules=len(sys.modules))
        os._exit(0)

    run_headless(ready, finish)
    sys.argv = ["huddle", "--workspace", folder, "--lang", "en"]
    tui.cli.main()


def start_bare(rows: int) -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable, Footer, Header

    class Bare(App):
        BINDINGS = [("q", "quit", "Quit"), ("f2", "noop", "Projects")]

        def compose(self) -> ComposeResult:
            yield Header()
            yield DataTable(cursor_type="row", zebra_stripes=True)
            yield Footer()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns("ID", "Name", "State", "PM", "Due", "Done", "Overdue")
            table.add_rows([(str(n), f"2026年Q{n % 4 + 1}项目{n:03d}", "in progress", "王芳",
                             "2027-01-31", f"{n % 100}%", str(n % 3)) for n in range(1, rows + 1)])

    def ready(app) -> bool:
        try:
            return app.query_one(DataTable).row_count == rows
        except Exception:
            return False

    def finish(app, pilot) -> None:
        report(painted=True, rss_mb=round(peak_rss_mb(), 1), modules=len(sys.modules))
        os._exit(0)

    run_headless(ready, finish)
    Bare().run()


# -- actions -------------------------------------------------------------------------
def actions(folder: str, spec_json: str) -> None:
    """Time each action of the spec in one app process (see bench.app_bench.ACTIONS)."""
    from store.core.clock import FixedClock
    from store.core.workspace import Workspace
    from tui.app import make_app

    spec = json.loads(spec_json)
    READING[0] = spec.get("reading", READING[0])
    ws = Workspace.open(folder, clock=FixedClock(spec["now"]))
    app = make_app(ws, lang="en")  # as `huddle` builds it: live refresh and reminders on
    results: dict[str, list[float]] = {}

    async def main() -> None:
        async with app.run_test(headless=True, size=SIZE) as pilot:
            from textual.widgets import DataTable, Input
            await until(lambda: _rows(app, "#projects") == spec["projects"])
            await pilot.pause()
            if os.environ.get("BENCH_NO_REMINDERS"):  # for profiling only
                app.reminder_watcher.stop()
            opened_rss = rss_mb()
            # A person reads the first screen before the first key, as between two actions
            # (the app's work after its first paint, e.g. its warm-up, happens meanwhile).
            await asyncio.sleep(READING[0])
            cpu: dict[str, list[float]] = {}
            gcs: dict[str, list[list[int]]] = {}
            for name in spec["actions"]:
                runs = results.setdefault(name, [])
                for rep in range(spec["reps"]):
                    runs.append(await ACTION_RUNNERS[name](app, pilot, spec, rep))
                    cpu.setdefault(name, []).append(CPU_MS[-1])
                    gcs.setdefault(name, []).append(GC_IN[-1])
            report(results=results, cpu=cpu, gc=gcs, rss_mb=round(peak_rss_mb(), 1),
                   rss_after_start_mb=round(opened_rss, 1), load=os.getloadavg()[0])
            del DataTable, Input
            os._exit(0)

    asyncio.run(main())


def _rows(app, selector: str) -> int:
    from textual.widgets import DataTable
    try:
        return app.screen.query_one(selector, DataTable).row_count
    except Exception:
        return -1


def _text(app, selector: str) -> str:
    try:
        widget = app.screen.query_one(selector)
    except Exception:
        return ""
    content = getattr(widget, "content", "")
    return getattr(content, "plain", str(content))


def send_key(app, key: str) -> None:
    """Deliver `key` to the app exactly as `Pilot.press` does (a Key event through the
    driver), without Pilot's waits for the whole process to go idle afterwards (two sleeps
    of at least 20 ms each, longer while any other work runs), which are not the app's."""
    import unicodedata
    from textual import events
    from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    original = REPLACED_KEYS.get(key, key)
    try:
        char = unicodedata.lookup(_get_unicode_name_from_key(original))
    except KeyError:
        char = key if len(key) == 1 else None
    event = events.Key(key, char)
    event.set_sender(app)
    app._driver.send_message(event)


async def timed(app, pilot, keys: list[str], ready, shown=None) -> float:
    """Press `keys` (the last one is the timed key press) and wait for `ready()`: the ms from
    the key press until the target widget shows the data and the screen has been rendered."""
    if keys[:-1]:
        await pilot.press(*keys[:-1])
        await pilot.pause()
    start, cpu, gcs = time.perf_counter(), time.process_time(), list(GC_MS)
    send_key(app, keys[-1])
    await until(ready, shown=shown)
    await paint(app)
    ms = (time.perf_counter() - start) * 1000
    GC_IN.append([round(a - b) for a, b in zip(GC_MS, gcs)])
    CPU_MS.append((time.process_time() - cpu) * 1000)  # all threads: includes the reminders'
    await asyncio.sleep(READING[0])  # a person reads the screen before the next key
    return ms


READING = [1.5]  # seconds between an answer and the next key press (the spec's "reading")


CPU_MS: list[float] = []
GC_MS = [0.0, 0.0, 0.0]   # time spent in each generation's collections so far
GC_IN: list[list[int]] = []  # … during each timed action
_GC_START: list[float] = [0.0]


def _gc_timer(phase: str, info: dict) -> None:
    if phase == "start":
        _GC_START[0] = time.perf_counter()
    else:
        GC_MS[info["generation"]] += (time.perf_counter() - _GC_START[0]) * 1000


import gc  # noqa: E402

gc.callbacks.append(_gc_timer)


async def open_project(app, pilot, spec, rep) -> float:
    """Projects screen, cursor on the big project, Enter: its screen shows it with its tasks."""
    from textual.widgets import DataTable
    big = spec["big_project"]
    await _back_to_projects(app, pilot)
    table = app.screen.query_one("#projects", DataTable)
    table.move_cursor(row=table.get_row_index(str(big)))
    table.focus()
    await pilot.pause()

    def ready() -> bool:
        screen = app.screen
        if getattr(screen, "project_id", None) != big:
            return False
        return (spec["big_project_name"] in _text(app, "#project-info")
                and f"{spec['big_tasks_rows']} tasks" in _text(app, "#overview-text"))

    ms = await timed(app, pilot, ["enter"], ready)
    await pilot.press("escape")
    await pilot.pause()
    return ms


async def task_list(app, pilot, spec, rep) -> float:
    """On the big project's screen, `2`: its Tasks tab lists the tasks (the first screenful
    in due order; the rest follow)."""
    from textual.widgets import DataTable
    big = spec["big_project"]
    if getattr(app.screen, "project_id", None) != big:
        await _back_to_projects(app, pilot)
        table = app.screen.query_one("#projects", DataTable)
        table.move_cursor(row=table.get_row_index(str(big)))
        table.focus()
        await pilot.press("enter")
        await until(lambda: getattr(app.screen, "project_id", None) == big)
        await pilot.pause()
    screen = app.screen
    screen._stale.add("tasks")  # drawn afresh each time, as after a change to the project
    first = spec["big_tasks_first"]

    def ready() -> bool:
        try:
            rows = screen.query_one("#tasks", DataTable).ordered_rows[:len(first)]
        except Exception:
            return False
        return screen.tab_name == "tasks" and [r.key.value for r in rows] == first

    ms = await timed(app, pilot, ["2"], ready)
    await pilot.press("1")
    await pilot.pause()
    return ms


async def open_area(app, pilot, mode: str, key: str, ready) -> float:
    """Switch to an area built afresh (its mode removed first, so the screen is new)."""
    await _back_to_projects(app, pilot)
    if mode in app._modes and mode != app.current_mode:
        factory = app.MODES[mode]
        app.remove_mode(mode)
        app.add_mode(mode, factory)
    await pilot.pause()
    return await timed(app, pilot, [key], ready)


async def standup(app, pilot, spec, rep) -> float:
    def ready() -> bool:
        return (type(app.screen).__name__ == "StandupScreen"
                and _rows(app, "#standup-members") == spec["team"]
                and spec["first_member_name"] in _text(app, "#member-head"))
    return await open_area(app, pilot, "standup", "f4", ready)


async def warroom(app, pilot, spec, rep) -> float:
    first = spec["incidents_first"]

    def ready() -> bool:  # the first screenful, in order (active first); the rest follows
        if type(app.screen).__name__ != "WarRoomScreen":
            return False
        try:
            rows = app.screen.query_one("#incidents").ordered_rows[:len(first)]
        except Exception:
            return False
        return [r.key.value for r in rows] == first
    return await open_area(app, pilot, "warroom", "f5", ready)


async def kb_search(app, pilot, spec, rep) -> float:
    """On the knowledge base, type a query; the timed key is its last character."""
    from textual.widgets import Input
    query, expected, first = spec["searches"][rep % len(spec["searches"])]
    if type(app.screen).__name__ != "KnowledgeScreen":
        await pilot.press("f7")
        await until(lambda: type(app.screen).__name__ == "KnowledgeScreen")
        await pilot.pause()
    box = app.screen.query_one("#kb-search", Input)
    box.value = ""
    box.focus()
    await pilot.pause()
    box.value = query[:-1]
    box.cursor_position = len(box.value)
    await pilot.pause()
    label = f"{expected} found"

    def ready() -> bool:
        if _text(app, "#kb-count") != label or _rows(app, "#kb-results") != expected:
            return False
        table = app.screen.query_one("#kb-results")
        return [row.key.value for row in table.ordered_rows[:len(first)]] == first

    return await timed(app, pilot, [query[-1]], ready,
                       shown=lambda: (box.value, _text(app, "#kb-count"), label))


async def _back_to_projects(app, pilot) -> None:
    while len(app.screen_stack) > 1 and type(app.screen).__name__ != "ProjectsScreen":
        await pilot.press("escape")
        await pilot.pause()
    if app.current_mode != "projects":
        await pilot.press("f2")
        await pilot.pause()


ACTION_RUNNERS = {"open_project": open_project, "task_list": task_list, "standup": standup,
                  "warroom": warroom, "kb_search": kb_search}


if __name__ == "__main__":
    command, *rest = sys.argv[1:]
    if command == "start-huddle":
        start_huddle(rest[0], int(rest[1]))
    elif command == "start-bare":
        start_bare(int(rest[0]))
    elif command == "actions":
        actions(rest[0], rest[1])
    else:
        raise SystemExit(f"unknown command {command!r}")
