"""The Gantt view's lines (a mixin of GanttView): the dates, the day ruler, the buffer
line and one line per task, as (character, style) cells merged into segments, and
the names column beside them. The glyphs are listed in tui/widgets/gantt.py's docstring.
"""

from __future__ import annotations

from datetime import date

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style

from store.core.cells import clip
from store.core.i18n import tr

from .gantt_row import GanttRow

CRITICAL, BAR, MILESTONE, DEPENDS = "█", "━", "◆", "→"
TODAY, DUE, BUFFER, LATE = "│", "┊", "░", "▓"
FLOAT, CONFLICT, OVERLAP = "┄", "!", "⇄"


class GanttLines:
    """Needs `part_style`, `rich_style`, `name_width`, `timeline_width`, `day_at`,
    `_is_working`, `today`, `due`, `scale` and `buffer` from the view."""

    def _label(self, text: str, style: Style) -> list[Segment]:
        return [Segment(set_cell_size(clip(text, self.name_width), self.name_width), style)]

    def _legend(self, parts: list[tuple[str, Style]]) -> list[Segment]:
        """Words in their own colours, padded to the names column: the first is cut to fit,
        a later one that does not fit whole is left out (a cut colour word explains nothing)."""
        first, style = parts[0]
        segments = [Segment(set_cell_size(first, min(cell_len(first), self.name_width)), style)]
        room = self.name_width - segments[0].cell_length
        for text, part in parts[1:]:
            if cell_len(text) > room:
                break
            segments.append(Segment(text, part))
            room -= cell_len(text)
        return segments + ([Segment(" " * room, style)] if room > 0 else [])

    @staticmethod
    def _runs(cells: list[tuple[str, Style]]) -> list[Segment]:
        """Merge neighbouring cells of the same style into one segment."""
        segments: list[Segment] = []
        chars: list[str] = []
        current: Style | None = None
        for char, style in cells:
            if style != current and chars:
                segments.append(Segment("".join(chars), current))
                chars = []
            current = style
            chars.append(char)
        if chars:
            segments.append(Segment("".join(chars), current))
        return segments

    def _background(self, lo: int, hi: int, base: Style) -> tuple[str, Style]:
        """The empty cell for days lo..hi: today's line, the due line, weekend shade."""
        if lo <= self.today <= hi:
            return TODAY, self.part_style("today")
        if self.due is not None and lo <= self.due <= hi:
            return DUE, self.part_style("due")
        if self.scale == 1 and not self._is_working(lo):
            return " ", base + self.part_style("weekend", partial=True)
        return " ", base

    def _dates_line(self) -> list[tuple[str, Style]]:
        header = self.part_style("header")
        cells: list[tuple[str, Style]] = [(" ", header)] * self.timeline_width
        every = 1 if self.scale == 1 else 6
        column = 0
        while column < self.timeline_width:
            day = date.fromordinal(self.day_at(column))
            if (day.weekday() == 0 if self.scale == 1 else column % every == 0):
                label = day.strftime("%m-%d")
                if column + len(label) <= self.timeline_width:
                    for i, char in enumerate(label):
                        cells[column + i] = (char, header)
                    column += len(label) + 1
                    continue
            column += 1
        return cells

    def _ruler_line(self) -> list[tuple[str, Style]]:
        header, cells = self.part_style("header"), []
        for column in range(self.timeline_width):
            lo = self.day_at(column)
            hi = lo + self.scale - 1
            if lo <= self.today <= hi:
                cells.append(("▼", self.part_style("today")))
            elif self.due is not None and lo <= self.due <= hi:
                cells.append((DUE, self.part_style("due")))
            elif self.scale == 1:
                if date.fromordinal(lo).weekday() == 0:
                    cells.append(("|", header))
                else:
                    cells.append(("·" if self._is_working(lo) else " ", header))
            else:
                cells.append(("·", header))
        return cells

    def _buffer_line(self) -> tuple[list[tuple[str, Style]], list[Segment]]:
        check = self.buffer
        ok = check.get("ok")
        good = self.part_style("buffer") if ok else self.part_style("buffer-bad")
        if check.get("flag") == "empty" or not check:
            label = tr("Buffer: no tasks")
        elif check.get("flag") == "late":
            label = tr("Late: {days} wd over !", days=-check.get("buffer_days", 0))
        else:
            label = tr("Buffer {percent} % {mark}", percent=f"{check.get('percent', 0):.1f}",
                       mark="✓" if ok else "!")
        end = date.fromisoformat(check["end"]).toordinal() if check.get("end") else None
        base = self.rich_style
        cells = []
        for column in range(self.timeline_width):
            lo = self.day_at(column)
            hi = lo + self.scale - 1
            if self.due is not None and lo <= self.due <= hi:
                cells.append(("┃", self.part_style("due")))
            elif end is not None and self.due is not None and hi > end and lo <= self.due:
                cells.append((BUFFER, good))            # slack: after the path, up to due
            elif end is not None and self.due is not None and hi > self.due and lo <= end:
                cells.append((LATE, self.part_style("buffer-bad")))  # the path ends after due
            else:
                cells.append(self._background(lo, hi, base))
        return cells, self._label(" " + label, good)

    def _task_line(self, row: GanttRow, selected: bool) -> tuple[list[tuple[str, Style]],
                                                                 list[Segment]]:
        cursor = self.part_style("cursor", partial=True) if selected else Style()
        bar = self.part_style("critical" if row.critical else "bar") + cursor
        done_style = self.part_style("done") + cursor
        if row.critical:
            done_style += Style(bold=True)
        glyph = CRITICAL if row.critical else BAR
        span = row.due - row.start + 1
        done_days = span if row.done else span * max(0, min(row.progress, 100)) // 100
        milestone = self.part_style("milestone") + cursor
        depends = self.part_style("dependency") + cursor
        bad = self.part_style("buffer-bad") + cursor
        muted = self.part_style("muted") + cursor
        base = self.rich_style + cursor
        past_due = self.due
        cells = []
        for column in range(self.timeline_width):
            lo = self.day_at(column)
            hi = lo + self.scale - 1
            if row.milestone and lo <= row.due <= hi:
                cells.append((MILESTONE, bad if past_due is not None and row.due > past_due
                              else milestone))
            elif (row.conflict or row.overlap) and lo <= row.start <= hi:
                cells.append((CONFLICT, bad) if row.conflict else (OVERLAP, depends))
            elif past_due is not None and lo <= row.due and hi >= row.start and lo > past_due:
                cells.append((LATE, bad))                 # the part after the project's due date
            elif lo <= row.due and hi >= row.start:
                first = max(lo, row.start)
                style = done_style if first - row.start < done_days else bar
                if lo <= self.today <= hi:
                    style += self.part_style("today", partial=True)
                cells.append((glyph, style))
            elif row.depends and lo <= row.start - 1 <= hi:
                cells.append((DEPENDS, depends))
            elif row.due < lo <= row.latest and not (lo <= self.today <= hi):
                cells.append((FLOAT, muted))              # float: room before the last finish
            else:
                char, style = self._background(lo, hi, base)
                cells.append((char, style + cursor))
        return cells, self._row_label(row, cursor)

    def _row_label(self, row: GanttRow, cursor: Style) -> list[Segment]:
        mark = Segment("●" if row.critical else " ", self.part_style("critical") + cursor)
        flag = (Segment(CONFLICT, self.part_style("buffer-bad") + cursor) if row.conflict else
                Segment(OVERLAP, self.part_style("dependency") + cursor) if row.overlap else
                Segment(" ", cursor))
        ident = f"{row.id} "
        title_style = (self.part_style("muted") if row.done else
                       self.part_style("late") if row.late else
                       self.part_style("lagging") if row.lagging else self.rich_style) + cursor
        room = self.name_width - 2 - cell_len(ident)
        if room < 1:
            return [mark, flag, Segment(set_cell_size(ident, self.name_width - 2),
                                        self.part_style("muted") + cursor)]
        return [mark, flag, Segment(ident, self.part_style("muted") + cursor),
                Segment(set_cell_size(clip(row.title, room), room), title_style)]  # "…" if cut
