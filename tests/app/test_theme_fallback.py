"""An unknown remembered theme falls back to the default and the app (not themes/) says so."""

from __future__ import annotations

from app_helpers import SIZE

from store.core.i18n import set_language
from tui.app import HuddleApp


class NewerThemeApp(HuddleApp):
    """Started by an account whose saved theme this Huddle does not know."""

    def initial_theme(self) -> str:
        return "no-such-theme"

    def notify(self, message, **kwargs) -> None:
        self.told = [*getattr(self, "told", []), (message, kwargs.get("severity"))]
        super().notify(message, **kwargs)


async def test_an_unknown_theme_falls_back_with_a_warning(app_ws):
    set_language("zh")  # back to English after the test (tests/conftest.py)
    app = NewerThemeApp(app_ws)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "huddle-dark"
        assert ("未知主题 no-such-theme，改用 huddle-dark", "warning") in app.told
