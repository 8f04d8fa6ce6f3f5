"""Count messages read right for 1 and for many in both languages (no "1 minutes",
"1 days", "onboarding(s)"). TODO(trn): move to store.core.i18n.trn when it lands."""

from __future__ import annotations

from store.core.counts import count, listing
from store.warroom.reports import fmt_minutes


def test_one_and_many():
    assert count(1, "{n} minute", "{n} minutes") == "1 minute"
    assert count(2, "{n} minute", "{n} minutes") == "2 minutes"
    assert count(0, "{n} overdue step", "{n} overdue steps") == "0 overdue steps"
    assert count(1, "{n} minute", "{n} minutes", "zh") == "1分钟"
    assert fmt_minutes(60) == "1 minute" and fmt_minutes(180) == "3 minutes"


def test_lists_join_in_each_language():
    parts = [count(1, "{n} decision", "{n} decisions"), count(2, "{n} risk", "{n} risks")]
    assert listing(parts) == "1 decision, 2 risks"
    zh = [count(1, "{n} decision", "{n} decisions", "zh"), count(2, "{n} risk", "{n} risks", "zh")]
    assert listing(zh, "zh") == "1 项决定、2 项风险"


def test_every_pair_has_one_chinese_text():
    from store.core.i18n import catalogue
    zh = catalogue("zh")
    for one, many in (("{n} decision", "{n} decisions"), ("{n} minute", "{n} minutes"),
                      ("{n} onboarding under way", "{n} onboardings under way"),
                      ("Impact: the task slips {n} day", "Impact: the task slips {n} days")):
        assert zh[one] == zh[many], one


def test_labels_take_the_colon_of_their_language():
    from store.core.punctuation import labelled
    assert labelled("Buffer", "6 days") == "Buffer: 6 days"
    assert labelled("缓冲期", "6 天", "zh") == "缓冲期：6 天"
