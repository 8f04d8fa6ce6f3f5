"""The app's top-level areas, one line each: data only, so that the app, the help screen
and the command palette all read it without importing one another."""

from __future__ import annotations

from typing import NamedTuple


class Area(NamedTuple):  # not a dataclass: a tenth of the cost at start
    mode: str    # Textual mode name
    key: str     # the key that switches to it
    label: str   # English message id, shown in the Footer
    target: str  # "package.module:ScreenClass"


AREAS: list[Area] = [
    Area("projects", "f2", "Projects", "tui.screens.projects:ProjectsScreen"),
    Area("mywork", "f3", "My work", "tui.screens.mywork:MyWorkScreen"),
    Area("standup", "f4", "Standup", "tui.screens.standup:StandupScreen"),
    Area("warroom", "f5", "War room", "tui.screens.warroom:WarRoomScreen"),
    Area("onboarding", "f6", "Onboarding", "tui.screens.onboarding:OnboardingScreen"),
    Area("kb", "f7", "Knowledge", "tui.screens.kb:KnowledgeScreen"),
    Area("reminders", "f8", "Reminders", "tui.screens.reminders:RemindersScreen"),
]
