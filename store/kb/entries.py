"""The knowledge base (知识库): archived retrospectives, resolution reports,
postmortems, minutes and free pages. Saving a new version keeps the old ones.

An entry: title, kind, tags, source (where it came from, e.g.
{"kind": "project", "id": 3} or {"kind": "incident", "id": "INC-2"}) and a
Markdown body kept as a list of versions, newest last. Any member may add a
page, save a new version or change the tags; every change is audited and no
version is ever lost.

Search (`search`) matches every word of the query, case-insensitively and
after NFKC normalisation (full-width letters and digits match their ASCII
forms), as a substring of the title, a tag or the newest body, so a Chinese
phrase is found inside a sentence without any word splitting (measured against
the jieba segmenter in docs/onboarding.md#searching-in-two-languages). A word
also matches its translation (store/kb/terms.py: `database` finds 数据库), and
the pages Huddle writes carry the other language's headings as search terms
(store/people/team_language.py).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..core import validate
from ..core.clock import to_iso
from ..core.errors import InvalidValue, NotFound
from ..core.i18n import tr, trn
from .terms import alternatives
from ..people.members import require_member
from ..core.workspace import Workspace

KB = "kb"
ENTRIES = "entries"
KINDS = ("retrospective", "resolution", "postmortem", "minutes", "page")
KIND_LABELS = {"retrospective": "Retrospective", "resolution": "Resolution report",
               "postmortem": "Postmortem", "minutes": "Minutes", "page": "Page"}
MAX_TAGS = 20


def add_entry(ws: Workspace, title: str, kind: str, body: str, *, tags: list[str] | tuple = (),
              source: dict | None = None) -> dict:
    """Archive a new entry. `source` names where it came from, e.g.
    {"kind": "project", "id": 3} or {"kind": "incident", "id": "INC-2"}."""
    require_member(ws)
    if source is not None and not isinstance(source, dict):
        raise InvalidValue("source", tr("source: expected a record such as project 3"))
    doc = {
        "title": validate.text("title", title, required=True, max_len=300),
        "kind": validate.choice("kind", kind, KINDS),
        "tags": clean_tags(tags),
        "source": source,
        "versions": [{"body": validate.text("body", body, multiline=True),
                      "at": to_iso(ws.now()), "by": ws.actor.login}],
        "created_at": to_iso(ws.now()),
        "created_by": ws.actor.login,
    }
    with ws.transaction(KB) as tx:
        number = tx.table(ENTRIES).insert(doc)
        tx.audit("kb.add", number, title=doc["title"])
    return get_entry(ws, number)


def parse_entry_id(entry_id: int | str) -> int:
    raw = str(entry_id).strip().lstrip("Kk#")
    if not raw.isdigit():
        raise NotFound(tr("No knowledge-base entry with id {id}", id=entry_id))
    return int(raw)


def get_entry(ws: Workspace, entry_id: int | str) -> dict:
    number = parse_entry_id(entry_id)
    raw = ws.shard(KB).load().get(ENTRIES, {}).get(str(number))
    if raw is None:
        raise NotFound(tr("No knowledge-base entry with id {id}", id=entry_id))
    return _as_entry(number, raw)


def list_entries(ws: Workspace, kind: str | None = None,
                 source: tuple[str, object] | None = None) -> list[dict]:
    """Entries in the order they were archived; optionally of one kind or one source."""
    found = [_as_entry(r.pop("doc_id"), r) for r in ws.rows(KB, ENTRIES)]
    if kind is not None:
        found = [e for e in found if e["kind"] == kind]
    if source is not None:
        found = [e for e in found if _source_is(e.get("source"), *source)]
    return found


def get_version(entry: dict, number: int) -> dict:
    """Version `number` (1 = the first) of an entry."""
    if not 1 <= number <= len(entry["versions"]):
        raise NotFound(tr("Entry {id} has no version {n}", id=entry["id"], n=number))
    return {**entry["versions"][number - 1], "n": number}


def save_version(ws: Workspace, entry_id: int | str, body: str, *,
                 title: str | None = None) -> dict:
    """Save a new body (and optionally a new title); the old versions stay."""
    require_member(ws)
    entry = get_entry(ws, entry_id)
    version = {"body": validate.text("body", body, multiline=True),
               "at": to_iso(ws.now()), "by": ws.actor.login}
    change: dict = {}
    if title is not None:
        change["title"] = validate.text("title", title, required=True, max_len=300)
        if change["title"] != entry["title"]:
            version["title"] = change["title"]
    with ws.transaction(KB) as tx:
        table = tx.table(ENTRIES)
        doc = table.get(doc_id=entry["id"])
        if doc is None:
            raise NotFound(tr("No knowledge-base entry with id {id}", id=entry_id))
        table.update({**change, "versions": [*doc["versions"], version]}, doc_ids=[entry["id"]])
        tx.audit("kb.version", entry["id"], n=len(doc["versions"]) + 1)
    return get_entry(ws, entry["id"])


def set_tags(ws: Workspace, entry_id: int | str, tags: list[str] | tuple | str) -> dict:
    """Replace the tags (a list, or one text split at commas and spaces)."""
    require_member(ws)
    entry = get_entry(ws, entry_id)
    if isinstance(tags, str):
        tags = [t for t in re.split(r"[,，、\s]+", tags) if t]
    clean = clean_tags(tags)
    with ws.transaction(KB) as tx:
        tx.table(ENTRIES).update({"tags": clean}, doc_ids=[entry["id"]])
        tx.audit("kb.tags", entry["id"], tags=clean)
    return get_entry(ws, entry["id"])


def clean_tags(tags: list[str] | tuple) -> list[str]:
    clean = [validate.text("tags", t, required=True, max_len=50).lstrip("#") for t in tags]
    clean = list(dict.fromkeys(t for t in clean if t))
    if len(clean) > MAX_TAGS:
        raise InvalidValue("tags", trn("tags: at most {n} tag",
                                       "tags: at most {n} tags", MAX_TAGS, n=MAX_TAGS))
    return clean


# -- search ------------------------------------------------------------------
def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def search(ws: Workspace, query: str, *, kind: str | None = None,
           limit: int | None = 200, snippets: bool = True) -> list[dict]:
    """Entries whose title, tags or newest body hold every word of `query`.

    Best first: a title hit outranks a tag hit, which outranks a body hit (a word
    outranks its translation in the same field: store/kb/terms.py); then the most
    recently changed. Each result carries `match` (the fields
    that matched) and, unless `snippets` is False, `snippet` (`query_snippet`: body
    text around the first body hit; the app shows one, of the entry it previews). An
    empty query lists every entry, newest first.
    """
    wanted = _wanted(query)
    hits = []
    for number, entry_kind, title, tags, body, updated in ws.shard(KB).memo("kb.search", _index):
        if kind is not None and entry_kind != kind:
            continue
        score, fields = 0, []
        for choices in wanted:
            where = [name for name, text in (("title", title), ("tags", tags), ("body", body))
                     if any(choice in text for choice in choices)]
            if not where:
                break
            best = {"title": title, "tags": tags, "body": body}[where[0]]
            # title, then tags, then body; in each, the word itself before its translation
            score += {"title": 8, "tags": 4, "body": 2}[where[0]] - (choices[0] not in best)
            fields.extend(f for f in where if f not in fields)
        else:
            hits.append((score, updated, number, fields))
    hits.sort(key=lambda h: (h[0], h[1], h[2]), reverse=True)
    results, terms = [], _each_choice(wanted)
    for score, _updated, number, fields in hits[:limit]:
        entry = get_entry(ws, number)
        entry["match"] = fields
        if snippets:
            entry["snippet"] = snippet(entry["body"], terms)
        results.append(entry)
    return results


def query_snippet(entry: dict, query: str) -> str:
    """The `snippet` `search(query)` gives `entry`."""
    return snippet(entry["body"], _each_choice(_wanted(query)))


def _wanted(query: str) -> list[list[str]]:
    """Each word of the query with its translations (store/kb/terms.py)."""
    return [alternatives(term) for term in normalise(query or "").split()]


def _each_choice(wanted: list[list[str]]) -> list[str]:
    return [choice for choices in wanted for choice in choices]


def snippet(body: str, terms: list[str], before: int = 12, length: int = 60) -> str:
    """One line of the body from a little before the first term found (the start when none is)."""
    flat, folded = _flat(body)
    source = flat if len(folded) == len(flat) else folded
    at = min((folded.find(t) for t in terms if folded.find(t) >= 0), default=0)
    start = max(0, at - before)
    text = source[start:start + length]
    return ("…" if start else "") + text + ("…" if start + length < len(source) else "")


@lru_cache(maxsize=256)
def _flat(body: str) -> tuple[str, str]:
    """The body on one line, and folded for matching (the command line lists up to 200
    snippets; the app asks for one at a time, and the same entries come back as the
    query grows)."""
    flat = " ".join(body.split())
    return flat, normalise(flat)


def _index(tables: dict) -> list[tuple[int, str, str, str, str, str]]:
    rows = []
    for doc_id, raw in tables.get(ENTRIES, {}).items():
        latest = raw["versions"][-1]
        rows.append((int(doc_id), raw["kind"], normalise(raw["title"]),
                     normalise("\n".join(raw["tags"])),
                     normalise(latest["body"]), latest["at"]))
    return rows


# -- helpers -----------------------------------------------------------------
def source_label(source: dict | None) -> str:
    """e.g. "project 3", "incident INC-2", "minutes 4 (project 3)"."""
    if not source:
        return ""
    text = f"{tr(str(source.get('kind', '')))} {source.get('id', '')}".strip()
    if source.get("project") is not None and source.get("kind") != "project":
        text += f" ({tr('project')} {source['project']})"
    return text


def _source_is(source: dict | None, kind: str, ident: object) -> bool:
    if not source:
        return False
    if source.get("kind") == kind and str(source.get("id")) == str(ident):
        return True
    return kind == "project" and str(source.get("project")) == str(ident)


def _as_entry(number: int, raw: dict) -> dict:
    entry = dict(raw)
    entry["id"] = number
    entry["body"] = raw["versions"][-1]["body"]
    entry["version"] = len(raw["versions"])
    entry["updated_at"] = raw["versions"][-1]["at"]
    entry["updated_by"] = raw["versions"][-1]["by"]
    return entry
