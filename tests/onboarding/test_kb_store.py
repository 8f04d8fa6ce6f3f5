"""The knowledge base in the store: versions, tags, search (Chinese inside a body)."""

from __future__ import annotations

import pytest

from store.kb import entries as kb
from store.core.errors import InvalidValue, NotFound

RETRO = """# 2024年Q3产品迭代项目复盘

## 做得好的
- 每日17:00前更新进度，风险暴露及时。

## 经验教训
- 需求变更流程需优化，跨部门沟通频次不足。
"""


@pytest.fixture
def entries(ws):
    retro = kb.add_entry(ws, "Q3 迭代复盘", "retrospective", RETRO, tags=["复盘", "Q3"],
                         source={"kind": "project", "id": 3})
    post = kb.add_entry(ws, "Website outage postmortem", "postmortem",
                        "Root cause: the database connection pool overflowed.\n数据库连接池溢出。",
                        tags=["outage"], source={"kind": "incident", "id": "INC-2"})
    page = kb.add_entry(ws.acting_as("chen"), "新人须知", "page", "对接人会带你熟悉**协作流程**。")
    return retro, post, page


def ids(results):
    return [e["id"] for e in results]


def test_a_chinese_phrase_inside_a_body_is_found(ws, entries):
    retro, post, page = entries
    assert ids(kb.search(ws, "跨部门沟通")) == [retro["id"]]
    assert ids(kb.search(ws, "连接池")) == [post["id"]]
    found = kb.search(ws, "沟通频次")[0]
    assert found["match"] == ["body"] and "跨部门沟通频次不足" in found["snippet"]


def test_the_snippet_is_made_on_demand_as_search_makes_it(ws, entries):
    """The app asks for the snippet of the entry it previews only (`query_snippet`)."""
    bare = kb.search(ws, "沟通 频次", snippets=False)
    assert bare and all("snippet" not in e for e in bare)
    for full, lean in zip(kb.search(ws, "沟通 频次"), bare):
        assert kb.query_snippet(lean, "沟通 频次") == full["snippet"]
    assert "跨部门沟通频次不足" in kb.query_snippet(bare[0], "沟通频次")


def test_search_title_tags_case_and_full_width(ws, entries):
    retro, post, page = entries
    # the title hit first; the retrospective's tag 复盘 is the Chinese word for it
    assert ids(kb.search(ws, "POSTMORTEM")) == [post["id"], retro["id"]]
    assert ids(kb.search(ws, "ｏｕｔａｇｅ")) == [post["id"]]  # full-width letters from an IME
    assert kb.search(ws, "outage")[0]["match"] == ["title", "tags"]
    assert ids(kb.search(ws, "复盘")) == [retro["id"], post["id"]]  # the word before its translation
    assert ids(kb.search(ws, "q3 需求变更")) == [retro["id"]]  # every word must match
    assert kb.search(ws, "q3 不存在的词") == []
    assert len(kb.search(ws, "")) == 3
    assert ids(kb.search(ws, "", kind="page")) == [page["id"]]


def test_title_hits_rank_above_body_hits(ws, entries):
    retro, post, page = entries
    body_hit = kb.add_entry(ws, "杂记", "page", "这里提到了新人须知。")
    assert ids(kb.search(ws, "新人须知")) == [page["id"], body_hit["id"]]


def test_new_versions_keep_old_ones(ws, entries):
    retro, _, _ = entries
    ws.clock.advance(hours=1)
    entry = kb.save_version(ws.acting_as("bob"), retro["id"], RETRO + "\n补充：增加周会频次。",
                            title="Q3 迭代复盘（修订）")
    assert entry["version"] == 2 and entry["title"] == "Q3 迭代复盘（修订）"
    assert kb.get_version(entry, 1)["body"] == RETRO.strip()
    assert kb.get_version(entry, 2)["by"] == "bob"
    assert entry["updated_at"] == "2024-09-02T03:00:00+00:00"
    assert ids(kb.search(ws, "增加周会频次")) == [retro["id"]]
    with pytest.raises(NotFound):
        kb.get_version(entry, 3)


def test_tags_edit(ws, entries):
    retro, _, _ = entries
    entry = kb.set_tags(ws, retro["id"], "复盘，流程优化 #Q3 Q3")
    assert entry["tags"] == ["复盘", "流程优化", "Q3"]
    assert ids(kb.search(ws, "流程优化")) == [retro["id"]]
    with pytest.raises(InvalidValue):
        kb.set_tags(ws, retro["id"], ["ok", "bad\x07"])


def test_sources_and_lists(ws, entries):
    retro, post, page = entries
    assert ids(kb.list_entries(ws, source=("project", 3))) == [retro["id"]]
    assert ids(kb.list_entries(ws, source=("incident", "INC-2"))) == [post["id"]]
    assert kb.source_label(retro["source"]) == "project 3"
    assert kb.get_entry(ws, f"K{retro['id']}")["id"] == retro["id"]
    with pytest.raises(NotFound):
        kb.get_entry(ws, "nope")


def test_add_entry_keeps_its_signature_for_other_areas(ws):
    entry = kb.add_entry(ws, "Resolution", "resolution", "body", tags=("a",),
                         source={"kind": "incident", "id": "INC-9"})
    assert entry["kind"] == "resolution" and entry["source"]["id"] == "INC-9"
    assert entry["body"] == "body" and entry["version"] == 1
