"""Checks of user input shared by every record. Each failure names its field."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from .errors import InvalidValue
from .i18n import tr, trn

# C0 controls except tab and newline, DEL, and the C1 range (ESC-free ANSI lives there too).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
MAX_TEXT = 100_000
MAX_LINE = 500


def text(field: str, value: object, *, required: bool = False, multiline: bool = False,
         max_len: int | None = None) -> str:
    """Clean user text: trimmed, control characters refused, length bounded."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidValue(field, tr("{field}: expected text", field=tr(field)))
    value = value.replace("\r\n", "\n").strip()
    if not multiline and "\n" in value:
        raise InvalidValue(field, tr("{field}: must be a single line", field=tr(field)))
    bad = _CONTROL.search(value)
    if bad:
        raise InvalidValue(field, tr("{field}: contains a control character (U+{code:04X}); "
                                     "remove it and try again",
                                     field=tr(field), code=ord(bad.group())))
    limit = max_len or (MAX_TEXT if multiline else MAX_LINE)
    if len(value) > limit:
        raise InvalidValue(field, trn("{field}: too long ({n} character, at most {limit})",
                                      "{field}: too long ({n} characters, at most {limit})",
                                      len(value),
                                     field=tr(field), n=len(value), limit=limit))
    if required and not value:
        raise InvalidValue(field, tr("{field}: required", field=tr(field)))
    return value


def text_file(field: str, path: object, *, max_len: int = MAX_TEXT) -> str:
    """The text of a file given on the command line (e.g. a Markdown requirements document):
    UTF-8 only, no control characters; every refusal names the file."""
    name = str(path)
    try:
        with open(name, "rb") as handle:
            raw = handle.read(max_len * 4 + 1)
    except OSError as exc:
        raise InvalidValue(field, tr("{field}: cannot read {file}: {reason}", field=tr(field),
                                     file=name, reason=exc.strerror or str(exc))) from None
    try:
        value = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidValue(field, tr("{field}: {file} is not valid UTF-8 (byte {n}); save it "
                                     "as UTF-8 and try again", field=tr(field), file=name,
                                     n=exc.start + 1)) from None
    value = value.replace("\r\n", "\n")
    bad = _CONTROL.search(value)
    if bad:
        line = value.count("\n", 0, bad.start()) + 1
        raise InvalidValue(field, tr("{field}: {file} contains a control character (U+{code:04X}) "
                                     "on line {line}; remove it and try again", field=tr(field),
                                     file=name, code=ord(bad.group()), line=line))
    return text(field, value, multiline=True, max_len=max_len)


def login(field: str, value: object) -> str:
    value = text(field, value, required=True, max_len=64)
    if not re.fullmatch(r"[a-z_][a-z0-9_.-]*\$?", value):
        raise InvalidValue(field, tr("{field}: {value!r} is not a valid login: give a person's "
                                     "login (lower-case letters, digits, . _ -), not a "
                                     "department or a name", field=tr(field), value=value))
    return value


def day(field: str, value: object, *, required: bool = True) -> str | None:
    """A calendar date as YYYY-MM-DD (full-width digits from an input method accepted)."""
    if isinstance(value, date):
        return value.isoformat()
    raw = unicodedata.normalize("NFKC", text(field, value)).strip()
    if not raw:
        if required:
            raise InvalidValue(field, tr("{field}: required", field=tr(field)))
        return None
    try:
        parsed = date.fromisoformat(raw)
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            raise ValueError(raw)
    except ValueError:
        raise InvalidValue(field, tr("{field}: {value!r} is not a date; use YYYY-MM-DD",
                                     field=tr(field), value=raw)) from None
    return parsed.isoformat()


def choice(field: str, value: object, allowed: tuple[str, ...]) -> str:
    raw = text(field, value, required=True).lower()
    if raw not in allowed:
        raise InvalidValue(field, tr("{field}: {value!r} is not one of {allowed}",
                                     field=tr(field), value=raw, allowed=", ".join(allowed)))
    return raw


def email(field: str, value: object) -> str:
    """An e-mail address, or "" (none). Full-width characters are normalised (NFKC)."""
    raw = unicodedata.normalize("NFKC", text(field, value, max_len=254))
    if raw and not re.fullmatch(r"[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[^@\s<>,;\".]+", raw):
        raise InvalidValue(field, tr("{field}: {value!r} is not an e-mail address "
                                     "(e.g. li.lei@example.com)", field=tr(field), value=raw))
    return raw


def percent(field: str, value: object) -> int:
    raw = value
    if isinstance(raw, str):
        raw = unicodedata.normalize("NFKC", raw).strip().rstrip("%").strip()
    try:
        number = int(raw)  # type: ignore[arg-type]
        if isinstance(raw, float) and raw != number:
            raise ValueError
    except (TypeError, ValueError):
        raise InvalidValue(field, tr("{field}: {value!r} is not a whole number from 0 to 100",
                                     field=tr(field), value=value)) from None
    if not 0 <= number <= 100:
        raise InvalidValue(field, tr("{field}: {value} is outside 0 to 100",
                                     field=tr(field), value=number))
    return number
