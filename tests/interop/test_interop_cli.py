"""`huddle export ics`, `huddle export taskwarrior`, `huddle import taskwarrior`."""

from __future__ import annotations

import orjson
import pytest
from click.testing import CliRunner

from store.core.clock import to_iso
from tui.cli import cli

icalendar = pytest.importorskip("icalendar")
vobject = pytest.importorskip("vobject")  # a second parser, independent of icalendar

ENV = {"LC_ALL": "C.UTF-8", "HUDDLE_WORKSPACE": None, "HUDDLE_DEBUG": None}
pytestmark = pytest.mark.usefixtures("backend")  # on the folder and on PostgreSQL


@pytest.fixture
def run(iws, workspace_dir, clock):
    runner = CliRunner()
    where = getattr(iws, "location", None) or str(workspace_dir)

    def invoke(*args: object, input: bytes | None = None, ws: bool = True,
               group: tuple = ()):
        argv = [*group, *(str(a) for a in args)]
        argv += ["--workspace", where] if ws else []
        return runner.invoke(cli, argv, input=input,
                             env={**ENV, "HUDDLE_NOW": to_iso(clock.now())})
    return invoke


def test_export_ics_to_stdout_keeps_crlf(run):
    result = run("export", "ics")
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    cal = icalendar.Calendar.from_ical(result.stdout_bytes)
    assert len(cal.walk("VEVENT")) == 7
    other = vobject.readOne(result.stdout_bytes.decode("utf-8"))
    assert sorted(e.uid.value for e in other.vevent_list) == \
        sorted(str(e["UID"]) for e in cal.walk("VEVENT"))
    assert [t.tzid.value for t in other.vtimezone_list] == ["Asia/Shanghai"]


def test_export_ics_todo(run):
    result = run("export", "ics", "--todo")
    assert result.exit_code == 0, result.stderr
    cal = icalendar.Calendar.from_ical(result.stdout_bytes)
    other = vobject.readOne(result.stdout_bytes.decode("utf-8"))
    assert sorted(str(t["UID"]).split("@")[0] for t in cal.walk("VTODO")) == \
        sorted(t.uid.value.split("@")[0] for t in other.vtodo_list) == ["task-1-1", "task-1-3"]


def test_export_ics_me_to_a_file(run, tmp_path):
    out = tmp_path / "mine.ics"
    result = run("export", "ics", "--me", "-o", out)
    assert result.exit_code == 0, result.stderr
    assert str(out) in result.stderr
    data = out.read_bytes()
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    # the admin running the tests owns no task; as the initiator of the projects they see
    # the milestone and the standup, and no onboarding step is theirs
    uids = {str(e["UID"]).split("@")[0] for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}
    assert uids == {"task-1-2", "standup-weekly"}
    other = vobject.readOne(data.decode("utf-8"))
    assert {e.uid.value.split("@")[0] for e in other.vevent_list} == uids


def test_export_ics_as_someone(run):
    result = run("export", "ics", "--me", "--as", "alice")
    uids = {str(e["UID"]).split("@")[0]
            for e in icalendar.Calendar.from_ical(result.stdout_bytes).walk("VEVENT")}
    assert uids == {"task-1-1", "task-1-2", "standup-weekly", "onboarding-H1-2"}


def test_export_and_import_taskwarrior(run, tmp_path):
    out = tmp_path / "tasks.json"
    assert run("export", "taskwarrior", "--project", "1", "-o", out).exit_code == 0
    records = orjson.loads(out.read_bytes())
    assert len(records) == 5
    everything = orjson.loads(run("export", "taskwarrior").stdout_bytes)
    assert len(everything) == 5          # project 2 has no tasks
    result = run("import", "taskwarrior", out, "--project", "2", "--json")
    assert result.exit_code == 0, result.stderr
    assert len(orjson.loads(result.stdout)["added"]) == 5
    again = run("import", "taskwarrior", "-", "--project", "2", input=out.read_bytes())
    assert again.exit_code == 0, again.stderr
    assert "0 added, 0 updated, 5 unchanged, 0 skipped" in again.stdout


def test_import_reports_skips_and_errors_without_a_traceback(run, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"{oops")
    result = run("import", "taskwarrior", bad, "--project", "2")
    assert result.exit_code == 1 and result.stderr.startswith("huddle: file:")
    assert "Traceback" not in result.output
    odd = tmp_path / "odd.json"
    odd.write_bytes(orjson.dumps([{"uuid": "x", "description": "[bold]no uuid",
                                   "status": "pending"}]))
    result = run("import", "taskwarrior", odd, "--project", "2")
    assert result.exit_code == 0
    assert "skipped - “[bold]no uuid”" not in result.stderr
    assert "“[bold]no uuid”: no valid uuid" in result.stderr
    missing = run("import", "taskwarrior", tmp_path / "nope.json", "--project", "2")
    assert missing.exit_code == 2
    assert run("import", "taskwarrior", odd, "--project", "99").exit_code == 1


def test_the_export_group_is_shared_with_the_markdown_forms(run):
    listed = run("export", "--help", ws=False).stdout
    for name in ("ics", "taskwarrior", "project"):
        assert name in listed
    assert run("export", "project", "1", "--form", "tasks").exit_code == 0


def test_chinese_messages(run, tmp_path):
    out = tmp_path / "t.json"
    run("export", "taskwarrior", "-o", out)
    result = run("import", "taskwarrior", out, "--project", "2", group=("--lang", "zh"))
    assert result.exit_code == 0, result.stderr
    assert "新增 5" in result.stdout
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"[1]")
    result = run("import", "taskwarrior", bad, "--project", "2", group=("--lang", "zh"))
    assert "跳过" in result.stderr
