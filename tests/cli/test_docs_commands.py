"""Everything the README and docs say is true: each `huddle …` command they show
(tests/cli/docs_commands.py finds them) names commands and options that exist and every
required option, and each concrete one runs on a demo workspace (exit 0), but for the
exceptions below, each with its reason."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner
from docs_commands import TOP_OPTIONS, Mention, mentions

from tui.cli import cli

NOW = "2024-09-04T10:30:00+08:00"  # the demo's pinned clock (tests/huddle_scenes.py)

# Not run (their syntax is still checked), keyed by the start of the command.
NOT_RUN = {
    "huddle demo --open": "opens the full-screen app: needs a terminal (test_cli_workspace)",
    "huddle remind --notify-tmux": "reaches people's tmux servers: needs tmux, root for others'",
    "huddle --workspace /srv/huddle": "the shared folder of a real jump host",
    "huddle init": "makes a workspace: run in a new folder by test_the_setup_steps_run_in_order",
    "huddle dept add 研发部": "part of the setup steps (test_the_setup_steps_run_in_order)",
    "huddle member add zhangwei": "part of the setup steps (test_the_setup_steps_run_in_order)",
    "huddle dept set-head 研发部": "part of the setup steps (test_the_setup_steps_run_in_order)",
    "huddle settings set --timezone Asia/Shanghai --add-holiday 2024-10-01":
        "part of the setup steps (test_the_setup_steps_run_in_order)",
    "huddle restore": "needs a backup: tests/trust covers backup and restore",
    "huddle notify run": "the long-running sender: it runs until stopped (tests/notify)",
    "huddle notify test": "posts to the real service: needs its secret (tests/notify)",
    "huddle remind every 5 minutes": "prose: the Description= of the systemd timer unit",
    "huddle db ": "needs a PostgreSQL database: tests/pg runs them on a throw-away server",
}
SETUP_BLOCK = ("huddle init --name 林思远", "huddle dept add 研发部",
               "huddle member add zhangwei --name 张伟 --dept 研发部 --title 研发总监",
               "huddle dept set-head 研发部 zhangwei")


def all_mentions() -> list[Mention]:
    return mentions(set(cli.commands))


def resolve(words: list[str]) -> tuple[list[click.Command], list[str]]:
    """The commands a mention names (several for `add|edit|list`) and the words after them."""
    commands: list[click.Command] = [cli]
    rest = list(words)
    while rest and all(isinstance(c, click.Group) for c in commands) \
            and not rest[0].startswith(("-", "[")) and len(commands) == 1:
        names = rest.pop(0).split("|")
        group = commands[0]
        missing = [n for n in names if n not in group.commands]  # type: ignore[attr-defined]
        assert not missing, f"no command {' '.join(missing)}"
        commands = [group.commands[n] for n in names]  # type: ignore[attr-defined]
    return commands, rest


def options_of(cmd: click.Command) -> set[str]:
    return {o for p in cmd.params if isinstance(p, click.Option) for o in p.opts + p.secondary_opts}


def check_syntax(mention: Mention) -> None:
    words = mention.args if mention.args is not None else mention.text.split()[1:]
    words = [w for w in words if w != "…"]
    commands, rest = resolve(words)
    if words[:1] and words[0].startswith(("-", "[")):  # top-level options, then a command
        return
    known = set().union(*(options_of(c) for c in commands)) | TOP_OPTIONS
    for word in rest:
        for part in word.strip("[]…").split("|"):
            option = part.split("=")[0].rstrip("]…")
            if option.startswith("-") and option not in ("-", "--"):
                assert option in known, f"{option} is not an option of {mention.text!r}"
    if rest and len(commands) == 1:  # it shows arguments: it must show the required options
        named = {w.strip("[]").split("=")[0] for w in rest}
        for param in commands[0].params:
            if isinstance(param, click.Option) and param.required:
                assert set(param.opts) & named, f"{mention.text!r} leaves out {param.opts[0]}"


@pytest.mark.parametrize("mention", all_mentions(), ids=lambda m: f"{m.where} {m.text[:40]}")
def test_each_command_shown_exists_with_its_options(mention):
    check_syntax(mention)


def runnable(mention: Mention) -> str | None:
    """Why the mention is not run, or None when it is."""
    if mention.syntax:
        return "syntax"
    for start, why in NOT_RUN.items():
        if mention.text.startswith(start):
            return why
    words = mention.args or []
    if not words:
        return "opens the full-screen app"
    commands, rest = resolve(words)
    cmd = commands[0]
    if cmd is cli:
        return "opens the full-screen app (top-level options only)"
    if isinstance(cmd, click.Group) and not rest:
        return "names a group"
    if not rest and any(p.required for p in cmd.params):
        return "names a command in a sentence"
    return None


def test_every_concrete_command_runs_on_the_demo(tmp_path, monkeypatch):
    """On the Quick start's demo: made by `huddle demo`, so you are its admin, 林思远."""
    monkeypatch.chdir(tmp_path)  # `-o huddle.json` and the like write here
    runner = CliRunner()
    demo = tmp_path / "demo"
    env = {"LC_ALL": "C.UTF-8", "HUDDLE_NOW": NOW, "HUDDLE_WORKSPACE": str(demo),
           "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data")}
    made = runner.invoke(cli, ["demo"], env=env)
    assert made.exit_code == 0, made.stderr
    (tmp_path / "mine.json").write_text("[]")
    ran, failed = [], []
    for mention in all_mentions():
        if runnable(mention) is not None:
            continue
        args = [a.replace("~", str(tmp_path)) for a in mention.args or []]
        if args[:1] == ["demo"]:  # the demo itself: into a new folder
            args += ["--workspace", str(tmp_path / f"demo-{len(ran)}")]
        result = runner.invoke(cli, args, env=env, input="[]")
        ran.append(mention.text)
        if result.exit_code not in (0, 4):  # 4: ran, and reported something left out
            failed.append(f"{mention.where} {mention.text!r}: exit {result.exit_code} "
                          f"{result.stderr.strip()[:200]}")
    assert not failed, "\n".join(failed)
    assert len(set(ran)) >= 15, ran


def test_the_setup_steps_run_in_order(tmp_path):
    """README step 4, as shown, on a new folder (the admin is whoever runs init)."""
    runner = CliRunner()
    env = {"LC_ALL": "C.UTF-8", "HUDDLE_WORKSPACE": str(tmp_path / "srv"), "HUDDLE_NOW": None}
    shown = [m.text for m in all_mentions() if m.doc == "README.md" and m.block is not None]
    for command in SETUP_BLOCK:
        assert command in shown, f"README no longer shows {command!r}: update SETUP_BLOCK"
    settings = next(t for t in shown if t.startswith("huddle settings set --timezone"))
    for command in (*SETUP_BLOCK, settings):
        result = runner.invoke(cli, Mention("", 0, command, 0).args, env=env)
        assert result.exit_code == 0, (command, result.stderr)


def test_the_demo_is_described_as_it_is(tmp_path):
    """docs/cli.md's numbers and states, and the README's tip about `y` on My work."""
    import re

    import orjson

    from docs_commands import REPO
    runner = CliRunner()
    env = {"LC_ALL": "C.UTF-8", "HUDDLE_NOW": NOW, "HUDDLE_WORKSPACE": str(tmp_path / "demo")}
    made = runner.invoke(cli, ["demo"], env=env)
    numbers = dict((k, int(n)) for n, k in re.findall(r"(\d+) (\w+)", made.stdout.split(":")[-2]))
    text = " ".join((REPO / "docs" / "cli.md").read_text(encoding="utf-8").split())
    demo_text = text[text.index("### `huddle demo"):][:900]
    for what in ("departments", "members", "projects", "tasks"):
        assert f"{numbers[what]} " in demo_text, (what, numbers[what])
    states = {p["state"] for p in orjson.loads(runner.invoke(cli, ["project", "list", "--json"],
                                                             env=env).stdout)}
    said = re.search(r"in the states (.*?), (?:~?\d+) tasks", demo_text).group(1)
    assert set(re.split(r", | and ", said)) == states
    work = orjson.loads(runner.invoke(cli, ["mywork", "--json"], env=env).stdout)
    assert [a["kind"] for a in work["approvals"]][:2] == ["request", "delay"]  # the README tip
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "first\nthe request for a new project, then, one row down (↓), a delay request" in readme


def test_the_cron_line_names_the_same_war_room_socket_everywhere():
    import re

    from docs_commands import DOCS
    sockets = {path.name: set(re.findall(r"--tmux-socket (\S+\.sock)", path.read_text("utf-8")))
               for path in DOCS}
    named = {doc: found for doc, found in sockets.items() if found}
    assert set(named) >= {"README.md", "reminders.md"}
    assert len(set().union(*named.values())) == 1, named
