"""`lean_strips`: a strip makes its caches when first used, and draws as Textual's does."""

from __future__ import annotations

import inspect
import re

import pytest
from rich.console import Console
from rich.segment import Segment
from rich.terminal_theme import DEFAULT_TERMINAL_THEME
from rich.style import Style
from textual.cache import FIFOCache
from textual.color import Color
from textual.filter import ANSIToTruecolor, DimFilter
from textual.strip import Strip

from tui.textual_adapter import lean_strips
from tui.textual_adapter.lean_strip import CACHE_SIZES, TEXTUAL_INIT

lean_strips()

SEGMENTS = [
    [Segment("plain text here")],
    [Segment("红色", Style(color="red")), Segment(" 支付回调超时 ", Style(bold=True)),
     Segment("tail", Style(bgcolor="blue"))],
    [Segment("a", Style(italic=True)), Segment("宽字符"), Segment(" ", Style(underline=True))],
    [],
]


def textuals(segments, cell_length=None) -> Strip:
    strip = Strip.__new__(Strip)
    TEXTUAL_INIT(strip, segments, cell_length)
    return strip


def made(strip: Strip, name: str) -> bool:
    try:
        Strip.__dict__[name].__get__(strip)  # the slot itself, without __getattr__
    except AttributeError:
        return False
    return True


def test_the_caches_are_the_ones_textual_makes_and_nothing_else_is_left_out():
    strip, theirs = Strip([Segment("x")], 1), textuals([Segment("x")], 1)
    assert CACHE_SIZES and all(isinstance(getattr(theirs, n), FIFOCache) for n in CACHE_SIZES)
    assert {n: getattr(theirs, n)._maxsize for n in CACHE_SIZES} == CACHE_SIZES
    for name in Strip.__slots__:
        assert made(strip, name) == (name not in CACHE_SIZES), name
        if name not in CACHE_SIZES:
            assert getattr(strip, name) == getattr(theirs, name), name
    # every cache Textual's methods read is one of them
    read = set(re.findall(r"self\.(_\w+_cache)\b", inspect.getsource(Strip)))
    assert read == set(CACHE_SIZES) | {"_render_cache"}


def test_a_cache_is_made_on_first_use_and_used_after():
    strip = Strip([Segment("hello world")])
    assert not any(made(strip, n) for n in CACHE_SIZES)
    first = strip.crop(2, 7)
    assert made(strip, "_crop_cache") and not made(strip, "_divide_cache")
    assert strip.crop(2, 7) is first
    with pytest.raises(AttributeError, match="_no_such_cache"):
        strip._no_such_cache  # noqa: B018
    assert not hasattr(strip, "missing")


@pytest.mark.parametrize("segments", SEGMENTS)
def test_every_drawing_method_gives_textuals_result(segments):
    ours, theirs = Strip(segments), textuals(segments)
    style = Style(color="green", bgcolor="black")
    calls = [
        lambda s: s.crop(1, 6), lambda s: s.crop(0, 40), lambda s: s.divide([2, 5, 9]),
        lambda s: s.apply_style(style), lambda s: s.crop_extend(1, 30, style),
        lambda s: s.adjust_cell_length(30, style), lambda s: s.adjust_cell_length(3),
        lambda s: s.extend_cell_length(25, style), lambda s: s.simplify(),
        lambda s: s.apply_filter(DimFilter(), Color(0, 0, 0)),
        lambda s: s.apply_filter(ANSIToTruecolor(DEFAULT_TERMINAL_THEME), Color(0, 0, 0)),
        lambda s: s.apply_offsets(3, 4), lambda s: s.text, lambda s: s.cell_length,
        lambda s: s.render(Console()),
    ]
    for call in calls:
        for _twice in range(2):  # the second time from the cache, where there is one
            a, b = call(ours), call(theirs)
            if isinstance(a, list):
                assert [list(x) for x in a] == [list(x) for x in b]
            elif isinstance(a, Strip):
                assert list(a) == list(b) and a.cell_length == b.cell_length
            else:
                assert a == b
