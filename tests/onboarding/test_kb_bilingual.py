"""The knowledge base speaks both languages: the demo's pages (written in Chinese, the demo
team's language) are found by Chinese and English words alike, and so is a page written in
English; title and tag hits rank first."""

from __future__ import annotations

import pytest

from store.kb import entries as kb
from store.meetings import minutes
from store.people import settings
from store.core.i18n import set_language
from store.kb.terms import alternatives
from store.people.team_language import search_terms, with_search_terms, without_search_terms

ENGLISH_PAGE = ("Postmortem: database failover drill", "# Postmortem\n\n## Cause\n\n"
                "The database replica lagged behind by 40 minutes.\n")


def ids(results) -> list[int]:
    return [e["id"] for e in results]


@pytest.fixture
def demo_kb(demo):
    assert settings.language(demo) == "zh"  # the demo team writes Chinese
    title, body = ENGLISH_PAGE
    english = kb.add_entry(demo, title, "postmortem", body, tags=["drill"])
    return demo, english["id"]


def test_the_demo_writes_its_pages_in_chinese(demo_kb):
    ws, english = demo_kb
    postmortems = [e for e in kb.list_entries(ws, kind="postmortem") if e["id"] != english]
    assert len(postmortems) == 3
    for entry in postmortems:
        assert entry["title"].startswith("复盘报告 INC-")
        assert "## 问题原因" in entry["body"] and "## Cause" not in entry["body"]
        last = entry["body"].splitlines()[-1]
        assert last.startswith("检索词：Postmortem · ") and " · Cause · " in last
        assert "postmortem" in entry["tags"]
    weekly = [e for e in kb.list_entries(ws, kind="minutes") if "weekly" in e["tags"]]
    assert weekly and all(e["title"].startswith(("周会", "研发部周会")) for e in weekly)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("pair", [("复盘", "postmortem"), ("数据库", "database")])
def test_each_word_finds_the_pages_of_both_languages(demo_kb, pair, lang):
    ws, english = demo_kb
    set_language(lang)  # the reader's language changes nothing
    try:
        chinese_word, english_word = pair
        found = {word: ids(kb.search(ws, word)) for word in (*pair, english_word.upper())}
    finally:
        set_language("en")
    assert found[english_word] == found[english_word.upper()]  # case-insensitive
    assert set(found[chinese_word]) == set(found[english_word])
    assert english in found[chinese_word]
    written_in_chinese = [i for i in found[chinese_word] if i != english]
    assert written_in_chinese, found
    for number in written_in_chinese:
        entry = kb.get_entry(ws, number)
        assert chinese_word in entry["title"] + entry["body"]


def test_postmortem_and_复盘_find_every_postmortem_title_hits_first(demo_kb):
    ws, english = demo_kb
    postmortems = {e["id"] for e in kb.list_entries(ws, kind="postmortem")} | {english}
    for word in ("复盘", "postmortem"):
        results = kb.search(ws, word)
        assert postmortems <= set(ids(results))
        fields = [r["match"][0] for r in results]
        assert fields == sorted(fields, key=["title", "tags", "body"].index), (word, fields)


def test_database_finds_the_cause_written_in_chinese(demo_kb):
    ws, english = demo_kb
    results = kb.search(ws, "database")
    inc1 = [r for r in results if "INC-1" in r["title"]]
    assert len(inc1) == 2 and all("数据库连接池溢出" in r["snippet"] for r in inc1)


def test_alternatives_come_from_the_glossary_and_the_labels():
    assert alternatives("Database")[0] == "database" and "数据库" in alternatives("database")
    assert {"postmortem", "retrospective", "复盘报告"} <= set(alternatives("复盘"))
    assert "纪要" in alternatives("minutes")  # an interface label
    assert alternatives("连接池") == ("连接池",)  # no translation known: the word alone


def test_minutes_follow_the_team_not_the_reader(workspace):
    settings.update_settings(workspace, language="zh")
    set_language("en")
    filed = minutes.file_minutes(workspace, "customer", "华东客户A沟通会", meeting="x:1",
                                 held_at="2024-09-02T02:00:00+00:00", decisions=["下周复测"])
    body = kb.get_entry(workspace, filed["kb"])["body"]
    assert "## 决议" in body and "- 会议：客户沟通会" in body  # full-width colon
    assert body.splitlines()[-1].startswith("检索词：") and "Decisions" in body.splitlines()[-1]


def test_search_terms_are_the_other_languages_labels_only():
    page = "# 复盘报告 · INC-1 官网\n\n| 栏目 | 内容 |\n| --- | --- |\n| 严重程度 | S1 |\n"
    other = "# Postmortem · INC-1 官网\n\n| Field | Value |\n| --- | --- |\n| Severity | S1 |\n"
    assert search_terms(other, page) == ["Postmortem", "Field", "Value", "Severity"]


def test_a_reader_is_shown_the_page_without_its_search_terms():
    page = "# 复盘报告\n\n- 原因：连接池\n"
    for lang in ("zh", "en"):
        assert without_search_terms(with_search_terms(page, ["Postmortem", "Cause"], lang)) \
            == page
    assert without_search_terms(page) == page  # none to take off
    kept = page + "\n检索词 are words of the page itself\n"
    assert without_search_terms(kept) == kept  # only the line the store writes


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_kb_screen_finds_chinese_pages_by_english_words(demo_kb, lang):
    """On the demo (Chinese pages), typing `database` in the KB screen lists the pages
    that speak of 数据库, and `postmortem` the 复盘报告s, whatever the interface language."""
    from textual.widgets import Input

    from tui.app import make_app
    ws, english = demo_kb
    app = make_app(ws, lang=lang, poll_interval=60)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("f7")
        await pilot.pause()
        assert app.screen.focused is app.screen.query_one("#kb-search", Input)
        results = app.screen.query_one("#kb-results")
        bodies_matched: list[bool] = []
        for word, expected in (("database", kb.search(ws, "数据库")),
                               ("postmortem", kb.search(ws, "复盘"))):
            search = app.screen.query_one("#kb-search", Input)
            search.value = ""
            await pilot.press(*word)
            await pilot.pause(0.3)
            shown = {r.key.value for r in results.ordered_rows}
            assert shown == {f"K{e['id']}" for e in expected}, word
            assert f"K{english}" in shown  # and the page written in English
            first = kb.search(ws, word)[0]  # previewed, with its snippet when the body matched
            meta = app.screen.query_one("#kb-meta").content.plain
            assert results.ordered_rows[0].key.value == f"K{first['id']}"
            assert ("body" in first["match"]) == (first["snippet"] in meta), word
            bodies_matched.append("body" in first["match"])
        assert any(bodies_matched)  # a snippet was shown
        # found by its search terms, which the reader does not show
        paged = next(e for e in kb.search(ws, "复盘") if "\n检索词：" in e["body"])
        results.move_cursor(row=results.get_row_index(f"K{paged['id']}"))
        await pilot.pause(0.3)
        preview = app.screen.query_one("#kb-preview")
        assert preview.source.strip() and paged["body"].startswith(preview.source.strip())
        assert "检索词" not in preview.source and "Search terms" not in preview.source
