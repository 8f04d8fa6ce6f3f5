"""Workspace settings kept in the directory shard: timezone, holidays, make-up workdays, and
the team's language (`language`: what the pages Huddle writes are written in).

One more entry is written when the workspace is made and never changed: `clock: "pinned"`
marks a demo or test workspace (`huddle demo`, `huddle init --pinned-clock`), the only kind
whose clock may be pinned (HUDDLE_NOW); see `clock_may_be_pinned`."""

from __future__ import annotations

import os
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..core import validate
from ..core.errors import InvalidValue
from ..core.i18n import LANGUAGES, tr
from ..core.workspace import DIRECTORY, Workspace

SETTINGS = "settings"
CLOCK_PINNED = "pinned"  # settings["clock"] of a workspace made for a pinned clock


def get_settings(ws: Workspace) -> dict:
    rows = ws.rows(DIRECTORY, SETTINGS)
    return rows[0] if rows else {}


def machine_timezone() -> str:
    """The machine's IANA zone name: $TZ, else /etc/timezone, else /etc/localtime's link."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    try:
        candidates.append(Path("/etc/timezone").read_text().strip())
    except OSError:
        pass
    try:
        link = os.readlink("/etc/localtime")
        candidates.append(link.split("zoneinfo/", 1)[1] if "zoneinfo/" in link else "")
    except OSError:
        pass
    for name in candidates:
        if name and _valid_zone(name):
            return name
    return "UTC"


def timezone_name(ws: Workspace) -> str:
    return get_settings(ws).get("timezone") or machine_timezone()


def holidays(ws: Workspace) -> frozenset[str]:
    return frozenset(get_settings(ws).get("holidays", ()))


def extra_workdays(ws: Workspace) -> frozenset[str]:
    """Weekend days worked to make up for a holiday (调休)."""
    return frozenset(get_settings(ws).get("workdays", ()))


def calendar_days(ws: Workspace) -> tuple[frozenset[str], frozenset[str]]:
    """(holidays, make-up workdays), from one read of the settings: the same revision."""
    settings = get_settings(ws)
    return frozenset(settings.get("holidays", ())), frozenset(settings.get("workdays", ()))


def language(ws: Workspace) -> str:
    """The team's language: every page Huddle generates is written in it (set by `init`, changed
    by an admin). A workspace made before the setting existed writes English, as it always did."""
    return get_settings(ws).get("language") or "en"


def clock_may_be_pinned(ws: Workspace) -> bool:
    """Whether this workspace may run on a pinned clock instead of the system's.

    Only a workspace made for it: a demo, or one created with `huddle init --pinned-clock`
    (tests, screenshots). On any other a pinned clock would let a member backdate records
    or fake "updated before 17:00". The mark is written by `people.init_workspace` and
    `update_settings` refuses to set it, so a workspace in use cannot be switched over."""
    return get_settings(ws).get("clock") == CLOCK_PINNED


def update_settings(ws: Workspace, **changes: object) -> dict:
    """Admins only. Accepts timezone, holidays (dates), workdays (dates), language (en|zh)."""
    ws.require_admin()
    clean: dict[str, object] = {}
    for key, value in changes.items():
        if key == "timezone":
            name = validate.text("timezone", value, required=True)
            if not _valid_zone(name):
                raise InvalidValue("timezone", tr("timezone: {value!r} is not a known time zone "
                                                  "(for example Asia/Shanghai)", value=name))
            clean[key] = name
        elif key == "language":
            clean[key] = validate.choice("language", value, LANGUAGES)
        elif key in ("holidays", "workdays"):
            clean[key] = sorted({validate.day(key, d) for d in value})  # type: ignore[union-attr]
        else:
            raise InvalidValue(key, tr("Unknown setting {name}", name=key))
    with ws.transaction(DIRECTORY) as tx:
        table = tx.table(SETTINGS)
        if table.contains(doc_id=1):
            table.update(clean, doc_ids=[1])
        else:
            table.insert(clean)
        tx.audit("settings.update", None, **clean)
    return get_settings(ws)


def _valid_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
        return True
    except (ZoneInfoNotFoundError, ValueError):
        return False
