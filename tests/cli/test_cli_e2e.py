"""A few real `huddle` processes: exit codes, streams and languages as a shell sees them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parents[2]
NOW = "2024-09-02T02:00:00+00:00"


def huddle(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items()
                if k not in ("HUDDLE_WORKSPACE", "HUDDLE_DEBUG", "LANG", "LC_ALL", "LANGUAGE",
                             "LC_MESSAGES")}
    full_env.update({"HUDDLE_NOW": NOW, "PYTHONPATH": str(ROOT), **(env or {})})
    return subprocess.run([sys.executable, "-c", "from tui.cli import main; main()", *args],
                          capture_output=True, text=True, env=full_env, cwd=ROOT, timeout=60)


def test_demo_then_scripts_read_it(tmp_path):
    folder = tmp_path / "demo"
    made = huddle("demo", "--workspace", str(folder))
    assert made.returncode == 0, made.stderr
    listed = huddle("task", "list", "--overdue", "--json", "--workspace", str(folder))
    assert listed.returncode == 0 and listed.stderr == ""
    overdue = orjson.loads(listed.stdout)
    assert overdue and all(t["overdue"] and t["due"] < "2024-09-02" for t in overdue)
    zh = huddle("--lang", "zh", "project", "list", "--workspace", str(folder))
    assert zh.returncode == 0
    assert zh.stdout.splitlines()[0].split()[:3] == ["编号", "名称", "状态"]
    assert "进行中" in zh.stdout and "已复盘" in zh.stdout
    again = huddle("demo", "--workspace", str(folder))
    assert again.returncode == 1 and again.stdout == ""
    assert again.stderr.startswith("huddle: ") and "--force" in again.stderr


def test_errors_and_usage_errors_as_a_shell_sees_them(tmp_path):
    missing = huddle("task", "list", "--workspace", str(tmp_path / "none"))
    assert missing.returncode == 1 and missing.stdout == ""
    assert missing.stderr.startswith("huddle: No workspace at")
    assert "Traceback" not in missing.stderr
    usage = huddle("task", "add", "1")
    assert usage.returncode == 2 and "Traceback" not in usage.stderr
    assert "Usage:" in usage.stderr


def test_a_closed_standard_output_is_refused_before_anything_changes(tmp_path):
    folder = tmp_path / "demo"
    assert huddle("demo", "--workspace", str(folder)).returncode == 0
    task = orjson.loads(huddle("task", "list", "--json", "--workspace", str(folder)).stdout)[0]
    args = ["task", "update", task["id"], "--progress", "99", "--done", "closed stdout",
            "--as", task["owner"], "--workspace", str(folder)]
    closed = subprocess.run([sys.executable, "-c", "from tui.cli import main; main()", *args],
                            stdout=None, stderr=subprocess.PIPE, text=True, timeout=60,
                            cwd=ROOT, env={**os.environ, "HUDDLE_NOW": NOW,
                                           "PYTHONPATH": str(ROOT)},
                            preexec_fn=lambda: os.close(1))
    assert closed.returncode == 1
    assert closed.stderr == "huddle: standard output is closed; nothing was done\n"
    shown = orjson.loads(huddle("task", "show", task["id"], "--json",
                                "--workspace", str(folder)).stdout)
    assert shown["progress"] == task["progress"]
