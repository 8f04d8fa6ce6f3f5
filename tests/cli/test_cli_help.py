"""`huddle --help` lists every subcommand of each group with its whole first sentence
(click's own help showed 4 of `task`'s 8 subcommands and cut summaries at "e.g.")."""

from __future__ import annotations

import re

import click
import orjson
import pytest

from tui.cli import cli
from tui.cli.help_format import summary


def flatten(text: str) -> str:
    return " ".join(text.split())


def test_every_subcommand_is_listed_with_an_uncut_summary(run):
    result = run("--help", ws=None)
    assert result.exit_code == 0, result.stderr
    listed = flatten(result.stdout)
    for name, cmd in cli.commands.items():
        assert summary(cmd), f"{name} has no summary"
        assert flatten(f"{name} {summary(cmd)}") in listed, name
        if isinstance(cmd, click.Group):
            for sub, sub_cmd in cmd.commands.items():
                assert summary(sub_cmd), f"{name} {sub} has no summary"
                assert flatten(f"{sub} {summary(sub_cmd)}") in listed, f"{name} {sub}"
    assert not re.search(r"\w\.\.\.$", result.stdout.split("\n", 1)[1], re.M)  # nothing cut
    assert not re.search(r"\be\.g\.\s*$", result.stdout, re.M)  # never cut at "e.g."
    assert len(cli.commands["task"].commands) >= 8 and len(cli.commands["project"].commands) >= 14


def test_a_groups_help_has_whole_summaries_too(run):
    result = run("task", "--help", ws=None)
    assert re.search(r"^  show +Show one task, e\.g\. `huddle task show 3-17`\.$", result.stdout,
                     re.M), result.stdout
    assert not re.search(r"\w\.\.\.$", result.stdout.split("\n", 1)[1], re.M)


def test_summary_keeps_abbreviations():
    @click.command()
    def sample():
        """Set a schedule, e.g. daily_update. Then more."""
    assert summary(sample) == "Set a schedule, e.g. daily_update."


def on_demo(demo, *args):
    from click.testing import CliRunner
    from huddle_scenes import NOW
    return CliRunner().invoke(cli, [*args, "--workspace", str(demo.folder)],
                              env={"LC_ALL": "C.UTF-8", "HUDDLE_NOW": NOW,
                                   "HUDDLE_WORKSPACE": None})


def test_incident_show_says_that_earlier_events_exist(demo):
    from store.warroom import incidents
    events = incidents.get_incident(demo, "INC-2")["events"]
    assert len(events) > 10
    result = on_demo(demo, "incident", "show", "INC-2")
    assert result.exit_code == 0, result.stderr
    hint = f"({len(events) - 10} earlier events: huddle incident log INC-2)"
    assert hint in result.stdout
    assert f"#{events[-10]['no']}" in result.stdout
    assert f"#{events[-11]['no']} " not in result.stdout
    whole = on_demo(demo, "incident", "log", "INC-2")  # what the hint promises
    assert all(f"#{e['no']}" in whole.stdout for e in events)


@pytest.mark.parametrize("word", ["复盘", "postmortem", "数据库", "database", "DATABASE"])
def test_kb_search_finds_the_demos_chinese_pages_in_both_languages(demo, word):
    result = on_demo(demo, "kb", "search", word, "--json")
    assert result.exit_code == 0, result.stderr
    titles = [e["title"] for e in orjson.loads(result.stdout)]
    wanted = "复盘报告 INC-1" if word in ("复盘", "postmortem") else "紧急事务处理报告 INC-1"
    assert any(t.startswith(wanted) for t in titles), titles
