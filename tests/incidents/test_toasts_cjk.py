"""Chinese toasts on the incident screen stay whole (issue 15: "支付      时" for
支付回调超时 while the countdowns repaint). Cause: Textual's compositor cuts every
line at the edge of every widget on it, also under a toast, and a double-width
character cut in two became two spaces (tui/textual_adapter.keep_wide_characters_whole)."""

from __future__ import annotations

import re

import pytest
from rich.cells import cell_len

from tui.app import make_app
from tui.textual_adapter import partial_update_text, screen_lines

from incident_helpers import mobilised, open_incident

MESSAGE = "“支付回调超时，部分订单状态未更新”"
SGR = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def cells(line: str, start: int, end: int) -> str:
    """The characters of `line` drawn in cells start..end (a split character counts as lost)."""
    out, x = [], 0
    for char in line:
        width = cell_len(char)
        if x >= start and x + width <= end:
            out.append(char)
        x += width
    return "".join(out)


def toast_lines(app) -> list[str]:
    region = app.screen.query_one("Toast").region
    lines = screen_lines(app.screen)[region.y:region.bottom]
    return [text for line in lines if (text := cells(line, region.x, region.right).strip(" ▌"))]


@pytest.mark.parametrize("size", [(120, 36), (100, 30), (90, 30), (80, 24)])
async def test_a_chinese_toast_over_the_panes_edge_stays_whole(workspace, clock, size):
    mobilised(workspace, clock)
    app = make_app(workspace, lang="zh")
    async with app.run_test(size=size, notifications=True) as pilot:
        screen = await open_incident(pilot)
        app.notify(MESSAGE, title="INC-1", timeout=30)
        await pilot.pause()
        await pilot.pause()
        toast = app.screen.query_one("Toast")
        pane_edge = screen.query_one("#roles-pane").region.x
        assert toast.region.x < pane_edge < toast.region.right  # the toast spans the edge
        shown = toast_lines(app)
        assert "".join(shown) == "INC-1" + MESSAGE
        # the countdowns and the roles panel repaint every second: what reaches the
        # terminal rewrites the toast's line whole, never half a character
        for _ in range(3):
            clock.advance(seconds=1)
            screen.tick()
            written = partial_update_text(app.screen, [screen.query_one("#roles"),
                                                       screen.timeline,
                                                       screen.query_one("#countdowns")])
            pieces = [piece.strip(" ▌") for piece in SGR.split(written)]
            toast_pieces = [piece for piece in pieces if set(piece) & set("支付超订")]
            assert toast_pieces and all(piece in shown for piece in toast_pieces), pieces
