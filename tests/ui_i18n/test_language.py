"""The interface language: --lang, else the user's saved preference, else the locale;
switched at run time from the command palette, saved, and every area rebuilt in it."""

from __future__ import annotations

from click.testing import CliRunner
from textual.command import CommandInput, CommandList, CommandPalette

from store.core.i18n import get_language, set_language
from store.people.preferences import save_language, saved_language
from tui.app import make_app
from tui.language import choose_language

SIZE = (120, 36)


def test_explicit_then_saved_then_locale(workspace, monkeypatch):
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")
    assert choose_language(None, workspace) == "zh"          # nothing saved: the locale
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    assert choose_language(None, workspace) == "en"
    save_language(workspace, "zh")
    assert choose_language(None, workspace) == "zh"          # saved beats the locale
    assert choose_language("en", workspace) == "en"          # --lang beats everything


def test_an_unreadable_preference_falls_back_on_the_locale(tmp_path, monkeypatch):
    from store.core.workspace import Workspace
    monkeypatch.setenv("LC_ALL", "zh_TW.UTF-8")
    missing = Workspace(tmp_path / "nowhere")
    assert choose_language(None, missing) == "zh"


def test_the_command_line_passes_only_an_explicit_lang_to_the_app(workspace, monkeypatch):
    from tui.cli import cli
    seen: list[tuple[str | None, str]] = []

    def fake_run_app(session) -> None:
        ws = session.open()
        seen.append((session.lang, choose_language(session.lang, ws)))

    monkeypatch.setattr("tui.launch.run_app", fake_run_app)
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    monkeypatch.delenv("HUDDLE_NOW", raising=False)
    save_language(workspace, "zh")
    try:
        runner = CliRunner()
        assert runner.invoke(cli, ["--workspace", str(workspace.folder)]).exit_code == 0
        assert runner.invoke(cli, ["--lang", "en", "--workspace",
                                   str(workspace.folder)]).exit_code == 0
    finally:
        set_language("en")
    assert seen == [(None, "zh"), ("en", "en")]


async def _palette_titles(pilot, query: str) -> list[str]:
    app = pilot.app
    await pilot.press("ctrl+p")
    for _ in range(100):
        if isinstance(app.screen, CommandPalette) and app.screen.has_class("-ready"):
            break
        await pilot.pause(0.05)
    app.screen.query_one(CommandInput).value = query
    titles: list[str] = []
    for _ in range(100):
        await pilot.pause(0.05)
        listed = app.screen.query_one(CommandList)
        titles = [str(listed.get_option_at_index(i).hit.text) for i in range(listed.option_count)
                  if getattr(listed.get_option_at_index(i), "hit", None) is not None]
        if titles:
            break
    return titles


async def test_switching_from_the_palette_rebuilds_every_area_and_saves(workspace):
    app = make_app(workspace, lang="en")
    said: list[str] = []
    notify = app.notify
    app.notify = lambda message, *args, **kwargs: (said.append(message),  # type: ignore
                                                   notify(message, *args, **kwargs))[1]
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("f5")                       # an area opened before the switch
            await pilot.pause()
            assert app.screen.header.part("title") == "War room"
            titles = await _palette_titles(pilot, "language")
            assert "Language: 中文" in titles and "Language: English" in titles
            await pilot.press("escape")
            await pilot.pause()
            await app.run_action("set_language('zh')")
            await pilot.pause()
            assert get_language() == "zh"
            assert saved_language(workspace) == "zh"
            assert app.current_mode == "warroom"
            header = app.screen.header.part("title")
            assert header == "作战室"
            await pilot.press("f2")
            await pilot.pause()
            assert app.screen.header.part("title") == "项目"
            assert "语言：中文" in said
            # Textual's own palette commands and the palette's prompt follow the language
            system = {c.title for c in app.get_system_commands(app.screen)}
            assert {"主题", "退出", "截图"} <= system
            await pilot.press("ctrl+p")
            for _ in range(100):
                if isinstance(app.screen, CommandPalette):
                    break
                await pilot.pause(0.05)
            assert app.screen.query_one(CommandInput).placeholder == "搜索命令…"
            await pilot.press("escape")
            await pilot.pause()
            await app.run_action("set_language('en')")
            await pilot.pause()
            assert app.screen.header.part("title") == "Projects"
            assert saved_language(workspace) == "en"
    finally:
        set_language("en")


def test_counted_messages_follow_the_language_a_page_is_written_in():
    """trn() speaks the team's language inside writing_in() as tr() does: a Chinese team's
    resolution report read "影响时长 | lasted 120 minutes, service restored"."""
    from store.core.i18n import set_language, trn, writing_in
    set_language("en")
    with writing_in("zh"):
        assert trn("{n} minute", "{n} minutes", 3) == "3分钟"
    assert trn("{n} minute", "{n} minutes", 3) == "3 minutes"
