"""The command line: `huddle kb search/show/add/edit/tag`, `huddle onboarding …`,
`huddle customer …` and `huddle routine …`, in-process with CliRunner."""

from __future__ import annotations

import orjson
import pytest
from click.testing import CliRunner

from store.kb import entries as kb
from store.onboarding import checklists as ob
from store.core.clock import to_iso
from store.core.i18n import set_language
from tui.cli import cli

RETRO = "# 复盘\n\n需求变更流程需优化，跨部门沟通频次不足。\n"


@pytest.fixture
def run(ws, clock):
    set_language("en")
    runner = CliRunner()

    def invoke(*args, stdin=None):
        argv = [str(a) for a in args] + ["--workspace", str(ws.folder)]
        return runner.invoke(cli, argv, input=stdin,
                             env={"LC_ALL": "C.UTF-8", "HUDDLE_WORKSPACE": None,
                                  "HUDDLE_DEBUG": None, "HUDDLE_NOW": to_iso(clock.now())})
    yield invoke
    set_language("en")


def ok(result):
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


def test_kb_add_search_show(run, ws, tmp_path):
    page = tmp_path / "retro.md"
    page.write_text(RETRO, encoding="utf-8")
    out = ok(run("kb", "add", "--title", "Q3 迭代复盘", "--kind", "retrospective",
                 "--tag", "复盘", "--source", "project:3", page))
    entry_id = out.strip()
    assert entry_id.startswith("K")
    entry = kb.get_entry(ws, entry_id)
    assert entry["source"] == {"kind": "project", "id": 3} and entry["body"] == RETRO.strip()

    found = orjson.loads(ok(run("kb", "search", "跨部门沟通", "--json")))
    assert [e["id"] for e in found] == [entry["id"]]
    assert found[0]["match"] == ["body"] and "跨部门沟通频次不足" in found[0]["snippet"]
    table = ok(run("kb", "search", "沟通频次"))
    assert "Q3 迭代复盘" in table and entry_id in table
    assert ok(run("kb", "search", "没有这个词")).strip() == "Nothing found."

    shown = ok(run("kb", "show", entry_id))
    assert "Q3 迭代复盘" in shown and "需求变更流程需优化" in shown and "project 3" in shown
    data = orjson.loads(ok(run("kb", "show", entry["id"], "--json")))
    assert data["body"] == RETRO.strip() and data["kind"] == "retrospective"


def test_kb_add_from_stdin_edit_versions_and_tags(run, ws, tmp_path):
    entry_id = ok(run("kb", "add", "--title", "新人须知", "-", stdin="第一版内容")).strip()
    newer = tmp_path / "v2.md"
    newer.write_text("第二版：对接人带你熟悉流程", encoding="utf-8")
    assert "version 2" in ok(run("kb", "edit", entry_id, newer))
    assert "第一版内容" in ok(run("kb", "show", entry_id, "--version", "1"))
    data = orjson.loads(ok(run("kb", "show", entry_id, "--json")))
    assert data["version"] == 2 and len(data["versions"]) == 2
    assert ok(run("kb", "tag", entry_id, "入职", "流程")).strip() == "入职, 流程"
    assert [e["id"] for e in orjson.loads(ok(run("kb", "search", "入职", "--json")))] == \
        [data["id"]]


def test_kb_errors_are_messages(run, tmp_path):
    result = run("kb", "show", "999")
    assert result.exit_code == 1 and result.stderr.startswith("huddle: ")
    assert "No knowledge-base entry with id 999" in result.stderr
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"\xff\xfe\x00bad")
    result = run("kb", "add", "--title", "x", bad)
    assert result.exit_code == 1 and "is not UTF-8 text" in result.stderr
    result = run("kb", "add", "--title", "x", "--kind", "novel", bad)
    assert result.exit_code == 2
    result = run("kb", "add", "--title", "x\x1b[31m", "-", stdin="body")
    assert result.exit_code == 1 and "control character" in result.stderr


def test_onboarding_commands(run, ws):
    hid = ok(run("onboarding", "start", "lin", "--template", "engineer", "--start",
                 "2024-09-13", "--buddy", "chen", "--manager", "bob")).strip()
    assert hid.startswith("H")
    ok(run("onboarding", "done", "lin", "3"))
    ok(run("onboarding", "note", hid, "4", "周五下午见面"))
    data = orjson.loads(ok(run("onboarding", "show", hid, "--no-check", "--json")))
    assert data["steps"][2]["done_by"] == ws.actor.login
    assert data["steps"][3]["notes"][0]["text"] == "周五下午见面"
    assert data["summary"]["done"] == 1 and data["steps"][4]["due"] == "2024-09-14"
    listing = orjson.loads(ok(run("onboarding", "list", "--json")))
    assert [h["login"] for h in listing] == ["lin"]
    text = ok(run("onboarding", "show", "lin"))  # runs the real host checks: lin is no account
    assert "no account lin on this host" in text and "签署入职材料" in text
    assert ob.get_hire(ws, hid)["steps"][0]["verified"]["ok"] is False
    result = run("onboarding", "done", hid, "99")
    assert result.exit_code == 1 and "has no step 99" in result.stderr


def test_template_commands(run, ws, tmp_path):
    exported = ok(run("onboarding", "template", "show", "engineer", "--json"))
    data = orjson.loads(exported)
    data["name"], data["role"] = "designer", "设计师"
    path = tmp_path / "designer.json"
    path.write_bytes(orjson.dumps(data))
    assert "designer: version 1" in ok(run("onboarding", "template", "import", path))
    out = ok(run("onboarding", "template", "add-step", "designer", "--title", "领取数位板",
                 "--owner", "it", "--offset", "-1", "--check", "group:design"))
    assert "version 2, 9 steps" in out
    table = ok(run("onboarding", "template", "show", "designer"))
    assert "领取数位板" in table and "host: in group design" in table
    assert "designer" in ok(run("onboarding", "templates"))
    result = run("onboarding", "template", "add-step", "designer", "--title", "x", "--owner",
                 "it", "--offset", "1", "--check", "group:")
    assert result.exit_code == 1 and "group:NAME" in result.stderr


def test_customer_and_routine_commands(run, ws):
    cid = ok(run("customer", "add", "华东客户A", "报表按部门筛选", "--owner", "chen", "--due",
                 "2024-09-06", "--contact", "刘经理")).strip()
    assert cid == "C1"
    ok(run("customer", "confirm", cid, "--note", "电话确认"))
    ok(run("customer", "start", cid))
    assert "waiting" in ok(run("customer", "change", cid, "增加按项目筛选", "--due", "2024-09-13"))
    assert ok(run("customer", "change-answer", cid, "1", "--by", "刘经理")).strip() == \
        "Due 2024-09-13"
    listing = orjson.loads(ok(run("customer", "list", "--open", "--json")))
    assert [r["state"] for r in listing] == ["in_progress"]
    ok(run("customer", "close", cid, "--resolution", "已上线"))
    assert orjson.loads(ok(run("customer", "list", "--open", "--json"))) == []
    assert "已上线" in ok(run("customer", "show", cid))

    out = ok(run("routine", "file", "--kind", "weekly", "--title", "研发部周会",
                 "--decision", "周三站会15分钟", "--action", "整理风险清单 | bob | 2024-09-04"))
    minutes_id, entry_id = out.split()
    assert "周三站会15分钟" in kb.get_entry(ws, entry_id)["body"]
    actions = orjson.loads(ok(run("routine", "actions", "--json")))
    assert [(a["owner"], a["due"]) for a in actions] == [("bob", "2024-09-04")]
    ok(run("routine", "done", f"{minutes_id}.1"))
    assert orjson.loads(ok(run("routine", "actions", "--json"))) == []
    assert "研发部周会" in ok(run("routine", "list"))
