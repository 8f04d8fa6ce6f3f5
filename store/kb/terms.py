"""Bilingual search terms for the knowledge base: a query word also finds its translation.

Two sources, both matched on the whole query word after normalisation:
- the interface's own labels (the Chinese catalogue, messages of at most three words and
  no placeholder: "Postmortem" ↔ 复盘报告, "Retrospective" ↔ 复盘, "Minutes" ↔ 纪要);
- a short glossary of the words a team types about its work, where the catalogue has no
  label ("database" ↔ 数据库). Add a group when a search in one language should find pages
  written in the other.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from ..core.i18n import read_catalogue

GLOSSARY: tuple[tuple[str, ...], ...] = (
    ("复盘", "复盘报告", "postmortem", "retrospective", "post-mortem", "retro"),
    ("数据库", "database", "db"),
    ("紧急事务", "事故", "故障", "incident", "outage"),
    ("处理报告", "resolution report", "resolution"),
    ("纪要", "会议纪要", "minutes"),
    ("周会", "weekly meeting", "weekly"),
    ("启动会", "kickoff"),
    ("站会", "standup"),
    ("客户", "customer", "client"),
    ("流程", "process", "workflow"),
    ("新人", "入职", "new hire", "onboarding"),
    ("登录", "login", "sign-in"),
    ("支付", "payment"),
    ("订单", "order"),
    ("缓存", "cache"),
    ("证书", "certificate"),
    ("配置", "configuration", "config"),
    ("发布", "上线", "release", "launch", "deploy"),
    ("延期", "delay"),
    ("告警", "监控", "alert", "monitoring"),
    ("服务器", "server"),
    ("网络", "network"),
    ("接口", "api", "interface"),
    ("测试", "test", "testing"),
)


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


@cache
def _synonyms() -> dict[str, frozenset[str]]:
    groups: list[set[str]] = [{fold(w) for w in group} for group in GLOSSARY]
    for english, chinese in read_catalogue("zh").items():  # not kept: only these pairs are
        if ("{" in english or len(english.split()) > 3 or len(english) < 4 or len(chinese) < 2
                or english == chinese):
            continue
        groups.append({fold(english), fold(chinese)})
    index: dict[str, set[str]] = {}
    for group in groups:
        for word in group:
            index.setdefault(word, set()).update(group)
    return {word: frozenset(found) for word, found in index.items()}


def alternatives(term: str) -> tuple[str, ...]:
    """`term` first, then its translations (all folded); the term alone when none is known."""
    term = fold(term)
    others = sorted(_synonyms().get(term, frozenset()) - {term})
    return (term, *others)
