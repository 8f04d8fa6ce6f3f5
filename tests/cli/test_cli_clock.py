"""HUDDLE_NOW pins the clock only on a workspace made for it (`huddle demo`, `huddle init
--pinned-clock`); anywhere else it is refused (exit 2) before anything is read or written,
for commands and for the app alike."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
from cli_helpers import assert_user_error
from click.testing import CliRunner

from store.core.clock import parse_instant
from store.core.workspace import DIRECTORY, Workspace
from tui.cli import cli

PAST = "2020-01-01T09:00:00+00:00"
REFUSED = "keeps real time: only a demo workspace or one made with `huddle init --pinned-clock`"


@pytest.fixture
def plain(tmp_path: Path, run) -> Path:
    """A workspace made with plain `huddle init` (no HUDDLE_NOW), with one department."""
    folder = tmp_path / "plain"
    real = {"HUDDLE_NOW": None}
    assert run("init", ws=folder, env=real).exit_code == 0
    assert run("dept", "add", "Zoe", ws=folder, env=real).exit_code == 0
    return folder


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def audit_tail(folder: Path) -> dict:
    return Workspace.open(folder).rows(DIRECTORY, "_audit")[-1]


def test_a_plain_workspace_refuses_a_pinned_clock_and_changes_nothing(plain, run):
    before = files(plain)
    for args in (("dept", "add", "Yan"), ("member", "list"), ("settings", "show")):
        result = run(*args, ws=plain, env={"HUDDLE_NOW": PAST})
        assert_user_error(result, f"HUDDLE_NOW is set, but {plain} {REFUSED}",
                          "Unset HUDDLE_NOW.", code=2)
        assert result.stdout == "" and result.stderr.startswith("huddle: HUDDLE_NOW")
    assert files(plain) == before
    # a bad value is refused the same way: the workspace does not take any pinned clock
    assert_user_error(run("member", "list", ws=plain, env={"HUDDLE_NOW": "tomorrow"}),
                      REFUSED, code=2)
    # in Chinese too
    zh = run("member", "list", ws=plain, env={"HUDDLE_NOW": PAST}, group=("--lang", "zh"))
    assert zh.exit_code == 2 and "使用真实时间" in zh.stderr and "--pinned-clock" in zh.stderr


def test_an_empty_huddle_now_is_no_pinned_clock(plain, run):
    result = run("dept", "add", "Yan", ws=plain, env={"HUDDLE_NOW": ""})
    assert result.exit_code == 0, result.stderr
    at = parse_instant(audit_tail(plain)["at"])
    assert abs((datetime.now(timezone.utc) - at).total_seconds()) < 60


def test_plain_init_with_huddle_now_is_refused_before_creating_anything(tmp_path, run):
    folder = tmp_path / "new" / "ws"
    assert_user_error(run("init", ws=folder, env={"HUDDLE_NOW": PAST}),
                      "would keep real time", "--pinned-clock", code=2)
    assert not folder.exists() and not folder.parent.exists()


def test_init_pinned_clock_takes_huddle_now_and_audits_the_wall_clock(tmp_path, run, run_json):
    folder = tmp_path / "pinned"
    made = run("init", "--pinned-clock", ws=folder, env={"HUDDLE_NOW": PAST})
    assert made.exit_code == 0, made.stderr
    assert run_json("settings", "show", ws=folder)["clock"] == "pinned"
    before = datetime.now(timezone.utc).replace(microsecond=0)
    assert run("dept", "add", "Yan", ws=folder, env={"HUDDLE_NOW": PAST}).exit_code == 0
    entry = audit_tail(folder)
    assert entry["action"] == "department.add" and entry["at"] == PAST
    assert before <= parse_instant(entry["wall"]) <= datetime.now(timezone.utc)
    # no HUDDLE_NOW: the same workspace runs on real time
    assert run("dept", "add", "Wu", ws=folder, env={"HUDDLE_NOW": None}).exit_code == 0
    assert audit_tail(folder)["at"] > "2025"


def test_a_bad_value_on_a_pinned_workspace_is_a_usage_error(tmp_path, run):
    folder = tmp_path / "pinned"
    assert run("init", "--pinned-clock", ws=folder, env={"HUDDLE_NOW": None}).exit_code == 0
    before = files(folder)
    for bad in ("tomorrow", "2024-13-01T00:00:00", "09:00"):
        result = run("dept", "add", "Yan", ws=folder, env={"HUDDLE_NOW": bad})
        assert_user_error(result, f"HUDDLE_NOW={bad!r} is not a time", "ISO 8601", code=2)
    assert files(folder) == before


def test_a_demo_takes_huddle_now(tmp_path, run, run_json):
    folder = tmp_path / "demo"
    assert run("demo", ws=folder, env={"HUDDLE_NOW": PAST}).exit_code == 0
    assert run_json("settings", "show", ws=folder)["clock"] == "pinned"
    listed = run_json("task", "list", ws=folder, env={"HUDDLE_NOW": PAST})
    assert listed and all(t["due"] < "2021" for t in listed)  # seeded around that day
    assert audit_tail(folder)["at"].startswith("2020-01-01")


def test_the_app_refuses_a_pinned_clock_on_a_plain_workspace(plain, monkeypatch):
    from tui.app import HuddleApp
    ran: list = []
    monkeypatch.setattr(HuddleApp, "run", lambda self, *a, **k: ran.append(self))
    runner = CliRunner()
    env = {"LC_ALL": "C.UTF-8", "HUDDLE_WORKSPACE": None, "HUDDLE_DEBUG": None}
    refused = runner.invoke(cli, ["--workspace", str(plain)], env={**env, "HUDDLE_NOW": PAST})
    assert_user_error(refused, REFUSED, code=2)
    assert ran == []
    opened = runner.invoke(cli, ["--workspace", str(plain)], env={**env, "HUDDLE_NOW": None})
    assert opened.exit_code == 0, opened.stderr
    assert len(ran) == 1 and ran[0].ws.now().year >= 2025


def test_the_app_takes_huddle_now_on_a_demo(tmp_path, run, monkeypatch):
    from tui.app import HuddleApp
    folder = tmp_path / "demo"
    assert run("demo", ws=folder).exit_code == 0
    ran: list = []
    monkeypatch.setattr(HuddleApp, "run", lambda self, *a, **k: ran.append(self))
    result = CliRunner().invoke(cli, ["--workspace", str(folder)],
                                env={"LC_ALL": "C.UTF-8", "HUDDLE_NOW": PAST})
    assert result.exit_code == 0, result.stderr
    assert len(ran) == 1 and ran[0].ws.now().isoformat() == PAST
