"""Which English words a Chinese screen may show (`english_left(text, allowed)`).

A screen's text is cut into tokens (runs of letters, digits and `_.-/+:%`). Tokens that
are file paths (`/srv/huddle`, `docs/notify.md`), ids (`INC-4`, `K12`, `1-13`, `S1`) or
key combinations (`ctrl+p`) pass whole; every other run of three or more ASCII letters
must be in `allowed` (the demo's own data) or in `KEYS_AND_CODES`, compared without case.
A word cut (by "…", the edge of a box or the line's end) passes when it begins a longer
allowed word (`zhangwe…`, `(tan█`).
"""

from __future__ import annotations

import re
from pathlib import Path

TOKEN = re.compile(r"[A-Za-z0-9_.\-/+:%]+")
LETTERS = re.compile(r"[A-Za-z]{3,}")
ID = re.compile(r"^[A-Za-z]{0,4}-?\d[\d\-]*$")  # INC-4, K12, H2, 1-13, S1

KEYS_AND_CODES = {
    # key names, as the Footer and the hints write them
    "esc", "escape", "tab", "ctrl", "shift", "alt", "space", "enter", "pgup", "pgdn",
    "home", "end", "del", "backspace", "up", "down", "left", "right",
    # units and terms the Chinese team writes in Latin letters
    "mvp", "uat", "prd", "crm", "api", "sdk", "app", "kpi", "gmv", "roi", "faq", "ios",
    "android", "cdn", "cms", "qps", "tls", "gbk", "uid", "yyyy",
    # product names
    "huddle", "slack", "excel", "webhook", "markdown", "tmux", "ssh",
}
"""Code, units, key and product names: not English sentences to translate."""

def role_ids() -> set[str]:
    """The war room's role ids (`lead`, `wording` …): typed in the role field, so shown as
    they are typed, each beside its Chinese meaning."""
    from store.warroom.records import ROLE_SUGGESTIONS
    return set(ROLE_SUGGESTIONS)


DATA_FIELDS = {
    "name", "title", "tags", "text", "summary", "goal", "goals", "background", "impact",
    "outcome", "expected", "standard", "cause", "description", "detail", "lessons",
    "requirements_doc", "test_report", "support", "time_nodes", "login", "fields",
}
"""The fields of a workspace's records whose words are people's data (names, titles,
tags, what they wrote), not the app's wording."""


def data_words(folder: Path) -> set[str]:
    """The ASCII words (lower case) of the data fields of every record in `folder`."""
    found: set[str] = set()

    def walk(node, key=None):
        if isinstance(node, dict):
            for k, value in node.items():
                walk(value, k)
        elif isinstance(node, list):
            for value in node:
                walk(value, key)
        elif isinstance(node, str) and key in DATA_FIELDS:
            found.update(w.lower() for w in LETTERS.findall(node))

    from store.core.workspace import Workspace  # the store's reading: snapshots and journals
    ws = Workspace(Path(folder))
    for name in ws.shard_names():
        try:
            walk(ws.shard(name).load())
        except (OSError, ValueError):
            continue
    return found


def passes(token: str) -> bool:
    return "/" in token or bool(ID.match(token)) or "+" in token


def english_left(text: str, allowed: set[str]) -> list[str]:
    """The lines of `text` with English words that are not allowed, each with the words."""
    known = allowed | KEYS_AND_CODES | role_ids()
    found = []
    for line in text.splitlines():
        words = []
        for match in TOKEN.finditer(line):
            token = match.group()
            if passes(token):
                continue
            cut = line[match.end():].lstrip(" ")[:1] in ("…", "█", "▌", "▐", "│", "▎", "")
            for word in LETTERS.findall(token):
                low = word.lower()
                if low in known or (cut and word == LETTERS.findall(token)[-1]
                                    and any(k.startswith(low) for k in known)):
                    continue
                words.append(word)
        if words:
            found.append(f"{sorted(set(words))}: {line.strip()}")
    return found
