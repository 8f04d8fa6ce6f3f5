"""A damaged file on the command line: the command prints what it could read, then one
warning line per damaged file on stderr, and exits 4 (tui/cli/damage_report.py).

Runs on `huddle demo` (made once per module through the command line, so that the
OS account running the tests is the demo's 林思远), copied for each test.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from tui.cli import cli

NOW = "2024-09-04T10:30:00+08:00"
ENV = {"LC_ALL": "C.UTF-8", "HUDDLE_WORKSPACE": None, "HUDDLE_DEBUG": None, "HUDDLE_NOW": NOW}
ROOT = Path(__file__).resolve().parents[2]
DAMAGED = "project-4"


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cli-demo") / "template"
    result = CliRunner().invoke(cli, ["demo", "--workspace", str(folder)], env=ENV)
    assert result.exit_code == 0, result.output
    return folder


@pytest.fixture
def folder(demo_template: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "ws"
    shutil.copytree(demo_template, copy)
    os.chmod(copy, 0o770)
    return copy


def huddle(folder: Path, *args: str, lang: tuple = ()):
    return CliRunner().invoke(cli, [*lang, *args, "--workspace", str(folder)], env=ENV)


def damage(folder: Path, shard: str = DAMAGED, content: bytes = b"\x00garbage{"):
    path = folder / f"{shard}.json"
    path.write_bytes(content)
    return path


def assert_warned(result, path: Path, reason: str = "it is corrupt (") -> None:
    """Exit 4 and exactly one warning line on stderr, naming the file and `huddle check`."""
    assert result.exit_code == 4, (result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.output
    [line] = result.stderr.splitlines()
    assert line.startswith(f"huddle: warning: skipped {path}: {reason}"), line
    assert line.endswith("; run `huddle check`"), line


def as_json(result):
    return orjson.loads(result.stdout)


def test_project_list(folder):
    before = as_json(huddle(folder, "project", "list", "--json"))
    assert [p["id"] for p in before] == [1, 2, 3, 4, 5, 6]
    path = damage(folder)
    result = huddle(folder, "project", "list", "--json")
    assert_warned(result, path)
    assert as_json(result) == [p for p in before if p["id"] != 4]
    text = huddle(folder, "project", "list")
    assert_warned(text, path)
    assert "2024年Q3产品迭代项目组" in text.stdout and "2024年终大促活动" not in text.stdout
    assert path.read_bytes() == b"\x00garbage{"


def test_task_list(folder):
    before = as_json(huddle(folder, "task", "list", "--json"))
    path = damage(folder)
    result = huddle(folder, "task", "list", "--json")
    assert_warned(result, path)
    assert as_json(result) == [t for t in before if t["project"] != 4]
    assert {t["project"] for t in as_json(result)} == {1, 2, 3}


def test_mywork(folder):
    before = as_json(huddle(folder, "mywork", "--json"))
    assert {t["project"] for t in before["tasks"]} == {1, 4}
    path = damage(folder)
    result = huddle(folder, "mywork", "--json")
    assert_warned(result, path)
    assert as_json(result)["tasks"] == [t for t in before["tasks"] if t["project"] != 4]
    text = huddle(folder, "mywork")
    assert_warned(text, path)
    assert "1-4" in text.stdout


def test_standup_report(folder):
    # the campaign's task list is published, so its owners owe updates today (10:30)
    assert huddle(folder, "--as", "zhaomin", "project", "publish", "4").exit_code == 0
    before = huddle(folder, "standup", "report")
    assert before.exit_code == 0 and "**4-" in before.stdout
    path = damage(folder, content=b"")
    result = huddle(folder, "standup", "report")
    assert_warned(result, path, "it is empty")
    assert "**1-" in result.stdout and "**4-" not in result.stdout


def test_remind_keeps_reminding_about_everything_else(folder):
    before = as_json(huddle(folder, "remind", "--json"))["due"]
    path = damage(folder)
    result = huddle(folder, "remind", "--json")
    assert_warned(result, path)
    after = as_json(result)["due"]
    keys = {r["key"] for r in after}
    assert keys < {r["key"] for r in before}
    others = [r for r in before if not r["subject"].startswith("4") and "“2024年终大促活动”"
              not in r["title"]]
    assert others and {r["key"] for r in others} <= keys
    overdue = huddle(folder, "remind", "--fail-on-overdue")  # its 3 gives way to 4
    assert_warned(overdue, path)
    assert "2024年Q3产品迭代项目组" in overdue.stdout and "2024年终大促活动" not in overdue.stdout


def test_export_ics(folder):
    before = huddle(folder, "export", "ics").stdout
    assert "Project 1:" in before and "Project 4:" in before
    path = damage(folder)
    result = huddle(folder, "export", "ics")
    assert_warned(result, path)
    assert "Project 1:" in result.stdout and "Project 4:" not in result.stdout
    assert result.stdout.rstrip().endswith("END:VCALENDAR")


def test_incident_list(folder):
    before = as_json(huddle(folder, "incident", "list", "--json"))
    path = damage(folder, "incident-2", b'{"_rev":1,"tables":{"incident":[]}}')
    result = huddle(folder, "incident", "list", "--json")
    assert_warned(result, path, "it is corrupt (not the shape of a Huddle file)")
    assert as_json(result) == [i for i in before if i["id"] != "INC-2"]


def test_one_record_asked_for_fails_with_the_corrupt_message(folder):
    path = damage(folder)
    for args in (("project", "show", "4"), ("task", "list", "--project", "4"),
                 ("task", "show", "4-1")):
        result = huddle(folder, *args)
        assert result.exit_code == 1, (args, result.output)
        assert result.stderr.startswith(f"huddle: {path} is corrupt and cannot be read (")
        assert "warning" not in result.stderr and result.stdout == ""


def test_a_damaged_directory_is_fatal(folder):
    path = damage(folder, "directory")
    for args in (("project", "list"), ("remind",), ("mywork",)):
        result = huddle(folder, *args)
        assert result.exit_code == 1, (args, result.output)
        assert result.stderr == f"huddle: {path} is corrupt and cannot be read (unexpected " \
                                "character, expected a JSON value: line 1 column 1 (char 0)). " \
                                "It has not been changed; restore it from a backup " \
                                "(`huddle restore BACKUP --shard directory`; `huddle check` " \
                                "lists what else is wrong).\n"


def test_one_line_per_damaged_file_in_order(folder):
    first, second = damage(folder, "project-2"), damage(folder, "project-5", b"")
    result = huddle(folder, "project", "list")
    assert result.exit_code == 4
    assert [line.split(": ")[2] for line in result.stderr.splitlines()] == \
        [f"skipped {first}", f"skipped {second}"]


def test_nothing_damaged_nothing_said(folder):
    result = huddle(folder, "project", "list")
    assert result.exit_code == 0 and result.stderr == ""


def test_the_warning_in_chinese(folder):
    path = damage(folder, content=b"")
    result = huddle(folder, "project", "list", lang=("--lang", "zh"))
    assert result.exit_code == 4
    assert result.stderr == f"huddle: 警告：已跳过 {path}：文件为空；请运行 `huddle check`\n"


def test_a_file_name_cannot_reach_the_terminal_raw(tmp_path, demo_template):
    """The folder's name is printed in the warning: no control character gets through."""
    folder = tmp_path / "ws\x1b[31mred"
    shutil.copytree(demo_template, folder)
    os.chmod(folder, 0o770)
    damage(folder)
    result = huddle(folder, "project", "list")
    assert result.exit_code == 4 and "\x1b" not in result.stderr
    assert "ws [31mred/project-4.json" in result.stderr


def test_cron_sees_exit_4_and_the_rest_on_stdout(folder):
    """A real process, as cron runs it: everything else on stdout, the warning on stderr."""
    path = damage(folder)
    env = {k: v for k, v in os.environ.items() if k not in ("HUDDLE_WORKSPACE", "HUDDLE_DEBUG")}
    done = subprocess.run([sys.executable, "-c", "from tui.cli import main; main()",
                           "remind", "--workspace", str(folder)], capture_output=True, text=True,
                          env={**env, "HUDDLE_NOW": NOW, "LC_ALL": "C.UTF-8",
                               "PYTHONPATH": str(ROOT)}, cwd=ROOT, timeout=60)
    assert done.returncode == 4
    assert "2024年Q3产品迭代项目组" in done.stdout or "1-" in done.stdout
    assert done.stderr.startswith(f"huddle: warning: skipped {path}: it is corrupt (")
    assert path.read_bytes() == b"\x00garbage{"
