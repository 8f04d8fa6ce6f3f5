"""Each service's documented request for one message (sources in docs/notify.md).

    build(kind, message, channel, secret_entry, now) -> Request  (or Mail for email)

Feishu custom bot: an `interactive` card (plain-text header, one `markdown` element);
signed with `timestamp` (seconds) and `sign` = base64(HMAC-SHA256(key="timestamp\\nsecret",
message="")) in the JSON body. DingTalk custom robot: `markdown` with `at.atUserIds`; signed
with `timestamp` (milliseconds) and `sign` = urlencode(base64(HMAC-SHA256(key=secret,
"timestamp\\nsecret"))) as query parameters. WeCom group robot: `markdown` content (at most
4096 bytes), mentions as `<@userid>`. Slack incoming webhook: `text` plus `blocks` (header,
mrkdwn sections of at most 3000 characters). webhook: Huddle's own JSON, optionally signed
(X-Huddle-Signature). Mentions are the channel's login → service id map.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import urllib.parse
from dataclasses import dataclass, field
from datetime import datetime

import orjson

from . import escape
from .messages import Message

WECOM_MAX_BYTES = 4096
DINGTALK_MAX_BYTES = 18000
FEISHU_MAX_BYTES = 28000
SLACK_SECTION = 3000


@dataclass
class Request:
    url: str
    body: bytes
    headers: dict[str, str] = field(default_factory=lambda: {
        "Content-Type": "application/json; charset=utf-8"})


@dataclass
class Mail:
    subject: str
    text: str
    to: list[str]


def feishu_sign(timestamp: int, secret: str) -> str:
    key = f"{timestamp}\n{secret}".encode()
    return base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()


def dingtalk_sign(timestamp_ms: int, secret: str) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(),
                      hashlib.sha256).digest()
    return urllib.parse.quote_plus(base64.b64encode(digest))


def webhook_sign(timestamp: int, body: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode(), str(timestamp).encode() + b"." + body,
                                hashlib.sha256).hexdigest()


def _json(data: dict) -> bytes:
    return orjson.dumps(data)  # UTF-8: Chinese travels as itself, not \uXXXX


def _mention_ids(message: Message, channel: dict) -> list[str]:
    ids = channel.get("mentions", {})
    return list(dict.fromkeys(ids[m] for m in message.mentions if ids.get(m)))


def markdown_body(message: Message, limit: int | None = None, mention=None) -> str:
    """Fields as Markdown, user text escaped; shortened to `limit` UTF-8 bytes if given."""
    msg = message
    while True:
        lines = [msg.field_line(f"**{escape.markdown(label)}**", escape.markdown(value))
                 for label, value in msg.fields]
        lines.append(escape.markdown(msg.ref_line))
        if mention:
            lines.append(mention)
        text = "\n".join(lines)
        if limit is None or len(text.encode()) <= limit:
            return text
        msg = msg.shortened(len(text.encode()) - limit)


def build(kind: str, message: Message, channel: dict, secret: dict, now: datetime):
    return BUILDERS[kind](message, channel, secret, now)


def _feishu(message: Message, channel: dict, secret: dict, now: datetime) -> Request:
    ids = _mention_ids(message, channel)
    at = " ".join(f"<at id={escape.entities(i)}></at>" for i in ids)
    body: dict = {"msg_type": "interactive", "card": {
        "config": {"wide_screen_mode": True},
        "header": {"title": {"tag": "plain_text", "content": escape.clean(message.title)},
                   "template": "red" if message.urgent else "blue"},
        "elements": [{"tag": "markdown",
                      "content": markdown_body(message, FEISHU_MAX_BYTES, at)}]}}
    if secret.get("secret"):
        ts = int(now.timestamp())
        body = {"timestamp": str(ts), "sign": feishu_sign(ts, str(secret["secret"])), **body}
    return Request(str(secret["url"]), _json(body))


def _dingtalk(message: Message, channel: dict, secret: dict, now: datetime) -> Request:
    ids = _mention_ids(message, channel)
    at = " ".join(f"@{i}" for i in ids)
    # DingTalk's Markdown breaks a line only at an empty line
    text = (f"### {escape.markdown(message.title)}\n" + markdown_body(
        message, DINGTALK_MAX_BYTES // 2, at)).replace("\n", "\n\n")
    body = {"msgtype": "markdown",
            "markdown": {"title": escape.clean(message.title)[:60], "text": text},
            "at": {"atUserIds": ids, "isAtAll": False}}
    url = str(secret["url"])
    if secret.get("secret"):
        ts = int(now.timestamp() * 1000)
        url += ("&" if "?" in url else "?") + \
            f"timestamp={ts}&sign={dingtalk_sign(ts, str(secret['secret']))}"
    return Request(url, _json(body))


def _wecom(message: Message, channel: dict, secret: dict, now: datetime) -> Request:
    ids = _mention_ids(message, channel)
    at = " ".join(f"<@{escape.entities(i)}>" for i in ids)
    head = f"### {escape.markdown(message.title)}\n"
    room = WECOM_MAX_BYTES - len(head.encode())
    content = head + markdown_body(message, room, at)
    return Request(str(secret["url"]), _json({"msgtype": "markdown",
                                              "markdown": {"content": content}}))


def _slack(message: Message, channel: dict, secret: dict, now: datetime) -> Request:
    ids = _mention_ids(message, channel)
    lines = [message.field_line(f"*{escape.mrkdwn(label)}*", escape.mrkdwn(value))
             for label, value in message.fields]
    lines.append(escape.mrkdwn(message.ref_line))
    if ids:
        lines.append(" ".join(f"<@{escape.mrkdwn(i)}>" for i in ids))
    text = "\n".join(lines)
    blocks: list[dict] = [{"type": "header", "text": {
        "type": "plain_text", "text": escape.clean(message.title)[:150]}}]
    for start in range(0, len(text), SLACK_SECTION):
        chunk = text[start:start + SLACK_SECTION]
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": chunk}})
    fallback = escape.mrkdwn(message.title) + "\n" + text
    return Request(str(secret["url"]), _json({"text": fallback, "blocks": blocks[:50]}))


def _webhook(message: Message, channel: dict, secret: dict, now: datetime) -> Request:
    body = _json({"huddle": 1, "event": message.event_id, "topic": message.topic,
                  "subject": message.subject, "ref": message.ref, "lang": message.lang,
                  "at": message.at, "title": escape.clean(message.title),
                  "text": escape.clean(message.plain()), "fields": [
                      {"label": label, "value": escape.clean(value)}
                      for label, value in message.fields],
                  "mentions": message.mentions, "data": message.data})
    headers = {"Content-Type": "application/json; charset=utf-8"}
    if secret.get("secret"):
        ts = int(now.timestamp())
        headers.update({"X-Huddle-Timestamp": str(ts),
                        "X-Huddle-Signature": webhook_sign(ts, body, str(secret["secret"]))})
    return Request(str(secret["url"]), body, headers)


def _email(message: Message, channel: dict, secret: dict, now: datetime) -> Mail:
    return Mail(subject=f"[Huddle] {escape.clean(message.title)}",
                text=escape.clean(message.plain()), to=list(message.emails))


BUILDERS = {"feishu": _feishu, "dingtalk": _dingtalk, "wecom": _wecom, "slack": _slack,
            "webhook": _webhook, "email": _email}
