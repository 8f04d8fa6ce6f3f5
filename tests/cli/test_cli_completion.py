"""Shell completion (`_HUDDLE_COMPLETE=…`): click writes its script and answers as bytes, for
the shell to read; they bypass the escaping output streams (tui/cli/safe_output.py), which
refuse bytes so that click keeps taking them for text (tui/cli/group.py)."""

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


def test_commands_still_print_through_the_escaping_text_stream(capsys):
    """Completion is let through as it is; a command's output is not: click keeps taking the
    stream for text, so an undecodable byte and a control character come out escaped."""
    import click

    from tui.cli.safe_output import visible_output
    with visible_output():
        click.echo("name \udcff \x07 é")
    assert capsys.readouterr().out == "name \\xff \\x07 é\n"
