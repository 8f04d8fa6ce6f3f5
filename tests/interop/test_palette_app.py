"""The command palette (ctrl+p) and the per-user theme, driven with Pilot."""

from __future__ import annotations

from interop_helpers import HOSTILE_TITLE
from rich.text import Text
from textual.command import CommandInput, CommandList, CommandPalette, Hit
from textual.content import Content

from store.people.preferences import save_theme, saved_theme
from tui.app import make_app
from tui.palette import PersonCard, fuzzy

SIZE = (120, 36)


async def settle(pilot, predicate, timeout: float = 5.0) -> None:
    waited = 0.0
    while not predicate():
        assert waited < timeout, "timed out"
        await pilot.pause(0.05)
        waited += 0.05


def options(app) -> list[tuple[str, str]]:
    """(title, help) of every option the palette lists now."""
    listed = app.screen.query_one(CommandList)
    found = []
    for i in range(listed.option_count):
        option = listed.get_option_at_index(i)
        if getattr(option, "hit", None) is None:
            continue
        found.append((option.hit.text, str(option.hit.help or "")))
    return found


def searched(app) -> bool:
    """The list shows search results (Hit), no longer the discovery list (DiscoveryHit)."""
    listed = app.screen.query_one(CommandList)
    hits = [getattr(listed.get_option_at_index(i), "hit", None)
            for i in range(listed.option_count)]
    return bool(hits) and all(isinstance(h, Hit) for h in hits)


async def open_palette(pilot, query: str = "") -> None:
    app = pilot.app
    await pilot.press("ctrl+p")
    await settle(pilot, lambda: isinstance(app.screen, CommandPalette))
    await settle(pilot, lambda: app.screen.has_class("-ready") and options(app))
    if query:
        app.screen.query_one(CommandInput).value = query
        await settle(pilot, lambda: searched(app))
        await pilot.pause(0.1)


async def choose(pilot, title: str) -> None:
    """Highlight the option whose title is `title` and press enter."""
    app = pilot.app
    titles = [t for t, _ in options(app)]
    assert title in titles, titles
    listed = app.screen.query_one(CommandList)
    index = next(i for i in range(listed.option_count)
                 if getattr(listed.get_option_at_index(i), "hit", None) is not None
                 and listed.get_option_at_index(i).hit.text == title)
    listed.highlighted = index
    await pilot.press("enter")
    await settle(pilot, lambda: not isinstance(app.screen, CommandPalette))
    await pilot.pause()


async def test_palette_jumps_to_a_project_by_typing(iws):
    app = make_app(iws, poll_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await settle(pilot, lambda: isinstance(app.screen, CommandPalette))
        for key in "hiring":
            await pilot.press(key)
        await settle(pilot, lambda: app.screen.has_class("-ready") and
                     any("Hiring drive" in t for t, _ in options(app)))
        assert options(app)[0][0] == "Project 2 · Hiring drive"   # the best match first
        await pilot.press("enter")
        await settle(pilot, lambda: getattr(app.screen, "project_id", None) == 2)
        assert app.current_mode == "projects"
        assert type(app.screen).__name__ == "ProjectDetailScreen"


async def test_palette_jumps_to_a_task_from_another_area(iws):
    app = make_app(iws, poll_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        await settle(pilot, lambda: app.current_mode == "warroom")
        await pilot.press("ctrl+p")
        await settle(pilot, lambda: isinstance(app.screen, CommandPalette))
        for key in "launch":
            await pilot.press(key)
        await settle(pilot, lambda: app.screen.has_class("-ready") and
                     options(app) and options(app)[0][0] == "Task 1-3 · Launch 上线")
        await pilot.press("enter")
        await settle(pilot, lambda: getattr(app.screen, "project_id", None) == 1)
        assert app.current_mode == "projects"
        await settle(pilot, lambda: app.screen.tasks.selected_key == "1-3")


async def test_theme_switch_from_the_palette_is_saved_and_restored(iws):
    app = make_app(iws, poll_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        assert app.theme == "huddle-dark"
        await open_palette(pilot, "huddle-contrast")
        await choose(pilot, "Theme: huddle-contrast")
        assert app.theme == "huddle-contrast"
    assert saved_theme(iws) == "huddle-contrast"
    again = make_app(iws, poll_interval=60)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.theme == "huddle-contrast"
        await open_palette(pilot, "huddle-light")
        assert ("Theme: huddle-light", "Theme") in options(again)
        await choose(pilot, "Theme: huddle-light")
    assert saved_theme(iws) == "huddle-light"


async def test_textuals_own_theme_picker_is_remembered_too(iws):
    app = make_app(iws, poll_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        app.theme = "huddle-light"  # what the system "Theme" command does on selection
        await pilot.pause()
    assert saved_theme(iws) == "huddle-light"


async def test_an_unknown_saved_theme_falls_back_and_says_so(iws):
    save_theme(iws, "gone-theme")
    app = make_app(iws, poll_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "huddle-dark"
        assert any("gone-theme" in str(n.message) for n in app._notifications)


async def test_discovery_offers_actions_areas_themes_and_open_records(iws):
    app = make_app(iws, poll_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        await open_palette(pilot)
        titles = [t for t, _ in options(app)]
        for expected in ("Go to War room", "Go to Onboarding", "Theme: huddle-light",
                         "Help: the keys of this screen", "Add project",
                         "Project 1 · Q3 迭代", "INC-1 · Checkout down [/]"):
            assert expected in titles, (expected, titles)
        assert "Go to Projects" not in titles                    # already there
        assert not any(t.startswith("Task ") for t in titles)    # the admin owns no task


async def test_user_text_is_shown_literally(iws):
    app = make_app(iws, poll_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        await open_palette(pilot, "passwd")
        titles = [t for t, _ in options(app)]
        assert f"Task 1-1 · {HOSTILE_TITLE}" in titles
        assert "K1 · 复盘 [link=file:///etc/passwd]" in titles
        listed = app.screen.query_one(CommandList)
        for i in range(listed.option_count):
            hit = listed.get_option_at_index(i).hit
            assert isinstance(hit.prompt, Text) and isinstance(hit.help, Content)
            assert "passwd" in listed.get_option_at_index(i).prompt.plain  # nothing parsed away


async def test_a_screen_action_runs_from_the_palette(iws):
    app = make_app(iws, poll_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        await open_palette(pilot, "Q3")
        await choose(pilot, "Project 1 · Q3 迭代")
        await settle(pilot, lambda: getattr(app.screen, "project_id", None) == 1)
        await open_palette(pilot, "add task")
        assert ("Add task", "a · Project") in options(app)
        await choose(pilot, "Add task")
        await settle(pilot, lambda: type(app.screen).__name__ == "TaskForm")


async def test_jumps_to_incident_hire_kb_entry_person_and_area(iws):
    app = make_app(iws, poll_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        await open_palette(pilot, "checkout")
        await choose(pilot, "INC-1 · Checkout down [/]")
        await settle(pilot, lambda: type(app.screen).__name__ == "IncidentScreen")
        assert app.current_mode == "warroom" and app.screen.number == 1

        await open_palette(pilot, "onboarding h1")
        await choose(pilot, "Onboarding H1 · 林新 (lin)")
        await settle(pilot, lambda: type(app.screen).__name__ == "HireScreen")
        assert app.current_mode == "onboarding" and app.screen.hire_id == 1

        await open_palette(pilot, "k1")
        await choose(pilot, "K1 · 复盘 [link=file:///etc/passwd]")
        await settle(pilot, lambda: type(app.screen).__name__ == "KnowledgeScreen")
        await settle(pilot, lambda: app.screen.table.selected_key == "K1")
        assert app.current_mode == "kb"

        await open_palette(pilot, "bob li")
        await choose(pilot, "Bob Li (bob)")
        await settle(pilot, lambda: isinstance(app.screen, PersonCard))
        details = app.screen.query_one("#person-details").content.plain
        assert "Department: Engineering" in details and "Open tasks: 1" in details
        assert "Projects: 2 Hiring drive" in details
        await pilot.press("escape")
        await settle(pilot, lambda: not isinstance(app.screen, PersonCard))

        await open_palette(pilot, "go to standup")
        await choose(pilot, "Go to Standup")
        await settle(pilot, lambda: app.current_mode == "standup")


async def test_the_palette_in_chinese(iws):
    app = make_app(iws, lang="zh", poll_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        await open_palette(pilot)
        titles = [t for t, _ in options(app)]
        assert "前往紧急事务" in titles or any(t.startswith("前往") for t in titles)
        assert "主题：huddle-light" in titles


def test_the_matcher_guard_keeps_long_repetitive_titles_cheap():
    import time

    from textual.fuzzy import FuzzySearch
    search = FuzzySearch()
    title = "ab" * 150
    started = time.perf_counter()
    score, offsets = fuzzy(search, "aaaaaa", title)
    assert time.perf_counter() - started < 0.5
    assert score > 0 and offsets == [0, 2, 4, 6, 8, 10]
    assert fuzzy(search, "zzz", title) == (0.0, [])
    assert fuzzy(search, "pro", "Project 1")[0] == search.match("pro", "Project 1")[0]


async def test_help_from_the_palette_shows_the_calling_screens_keys(iws):
    app = make_app(iws, poll_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        await open_palette(pilot, "help")
        await choose(pilot, "Help: the keys of this screen")
        await settle(pilot, lambda: type(app.screen).__name__ == "HelpScreen")
        assert type(app.screen.target).__name__ == "ProjectsScreen"
