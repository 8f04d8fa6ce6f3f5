"""What a Chinese-first PM found on screen (the demo at 120×36, in Chinese unless said):
labels said twice or cut, ASCII colons and commas in Chinese, a column heading cut, a value
wrapped away from its label, words that meant something else, a button that said "Save"."""

from __future__ import annotations

import re

from huddle_scenes import open_scene, settle
from test_no_english import SIZE, project_tab, pushed, screen_text

from store.core.i18n import set_language
from store.core.punctuation import aside
from store.projects import tasks
from tui.app import make_app


async def test_a_new_task_error_names_the_field_once_and_wraps_whole(demo):
    app = make_app(demo, lang="zh")
    async with app.run_test(size=SIZE) as pilot:
        await project_tab(pilot, "2")
        await pushed(pilot, "a")
        form = app.screen
        for field, value in (("title", "上线活动"), ("owner", "研发部"), ("start", "2024-09-16"),
                             ("due", "2024-09-25"), ("depends", "1-20")):
            form.query_one(f"#field-{field}").value = value
        await pilot.press("ctrl+s")
        await pilot.pause()
        owner = str(form.query_one("#error-owner").render())
        assert "“研发部”" in owner and "人员的登录名" in owner and "部门" in owner
        form.query_one("#field-owner").value = "linsiyuan"
        await pilot.press("ctrl+s")
        await pilot.pause()
        shown = screen_text(app)
        assert "开始日期：2024-09-16 早于 1-20“设计走查”完成（2024-09-17）" in shown
        assert "开始日期：开始日期" not in shown
        assert "或标记为有意交叠" in shown  # the end of the message, on its next line
    assert all(t["title"] != "上线活动" for t in tasks.list_tasks(demo, 1))  # not saved


async def test_the_delay_dialog_labels_the_buffer_once(demo):
    app = make_app(demo, lang="zh")
    async with app.run_test(size=SIZE) as pilot:
        await project_tab(pilot, "5")
        await pushed(pilot, "y")
        shown = screen_text(app)
        assert "调整前缓冲期：50 个工作日中预留 5 个（10.0 %）" in shown
        assert "调整后缓冲期：不足，50 个工作日中预留 2 个（4.0 %）" in shown
        assert "缓冲期：缓冲期" not in shown
        assert "受影响的里程碑：1-18、1-25、1-29" in shown


async def test_the_delays_tab_shows_the_approver_headings_whole(demo):
    app = make_app(demo, lang="zh")
    async with app.run_test(size=SIZE) as pilot:
        await project_tab(pilot, "5")
        heading = next(line for line in screen_text(app).splitlines() if "申请人" in line
                       and "状态" in line)
        assert "项目经理" in heading and "部门负责人" in heading and "…" not in heading


async def test_the_updates_tab_heads_its_time_column_time(demo):
    app = make_app(demo, lang="zh")
    async with app.run_test(size=SIZE) as pilot:
        await project_tab(pilot, "4")
        shown = screen_text(app)
        heading = next(line for line in shown.splitlines() if "负责人" in line and "编号" in line)
        assert "时间" in heading and "阶段" not in heading
        assert "Emily Zhao、刘洋、林思远、黄丽" in shown  # who has not updated: 、 in Chinese
        assert "完成：" in shown and "完成:" not in shown


async def test_the_overview_uses_full_width_colons_lists_and_says_pending(demo):
    app = make_app(demo, lang="zh")
    async with app.run_test(size=SIZE) as pilot:
        await open_scene(pilot, "project_overview")
        shown = screen_text(app)
        assert "项目经理：林思远" in shown and "部门：产品部 → 研发部" in shown
        assert "设计部、测试部、市场部" in shown
        assert "签字确认：✓ 产品部、市场部、测试部、研发部、设计部  ·  待签：客服部、运维部、销售部" \
            in shown
        assert "缓冲期：50 个工作日中预留 5 个" in shown
        labels = re.findall(r"[\u4e00-\u9fff]+: ", shown)  # a Chinese label, ASCII colon
        assert not labels, labels
    set_language("en")
    app = make_app(demo, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await open_scene(pilot, "project_overview")
        shown = screen_text(app)
        assert "pending: 客服部, 运维部, 销售部" in shown
        assert "Buffer: 5 of 50 working days" in shown


async def test_the_standup_keeps_the_progress_with_its_label(demo):
    app = make_app(demo, lang="zh")
    async with app.run_test(size=SIZE) as pilot:
        await open_scene(pilot, "standup")
        assert any(re.search(r"截止 \d{4}-\d\d-\d\d · 已完成 \d+%", line)
                   for line in screen_text(app).splitlines())


async def test_a_progress_update_for_someone_else_names_the_recorder(demo):
    from tui.dialogs.progress_entry import ProgressEntryDialog
    app = make_app(demo, lang="zh")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        mine = [t for t in tasks.list_tasks(demo, 1) if t["owner"] == "liuyang"]
        app.push_screen(ProgressEntryDialog("liuyang", mine))
        await pilot.pause()
        assert "刘洋 的进度更新（由 林思远 代为记录）" in screen_text(app)


async def test_the_gantt_cuts_a_long_title_with_an_ellipsis(demo):
    app = make_app(demo, lang="zh")
    async with app.run_test(size=SIZE) as pilot:
        await project_tab(pilot, "3")
        gantt = [line.split("│", 1)[0] for line in screen_text(app).splitlines() if "│" in line]
        assert any(label.rstrip().endswith("…") and "1-2 PRD" in label for label in gantt)


async def test_publishing_says_publish_on_its_button(demo):
    tasks.add_task(demo, 1, "上线活动", owner="liuyang", start="2024-09-23", due="2024-09-27")
    app = make_app(demo, lang="zh")
    async with app.run_test(size=SIZE) as pilot:
        await project_tab(pilot, "2")
        await pushed(pilot, "p")
        assert str(app.screen.query_one("#form-save").label) == "发布"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert tasks.list_tasks(demo, 1)[-1].get("published_at")


def test_a_full_width_bracket_takes_no_space_before_it():
    assert aside("通过", "（逾期）") == "通过（逾期）"
    assert aside("Passed", "(late)") == "Passed (late)"
