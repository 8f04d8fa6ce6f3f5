"""The knowledge base previews a table as one widget (tui/textual_adapter/markdown_table.py):
its header, a rule and the rows in columns, a cell too long for the pane cut with …,
Chinese cells aligned by their width; a link in a cell is never opened."""

from __future__ import annotations

from textual.widgets import Input, Markdown

from store.kb import entries as kb
from tui.app import make_app
from tui.textual_adapter import screen_lines
from tui.textual_adapter.markdown_table import TableLines

TABLE = ("# 支付回调超时 复盘\n\n| 时间 | 事件 | 负责人 |\n|---|---|---|\n"
         "| 10:00 | 支付回调超时，订单卡住 | 王芳 |\n"
         "| 10:05 | " + "Declared S1, war room opened " * 4 + "| bob |\n"
         "| 10:30 | [INC-12](https://example.com/INC-12) resolved | 林思远 |\n")


async def test_a_table_in_the_preview_is_one_widget_drawn_in_columns(ws, monkeypatch):
    kb.add_entry(ws, "Payment postmortem", "postmortem", TABLE, tags=["outage"])
    app = make_app(ws, poll_interval=60)
    opened = []
    monkeypatch.setattr(app, "open_url", lambda url, **kw: opened.append(url))
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("f7")
        await pilot.press(*"Payment")
        await pilot.pause()
        assert app.screen.query_one("#kb-search", Input).value == "Payment"
        preview = app.screen.query_one("#kb-preview", Markdown)
        await pilot.pause()
        tables = list(preview.query(TableLines))
        assert len(tables) == 1 and not preview.query("MarkdownTableCellContents")
        assert any("支付回调超时，订单卡住" in line for line in screen_lines(app.screen))
        lines = tables[0].render().plain.split("\n")
        width = tables[0].content_region.width
        assert [line.split("│")[0].strip() for line in lines[:1]] == ["时间"]
        assert "负责人" in lines[0] and set(lines[1]) <= {"─", "┼"}
        rows = [line.rstrip() for line in lines[2:]]
        assert len(rows) == 3
        assert "支付回调超时，订单卡住" in rows[0] and rows[0].endswith("王芳")
        assert "…" in rows[1] and rows[1].endswith("bob")  # cut to the pane, the last column kept
        assert "INC-12 resolved" in rows[2] and rows[2].endswith("林思远")
        # every line fits the pane, and the bars line up whatever the characters' widths
        assert all(len(_cells(line)) <= width for line in lines)
        positions = {tuple(i for i, ch in enumerate(_cells(line)) if ch in "│┼")
                     for line in lines}
        assert len(positions) == 1
        await tables[0].action_link("https://example.com/INC-12")  # as a click on it
        await pilot.pause()
        assert opened == []


def _cells(line: str) -> str:
    """The line with each double-width character doubled (one entry per cell)."""
    from rich.cells import cell_len
    return "".join(ch * cell_len(ch) for ch in line)
