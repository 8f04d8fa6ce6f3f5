"""Helpers for the interop tests (a module with a unique name, imported as `interop_helpers`)."""

from __future__ import annotations

HOSTILE_TITLE = "Design [bold]x[/] a;b,c\\d 设计 [link=file:///etc/passwd]"
STEPS = [
    {"title": "开通跳板机账号", "owner": "it", "offset": -1},
    {"title": "签署入职材料, 带身份证; 原件", "owner": "hr", "offset": 0},
    {"title": "上传 SSH 公钥", "owner": "hire", "offset": 1},
]


def set_fields(ws, shard: str, table: str, doc_id: int, **fields) -> None:
    """Test-only direct write of fields other modules' flows own (state, progress)."""
    with ws.transaction(shard) as tx:
        tx.table(table).update(fields, doc_ids=[doc_id])
        tx.audit("test.set", doc_id, **fields)
