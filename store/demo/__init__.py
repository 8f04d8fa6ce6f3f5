"""The demo workspace: realistic data for trying Huddle and for screenshots.

Each area adds a `seed(ws, rng)` function to SEEDERS; they run in order on
an initialised, empty workspace with the calling user as admin.
"""

from __future__ import annotations

import random

from ..core.workspace import Workspace

SEEDERS: list = []


def _load_seeders() -> list:
    from . import base  # noqa: F401  (each module appends its seeder on import)
    from . import projects_demo  # noqa: F401  (project flow: updates, delays, delivery, retro)
    from . import incidents_demo  # noqa: F401
    from . import onboarding_demo  # noqa: F401
    return SEEDERS


DEMO_LANGUAGE = "zh"  # the demo company writes its reports and minutes in Chinese


def seed_all(ws: Workspace, seed: int = 7) -> None:
    from ..people.settings import update_settings
    update_settings(ws, language=DEMO_LANGUAGE)
    rng = random.Random(seed)
    for fn in _load_seeders():
        fn(ws, rng)
