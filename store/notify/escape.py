"""The one escaping rule for the chat services' Markdown, and Slack's mrkdwn.

User text is data: it must show literally, never format a card, open a link or mention
anyone. Control characters (C0 but tab and newline, DEL, C1) are dropped everywhere.

- Markdown (Feishu card `markdown`, DingTalk and WeCom `markdown`): `&`, `<`, `>` become
  HTML entities (no tag, `<at …>` or `<font>` from user text), and the characters that
  format inline (backslash, `*`, `_`, `~`, `` ` ``, `[`, `]`, `|`) or a line's start
  (`#`, `>`, `-`, `+`, `1.`) get a backslash.
- Slack mrkdwn: `&`, `<`, `>` become `&amp;`, `&lt;`, `&gt;` (Slack's documented escaping;
  no link, mention or channel from user text).
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_INLINE = re.compile(r"([\\`*_~\[\]|])")
_LINE_START = re.compile(r"^(\s*)([#>+-]|\d+\.)", re.M)


def clean(text: object) -> str:
    return _CONTROL.sub("", str(text).replace("\r\n", "\n").replace("\r", "\n"))


def entities(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def markdown(text: object) -> str:
    value = _INLINE.sub(r"\\\1", clean(text))
    value = _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), value)
    return entities(value)


def mrkdwn(text: object) -> str:
    return entities(clean(text))
