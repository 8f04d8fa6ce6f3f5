"""The app's top-level areas, one line each: data only, so that the app, the help screen
and the command palette all read it without importing one another."""

from __future__ import annotations

from store.core.record import FrozenRecord


class Area(FrozenRecord):  # not a dataclass nor a NamedTuple: start-up time (record.py)
    __slots__ = ("mode", "key", "label", "target")

    def __init__(self, mode: str, key: str, label: str, target: str) -> None:
        self._set(mode=mode,      # Textual mode name
                  key=key,        # the key that switches to it
                  label=label,    # English message id, shown in the Footer
                  target=target)  # "package.module:ScreenClass"


AREAS: list[Area] = [
    Area("projects", "f2", "Projects", "tui.screens.projects:ProjectsScreen"),
    Area("mywork", "f3", "My work", "tui.screens.mywork:MyWorkScreen"),
    Area("standup", "f4", "Standup", "tui.screens.standup:StandupScreen"),
    Area("warroom", "f5", "War room", "tui.screens.warroom:WarRoomScreen"),
    Area("onboarding", "f6", "Onboarding", "tui.screens.onboarding:OnboardingScreen"),
    Area("kb", "f7", "Knowledge", "tui.screens.kb:KnowledgeScreen"),
    Area("reminders", "f8", "Reminders", "tui.screens.reminders:RemindersScreen"),
]
