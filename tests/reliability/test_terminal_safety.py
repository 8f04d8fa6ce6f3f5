"""Every byte that reaches a terminal is safe.

- An argument that is not UTF-8 is refused by name (exit 2) before any command runs.
- A file that is not UTF-8 is refused naming the file (exit 1).
- Whatever a command prints (stdout, stderr, its errors) shows control characters, C1 and
  bidi controls escaped, whatever record, file or argument they came from; so does a toast.
- A file that cannot be written is named in the error (`-o /dev/full`).

The command-line tests run the venv's real `huddle` process with bytes for argv, as a shell
passes them (CliRunner would hand Python strings in).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import orjson
import pytest
from rel_helpers import NOW, REPO, shard_bytes

from store.core.clock import FixedClock
from store.core.text_safety import undecodable, visible, visible_json
from store.core.workspace import Workspace

# what no terminal may receive raw: C0 but tab and newline, DEL, C1, bidi overrides/isolates
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
OSC_TITLE = "\x1b]0;pwned\x07"


def huddle_argv() -> list[str]:
    script = Path(sys.executable).with_name("huddle")
    return [str(script)] if script.exists() else [sys.executable, "-m", "tui.cli"]


def huddle(*args: str | bytes, folder: Path | None = None, stdin: bytes | None = None,
           lang: str = "en") -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items()
           if k not in ("HUDDLE_WORKSPACE", "HUDDLE_DEBUG", "LANGUAGE", "LC_MESSAGES", "TMUX")}
    env.update(HUDDLE_NOW=NOW, LC_ALL="C.UTF-8", PYTHONPATH=str(REPO))
    argv = [*huddle_argv(), *args, *(["--workspace", str(folder)] if folder else [])]
    if lang == "zh":
        argv[1:1] = ["--lang", "zh"]
    return subprocess.run(argv, input=stdin, capture_output=True, cwd=str(REPO), timeout=60)


def assert_nothing_raw(done: subprocess.CompletedProcess) -> tuple[str, str]:
    """Both streams are UTF-8 text with no control character a terminal would obey."""
    out, err = done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
    for name, text in (("stdout", out), ("stderr", err)):
        found = RAW_CONTROL.search(text)
        assert found is None, (name, repr(text[max(0, found.start() - 40):found.end() + 40]))
    assert "Traceback" not in err and "internal error" not in err, err
    return out, err


# -- the store's rule ------------------------------------------------------------------
def test_visible_escapes_what_a_terminal_obeys_and_keeps_the_rest():
    assert visible("ok 中文 🚀 \\n tab\there\nnext") == "ok 中文 🚀 \\n tab\there\nnext"
    assert visible(OSC_TITLE) == "\\x1b]0;pwned\\x07"
    assert visible("\x1b[31mred\x1b[0m\r\x08\x7f\x85\x9b") == \
        "\\x1b[31mred\\x1b[0m\\x0d\\x08\\x7f\\x85\\x9b"
    assert visible("a\u202eb\u2066c\u2069") == "a\\u202eb\\u2066c\\u2069"
    assert visible("bad \udcff\udcfe byte") == "bad \\xff\\xfe byte"   # argv's undecodable bytes
    assert visible("lone \ud800") == "lone \\ud800"
    assert visible("a\tb\nc", multiline=False) == "a\\x09b\\x0ac"
    assert RAW_CONTROL.search(visible("".join(map(chr, range(0x20))) + "\x7f\x9f")) is None
    assert undecodable("x\udc80") and not undecodable("中文") and not undecodable("\ud800")


def test_visible_json_is_the_same_data():
    data = {"t": "DEL\x7f C1\x85\x9b bidi\u202e\u2067 ESC\x1b 中文"}
    text = visible_json(orjson.dumps(data).decode())
    assert orjson.loads(text) == data and RAW_CONTROL.search(text) is None


# -- invalid UTF-8 arguments -----------------------------------------------------------
@pytest.mark.parametrize("args, position", [
    ((b"task", b"add", b"1", b"\xff\xfe", b"--owner", b"zhangwei"), 4),
    ((b"kb", b"search", b"caf\xe9"), 3),
    ((b"incident", b"log", b"INC-1", b"\xc3("), 4),
    ((b"member", b"add", b"\xff", b"--name", b"x", b"--dept", b"y"), 3),
    ((b"project", b"edit", b"1", b"--name=\xfe"), 4),
], ids=["task add", "kb search", "incident log", "member add", "option=value"])
def test_an_argument_that_is_not_utf8_is_refused_by_position(demo_dir, args, position):
    before = shard_bytes(demo_dir)
    done = huddle(*args, folder=demo_dir)
    out, err = assert_nothing_raw(done)
    assert done.returncode == 2, err
    assert out == "" and err.startswith(f"huddle: Argument {position} (")
    assert "is not valid UTF-8 text" in err
    bad = next(a for a in args if not _utf8(a))
    assert visible(bad.decode("utf-8", "surrogateescape"), multiline=False) in err
    assert shard_bytes(demo_dir) == before


def test_the_workspace_folder_argument_too(tmp_path):
    done = huddle(b"task", b"list", b"--workspace", b"/tmp/\xff")
    _, err = assert_nothing_raw(done)
    assert done.returncode == 2 and "Argument 4 (/tmp/\\xff) is not valid UTF-8" in err


def test_the_message_in_chinese(demo_dir):
    done = huddle(b"kb", b"search", b"\xff", folder=demo_dir, lang="zh")
    _, err = assert_nothing_raw(done)
    assert done.returncode == 2 and "不是有效的 UTF-8 文本" in err and "\\xff" in err


def _utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


# -- files that are not UTF-8 ------------------------------------------------------------
def test_a_file_that_is_not_utf8_is_refused_naming_it(demo_dir, tmp_path):
    bad = tmp_path / "latin1.md"
    bad.write_bytes("# Caf\xe9\n".encode("latin-1"))
    before = shard_bytes(demo_dir)
    for args in (("import", "taskwarrior", str(bad), "--project", "1"),
                 ("kb", "add", "--title", "Notes", str(bad)),
                 ("incident", "notice", "INC-1", "--body-file", str(bad))):
        done = huddle(*args, folder=demo_dir)
        _, err = assert_nothing_raw(done)
        assert done.returncode == 1, (args, err)
        assert err.startswith("huddle: ") and f"{bad} is not UTF-8 text" in err, (args, err)
    piped = huddle("import", "taskwarrior", "-", "--project", "1", folder=demo_dir,
                   stdin=b"[\xff]")
    assert piped.returncode == 1 and b"standard input is not UTF-8 text" in piped.stderr
    assert shard_bytes(demo_dir) == before


# -- control characters from a file or a record ------------------------------------------------
def crafted_taskwarrior(path: Path) -> Path:
    """A `task export` with escape sequences where a title and a uuid go."""
    path.write_text(orjson.dumps([
        {"uuid": OSC_TITLE, "description": "\x1b[31mred\x07 \x9b2J \u202eevil",
         "status": "pending"},
        {"uuid": "7d3b6c2e-1f0a-4c1e-9a55-2b8f4f3d9e01", "status": "pending",
         "description": f"kept {OSC_TITLE}\x1b[31mred\x1b[0m \u202eevil", "project": "x"},
    ]).decode())
    return path


def test_a_crafted_taskwarrior_file_prints_no_raw_control_bytes(demo_dir, tmp_path):
    crafted = crafted_taskwarrior(tmp_path / "evil.json")
    done = huddle("import", "taskwarrior", str(crafted), "--project", "1", folder=demo_dir)
    out, err = assert_nothing_raw(done)
    assert done.returncode == 0, err
    assert "1 added" in out and "1 skipped" in out
    assert "skipped \\x1b]0;pwned\\x07" in err                 # shown, not obeyed
    listed = huddle("task", "list", "--project", "1", folder=demo_dir)
    out, _ = assert_nothing_raw(listed)
    assert "\\u202eevil" in out
    as_json = huddle("task", "list", "--project", "1", "--json", folder=demo_dir)
    out, _ = assert_nothing_raw(as_json)
    titles = [t["title"] for t in orjson.loads(out)]
    assert any("\u202eevil" in t for t in titles)                # the data is intact


def test_a_record_with_control_characters_is_shown_escaped_everywhere(demo_dir):
    """A record written around the validation (an old file, an edit by hand): the table, the
    detail view and the JSON all escape it."""
    ws = Workspace.open(demo_dir, clock=FixedClock(NOW))
    from store.projects.project import shard_name
    with ws.transaction(shard_name(1)) as tx:
        tx.table("tasks").update({"title": f"\x1b[2J{OSC_TITLE}wiped"}, doc_ids=[1])
        tx.audit("test.set", 1)
    task_id = "1-1"  # <project>-<document>
    for args in (("task", "list", "--project", "1"), ("task", "show", task_id),
                 ("task", "list", "--project", "1", "--json")):
        done = huddle(*args, folder=demo_dir)
        out, _ = assert_nothing_raw(done)
        assert done.returncode == 0, args
        # (click.echo drops CSI sequences itself when stdout is not a terminal)
        assert "\\x1b]0;pwned\\x07wiped" in out or "\\u001b]0;pwned\\u0007wiped" in out, \
            (args, out)


def test_an_error_naming_a_file_escapes_the_name(demo_dir, tmp_path):
    evil = tmp_path / f"notes{OSC_TITLE}.md"
    evil.write_bytes(b"\xff")
    done = huddle("kb", "add", "--title", "Notes", str(evil), folder=demo_dir)
    _, err = assert_nothing_raw(done)
    assert done.returncode == 1 and "notes\\x1b]0;pwned\\x07.md is not UTF-8 text" in err, err


def test_click_usage_errors_quote_arguments_escaped(demo_dir):
    done = huddle("task", "list", "--state", f"x{OSC_TITLE}", folder=demo_dir)
    _, err = assert_nothing_raw(done)
    assert done.returncode == 2 and "\\x1b]0;pwned\\x07" in err


# -- files that cannot be written ------------------------------------------------------------
UNWRITABLE = [p for p in ("/dev/full", "/proc/version") if os.path.exists(p)]


@pytest.mark.parametrize("target", UNWRITABLE)
@pytest.mark.parametrize("args", [
    ("export", "project", "1", "--form", "request"),
    ("incident", "export", "INC-1", "report"),
    ("export", "ics"),
    ("export", "taskwarrior"),
], ids=["export project", "incident export", "export ics", "export taskwarrior"])
def test_an_export_that_cannot_be_written_names_the_file(demo_dir, target, args):
    """/dev/full fails at the write (no space), /proc/version at the write too, even for root;
    neither error carries a file name of its own."""
    done = huddle(*args, "-o", target, folder=demo_dir)
    _, err = assert_nothing_raw(done)
    assert done.returncode == 1, err
    assert err.startswith(f"huddle: Cannot write {target}: "), err


def test_a_read_only_target_is_named(demo_dir, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    target = folder / "out.md"
    if os.geteuid() == 0:
        target = Path("/proc/self/does-not-exist.md")   # root writes anywhere else
    else:
        os.chmod(folder, 0o555)
    done = huddle("export", "project", "1", "--form", "request", "-o", str(target),
                  folder=demo_dir)
    _, err = assert_nothing_raw(done)
    assert done.returncode == 1 and f"Cannot write {target}: " in err, err


# -- the app's toasts ---------------------------------------------------------------------------
async def test_a_toast_shows_control_characters_escaped(demo_dir):
    from store.core.i18n import tr
    from tui.app import make_app
    title = "\x1b[31mred\x1b[0m\u202eevil"
    ws = Workspace.open(demo_dir, clock=FixedClock(NOW))
    app = make_app(ws, poll_interval=3600)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        app.reminder_watcher.stop()
        app.clear_notifications()
        # as the screens build them: from a record's title, with or without markup, from a
        # screen (Widget.notify) or the app
        app.screen.notify(tr("Acknowledged: {title}", title=title), markup=False)
        app.notify(title, title=f"T {OSC_TITLE}")
        await pilot.pause()
        shown = [str(toast.render()) for toast in app.screen.query("Toast")]  # by type name: Toast is not public
        assert any("Acknowledged: \\x1b[31mred\\x1b[0m\\u202eevil" in s for s in shown), shown
        assert any("T \\x1b]0;pwned\\x07" in s for s in shown), shown
        for text in shown:
            assert RAW_CONTROL.search(text) is None, text
