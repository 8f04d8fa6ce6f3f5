"""The header while the database cannot be reached (`ws.offline`, store/postgres/
reachability.py): the message whole, in English and Chinese, even at 80 columns, where the
path gives way first and the clock keeps its time. A folder workspace stands in (the
attribute is all the header reads; tests/pg/test_pg_app_live.py does it with a real server)."""

from __future__ import annotations

import pytest

from tui.app import make_app
from tui.widgets.header import HuddleHeader


@pytest.mark.parametrize("lang, message", [("en", "database unreachable, retrying…"),
                                           ("zh", "数据库无法连接，正在重试…")])
async def test_the_message_and_the_time_fit_80_columns(workspace, lang, message):
    workspace.offline = "Cannot connect to db: refused"
    app = make_app(workspace, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        header = app.screen.query_one(HuddleHeader)
        line = header.render_line(0).text
        assert message in line
        assert line.rstrip().endswith(header.part("clock")[-5:])  # the time, at least
        workspace.offline = None
        header.tick()
        await pilot.pause()
        line = header.render_line(0).text
        assert message not in line and header.part("clock") in line
