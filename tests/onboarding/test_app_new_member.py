"""Starting an onboarding for a login that is not a member offers to add them
(issue 15, point 5): the member form opens with the login filled in, `add_member` runs,
then the onboarding starts; cancelling adds nobody and keeps the form."""

from __future__ import annotations

from store.onboarding import checklists as ob
from store.people.members import find_member
from tui.app import make_app
from tui.dialogs.member_form import MemberForm
from tui.dialogs.onboarding_forms import OnboardingStartForm


async def type_text(pilot, text: str) -> None:
    for char in text:
        await pilot.press(char)


async def open_start_form(pilot):
    await pilot.press("f6")
    await pilot.pause()
    await pilot.press("a")
    await pilot.pause()
    assert isinstance(pilot.app.screen, OnboardingStartForm)


async def test_a_new_login_is_added_then_onboarded(ws):
    app = make_app(ws, lang="zh")
    async with app.run_test(size=(120, 36)) as pilot:
        await open_start_form(pilot)
        await type_text(pilot, "wangfang")
        app.screen.query_one("#field-buddy").value = "alice"
        await pilot.press("ctrl+s")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, MemberForm)
        assert form.query_one(".dialog-title").content.plain == "wangfang 还不是成员：要添加吗？"
        assert form.text("login") == "wangfang"
        app.set_focus(form.query_one("#field-name"))
        await pilot.press("王", "芳")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert find_member(ws, "wangfang")["name"] == "王芳"
        assert [o["login"] for o in ob.list_hires(ws)] == ["wangfang"]
        assert not isinstance(app.screen, (MemberForm, OnboardingStartForm))


async def test_cancelling_the_member_form_adds_nobody(ws):
    app = make_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_start_form(pilot)
        await type_text(pilot, "nobody")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MemberForm)
        await pilot.press("escape")                       # the login is the form's own value
        await pilot.pause()
        assert isinstance(app.screen, OnboardingStartForm)
        assert find_member(ws, "nobody") is None and ob.list_hires(ws) == []
