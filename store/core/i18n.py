"""Every user-facing string passes through `tr`.

The English text is the message id. Chinese catalogues are JSON files in
`store/locales/zh/`, one per area of the product, merged at first use, so
each feature adds its own file instead of editing a shared one.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

import orjson

LANGUAGES = ("en", "zh")
# the catalogues belong to the store package, wherever in it this module lives
_LOCALES = Path(__file__).resolve().parents[1] / "locales"  # store/locales, wherever i18n lives
_language = "en"
# A page written in the workspace's language (store/content_language.py) while the
# interface speaks another: per thread/task, so the app's other threads are untouched.
_writing: ContextVar[str | None] = ContextVar("huddle_writing_language", default=None)


def default_language() -> str:
    """zh when the locale says Chinese, else en."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def set_language(lang: str) -> None:
    global _language
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    _language = lang


def get_language() -> str:
    return _writing.get() or _language


@contextmanager
def writing_in(lang: str):
    """`tr()` without an explicit language speaks `lang` inside the block (this thread only)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    token = _writing.set(lang)
    try:
        yield lang
    finally:
        _writing.reset(token)


@cache
def catalogue(lang: str) -> dict[str, str | list[str]]:
    return read_catalogue(lang)


def read_catalogue(lang: str) -> dict[str, str | list[str]]:
    """`catalogue(lang)` read afresh, not kept (the knowledge base's synonyms read the other
    language's once: half a megabyte an English session does not keep)."""
    merged: dict[str, str] = {}
    folder = _LOCALES / lang
    if folder.is_dir():
        for path in sorted(folder.glob("*.json")):
            merged.update(orjson.loads(path.read_bytes()))
    return merged


def tr(message: str, lang: str | None = None, /, **values: object) -> str:
    """Translate `message` into the current (or given) language, then fill `{names}`."""
    lang = lang or _writing.get() or _language
    text = message if lang == "en" else catalogue(lang).get(message, message)
    if not isinstance(text, str):  # a plural entry asked for without its count: use trn
        text = message
    return text.format(**values) if values else text


def trc(context: str, message: str, lang: str | None = None, /, **values: object) -> str:
    """`tr` with a context (gettext's pgettext): the catalogue key is "context|message", for
    a word that reads otherwise elsewhere (a plan's `late` flag, an incident's "late")."""
    lang = lang or _writing.get() or _language
    text = message if lang == "en" else catalogue(lang).get(f"{context}|{message}", message)
    if not isinstance(text, str):
        text = message
    return text.format(**values) if values else text


# ngettext: the form of a counted message for `n`, per language (gettext's Plural-Forms).
# English: "one" (n == 1) and "other"; Chinese has one form for every n.
PLURAL_FORMS = {"en": lambda n: 0 if n == 1 else 1, "zh": lambda n: 0}
NPLURALS = {"en": 2, "zh": 1}


def trn(singular: str, plural: str, n: int, lang: str | None = None, /, **values: object) -> str:
    """Translate a message with a count: `trn("{n} task", "{n} tasks", n)`.

    The English singular is the message id. A catalogue gives the forms as a list, one
    per plural form of its language (`"{n} task": ["{n} 个任务"]` in zh/*.json: Chinese
    has one). `n` fills `{n}` unless `values` gives it (`count=…`)."""
    lang = lang or _writing.get() or _language  # as tr(): pages written in the team's language
    values.setdefault("n", n)
    english = singular if PLURAL_FORMS["en"](n) == 0 else plural
    forms = None if lang == "en" else catalogue(lang).get(singular)
    if isinstance(forms, list) and forms:
        text = forms[min(PLURAL_FORMS.get(lang, PLURAL_FORMS["en"])(n), len(forms) - 1)]
    elif isinstance(forms, str):  # a language with one form may give it as plain text
        text = forms
    else:
        text = english
    return text.format(**values)
