"""Terminal cells (store/core/cells.py): wide characters, combining marks and emoji right."""

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
