"""Workspace settings: the timezone (validated; decides what "today" is), holidays, workdays."""

from __future__ import annotations

from datetime import date

import pytest
from stkit import as_user

from store.people import settings
from store.core.errors import InvalidValue, PermissionDenied
from store.people.settings import update_settings

pytestmark = pytest.mark.usefixtures("backend")  # on the folder and on PostgreSQL


def test_timezone_is_validated(workspace):
    for bad in ("Mars/Olympus", "", "Asia/Shang hai", "../../etc/passwd"):
        with pytest.raises(InvalidValue) as err:
            update_settings(workspace, timezone=bad)
        assert err.value.field == "timezone"
    assert update_settings(workspace, timezone="Europe/Berlin")["timezone"] == "Europe/Berlin"
    assert str(workspace.tz) == "Europe/Berlin"


def test_today_depends_on_the_workspace_timezone(workspace, clock):
    clock.set("2024-09-01T17:30:00+00:00")  # Monday 01:30 in Shanghai, still Sunday in UTC
    assert workspace.today() == date(2024, 9, 2)
    assert workspace.local_now().isoformat() == "2024-09-02T01:30:00+08:00"
    update_settings(workspace, timezone="UTC")
    assert workspace.today() == date(2024, 9, 1)
    clock.set("2024-09-01T15:59:59+00:00")
    update_settings(workspace, timezone="Asia/Shanghai")
    assert workspace.today() == date(2024, 9, 1)   # 23:59:59 in Shanghai
    clock.advance(seconds=1)
    assert workspace.today() == date(2024, 9, 2)   # midnight in Shanghai


def test_default_timezone_is_the_machines(tmp_path, clock, monkeypatch):
    from store.people.members import init_workspace
    from store.core.workspace import Workspace
    monkeypatch.setenv("TZ", "America/New_York")
    ws = Workspace.open(tmp_path, clock=clock)
    init_workspace(ws)
    assert settings.timezone_name(ws) == "America/New_York"
    clock.set("2024-09-02T02:00:00+00:00")
    assert ws.today() == date(2024, 9, 1)  # 22:00 the day before in New York
    monkeypatch.setenv("TZ", "Not/AZone")
    assert settings.machine_timezone() != "Not/AZone"


def test_holidays_are_dates_sorted_and_unique(workspace):
    result = update_settings(workspace, holidays=["2024-10-02", "２０２４－１０－０１", "2024-10-02"])
    assert result["holidays"] == ["2024-10-01", "2024-10-02"]
    with pytest.raises(InvalidValue) as err:
        update_settings(workspace, workdays=["2024-13-01"])
    assert err.value.field == "workdays"
    assert settings.extra_workdays(workspace) == frozenset()


def test_only_admins_change_settings(workspace):
    with pytest.raises(PermissionDenied):
        update_settings(as_user(workspace, "alice"), timezone="UTC")
    with pytest.raises(InvalidValue, match="Unknown setting"):
        update_settings(workspace, colour="blue")
    assert settings.timezone_name(workspace) == "Asia/Shanghai"


def test_only_a_workspace_made_for_it_may_pin_its_clock(tmp_path, clock):
    """`clock: "pinned"` is written by init_workspace(pinned_clock=True) (demo, `init
    --pinned-clock`) and by nothing else; a plain workspace, or no workspace yet, keeps real
    time, and no setting can switch a workspace in use over."""
    from store.people.members import init_workspace
    from store.core.workspace import DIRECTORY, Workspace
    plain = Workspace.open(tmp_path, clock=clock)
    assert not settings.clock_may_be_pinned(plain)          # nothing there yet
    init_workspace(plain)
    assert not settings.clock_may_be_pinned(plain)
    with pytest.raises(InvalidValue) as err:
        update_settings(plain, clock=settings.CLOCK_PINNED)
    assert err.value.field == "clock" and not settings.clock_may_be_pinned(plain)
    update_settings(plain, timezone="Asia/Shanghai")
    assert not settings.clock_may_be_pinned(plain)

    (tmp_path / "pinned").mkdir()
    pinned = Workspace.open(tmp_path / "pinned", clock=clock)
    init_workspace(pinned, pinned_clock=True)
    assert settings.clock_may_be_pinned(pinned)
    update_settings(pinned, timezone="Asia/Shanghai", holidays=["2024-10-01"])
    assert settings.clock_may_be_pinned(pinned)             # other settings keep the mark
    init_entry = pinned.rows(DIRECTORY, "_audit")[0]
    assert (init_entry["action"], init_entry["detail"]) == ("workspace.init", {"clock": "pinned"})
