"""SVG snapshots of the main screens, in English and Chinese, at 120×36.

The app runs on the pinned demo of tests/huddle_scenes.py: a FixedClock at
Wednesday 2024-09-04 10:30 Shanghai time, the demo's seeders with their fixed
seed, the OS account `linsiyuan` (林思远) whoever runs the tests, and the
machine pinned (the folder in the header, `who`, the onboarding host checks).
Everything that moves with time (the header clock, "38 minutes ago", SLA
countdowns, the timebox) reads that clock, so a snapshot is the same on every
run and every machine.

    .venv/bin/python -m pytest tests/snapshots                    # compare
    .venv/bin/python -m pytest tests/snapshots --snapshot-update  # accept new looks

Look at the report pytest-textual-snapshot writes when one differs, and update
only when the change is intended. The baselines are in __snapshots__/.
"""

from __future__ import annotations

import pytest
from huddle_scenes import MAIN_SCENES, open_scene

from tui.app import make_app

SIZE = (120, 36)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("scene", MAIN_SCENES)
def test_screen(snap_compare, demo, scene, lang):
    app = make_app(demo, lang=lang)
    assert snap_compare(app, terminal_size=SIZE, run_before=lambda pilot: open_scene(pilot, scene))
