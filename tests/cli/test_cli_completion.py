"""Shell completion (`_HUDDLE_COMPLETE=…`): click writes its script and answers as bytes, which
the escaping output streams (tui/cli/safe_output.py) must take, not crash on."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def complete(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from tui.cli import main; main()"],
                          env={**os.environ, "LC_ALL": "C.UTF-8", **env},
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("shell, marker", [("bash", "_huddle_completion()"),
                                           ("zsh", "#compdef huddle"),
                                           ("fish", "complete --no-files --command huddle")])
def test_the_completion_script_prints(shell, marker):
    done = complete({"_HUDDLE_COMPLETE": f"{shell}_source"})
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert marker in done.stdout


def test_completion_answers_a_partial_command():
    done = complete({"_HUDDLE_COMPLETE": "bash_complete", "COMP_WORDS": "huddle pro",
                     "COMP_CWORD": "1"})
    assert done.returncode == 0, done.stderr
    assert "plain,project" in done.stdout.splitlines()


def test_bytes_written_to_an_escaping_stream_are_escaped_too(capsys):
    from tui.cli.safe_output import VisibleText
    stream = VisibleText(sys.stdout)
    assert stream.write("a\x1b[31mb".encode()) == len("a\x1b[31mb".encode())
    stream.flush()
    assert "\x1b" not in capsys.readouterr().out
