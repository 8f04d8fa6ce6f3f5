"""Punctuation that follows the language: a label's colon is "：" in Chinese (no space after
it) and ": " in English. For text built in code, where the catalogue cannot hold it."""

from __future__ import annotations

from .i18n import get_language


def colon(lang: str | None = None) -> str:
    return "：" if (lang or get_language()) == "zh" else ": "


def labelled(label: str, value: str = "", lang: str | None = None) -> str:
    """"Label: value" / "标签：值"."""
    return f"{label}{colon(lang)}{value}"


def aside(text: str, note: str) -> str:
    """"Passed (late)" / "通过（逾期）": a full-width bracket needs no space before it."""
    return f"{text}{'' if note[:1] in '（【' else ' '}{note}"
