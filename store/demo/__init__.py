"""The demo workspace: realistic data for trying Huddle and for screenshots.

Each area's module has a `seed(ws, rng)` function, listed in SEEDERS; they run in
order on an initialised, empty workspace with the calling user as admin.
"""

from __future__ import annotations

import random

from ..core.workspace import Workspace
from . import base, incidents_demo, onboarding_demo, projects_demo

SEEDERS = [
    base.seed,              # departments, members, projects and tasks
    projects_demo.seed,     # project flow: updates, delays, delivery, retro
    incidents_demo.seed,
    onboarding_demo.seed,
]


DEMO_LANGUAGE = "zh"  # the demo company writes its reports and minutes in Chinese


def seed_all(ws: Workspace, seed: int = 7) -> None:
    from ..people.settings import update_settings
    update_settings(ws, language=DEMO_LANGUAGE)
    rng = random.Random(seed)
    for fn in SEEDERS:
        fn(ws, rng)
