"""The areas' screens as Textual modes: each built when first shown, from the module
tui/areas.py names (a broken area shows what is wrong instead of taking the app down)."""

from __future__ import annotations

import importlib
import importlib.util
from typing import Callable

from textual.screen import Screen

from .areas import Area


def load_screen(target: str) -> type[Screen]:
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


def _exists(target: str) -> bool:
    try:
        return importlib.util.find_spec(target.partition(":")[0]) is not None
    except ModuleNotFoundError:
        return False


def _factory(area: Area) -> Callable[[], Screen]:
    def build() -> Screen:
        try:
            return load_screen(area.target)()
        except Exception as exc:  # a broken area must not take the app down
            from .screens.unavailable import UnavailableScreen
            return UnavailableScreen(area.label, f"{type(exc).__name__}: {exc}")
    build.__qualname__ = f"build[{area.target}]"
    return build


def build_modes(areas: list[Area]) -> dict[str, Callable[[], Screen]]:
    """Mode name → screen factory, for the areas whose module exists."""
    return {area.mode: _factory(area) for area in areas if _exists(area.target)}
