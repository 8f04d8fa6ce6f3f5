"""Regenerate the README screenshots: SVGs saved by the app itself (`App.save_screenshot`).

    .venv/bin/python docs/screenshots/make_screenshots.py          # every shot
    .venv/bin/python docs/screenshots/make_screenshots.py standup  # only some

Each shot runs the app headless at 120×36 with Pilot on the demo workspace
(`huddle demo`'s seeders and seed), pinned exactly as the snapshot tests pin it
(tests/huddle_scenes.py): the clock at Wednesday 2024-09-04 10:30 Shanghai time,
the user 林思远 (`linsiyuan`), the folder shown as /srv/huddle, a fixed `who`
and a pretend jump host for the onboarding checks. So the same code gives the
same pictures on any machine; run it again after a change to the screens and
commit the SVGs that changed.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

import huddle_scenes as scenes  # noqa: E402  (tests/huddle_scenes.py)

from store.core.i18n import set_language  # noqa: E402
from tui.app import make_app  # noqa: E402

SIZE = (120, 36)


async def standup_member(pilot) -> None:
    """On the standup, walk to 李强: open tasks, yesterday's update and a 【需协助】 flag."""
    await pilot.press("n", "n", "n")


# file name → (scene in tests/huddle_scenes.py, language, extra steps)
SHOTS = {
    "projects.svg": ("projects", "en", None),
    "project-plan.svg": ("project_plan", "en", None),
    "standup.svg": ("standup", "en", standup_member),
    "incident.svg": ("incident", "en", None),
    "onboarding-checklist.svg": ("checklist", "en", None),
    "knowledge-base.svg": ("knowledge", "en", None),
    "projects-zh.svg": ("projects", "zh", None),
    "incident-zh.svg": ("incident", "zh", None),
}


async def shoot(template: Path, work: Path, name: str) -> Path:
    scene, lang, extra = SHOTS[name]
    ws = scenes.copy_demo(template, work / name.removesuffix(".svg"))
    app = make_app(ws, lang=lang)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await scenes.open_scene(pilot, scene)
            if extra is not None:
                await extra(pilot)
                await scenes.settle(pilot)
            return Path(app.save_screenshot(filename=name, path=str(HERE)))
    finally:
        set_language("en")


async def main(names: list[str]) -> None:
    unknown = [n for n in names if n not in SHOTS]
    if unknown:
        raise SystemExit(f"unknown shot(s) {unknown}; choose from {', '.join(SHOTS)}")
    with tempfile.TemporaryDirectory() as tmp, scenes.pinned_machine():
        template = Path(tmp) / "template"
        scenes.build_demo(template)
        for name in names or list(SHOTS):
            print(await shoot(template, Path(tmp), name))


if __name__ == "__main__":
    asyncio.run(main([a if a.endswith(".svg") else a + ".svg" for a in sys.argv[1:]]))
