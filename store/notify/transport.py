"""Sending one request: HTTP POST (urllib, stdlib) or a mail (smtplib, STARTTLS + login).

`send` returns an Outcome; it never raises for a network problem and its error text never
holds a secret (URLs lose their query and key, the entry's values are masked).
"""

from __future__ import annotations

import smtplib
import ssl
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

import orjson

from .formats import Mail, Request
from .secrets import redact, secret_values

TIMEOUT = 10.0


@dataclass(frozen=True)
class Outcome:
    ok: bool
    error: str = ""
    retry: bool = True          # False: retrying cannot help (4xx but 429, bad config)
    retry_after: float | None = None


def send(request: Request | Mail, secret: dict, timeout: float = TIMEOUT) -> Outcome:
    hidden = secret_values(secret)
    try:
        if isinstance(request, Mail):
            return _mail(request, secret, timeout)
        return _post(request, timeout)
    except Exception as exc:  # noqa: BLE001 - one failed post must not stop the sender
        return Outcome(False, redact(f"{type(exc).__name__}: {exc}", hidden))


def _post(request: Request, timeout: float) -> Outcome:
    req = urllib.request.Request(request.url, data=request.body, headers=request.headers,
                                 method="POST")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:  # noqa: S310
            body = response.read(65536)
            return _service_answer(response.status, body)
    except urllib.error.HTTPError as exc:
        retry_after = _retry_after(exc.headers.get("Retry-After") if exc.headers else None)
        transient = exc.code == 429 or exc.code >= 500
        return Outcome(False, f"HTTP {exc.code}", retry=transient, retry_after=retry_after)
    except urllib.error.URLError as exc:
        return Outcome(False, redact(str(exc.reason)))


def _service_answer(status: int, body: bytes) -> Outcome:
    """Feishu, DingTalk and WeCom answer 200 with an error code in the JSON body."""
    try:
        data = orjson.loads(body) if body else {}
    except orjson.JSONDecodeError:
        data = {}
    if isinstance(data, dict):
        code = data.get("code", data.get("errcode", data.get("StatusCode", 0)))
        if code not in (0, None, "0"):
            message = str(data.get("msg") or data.get("errmsg") or "")[:200]
            return Outcome(False, redact(f"HTTP {status}, code {code}: {message}"))
    return Outcome(True)


def _retry_after(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


def _mail(mail: Mail, secret: dict, timeout: float) -> Outcome:
    if not mail.to:
        return Outcome(True)  # nobody concerned has an address: nothing to send
    msg = EmailMessage()
    msg["Subject"] = mail.subject
    msg["From"] = str(secret.get("from") or secret.get("user") or "huddle@localhost")
    msg["To"] = ", ".join(mail.to)
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(domain="huddle")
    msg.set_content(mail.text, charset="utf-8")
    host, port = str(secret.get("host") or "localhost"), int(secret.get("port") or 587)
    with smtplib.SMTP(host, port, timeout=timeout) as smtp:
        smtp.ehlo()
        if secret.get("starttls", True):
            smtp.starttls(context=_tls_context(secret))
            smtp.ehlo()
        if secret.get("user"):
            smtp.login(str(secret["user"]), str(secret.get("password") or ""))
        smtp.send_message(msg)
    return Outcome(True)


def _tls_context(secret: dict) -> ssl.SSLContext:
    context = ssl.create_default_context()
    if secret.get("cafile"):
        context.load_verify_locations(cafile=str(secret["cafile"]))
    return context
