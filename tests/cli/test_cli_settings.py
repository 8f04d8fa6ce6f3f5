"""`huddle settings show|set`: timezone, holidays and make-up workdays from the command line."""

from __future__ import annotations

import pytest

from datetime import date

import orjson
from cli_helpers import assert_user_error

from store.people.workdays import WorkCalendar

pytestmark = pytest.mark.usefixtures("backend")  # on the folder and on PostgreSQL


def test_show_and_set(run, run_json, workspace):
    shown = run_json("settings", "show")
    assert shown.pop("language") in ("en", "zh")  # from the locale of whoever ran init
    assert shown == {"timezone": "Asia/Shanghai", "timezone_source": "workspace",
                     "holidays": [], "workdays": [], "clock": "pinned"}  # made for the tests
    result = run("settings", "set", "--add-holiday", "2024-10-01,2024-10-02 ２０２４-１０-０３",
                 "--add-workday", "2024-10-12", "--timezone", "Europe/Berlin")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "Settings saved.\n"
    after = run_json("settings", "show")
    assert after["timezone"] == "Europe/Berlin"
    assert after["holidays"] == ["2024-10-01", "2024-10-02", "2024-10-03"]
    assert after["workdays"] == ["2024-10-12"]
    calendar = WorkCalendar.of(workspace)
    assert not calendar.is_working_day(date(2024, 10, 2))
    assert calendar.is_working_day(date(2024, 10, 12))  # a Saturday worked (调休)
    trimmed = orjson.loads(run("settings", "set", "--remove-holiday", "2024-10-02",
                               "--clear-workdays", "--json").stdout)
    assert trimmed["holidays"] == ["2024-10-01", "2024-10-03"] and trimmed["workdays"] == []
    assert run_json("settings", "set", "--clear-holidays")["holidays"] == []


def test_human_output_in_both_languages(run, workspace):
    run("settings", "set", "--add-holiday", "2024-10-01")
    english = run("settings", "show").stdout.splitlines()
    assert english == ["Timezone          Asia/Shanghai", "Holidays          2024-10-01",
                       "Make-up workdays  —", "Language          English",
                       "Clock             pinned by HUDDLE_NOW when set (a demo or test "
                       "workspace)"]
    chinese = run("settings", "show", group=("--lang", "zh")).stdout.splitlines()
    assert chinese == ["时区        Asia/Shanghai", "节假日      2024-10-01", "调休工作日  —",
                       "语言        English",
                       "时钟        设置 HUDDLE_NOW 时固定（演示或测试工作区）"]


def test_refusals(run, workspace):
    assert_user_error(run("settings", "set", "--timezone", "Mars/Olympus"), "Mars/Olympus")
    assert_user_error(run("settings", "set", "--add-holiday", "10/01"), "holidays", "10/01")
    assert run("settings", "set").exit_code == 2                       # nothing to change
    assert run("settings", "set", "--add-holiday").exit_code == 2      # missing value


def test_the_team_language_is_set_at_init_and_by_an_admin(run, run_json, workspace_dir, tmp_path):
    fresh = tmp_path / "fresh"
    assert run("init", "--pinned-clock", "--language", "zh", ws=fresh).exit_code == 0
    assert run_json("settings", "show", ws=fresh)["language"] == "zh"
    by_locale = tmp_path / "by-locale"
    assert run("init", "--pinned-clock", ws=by_locale, env={"LC_ALL": "zh_CN.UTF-8"}).exit_code == 0
    assert run_json("settings", "show", ws=by_locale)["language"] == "zh"
    assert run("init", "--language", "fr", ws=tmp_path / "x").exit_code == 2
    result = run("settings", "set", "--language", "en", ws=fresh)
    assert result.exit_code == 0, result.stderr
    assert run_json("settings", "show", ws=fresh)["language"] == "en"
