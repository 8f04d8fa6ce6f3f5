"""The knowledge base (知识库): archived retrospectives, resolution reports,
postmortems, minutes and free pages. Saving a new version keeps the old ones.
"""

from __future__ import annotations

from . import validate
from .clock import to_iso
from .errors import NotFound
from .i18n import tr
from .people import require_member
from .workspace import Workspace

KB = "kb"
ENTRIES = "entries"
KINDS = ("retrospective", "resolution", "postmortem", "minutes", "page")


def add_entry(ws: Workspace, title: str, kind: str, body: str, *, tags: list[str] | tuple = (),
              source: dict | None = None) -> dict:
    """Archive a new entry. `source` names where it came from, e.g.
    {"kind": "project", "id": 3} or {"kind": "incident", "id": "INC-2"}."""
    require_member(ws)
    doc = {
        "title": validate.text("title", title, required=True, max_len=300),
        "kind": validate.choice("kind", kind, KINDS),
        "tags": [validate.text("tags", t, required=True, max_len=50) for t in tags],
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


def get_entry(ws: Workspace, entry_id: int | str) -> dict:
    raw = ws.shard(KB).load().get(ENTRIES, {}).get(str(entry_id).lstrip("K#"))
    if raw is None:
        raise NotFound(tr("No knowledge-base entry with id {id}", id=entry_id))
    return _as_entry(int(str(entry_id).lstrip("K#")), raw)


def list_entries(ws: Workspace) -> list[dict]:
    return [_as_entry(r.pop("doc_id"), r) for r in ws.rows(KB, ENTRIES)]


def _as_entry(number: int, raw: dict) -> dict:
    entry = dict(raw)
    entry["id"] = number
    entry["body"] = raw["versions"][-1]["body"]
    return entry
