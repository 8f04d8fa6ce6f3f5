"""The critical path as read out: parallel critical tasks as a group, not a chain.

`plan_engine.analyse` lists the critical tasks in start order; two of them side by side
(1-4 iOS and 1-5 Android both after 1-2) are not one after the other. Tasks whose
earliest dates (es … ef) overlap form a group; a dependent never overlaps the task it
depends on (it starts after that task's finish), so the groups follow each other.

    groups(path, rows) -> [[ids]]     # rows: analyse(...)["tasks"]
    path_text(groups) -> "1-2 → {1-4, 1-5} → 1-6" ("—" when empty)
"""

from __future__ import annotations


def groups(path: list[str], rows: dict) -> list[list[str]]:
    found: list[list[str]] = []
    reach = ""  # the latest earliest finish of the current group
    for _, tid in sorted(enumerate(path), key=lambda p: (rows[p[1]]["es"], p[0])):
        row = rows[tid]
        if found and row["es"] <= reach:
            found[-1].append(tid)
            reach = max(reach, row["ef"])
        else:
            found.append([tid])
            reach = row["ef"]
    return found


def path_text(found: list[list[str]]) -> str:
    if not found:
        return "—"
    return " → ".join(g[0] if len(g) == 1 else "{" + ", ".join(g) + "}" for g in found)
