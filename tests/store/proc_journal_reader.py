"""A reader process for test_store_journal: `proc_journal_reader.py FOLDER SHARD STOP`.

Until the file STOP exists, reads shard SHARD over and over, both through one long-lived
workspace (incremental reads: the journal's new records only) and through a new one now
and then (snapshot + journal from scratch), and checks that each read is one committed
revision: every commit of the test's writer adds one document to table "t" and one audit
entry, so both hold exactly `rev` documents, and the long-lived reader's revision never
goes back. Prints one JSON object: {"reads": n, "revs": distinct revisions seen,
"errors": [first few problems]}.
"""

from __future__ import annotations

import json
import os
import sys


def check(ws, name: str, errors: list[str], last: int) -> int:
    from store.core.workspace import AUDIT

    shard = ws.shard(name)
    tables = shard.load()
    rev = shard.rev
    docs, audit = len(tables.get("t", {})), len(tables.get(AUDIT, {}))
    if not docs == audit == rev:
        errors.append(f"rev {rev}: {docs} documents, {audit} audit entries")
    if rev < last:
        errors.append(f"revision went back from {last} to {rev}")
    return rev


def main(folder: str, name: str, stop: str) -> None:
    from store.core.workspace import Workspace

    kept = Workspace.open(folder)
    reads, revs, errors, last = 0, set(), [], 0
    open(f"{stop}.ready", "w").close()
    while len(errors) < 5:
        finished = os.path.exists(stop)
        try:
            last = check(kept, name, errors, last)
            revs.add(last)
            if reads % 5 == 0:
                check(Workspace.open(folder), name, errors, 0)
        except Exception as exc:  # noqa: BLE001 - every kind of failure is reported
            errors.append(f"{type(exc).__name__}: {exc}")
        reads += 1
        if finished:
            break
    print(json.dumps({"reads": reads, "revs": len(revs), "errors": errors}))


if __name__ == "__main__":
    main(*sys.argv[1:4])
