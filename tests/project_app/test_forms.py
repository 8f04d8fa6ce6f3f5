"""Forms (issue 15, point 5): Escape on a changed form asks first; one input height in
every form; the Milestone checkbox drawn whole in both languages and every theme; a
hint when a form is taller than the screen."""

from __future__ import annotations

import pytest
from project_app_helpers import SIZE
from textual import events

from store.warroom import incidents
from store.projects import tasks
from tui.app import make_app
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.form import FormDialog
from tui.dialogs.incident_forms import DeclareForm, NoteForm
from tui.dialogs.task_form import TaskForm
from tui.textual_adapter import screen_lines


async def open_form(pilot, form):
    pilot.app.push_screen(form)
    await pilot.pause()
    await pilot.pause()
    return pilot.app.screen


async def test_escape_on_a_changed_form_asks_first(flow_ws):
    app = make_app(flow_ws)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot, TaskForm(1))
        await pilot.press("escape")                       # nothing typed: closes at once
        assert not isinstance(app.screen, FormDialog)
        form = await open_form(pilot, TaskForm(1))
        await pilot.press("x", "y")
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmDialog)
        assert "Discard what you changed" in app.screen.query_one("#confirm-question").content.plain
        await pilot.press("escape")                       # No: back to the form, text kept
        assert app.screen is form and form.text("title") == "xy"
        await pilot.press("escape", "y")                  # Yes: discarded, nothing saved
        await pilot.pause()
        assert not isinstance(app.screen, (FormDialog, ConfirmDialog))
        assert [t["title"] for t in tasks.list_tasks(flow_ws, project=1)] == \
            ["需求评审", "Build", "Test"]


async def test_keys_typed_in_one_burst_with_tab_fill_the_next_field(flow_ws):
    """A terminal hands fast typing or a paste over in one read: every key is queued before
    the first is handled. Tab must still move on before the keys after it are given out."""
    app = make_app(flow_ws)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, TaskForm(1))
        burst = [*"Spec A", "tab", *"carol", "tab", "shift+tab"]
        for key in burst:
            character = {"tab": "\t", "shift+tab": None}.get(key, key)
            app.post_message(events.Key("space" if key == " " else key, character))
        await pilot.pause()
        await pilot.pause()
        assert (form.text("title"), form.text("owner")) == ("Spec A", "carol")
        assert app.focused is form.query_one("#field-owner")


async def test_the_question_is_in_chinese(flow_ws):
    app = make_app(flow_ws, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot, TaskForm(1))
        await pilot.press("x", "escape")
        assert app.screen.query_one("#confirm-question").content.plain == "放弃在此表单中所做的修改？"
        assert [str(b.label) for b in app.screen.query("Button")] == ["放弃", "继续编辑"]


@pytest.mark.parametrize("make", [lambda: TaskForm(1), DeclareForm,
                                  lambda: NoteForm({"id": "INC-1", "number": 1})])
async def test_every_input_is_one_line_high(flow_ws, make):
    app = make_app(flow_ws)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, make())
        widgets = [w for w in form.query(".field-line > *") if w.has_class("-textual-compact")
                   or w.__class__.__name__ in ("Input", "Select", "Checkbox")]
        assert widgets
        for widget in widgets:
            if widget.__class__.__name__ != "TextArea":
                assert widget.size.height == 1, widget


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("theme", ["huddle-dark", "huddle-light", "huddle-contrast"])
async def test_the_milestone_checkbox_is_drawn_whole(flow_ws, lang, theme):
    app = make_app(flow_ws, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = theme
        form = await open_form(pilot, TaskForm(1))
        box = form.query_one("#field-milestone")
        assert box.render_line(0).text.startswith("▐X▌")
        assert not any("▐X…" in line for line in screen_lines(form))


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_form_taller_than_the_screen_says_so(flow_ws, lang):
    app = make_app(flow_ws, lang=lang)
    async with app.run_test(size=(80, 20)) as pilot:
        form = await open_form(pilot, DeclareForm())
        more = form.query_one("#form-more")
        assert more.display
        assert ("下方还有字段" if lang == "zh" else "More fields below") in more.content.plain
        assert form.query_one("#form-save").region.bottom <= 20    # Save always in view
        while app.focused.id != "field-lead":                      # down to the last field
            await pilot.press("tab")
        await pilot.pause()
        await pilot.pause()
        assert not more.display
    async with make_app(flow_ws, lang=lang).run_test(size=(120, 36)) as pilot:
        form = await open_form(pilot, DeclareForm())
        assert not form.query_one("#form-more").display           # it all fits


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_dropdown_selects_as_you_type(flow_ws, lang):
    app = make_app(flow_ws, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, DeclareForm())
        severity = form.query_one("#field-severity")
        severity.focus()
        await pilot.pause()
        await pilot.press("s", "4")          # "S4": opens the list at S4
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert severity.value == "S4" and not severity.expanded
        task = await open_form(pilot, TaskForm(1))
        priority = task.query_one("#field-priority")
        priority.focus()
        await pilot.pause()
        await pilot.press("高" if lang == "zh" else "h", "enter")
        await pilot.pause()
        assert priority.value == "high"
