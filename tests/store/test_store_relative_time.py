"""Relative time reads right in both languages: "46分钟前", "1个月前", never humanize's
zh_CN "46分之前" / "1月之前" (which reads "before January")."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from store.core.relative_time import ago, relative

NOW = datetime(2024, 9, 4, 2, 30, tzinfo=timezone.utc)


@pytest.mark.parametrize("seconds, zh, en", [
    (0, "刚刚", "now"),
    (5, "5秒前", "5 seconds ago"),
    (46 * 60, "46分钟前", "46 minutes ago"),
    (3 * 3600, "3小时前", "3 hours ago"),
    (86400, "1天前", "a day ago"),
    (10 * 86400, "10天前", "10 days ago"),
    (40 * 86400, "1个月前", "a month ago"),
    (400 * 86400, "1年1个月前", "1 year, 1 month ago"),
    (730 * 86400, "2年前", "2 years ago"),
    (-25 * 60, "25分钟后", "25 minutes from now"),
    (-86400, "1天后", "a day from now"),
])
def test_exact_wording(seconds, zh, en):
    assert relative(timedelta(seconds=seconds), "zh") == zh
    assert relative(timedelta(seconds=seconds), "en") == en
    assert ago(NOW, NOW - timedelta(seconds=seconds), "zh") == zh


def test_follows_the_current_language(zh):
    assert ago(NOW, NOW - timedelta(minutes=46)) == "46分钟前"
