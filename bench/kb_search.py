"""Substring search against the jieba segmenter on a knowledge base (a measurement, run by hand).

    python -m bench.kb_search DIR [DIR…]     DIR: a workspace (`huddle demo`, `python -m bench
                                            company --keep DIR`); needs `pip install jieba`

For each query: how many entries the store's substring search finds, how many a jieba
word index finds (search-engine mode over title, tags and body; the query segmented the same
way, every word required), how many only one of them finds, and the time of each. The result
is written down in docs/onboarding.md#searching-in-two-languages; jieba is not a dependency.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from store.kb import entries as kb
from store.core.clock import FixedClock
from store.core.identity import Actor, os_login
from store.core.workspace import Workspace

QUERIES = ("复盘", "数据库", "database", "postmortem", "连接池", "证书", "支付", "订单", "登录",
           "缓存", "告警", "客户", "流程", "新人", "需求变更", "数据")


def measure(folder: Path) -> list[tuple]:
    import jieba
    jieba.setLogLevel(60)
    me = os_login()
    ws = Workspace(folder, FixedClock("2024-09-04T02:30:00+00:00"), Actor(me, me))
    entries = kb.list_entries(ws)
    started = time.perf_counter()
    words = {e["id"]: set(jieba.lcut_for_search(kb.normalise(
        " ".join([e["title"], *e["tags"], e["body"]])))) for e in entries}
    index_s = time.perf_counter() - started
    rows = []
    for query in QUERIES:
        started = time.perf_counter()
        by_substring = {e["id"] for e in kb.search(ws, query, limit=None)}
        substring_ms = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        wanted = [w for w in jieba.lcut_for_search(kb.normalise(query)) if w.strip()]
        by_jieba = {n for n, found in words.items() if all(w in found for w in wanted)}
        jieba_ms = (time.perf_counter() - started) * 1000
        rows.append((query, len(by_substring), len(by_jieba), len(by_substring - by_jieba),
                     len(by_jieba - by_substring), substring_ms, jieba_ms))
    print(f"{folder}: {len(entries)} entries; jieba index built in {index_s:.2f} s")
    print("query | substring | jieba | only substring | only jieba | substring ms | jieba ms")
    for row in rows:
        print("{} | {} | {} | {} | {} | {:.1f} | {:.2f}".format(*row))
    return rows


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        measure(Path(arg))
