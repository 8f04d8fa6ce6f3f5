"""Pilot tests: the knowledge base searched as you type (a Chinese phrase inside a body),
previewed safely, edited; routine sync and customer requests moved on by keyboard."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Markdown

from store.customers import requests as cr
from store.kb import entries as kb
from store.projects.project import create_project
from tui.app import make_app

SIZE = (120, 36)
RETRO = ("# Q3 复盘\n\n## 经验教训\n\n- 需求变更流程需优化，跨部门沟通频次不足。\n\n"
         "[外链](file:///etc/passwd)\n")


def plain(table, key, column):
    return table.get_cell(key, column).plain


@pytest.fixture
def entries(ws):
    project = create_project(ws, "Q3 迭代", pm="alice", initiator_dept="Product",
                             lead_dept="Engineering", goal="留存率提升 5%", due="2024-12-31")
    retro = kb.add_entry(ws, "Q3 迭代复盘", "retrospective", RETRO, tags=["复盘"],
                         source={"kind": "project", "id": project["id"]})
    other = kb.add_entry(ws, "Outage postmortem", "postmortem", "连接池溢出", tags=["outage"],
                         source={"kind": "incident", "id": "INC-99"})
    return retro, other


async def test_kb_search_as_you_type_finds_a_chinese_phrase_in_a_body(ws, entries,
                                                                      monkeypatch):
    retro, other = entries
    app = make_app(ws, poll_interval=60)
    opened = []
    monkeypatch.setattr(app, "open_url", lambda url, **kw: opened.append(url))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f7")
        results = app.screen.query_one("#kb-results")
        assert results.row_count == 2
        assert app.screen.focused is app.screen.query_one("#kb-search", Input)
        await pilot.press(*"跨部门沟通")
        await pilot.pause()
        assert [r.key.value for r in results.ordered_rows] == [f"K{retro['id']}"]
        preview = app.screen.query_one("#kb-preview", Markdown)
        assert "跨部门沟通频次不足" in preview.source
        await pilot.pause()
        assert any("跨部门沟通频次不足" in block._content.plain
                   for block in preview.query("MarkdownBlock") if hasattr(block, "_content"))
        # links in a page are never opened
        preview.post_message(Markdown.LinkClicked(preview, "file:///etc/passwd"))
        await pilot.pause()
        assert opened == []
        # `o` opens the source project
        await pilot.press("enter")  # to the results, then the preview
        app.screen.query_one("#kb-results").focus()
        await pilot.press("o")
        await pilot.pause()
        assert type(app.screen).__name__ == "ProjectDetailScreen"
        await pilot.press("escape")
        await pilot.press("/", "end", *["backspace"] * len("跨部门沟通"), *"outage")
        await pilot.pause()
        assert [r.key.value for r in results.ordered_rows] == [f"K{other['id']}"]


async def test_kb_new_page_and_version_from_the_screen(ws, entries):
    app = make_app(ws, poll_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f7", "down")  # into the results
        await pilot.press("a")
        await pilot.press(*"Wiki", "tab", "tab")  # title → kind → tags
        await pilot.press(*"onboarding", "tab")
        await pilot.press(*"hello", "ctrl+s")
        await pilot.pause()
        page = [e for e in kb.list_entries(ws) if e["title"] == "Wiki"]
        assert page and page[0]["kind"] == "page" and page[0]["body"] == "hello"
        assert page[0]["tags"] == ["onboarding"]
        assert app.screen.query_one("#kb-results").selected_key == f"K{page[0]['id']}"
        await pilot.press("e", "tab", "tab", "end", *" world", "ctrl+s")
        await pilot.pause()
        entry = kb.get_entry(ws, page[0]["id"])
        assert entry["version"] == 2 and entry["body"] == "hello world"
        assert kb.get_version(entry, 1)["body"] == "hello"


async def test_customer_requests_move_on_by_keyboard(ws):
    req = cr.add_request(ws, "华东客户A", "报表按部门筛选", owner="chen", due="2024-09-06")
    app = make_app(ws, poll_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f7", "down", "c")
        await pilot.pause()
        table = app.screen.query_one("#requests")
        assert plain(table, f"C{req['id']}", "state") == "Received"
        await pilot.press("space")
        assert cr.get_request(ws, req["id"])["state"] == "confirmed"
        await pilot.press("space")
        assert cr.get_request(ws, req["id"])["state"] == "in_progress"
        assert plain(table, f"C{req['id']}", "state") == "In progress"
        await pilot.press("space", *"done", "ctrl+s")  # in progress: space asks for the resolution
        await pilot.pause()
        assert cr.get_request(ws, req["id"])["state"] == "closed"
        assert table.row_count == 0  # the default filter shows open requests


async def test_o_opens_the_source_incident_or_says_why_not(ws, entries):
    from store.warroom import incidents
    retro, missing = entries
    inc = incidents.declare(ws, "官网无法访问", impact="全国用户，1000+ 访问/分钟受影响")
    found = kb.add_entry(ws, "Resolution report", "resolution", "数据库连接池溢出，已扩容",
                         source={"kind": "incident", "id": inc["id"]})
    app = make_app(ws, poll_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f7", "down")
        results = app.screen.query_one("#kb-results")
        results.select_key(f"K{missing['id']}")
        await pilot.press("o")
        await pilot.pause()
        assert type(app.screen).__name__ == "KnowledgeScreen"
        assert any("INC-99" in str(n.message) for n in app._notifications)
        results.select_key(f"K{found['id']}")
        await pilot.press("o")
        await pilot.pause()
        assert type(app.screen).__name__ == "IncidentScreen"
        assert app.screen.number == incidents.parse_incident_id(inc["id"])
