"""The Plan view (template 3 进度计划表): a Gantt timeline drawn with the Line API.

`GanttView.show(plan, calendar)` takes `store.projects.plan.project_plan(...)` as it is
and draws, one line per task (sorted by start), a names column and a timeline:

    ● critical-path task (its bar `█` in the critical colour), other tasks `━`
      (the done share of the bar in the "done" colour), ◆ a milestone on its due
      day, → a dependency (the task starts after the tasks it depends on), ┄ the
      task's float (how far it may slip before the last finish moves), ▓ days past
      the project's due date, │ and ▼ today, ┊ the project's due date.
      The title: in the "late" colour when the task is overdue (open, its due date
      passed), in the "behind" colour when it lags the plan (the legend shows both).
      Next to the id: ! the task starts before a predecessor finishes (a broken
      dependency, also `!` on its first day), ⇄ an overlap the PM marked on purpose.
    Three lines stay on top while the tasks scroll: the dates, a day ruler with
    today, and the buffer line: ░ the buffer between the last finish and the
    project's due date, with the 10–15 % check (▓ and "late" when a task ends after
    the due date). All of it is store.projects.plan_engine's, nothing is computed here.

Only the visible lines are rendered (`render_line`), so 1,000 tasks cost what
~30 cost. Names are cut and padded by terminal cell width (CJK is two cells),
so the timeline starts in the same column on every line. Colours come only from
the component classes below (theme variables in DEFAULT_CSS).

Keys: ←/→ or [/] a week earlier/later, t today, z day/week scale, ↑/↓ select.
`GanttView.Selected` is posted when the selected task changes.
"""

from __future__ import annotations

from datetime import date

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from store.core.i18n import tr, trc

from .gantt_lines import GanttLines
from .gantt_row import GanttRow

FIXED = 3          # dates, ruler, buffer: they stay while the tasks scroll
SCALES = (1, 7)    # days per column


def _number(task_id: str) -> int:
    tail = task_id.rpartition("-")[2]
    return int(tail) if tail.isdigit() else 0


class GanttView(GanttLines, ScrollView, can_focus=True):
    COMPONENT_CLASSES = {
        "gantt--header", "gantt--weekend", "gantt--bar", "gantt--done", "gantt--critical",
        "gantt--milestone", "gantt--dependency", "gantt--today", "gantt--due",
        "gantt--buffer", "gantt--buffer-bad", "gantt--cursor", "gantt--lagging",
        "gantt--muted", "gantt--late",
    }
    DEFAULT_CSS = """
    GanttView { height: 1fr; overflow-x: hidden; overflow-y: auto; }
    GanttView > .gantt--header { color: $text-muted; text-style: bold; }
    GanttView > .gantt--weekend { background: $boost; }
    GanttView > .gantt--bar { color: $primary; }
    GanttView > .gantt--done { color: $success; }
    GanttView > .gantt--critical { color: $error; text-style: bold; }
    GanttView > .gantt--milestone { color: $accent; text-style: bold; }
    GanttView > .gantt--dependency { color: $secondary; }
    GanttView > .gantt--today { color: $warning; background: $warning 20%; }
    GanttView > .gantt--due { color: $error; }
    GanttView > .gantt--buffer { color: $success; }
    GanttView > .gantt--buffer-bad { color: $error; text-style: bold; }
    GanttView > .gantt--cursor { background: $primary 25%; }
    GanttView:focus > .gantt--cursor { background: $primary 40%; }
    GanttView > .gantt--lagging { color: $warning; }
    GanttView > .gantt--late { color: $error; text-style: bold; }
    GanttView > .gantt--muted { color: $text-muted; }
    """
    BINDINGS = [
        Binding("left,left_square_bracket", "shift(-1)", "Earlier", id="gantt.earlier",
                tooltip="Show one week earlier"),
        Binding("right,right_square_bracket", "shift(1)", "Later", id="gantt.later",
                tooltip="Show one week later"),
        Binding("t", "go_today", "Today", id="gantt.today"),
        Binding("z", "zoom", "Days/weeks", id="gantt.zoom",
                tooltip="One column a day, or a week"),
        Binding("up", "move(-1)", "Previous task", show=False, id="gantt.up"),
        Binding("down", "move(1)", "Next task", show=False, id="gantt.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="gantt.pageup"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="gantt.pagedown"),
        Binding("home", "jump(0)", "First task", show=False, id="gantt.home"),
        Binding("end", "jump(-1)", "Last task", show=False, id="gantt.end"),
    ]

    class Selected(Message):
        """The selected task changed (`task_id` None when there are no tasks)."""

        def __init__(self, gantt: GanttView, task_id: str | None) -> None:
            super().__init__()
            self.gantt = gantt
            self.task_id = task_id

        @property
        def control(self) -> GanttView:
            return self.gantt

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.rows: list[GanttRow] = []
        self.tasks: dict[str, dict] = {}
        self.today = date.today().toordinal()
        self.due: int | None = None
        self.buffer: dict = {}
        self.origin: int | None = None   # the first day shown
        self.scale = 1
        self.cursor = 0
        self._working: dict[int, bool] = {}
        self._blended: dict[tuple, Style] = {}  # part_style's, by part, theme and focus
        self._calendar = None

    # -- data --------------------------------------------------------------
    def show(self, plan: dict, calendar=None) -> None:
        """Draw `store.projects.plan.project_plan()`; keeps the selected task and the window."""
        selected = self.selected_id
        live = [t for t in plan.get("tasks", []) if t.get("state") != "cancelled"]
        self.tasks = {t["id"]: t for t in live}
        self.rows = sorted((GanttRow.of(t) for t in live),
                           key=lambda r: (r.start, r.due, _number(r.id)))
        self.today = date.fromisoformat(plan["today"]).toordinal()
        self.due = date.fromisoformat(plan["due"]).toordinal() if plan.get("due") else None
        self.buffer = dict(plan.get("buffer") or {})
        self._calendar = calendar
        self._working = {}
        if self.origin is None:
            first = min((r.start for r in self.rows), default=self.today)
            self.origin = self._monday(first)
        index = next((i for i, r in enumerate(self.rows) if r.id == selected), None)
        self.cursor = min(index if index is not None else self.cursor, max(len(self.rows) - 1, 0))
        self._resize_virtual()
        self.refresh()
        if selected != self.selected_id or index is None:
            self.post_message(self.Selected(self, self.selected_id))

    @property
    def selected_id(self) -> str | None:
        return self.rows[self.cursor].id if 0 <= self.cursor < len(self.rows) else None

    @property
    def selected_task(self) -> dict | None:
        key = self.selected_id
        return self.tasks.get(key) if key else None

    def select(self, task_id: str) -> None:
        for i, row in enumerate(self.rows):
            if row.id == task_id:
                self._set_cursor(i)
                return

    # -- geometry ----------------------------------------------------------
    @property
    def content_width(self) -> int:
        return self.scrollable_content_region.width or self.size.width

    @property
    def name_width(self) -> int:
        return max(12, min(34, self.content_width // 4))

    @property
    def timeline_width(self) -> int:
        return max(0, self.content_width - self.name_width - 1)

    @property
    def body_height(self) -> int:
        return max(1, self.scrollable_content_region.height - FIXED)

    def _resize_virtual(self) -> None:
        self.virtual_size = Size(self.content_width, FIXED + len(self.rows))

    def on_resize(self, event: events.Resize) -> None:
        self._resize_virtual()
        # a shorter view (a banner above it) keeps the selected task in sight
        top = round(self.scroll_y)
        if self.rows and self.cursor >= top + self.body_height:
            self.scroll_to(y=self.cursor - self.body_height + 1, animate=False)

    @staticmethod
    def _monday(ordinal: int) -> int:
        return ordinal - date.fromordinal(ordinal).weekday()

    def day_at(self, column: int) -> int:
        """The first day (ordinal) shown in timeline column `column`."""
        return (self.origin or self.today) + column * self.scale

    def _is_working(self, ordinal: int) -> bool:
        known = self._working.get(ordinal)
        if known is None:
            day = date.fromordinal(ordinal)
            known = (self._calendar.is_working_day(day) if self._calendar is not None
                     else day.weekday() < 5)
            self._working[ordinal] = known
        return known

    # -- keys --------------------------------------------------------------
    def action_shift(self, weeks: int) -> None:
        self.origin = (self.origin or self.today) + 7 * weeks
        self.refresh()

    def action_go_today(self) -> None:
        """Put today in the second visible week (a week of history to the left of it)."""
        self.origin = self._monday(self.today) - 7 * self.scale
        self.refresh()

    def action_zoom(self) -> None:
        self.scale = SCALES[(SCALES.index(self.scale) + 1) % len(SCALES)]
        self.origin = self._monday(self.origin or self.today)
        self.refresh()

    def action_move(self, step: int) -> None:
        self._set_cursor(self.cursor + step)

    def action_page(self, step: int) -> None:
        self._set_cursor(self.cursor + step * self.body_height)

    def action_jump(self, where: int) -> None:
        self._set_cursor(where if where >= 0 else len(self.rows) - 1)

    def _set_cursor(self, index: int) -> None:
        if not self.rows:
            return
        index = max(0, min(index, len(self.rows) - 1))
        changed = index != self.cursor
        self.cursor = index
        top = round(self.scroll_y)
        if index < top:
            self.scroll_to(y=index, animate=False)
        elif index >= top + self.body_height:
            self.scroll_to(y=index - self.body_height + 1, animate=False)
        self.refresh()
        if changed:
            self.post_message(self.Selected(self, self.selected_id))

    def on_click(self, event: events.Click) -> None:
        row = event.y - FIXED
        if row >= 0:
            self._set_cursor(round(self.scroll_y) + row)

    # -- drawing -----------------------------------------------------------
    def notify_style_update(self) -> None:
        self._blended.clear()  # as Textual clears its own styles' cache
        super().notify_style_update()

    def part_style(self, name: str, partial: bool = False) -> Style:
        style = self.get_component_rich_style(f"gantt--{name}", partial=partial)
        if not partial:
            return style
        # A partial style drops a background's alpha (a weekend's $boost came out pure
        # white): such a background is blended over this widget's own here.
        key = (name, self.app.theme, self.has_focus)
        found = self._blended.get(key)
        if found is None:
            background = self.get_component_styles(f"gantt--{name}").background
            if 0 < background.a < 1:
                style += Style(bgcolor=(self.background_colors[1] + background).rich_color)
            found = self._blended[key] = style
        return found

    def render_line(self, y: int) -> Strip:
        width = self.content_width
        if y == 0:
            cells = self._dates_line()
            label = self._legend([(tr("● critical ◆ milestone"), self.part_style("header")),
                                  (" " + trc("plan flag", "late"), self.part_style("late")),
                                  (" " + tr("behind"), self.part_style("lagging"))])
        elif y == 1:
            cells = self._ruler_line()
            label = self._label(tr("→ depends ▼ today ┊ due"), self.part_style("header"))
        elif y == 2:
            cells, label = self._buffer_line()
        else:
            index = round(self.scroll_y) + y - FIXED
            if index >= len(self.rows):
                return Strip.blank(width, self.rich_style)
            cells, label = self._task_line(self.rows[index], index == self.cursor)
        segments = [*label, Segment("│", self.part_style("muted")), *self._runs(cells)]
        return Strip(segments).adjust_cell_length(width, self.rich_style)
