"""Relative time for people: "46 minutes ago" / "46分钟前", "in 25 minutes" / "25分钟后".

English comes from humanize. Chinese is our own table: humanize's zh_CN catalogue writes
"46分之前" and "1月之前" (which reads "before January"), not what a Chinese reader writes.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from .i18n import get_language

_MINUTE, _HOUR, _DAY = 60, 3600, 86400


def ago(now: datetime, at: datetime, lang: str | None = None) -> str:
    """How long before `now` the instant `at` is ("in …" when it is still to come)."""
    return relative(now - at, lang)


def relative(delta: timedelta, lang: str | None = None) -> str:
    """A past (positive) or future (negative) span, in the current or given language."""
    if (lang or get_language()) == "zh":
        return _zh(delta)
    import humanize  # imported when first needed: the app's first screen does not show one
    humanize.i18n.deactivate()  # per thread; an older caller may have activated zh_CN
    return humanize.naturaltime(delta)


def _zh(delta: timedelta) -> str:
    seconds = int(delta.total_seconds())
    if abs(seconds) < 1:
        return "刚刚"
    suffix = "前" if seconds > 0 else "后"
    return zh_span(abs(seconds)) + suffix


def zh_span(seconds: int) -> str:
    """A span in Chinese, with the units a person writes: 秒, 分钟, 小时, 天, 个月, 年."""
    if seconds < _MINUTE:
        return f"{seconds}秒"
    if seconds < _HOUR:
        return f"{seconds // _MINUTE}分钟"
    if seconds < _DAY:
        return f"{seconds // _HOUR}小时"
    days = seconds // _DAY
    if days < 30:
        return f"{days}天"
    if days < 365:
        return f"{days // 30}个月"
    years, months = divmod(days, 365)
    months //= 30
    return f"{years}年" + (f"{months}个月" if months else "")
