"""Count messages read right for 1 and for many in both languages (no "1 minutes",
"1 days", "onboarding(s)"): `trn`, and lists joined the way each language joins them."""

from __future__ import annotations

from store.core.counts import listing
from store.core.i18n import trn
from store.warroom.reports import fmt_minutes


def test_one_and_many():
    assert trn("{n} minute", "{n} minutes", 1) == "1 minute"
    assert trn("{n} minute", "{n} minutes", 2) == "2 minutes"
    assert trn("{n} overdue step", "{n} overdue steps", 0) == "0 overdue steps"
    assert trn("{n} minute", "{n} minutes", 1, "zh") == "1分钟"
    assert fmt_minutes(60) == "1 minute" and fmt_minutes(180) == "3 minutes"


def test_lists_join_in_each_language():
    parts = [trn("{n} decision", "{n} decisions", 1), trn("{n} risk", "{n} risks", 2)]
    assert listing(parts) == "1 decision, 2 risks"
    zh = [trn("{n} decision", "{n} decisions", 1, "zh"), trn("{n} risk", "{n} risks", 2, "zh")]
    assert listing(zh, "zh") == "1 项决定、2 项风险"


def test_every_pair_reads_right_in_chinese_for_one_and_many():
    """A count message is a plural (store.core.i18n.trn): Chinese has one form for both."""
    for one, many in (("{n} decision", "{n} decisions"), ("{n} minute", "{n} minutes"),
                      ("{n} onboarding under way", "{n} onboardings under way"),
                      ("Impact: the task slips {n} working day",
                       "Impact: the task slips {n} working days")):
        single, several = trn(one, many, 1, "zh"), trn(one, many, 3, "zh")
        assert single.replace("1", "3") == several and single != one.format(n=1), one


def test_labels_take_the_colon_of_their_language():
    from store.core.punctuation import labelled
    assert labelled("Buffer", "6 days") == "Buffer: 6 days"
    assert labelled("缓冲期", "6 天", "zh") == "缓冲期：6 天"
