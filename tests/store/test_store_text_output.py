"""Text on its way out: terminal cells (store/core/cells.py) and the one Markdown escaping
rule (store/core/markdown.py)."""

from __future__ import annotations

from store.core.cells import cells, clip, pad


def test_cells_count_what_a_terminal_draws():
    assert cells("abc") == 3
    assert cells("中文") == 4                      # East Asian wide: two each
    assert cells("ＡＢ") == 4                      # full-width Latin
    assert cells("e\u0301") == 1                   # a combining mark takes no cell
    assert cells("👍🏽") == 2                       # an emoji with a skin tone: one glyph
    assert cells("👨\u200d👩\u200d👧") == 2          # a ZWJ family: one glyph
    assert cells("") == 0


def test_clip_never_cuts_a_cluster_and_ends_with_an_ellipsis():
    assert clip("short", 10) == "short"
    assert clip("中文中文中文", 7) == "中文中…"
    assert clip("e\u0301e\u0301e\u0301e\u0301", 3) == "e\u0301e\u0301…"
    assert clip("👨\u200d👩\u200d👧👨\u200d👩\u200d👧", 3) == "👨\u200d👩\u200d👧…"
    assert all(cells(clip("混合 mixed 文本 text", n)) <= n for n in range(1, 20))


def test_pad_fills_to_a_width_in_cells():
    assert pad("中", 4) == "中  " and pad("toolong", 3) == "toolong"


def test_one_markdown_escaping_rule():
    from store.core.markdown import cell, escape, inline
    assert escape("a|b\\c") == "a\\|b\\\\c"
    assert cell("x|y\r\nz ") == "x\\|y<br>z" and cell(None) == "" and cell(True) == "✓"
    assert inline("x\ny|z") == "x y\\|z"
    assert cell("ends with a backslash\\") == "ends with a backslash\\\\"   # cannot eat the |
