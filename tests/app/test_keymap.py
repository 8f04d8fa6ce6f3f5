"""The user's keymap (tui/keymap.py): every binding has an id, a keymap.toml remaps keys
on the screen and in the Footer, bad entries are shown as warnings and ignored."""

from __future__ import annotations

import inspect

import pytest
from app_helpers import SIZE
from textual.binding import Binding

from tui.app import make_app
from tui.dialogs.project_form import ProjectForm
from tui.keymap import (KeymapProblem, huddle_binding_classes, key_problem, known_bindings,
                        parse_keymap)
from tui.widgets.footer import HuddleFooter


def test_every_binding_of_every_screen_has_an_id():
    classes = huddle_binding_classes()
    names = {cls.__name__ for cls in classes}
    assert {"HuddleApp", "ProjectsScreen", "ProjectDetailScreen", "HelpScreen",
            "StandupScreen", "WarRoomScreen", "KnowledgeScreen", "RemindersScreen"} <= names
    missing = [f"{cls.__module__}.{cls.__qualname__}: {binding!r}"
               for cls in classes for binding in vars(cls)["BINDINGS"]
               if not isinstance(binding, Binding) or not binding.id]
    assert missing == []


def test_one_id_is_one_binding():
    """Two classes may share an id only for the same key and action (the project screens)."""
    seen: dict[str, tuple[str, str]] = {}
    for cls in huddle_binding_classes():
        for binding in vars(cls)["BINDINGS"]:
            before = seen.setdefault(binding.id, (binding.key, binding.action))
            assert before == (binding.key, binding.action), (cls, binding.id)


def test_known_bindings_name_their_classes():
    known = known_bindings()
    assert known["projects.add"].keys == ("a",)
    assert known["projects.add"].where == ("ProjectsScreen",)
    assert known["app.help"].description == "Help"
    assert set(known["project.add_task"].where) == {"ProjectScreen", "ProjectDetailScreen"}


KEYMAP = '''# my keys
[keys]
projects.add = "n"
"projects.edit" = ["ctrl+e", "f9"]
nope.binding = "q"
projects.filter = "ctrl+nope"
app.quit = 5
'''


def test_parse_keymap_reports_each_bad_entry_with_its_line():
    keymap, problems = parse_keymap(KEYMAP, known_bindings())
    assert keymap == {"projects.add": "n", "projects.edit": "ctrl+e,f9"}
    assert [p.line for p in problems] == [5, 6, 7]
    assert "'nope.binding': no such binding" in problems[0].message
    assert "'ctrl+nope' is not a key" in problems[1].message
    assert "give keys as text" in problems[2].message


def test_bad_toml_changes_nothing():
    keymap, problems = parse_keymap('[keys]\nprojects.add = "n"\nprojects.edit = \n',
                                    known_bindings())
    assert keymap == {}
    assert problems == [KeymapProblem(3, problems[0].message)]
    assert "not valid TOML" in problems[0].message


def test_entries_outside_keys_are_reported():
    keymap, problems = parse_keymap('[keys]\nprojects.add = "n"\n\n[colours]\nx = 1\n',
                                    known_bindings())
    assert keymap == {"projects.add": "n"}
    assert [(p.line, "'colours': unknown setting" in p.message) for p in problems] == \
        [(4, True)]


@pytest.mark.parametrize("key", ["n", "N", "?", "ctrl+n", "shift+f5", "f12", "escape",
                                 "question_mark", "pagedown", "space", "ctrl+shift+up", "长"])
def test_keys_textual_knows(key):
    assert key_problem(key) is None


@pytest.mark.parametrize("key", ["", " n", "ctrl+", "hyperspace", "ctl+n", "ctrl+nope", "\x1b"])
def test_keys_textual_does_not_know(key):
    assert key_problem(key) is not None


async def test_a_remapped_key_works_and_the_footer_shows_it(app_ws, tmp_path):
    keymap = tmp_path / "keymap.toml"
    keymap.write_text('[keys]\nprojects.add = "n"\n', encoding="utf-8")
    app = make_app(app_ws, keymap_file=keymap)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        footer = {k.description: k.key for k in app.screen.query_one(HuddleFooter).keys}
        assert footer["Add project"] == "n"
        await pilot.press("a")  # the old key does nothing now
        await pilot.pause()
        assert not isinstance(app.screen, ProjectForm)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ProjectForm)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.TITLE == "Projects"


async def test_bad_entries_are_warned_about_in_the_app(app_ws, tmp_path):
    keymap = tmp_path / "keymap.toml"
    keymap.write_text(KEYMAP, encoding="utf-8")
    told: list[tuple[str, str]] = []
    app = make_app(app_ws, keymap_file=keymap)
    notify = app.notify
    app.notify = lambda message, **kw: (told.append((message, kw.get("severity"))),
                                        notify(message, **kw))[1]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        warnings = [m for m, severity in told if severity == "warning"]
        assert len(warnings) == 3
        assert warnings[0].startswith(f"Keymap: {keymap}:5: 'nope.binding'")
        footer = {k.description: k.key for k in app.screen.query_one(HuddleFooter).keys}
        assert footer["Add project"] == "n" and footer["Edit project"] == "ctrl+e"
        assert footer["Filter"] == "slash"  # its bad entry left out: the default key


async def test_no_keymap_file_is_no_change(app_ws, tmp_path):
    app = make_app(app_ws, keymap_file=tmp_path / "missing.toml")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.keymap_warnings == []
        assert {k.description: k.key for k in app.screen.query_one(HuddleFooter).keys}["Add project"] == "a"


def test_make_app_reads_no_keymap_unless_given():
    """Tests and tools get Huddle's own keys; the command line passes the user's file."""
    assert inspect.signature(make_app).parameters["keymap_file"].default is None
    import tui.launch
    assert "keymap_file=keymap_path()" in inspect.getsource(tui.launch.run_app)
