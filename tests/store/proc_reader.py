"""A reader process for test_store_concurrency: `proc_reader.py FOLDER|URL STOP`.

Until the file STOP exists, keeps loading every shard (a pass every few ms) of the workspace, both as raw
bytes parsed with orjson and through the store's cached Shard.load(). Prints one
JSON object: {"loads": n, "errors": [first few problems]}.
"""

from __future__ import annotations

import json
import os
import sys
import time

import orjson


def main(folder: str, stop: str) -> None:
    from store.core.locate import is_database, open_workspace

    ws = open_workspace(folder)  # a folder or a database (whose rows are never torn files)
    raw_files = not is_database(folder)
    loads, errors = 0, []
    open(f"{stop}.ready", "w").close()
    while True:
        finished = os.path.exists(stop)  # one last full pass after the writers are done
        for name in ws.shard_names():
            try:
                if raw_files:
                    with open(os.path.join(folder, f"{name}.json"), "rb") as fh:
                        doc = orjson.loads(fh.read())
                    assert isinstance(doc["tables"], dict) and doc["_rev"] > 0
                ws.shard(name).load()
                loads += 1
            except Exception as exc:  # noqa: BLE001 - every kind of failure is reported
                if len(errors) < 5:
                    errors.append(f"{name}: {type(exc).__name__}: {exc}")
                else:
                    errors.append("…")
                    break
        if finished or len(errors) > 5:
            break
        time.sleep(0.002)  # leave the writers most of the two cores
    print(json.dumps({"loads": loads, "errors": errors}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
