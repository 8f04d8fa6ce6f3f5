"""Pages Huddle writes (resolution reports, postmortems, customer notices, minutes,
retrospectives) are written in the team's language (`settings.language`), whatever the
language of the person whose action produced them. The other language's headings and
field labels are kept on the page's last line as search terms, so `postmortem` finds
a 复盘报告 and `复盘` an English postmortem (store/kb/entries.py searches the body).
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from typing import Callable

from ..core.i18n import LANGUAGES, tr, writing_in
from .settings import language
from ..core.workspace import Workspace

_HEADING = re.compile(r"^#{1,6}\s+(.*)$")
_BULLET_LABEL = re.compile(r"^[-*]\s+([^:：|]{1,40})[:：]")


def other_language(lang: str) -> str:
    return next(other for other in LANGUAGES if other != lang)


@contextmanager
def in_team_language(ws: Workspace):
    """`tr()` speaks the team's language inside the block (this thread only)."""
    with writing_in(language(ws)) as lang:
        yield lang


def team_page(ws: Workspace, render: Callable[[], str]) -> str:
    """`render()` in the team's language, with a last line of the other language's headings."""
    lang = language(ws)
    with writing_in(lang):
        page = render()
    with writing_in(other_language(lang)):
        other = render()
    return with_search_terms(page, search_terms(other, page), lang)


def team_text(ws: Workspace, message: str, **values: object) -> str:
    """One message (e.g. a page's title) in the team's language."""
    return tr(message, language(ws), **values)


def kind_tag(ws: Workspace, label: str) -> str:
    """The page kind in the other language, as a tag ("postmortem" on a 复盘报告)."""
    text = tr(label, other_language(language(ws)))
    return text.lower() if text.isascii() else text


def search_terms(markdown: str, page: str) -> list[str]:
    """Headings, table headers and field labels of `markdown` that `page` does not hold."""
    found: list[str] = []
    in_table = False
    for raw in markdown.splitlines():
        line = raw.strip()
        heading = _HEADING.match(line)
        if heading:
            found.append(heading.group(1).split(" · ")[0])
        elif line.startswith("|") and not in_table:  # a table's header row
            in_table = True
            found += [cell.strip() for cell in line.strip("|").split("|")]
        elif line.startswith("|"):
            first = line.strip("|").split("|")[0].strip()
            if first and not set(first) <= set("-: ") and len(first) <= 40:
                found.append(first)
        else:
            in_table = False
            label = _BULLET_LABEL.match(line)
            if label:
                found.append(label.group(1).strip())
    terms = dict.fromkeys(t for t in found if t and t not in page and not t.startswith("---"))
    return list(terms)


def with_search_terms(page: str, terms: list[str], lang: str) -> str:
    if not terms:
        return page
    return page.rstrip("\n") + "\n\n" + tr("Search terms: {terms}", lang,
                                           terms=" · ".join(terms)) + "\n"


def without_search_terms(page: str) -> str:
    """`page` without its last line of search terms (`with_search_terms`, in either language):
    it is there for the search, not for a reader."""
    body, _, last = page.rstrip("\n").rpartition("\n\n")
    prefixes = [tr("Search terms: {terms}", lang).split("{terms}")[0] for lang in LANGUAGES]
    return body + "\n" if body and any(last.startswith(p) for p in prefixes) else page
